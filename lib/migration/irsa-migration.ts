import { Annotations, CfnResource, Stack } from 'aws-cdk-lib';
import * as eksv1 from 'aws-cdk-lib/aws-eks';
import * as eksv2 from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { IrsaMigrationOptions, IrsaMigrationStep } from './irsa-migration-options';
import { addPodIdentityTrust, editableRole, removeIrsaTrust } from './private/migration-trust';
import { IRSA_ANNOTATION, removeIrsaAnnotation, serviceAccountManifest } from './private/service-account-manifest';
import { PodIdentityAgent } from '../agent/pod-identity-agent';
import { PodIdentityAssociation } from '../association/pod-identity-association';
import { propSpan } from '../private/code';
import { LIBRARY_ID, PodIdentityError, quote } from '../private/errors';
import { ensureAgent } from './private/agent';

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
   * `iam.Role`), so that its trust policy can be changed. It may be shared with other service
   * accounts, clusters or identity providers: their trust stays.
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

  /**
   * An `aws-eks` cluster with kubectl, through which the IRSA annotation is removed from the live
   * service account with a `KubernetesPatch` (this runs the cluster's kubectl Lambda function), for a
   * service account defined outside this app (Helm, GitOps). For an aws-eks `ServiceAccount` of this
   * app, use `fromServiceAccount` instead, which removes the annotation from its manifest.
   *
   * @default - the annotation is not touched: remove it where the service account is defined before `REMOVE_IRSA_TRUST`
   */
  readonly kubectlCluster?: eksv1.ICluster;
}

/** The parts of an aws-eks or aws-eks-v2 `ServiceAccount` a migration reads. */
interface KubernetesServiceAccount extends IConstruct {
  readonly role: iam.IRole;
  readonly serviceAccountName: string;
  readonly serviceAccountNamespace: string;
}

// The ServiceAccount construct behind the props that `fromServiceAccount` builds.
const SERVICE_ACCOUNTS = new WeakMap<IrsaMigrationProps, KubernetesServiceAccount>();

/**
 * Moves a service account from IRSA to pod identity in steps, so that a deployment goes through
 * both trusts safely, as `eksctl utils migrate-to-pod-identity` does in one go: first the agent is
 * installed, the role trusts both and the association is made; then the annotation goes; then the
 * OIDC trust goes.
 *
 * The same role keeps serving the pods, so its permissions do not change. Keep the migration in the
 * app at its last step: it holds the association and the role's new trust.
 */
export class IrsaMigration extends Construct {
  /**
   * Migrate an `aws-eks` `ServiceAccount` that uses IRSA (its default identity type). From step
   * `REMOVE_IRSA_ANNOTATION` on, the service account's own manifest is rendered without the annotation,
   * so its updates apply it without (no `KubernetesPatch`). The migration must be in the service
   * account's stack.
   */
  public static fromServiceAccount(scope: Construct, id: string, cluster: eksv1.IClusterRef, serviceAccount: eksv1.ServiceAccount, options: IrsaMigrationOptions = {}): IrsaMigration {
    return IrsaMigration.ofServiceAccount(scope, id, cluster, serviceAccount, options);
  }

  /**
   * Migrate an `aws-eks-v2` `ServiceAccount` that uses IRSA, as `fromServiceAccount` does for aws-eks.
   */
  public static fromServiceAccountV2(scope: Construct, id: string, cluster: eksv1.IClusterRef, serviceAccount: eksv2.ServiceAccount, options: IrsaMigrationOptions = {}): IrsaMigration {
    return IrsaMigration.ofServiceAccount(scope, id, cluster, serviceAccount, options);
  }

  private static ofServiceAccount(scope: Construct, id: string, cluster: eksv1.IClusterRef, serviceAccount: KubernetesServiceAccount, options: IrsaMigrationOptions): IrsaMigration {
    const props: IrsaMigrationProps = {
      step: options.step,
      openIdConnectProvider: options.openIdConnectProvider,
      cluster,
      role: serviceAccount.role,
      namespace: serviceAccount.serviceAccountNamespace,
      serviceAccount: serviceAccount.serviceAccountName,
    };
    SERVICE_ACCOUNTS.set(props, serviceAccount);
    return new IrsaMigration(scope, id, props);
  }

  /** The association made for the service account. */
  public readonly association: PodIdentityAssociation;

  /** The role, now trusted by pod identity. */
  public readonly role: iam.IRole;

  /** The step this migration is at. */
  public readonly step: IrsaMigrationStep;

