import { Annotations, Lazy, Stack } from 'aws-cdk-lib';
import * as eksv1 from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PodIdentityAssociation } from '../association/pod-identity-association';
import { LIBRARY_ID, PodIdentityError, quote } from '../private/errors';
import { podIdentityPrincipal } from '../private/principal';
import { SessionTag } from '../role/session-tag';

/** The annotation that points a service account at its IRSA role. */
export const IRSA_ANNOTATION = 'eks.amazonaws.com/role-arn';

/**
 * How far a service account has moved from IRSA to pod identity. Each step includes the ones before.
 */
export enum IrsaMigrationStep {
  /**
   * The role trusts pod identity too, and the association exists. IRSA is untouched and still wins
   * (the SDK's web-identity provider comes first in the credential chain). Safe to deploy any time.
   */
  ADD_POD_IDENTITY = 'ADD_POD_IDENTITY',

  /**
   * The IRSA annotation is removed from the service account. Pods started from now on use pod
   * identity; restart them (`kubectl rollout restart`). The OIDC trust stays, so pods not yet
   * restarted keep working.
   */
  REMOVE_IRSA_ANNOTATION = 'REMOVE_IRSA_ANNOTATION',

  /**
   * The OIDC (`sts:AssumeRoleWithWebIdentity`) trust is removed from the role. Deploy only after
   * every pod has restarted without the annotation.
   */
  REMOVE_IRSA_TRUST = 'REMOVE_IRSA_TRUST',
}

/**
 * Options of a migration from IRSA to pod identity.
 */
export interface IrsaMigrationOptions {
  /**
   * How far to go.
   *
   * @default IrsaMigrationStep.ADD_POD_IDENTITY
   */
  readonly step?: IrsaMigrationStep;

  /**
   * An `aws-eks` cluster with kubectl, through which the IRSA annotation is removed from the service
   * account with a `KubernetesPatch` (this runs the cluster's kubectl Lambda function).
   *
   * @default - the annotation is not touched: remove it from your manifest before `REMOVE_IRSA_TRUST`
   */
  readonly kubectlCluster?: eksv1.ICluster;
}

/**
 * Properties of an IrsaMigration.
 */
export interface IrsaMigrationProps extends IrsaMigrationOptions {
  /**
   * The cluster of the service account.
   */
  readonly cluster: eksv1.IClusterRef;

  /**
   * The role the service account uses through IRSA today. It must be defined in this app (an
   * `iam.Role`), so that its trust policy can be changed.
   */
  readonly role: iam.IRole;

  /**
   * The namespace of the service account.
   */
  readonly namespace: string;

  /**
   * The name of the service account.
   */
  readonly serviceAccount: string;
}

/**
 * Moves a service account from IRSA to pod identity in steps, so that a deployment goes through
 * both trusts safely: first the role trusts both and the association is made, then the annotation
 * goes, then the OIDC trust goes.
 *
 * The same role keeps serving the pods, so its permissions do not change.
 */
export class IrsaMigration extends Construct {
  /**
   * Migrate an `aws-eks` `ServiceAccount` that uses IRSA (its default identity type).
   */
  public static fromServiceAccount(scope: Construct, id: string, cluster: eksv1.IClusterRef, serviceAccount: eksv1.ServiceAccount, options: IrsaMigrationOptions = {}): IrsaMigration {
    return new IrsaMigration(scope, id, {
      ...options,
      cluster,
      role: serviceAccount.role,
      namespace: serviceAccount.serviceAccountNamespace,
      serviceAccount: serviceAccount.serviceAccountName,
    });
  }

  /** The association made for the service account. */
  public readonly association: PodIdentityAssociation;

  /** The role, now trusted by pod identity. */
  public readonly role: iam.IRole;

  /** The step this migration is at. */
  public readonly step: IrsaMigrationStep;

  constructor(scope: Construct, id: string, props: IrsaMigrationProps) {
    super(scope, id);
    this.step = props.step ?? IrsaMigrationStep.ADD_POD_IDENTITY;
    this.role = props.role;
    const role = props.role as iam.Role;
    if (!role.assumeRolePolicy) {
      throw new PodIdentityError('migration-role-not-editable', this,
        `role ${quote(props.role.roleArn)} is imported, so its trust policy cannot be changed here`,
        'Pass the iam.Role construct that defines the IRSA role, or add the pod identity trust to it where it is defined (PodIdentityRole shows the statement) and use a PodIdentityAssociation');
    }

    const scoped = SessionTag.trustConditions({
      clusterArns: [props.cluster.clusterRef.clusterArn],
      namespaces: [props.namespace],
      serviceAccounts: [props.serviceAccount],
    });
    (podIdentityPrincipal(Stack.of(role).account, scoped) as iam.IAssumeRolePrincipal).addToAssumeRolePolicy(role.assumeRolePolicy);

    this.association = new PodIdentityAssociation(this, 'Association', {
      cluster: props.cluster,
      namespace: props.namespace,
      serviceAccount: props.serviceAccount,
      role: props.role,
    });

    if (this.step !== IrsaMigrationStep.ADD_POD_IDENTITY) {
      this.removeAnnotation(props);
    }
    if (this.step === IrsaMigrationStep.REMOVE_IRSA_TRUST) {
      removeWebIdentityTrust(role);
    }
  }

  private removeAnnotation(props: IrsaMigrationProps): void {
    if (!props.kubectlCluster) {
      Annotations.of(this).addWarningV2(`${LIBRARY_ID}:irsa-annotation-left`,
        `Remove the annotation '${IRSA_ANNOTATION}' from service account '${props.namespace}/${props.serviceAccount}' and restart its pods before step REMOVE_IRSA_TRUST: while it is there, the SDK keeps using IRSA. Or pass \`kubectlCluster\` to remove it here`);
      return;
    }
    new eksv1.KubernetesPatch(this, 'RemoveIrsaAnnotation', {
      cluster: props.kubectlCluster,
      resourceName: `serviceaccount/${props.serviceAccount}`,
      resourceNamespace: props.namespace,
      patchType: eksv1.PatchType.MERGE,
      // A JSON merge patch deletes a key set to null.
      applyPatch: { metadata: { annotations: { [IRSA_ANNOTATION]: null } } },
      restorePatch: { metadata: { annotations: { [IRSA_ANNOTATION]: props.role.roleArn } } },
    });
  }
}

/** Drops every `sts:AssumeRoleWithWebIdentity` statement from the role's trust policy, at synth time. */
function removeWebIdentityTrust(role: iam.Role): void {
  const cfnRole = role.node.defaultChild as iam.CfnRole;
  const document = role.assumeRolePolicy!;
  cfnRole.addPropertyOverride('AssumeRolePolicyDocument', Lazy.any({
    produce: () => {
      const resolved = Stack.of(role).resolve(document);
      return { ...resolved, Statement: (resolved.Statement ?? []).filter((statement: any) => !isWebIdentity(statement)) };
    },
  }));
}

function isWebIdentity(statement: any): boolean {
  const actions: string[] = [].concat(statement.Action ?? []);
  return actions.includes('sts:AssumeRoleWithWebIdentity');
}
