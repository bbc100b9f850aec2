import { Annotations, Aspects, CfnResource, Stack } from 'aws-cdk-lib';
import { IClusterRef } from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { knownOidcProvider } from './oidc-provider';
import { WebIdentityTrust, describeRemoval, removeWebIdentityTrust } from './trust-editor';
import { code, ELLIPSIS, IAM, propSpan, staticCall } from '../../private/code';
import { LIBRARY_ID, PodIdentityError, quote } from '../../private/errors';
import { podIdentityPrincipal } from '../../private/principal';
import { SessionTag } from '../../role/session-tag';

/** A role whose trust policy this app defines, with its L1. */
export interface EditableRole {
  readonly role: iam.Role;
  readonly cfnRole: CfnResource;
}

/** The role as one whose trust policy can be changed here, or an error. */
export function editableRole(scope: IConstruct, role: iam.IRole): EditableRole {
  const cfnRole = role.node.defaultChild;
  if (!(role as iam.Role).assumeRolePolicy || !CfnResource.isCfnResource(cfnRole) || cfnRole.cfnResourceType !== 'AWS::IAM::Role') {
    throw new PodIdentityError('migration-role-not-editable', scope,
      `role ${quote(role.roleArn)} is imported, so its trust policy cannot be changed here`,
      'Pass the iam.Role construct that defines the IRSA role, or add the pod identity trust to it where it is defined (PodIdentityRole shows the statement) and use a PodIdentityAssociation');
  }
  return { role: role as iam.Role, cfnRole };
}

/** Lets pod identity assume the role for this cluster, namespace and service account only. */
export function addPodIdentityTrust(editable: EditableRole, cluster: IClusterRef, namespace: string, serviceAccount: string): void {
  const scoped = SessionTag.trustConditions({
    clusterArns: [cluster.clusterRef.clusterArn],
    namespaces: [namespace],
    serviceAccounts: [serviceAccount],
  });
  (podIdentityPrincipal(Stack.of(editable.role).account, scoped) as iam.IAssumeRolePrincipal)
    .addToAssumeRolePolicy(editable.role.assumeRolePolicy!);
}

/**
 * Removes the role's web-identity trust of `namespace/serviceAccount` on the cluster's OIDC provider
 * (and nothing else), and reports at synth what it could not remove.
 */
export function removeIrsaTrust(scope: Construct, editable: EditableRole, cluster: IClusterRef,
  provider: iam.IOpenIdConnectProvider | undefined, namespace: string, serviceAccount: string): void {
  const oidc = provider ?? knownOidcProvider(cluster);
  if (!oidc) {
    throw new PodIdentityError('migration-oidc-provider-unknown', scope,
      `the IAM OIDC provider of cluster ${quote(cluster.node.path)} is not known, so the web-identity trust of service account ${quote(`${namespace}/${serviceAccount}`)} cannot be told apart from other clusters' trust`,
      `Pass ${propSpan('openIdConnectProvider')}, e.g. ${code(staticCall({ name: 'OpenIdConnectProvider', module: IAM }, 'fromOpenIdConnectProviderArn', [ELLIPSIS]))} with the ARN the role trusts`);
  }
  const trust: WebIdentityTrust = { provider: oidc, namespace, serviceAccount };
  removeWebIdentityTrust(editable.role, editable.cfnRole, trust);
  // Reported once the app is complete, so statements added after this construct count too.
  Aspects.of(scope).add({
    visit: node => {
      if (node === scope) reportRemoval(scope, editable, trust);
    },
  });
}

function reportRemoval(scope: IConstruct, editable: EditableRole, trust: WebIdentityTrust): void {
  const change = describeRemoval(editable.role, editable.cfnRole, trust);
  const who = quote(`${trust.namespace}/${trust.serviceAccount}`);
  for (const kept of change.kept) {
    Annotations.of(scope).addWarningV2(`${LIBRARY_ID}:irsa-trust-kept`,
      `Role ${quote(editable.role.node.path)} still lets service account ${who} assume it with web identity: its trust statement ${kept.statement} ${kept.reason}. `
      + 'Remove that trust where the role is defined once no pod uses IRSA');
  }
  if (change.changed === 0 && change.kept.length === 0) {
    Annotations.of(scope).addWarningV2(`${LIBRARY_ID}:irsa-trust-not-found`,
      `Role ${quote(editable.role.node.path)} has no web-identity trust of service account ${who} on OIDC provider ${quote(trust.provider.node.path)}, so step REMOVE_IRSA_TRUST removes nothing. `
      + `If the role trusts the cluster under another provider ARN, pass that provider as ${propSpan('openIdConnectProvider')}`);
  }
}