  /**
   * The cluster's Pod Identity Agent: the one the app declares, or else the managed add-on, declared
   * here (`PodIdentityAgent.of`). The association waits for it.
   */
  public readonly agent: PodIdentityAgent;

  constructor(scope: Construct, id: string, props: IrsaMigrationProps) {
    super(scope, id);
    this.step = props.step ?? IrsaMigrationStep.ADD_POD_IDENTITY;
    this.role = props.role;
    const editable = editableRole(this, props.role);
    const serviceAccount = SERVICE_ACCOUNTS.get(props);
    const manifest = serviceAccount && this.validateServiceAccount(serviceAccount);

    addPodIdentityTrust(editable, props.cluster, props.namespace, props.serviceAccount);
    // As eksctl: no association without the agent that serves its credentials.
    // Source: eksctl-io/eksctl pkg/actions/podidentityassociation/migrator.go @ 03aee6ca4cc0bb5826ca2930300c75ca411ae632 (checked 2026-12-01)
    this.agent = ensureAgent(this, props.cluster);
    this.association = new PodIdentityAssociation(this, 'Association', {
      cluster: props.cluster,
      namespace: props.namespace,
      serviceAccount: props.serviceAccount,
      role: props.role,
      waitForAgent: true,
    });

    if (this.step !== IrsaMigrationStep.ADD_POD_IDENTITY) {
      if (manifest) {
        removeIrsaAnnotation(this, manifest);
        // Until the association exists, pods without the annotation would get no credentials.
        manifest.node.addDependency(this.association);
      } else {
        this.patchAnnotation(props);
      }
    }
    if (this.step === IrsaMigrationStep.REMOVE_IRSA_TRUST) {
      removeIrsaTrust(this, editable, props.cluster, props.openIdConnectProvider, props.namespace, props.serviceAccount);
    }
  }

  private validateServiceAccount(serviceAccount: KubernetesServiceAccount): CfnResource {
    const name = quote(`${serviceAccount.serviceAccountNamespace}/${serviceAccount.serviceAccountName}`);
    const podIdentity = serviceAccount.node.findAll()
      .some(c => CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::EKS::PodIdentityAssociation');
    if (podIdentity) {
      throw new PodIdentityError('migration-already-pod-identity', this,
        `service account ${name} already uses pod identity (IdentityType.POD_IDENTITY), so it has no IRSA to migrate from`,
        'Remove this IrsaMigration');
    }
    const manifest = serviceAccountManifest(this, serviceAccount);
    if (Stack.of(manifest) !== Stack.of(this)) {
      throw new PodIdentityError('migration-other-stack', this,
        `service account ${name} is defined in stack ${quote(Stack.of(manifest).node.path)}: its manifest waits for the association, and the association uses its role, so the two stacks would depend on each other`,
        `Define the migration in stack ${quote(Stack.of(manifest).node.path)}`);
    }
    return manifest;
  }

  private patchAnnotation(props: IrsaMigrationProps): void {
    if (!props.kubectlCluster) {
      Annotations.of(this).addWarningV2(`${LIBRARY_ID}:irsa-annotation-left`,
        `Remove the annotation '${IRSA_ANNOTATION}' from service account '${props.namespace}/${props.serviceAccount}' and restart its pods before step REMOVE_IRSA_TRUST: pods started before the association keep IRSA's variables until they restart (EKS gives newer pods only pod identity's), and the annotation misleads readers. Or pass ${propSpan('kubectlCluster')} to remove it here`);
      return;
    }
    const patch = new eksv1.KubernetesPatch(this, 'RemoveIrsaAnnotation', {
      cluster: props.kubectlCluster,
      resourceName: `serviceaccount/${props.serviceAccount}`,
      resourceNamespace: props.namespace,
      patchType: eksv1.PatchType.MERGE,
      // A JSON merge patch deletes a key set to null.
      applyPatch: { metadata: { annotations: { [IRSA_ANNOTATION]: null } } },
      // Deleting the patch applies this (the handler patches with it on Delete), which is right only while the OIDC trust is there.
      // Source: aws/aws-cdk packages/@aws-cdk/custom-resource-handlers/lib/aws-eks/kubectl-handler/patch/__init__.py @ 2efc2784b5cde006ee109538d9af5977b4d4b205 (checked 2026-12-01)
      restorePatch: this.step === IrsaMigrationStep.REMOVE_IRSA_TRUST ? {} : { metadata: { annotations: { [IRSA_ANNOTATION]: props.role.roleArn } } },
    });
    // Until the association exists, pods without the annotation would get no credentials.
    patch.node.addDependency(this.association);
  }
}
