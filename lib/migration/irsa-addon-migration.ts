import { Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { IrsaMigrationOptions, IrsaMigrationStep } from './irsa-migration-options';
import { canonical } from './private/json-text';
import { addPodIdentityTrust, editableRole, removeIrsaTrust } from './private/migration-trust';
import { PodIdentityAddon } from '../addon/pod-identity-addon';
import { validateAddonPodIdentity } from '../addon/addon-pod-identity-checks';
import { PodIdentityAgent } from '../agent/pod-identity-agent';
import { propSpan } from '../private/code';
import { PodIdentityError, quote } from '../private/errors';
import { validateNamespace, validateServiceAccount } from '../private/names';
import { ensureAgent } from './private/agent';

/**
 * Properties of an IrsaAddonMigration.
 */
export interface IrsaAddonMigrationProps extends IrsaMigrationOptions {
  /**
   * The cluster of the add-on.
   */
  readonly cluster: eks.IClusterRef;

  /**
   * The EKS add-on that uses IRSA (`serviceAccountRoleArn`), defined in this app: a `CfnAddon` (aws-eks
   * or aws-eks-v2), an `Addon` whose L1 is its default child, or a `PodIdentityAddon` with `serviceAccountRole`.
   */
  readonly addon: eks.IAddonRef;

  /**
   * The add-on's IRSA role, the one its `serviceAccountRoleArn` names. It must be defined in this app
   * (an `iam.Role`), so that its trust policy can be changed. The add-on's association uses it.
   */
  readonly role: iam.IRole;

  /**
   * The add-on's service account that uses the role, e.g. `aws-node` for `vpc-cni` or
   * `ebs-csi-controller-sa` for `aws-ebs-csi-driver` (`aws eks describe-addon-configuration` lists them).
   */
  readonly serviceAccount: string;

  /**
   * The namespace of the add-on's service account, e.g. `kube-system`.
   *
   * @default - the add-on's namespace when the app says it (a `PodIdentityAddon`'s `namespace`, or the
   * add-on's `namespaceConfig`); required otherwise
   */
  readonly namespace?: string;
}

/**
 * Moves an EKS add-on from IRSA (`serviceAccountRoleArn`) to an add-on pod identity association with
 * the same role, in the steps of `IrsaMigrationStep`, as eksctl's `utils migrate-to-pod-identity` does
 * for add-ons in one go.
 *
 * - `ADD_POD_IDENTITY`: the agent is installed if the app declares none, and the role trusts pod identity
 *   for the add-on's service account too. The add-on is unchanged.
 * - `REMOVE_IRSA_ANNOTATION`: the add-on gets a pod identity association for the service account with the
 *   role, in place of `serviceAccountRoleArn`, once the agent is there. EKS then drops the IRSA annotation.
 * - `REMOVE_IRSA_TRUST`: the role's web-identity trust of this service account on this cluster goes.
 *
 * At every step the add-on's version and service account are checked as `PodIdentityAddon` checks its
 * associations, since EKS refuses both when step 2 adds the association: an `addonVersion` before the
 * add-on's first version with pod identity, or before the first version with this service account, is an
 * error; a service account the add-on does not list for pod identity gets a warning.
 */
export class IrsaAddonMigration extends Construct {
  /** The name of the add-on. */
  public readonly addonName: string;

  /** The role, now trusted by pod identity. */
  public readonly role: iam.IRole;

  /** The step this migration is at. */
  public readonly step: IrsaMigrationStep;

  /**
   * The cluster's Pod Identity Agent: the one the app declares, or else the managed add-on, declared
   * here (`PodIdentityAgent.of`).
   */
  public readonly agent: PodIdentityAgent;

  constructor(scope: Construct, id: string, props: IrsaAddonMigrationProps) {
    super(scope, id);
    this.step = props.step ?? IrsaMigrationStep.ADD_POD_IDENTITY;
    this.role = props.role;
    const editable = editableRole(this, props.role);
    const addon = this.addonResource(props.addon);
    this.addonName = addon.addonName;
    this.validateIrsaRole(addon, props.role);
    const namespace = props.namespace ?? this.addonNamespace(props.addon, addon);
    validateNamespace(this, namespace);
    validateServiceAccount(this, props.serviceAccount);
    // The checks PodIdentityAddon runs on its associations, from step 1 on: the association that step 2
    // adds must be one EKS accepts.
    validateAddonPodIdentity(this, {
      addonName: addon.addonName,
      addonVersion: addon.addonVersion,
      serviceAccounts: [props.serviceAccount],
      withoutPodIdentity: 'keep the add-on on IRSA and remove this migration',
    });

    addPodIdentityTrust(editable, props.cluster, namespace, props.serviceAccount);
    // As eksctl: the agent first, then the add-on's association with the role its IRSA used.
    // Source: eksctl-io/eksctl pkg/actions/podidentityassociation/addon_migrator.go @ 0afd1ac32b5ea19eae1eb22d8ed9d4606ce6752d (checked 2026-12-01)
    this.agent = ensureAgent(this, props.cluster);

    if (this.step !== IrsaMigrationStep.ADD_POD_IDENTITY) {
      this.associate(addon, props.serviceAccount, props.role);
    }
    if (this.step === IrsaMigrationStep.REMOVE_IRSA_TRUST) {
      removeIrsaTrust(this, editable, props.cluster, props.openIdConnectProvider, namespace, props.serviceAccount);
    }
  }

  /**
   * The add-on gets the association and loses `serviceAccountRoleArn`: given associations, EKS detaches
   * the IRSA role and removes the annotation itself, so the template says what EKS will have.
   */
  // Source: https://github.com/hashicorp/terraform-provider-aws/issues/30645 @ comment of 2025-04-29, a user report (no AWS page found that says it) (checked 2026-12-01)
  private associate(addon: eks.CfnAddon, serviceAccount: string, role: iam.IRole): void {
    const existing = addon.podIdentityAssociations ?? [];
    if (Token.isUnresolved(existing) || !Array.isArray(existing)) {
      throw new PodIdentityError('migration-addon-associations-unreadable', this,
        `the pod identity associations of add-on ${quote(addon.node.path)} are a token, so one cannot be added at synth time`,
        `Give the add-on its ${propSpan('podIdentityAssociations')} as a list`);
    }
    const stack = Stack.of(addon);
    if (existing.some(association => stack.resolve(association)?.serviceAccount === serviceAccount)) {
      throw new PodIdentityError('migration-addon-association-exists', this,
        `add-on ${quote(addon.node.path)} already has a pod identity association for service account ${quote(serviceAccount)}`,
        'Remove that association from the add-on, or remove this migration if the add-on already uses pod identity');
    }
    addon.podIdentityAssociations = [...existing, { serviceAccount, roleArn: role.roleArn }];
    addon.serviceAccountRoleArn = undefined;
    // The association's credentials come from the agent.
    this.agent.addDependent(addon);
  }

  private addonResource(addon: eks.IAddonRef): eks.CfnAddon {
    const candidates = [addon, addon.node.defaultChild];
    const resource = candidates.find(c => c !== undefined && eks.CfnAddon.isCfnAddon(c));
    if (!resource) {
      throw new PodIdentityError('migration-addon-not-editable', this,
        `add-on ${quote(addon.node.path)} is not defined in this app (no AWS::EKS::Addon resource), so it cannot be changed here`,
        'Pass the add-on construct of this app (CfnAddon, Addon or PodIdentityAddon), or migrate it with `eksctl utils migrate-to-pod-identity`');
    }
    // aws-eks-v2 has its own copy of CfnAddon, with the same properties.
    return resource as eks.CfnAddon;
  }

  private validateIrsaRole(addon: eks.CfnAddon, role: iam.IRole): void {
    const current = addon.serviceAccountRoleArn;
    if (current === undefined) {
      throw new PodIdentityError('migration-addon-without-irsa', this,
        `add-on ${quote(addon.node.path)} has no ${propSpan('serviceAccountRoleArn')}, so it has no IRSA to migrate from`,
        'Pass the add-on that uses the role through IRSA, or remove this migration');
    }
    const stack = Stack.of(addon);
    const comparison = Token.compareStrings(current, role.roleArn);
    const different = comparison === TokenComparison.DIFFERENT
      || (comparison === TokenComparison.BOTH_UNRESOLVED && canonical(stack.resolve(current)) !== canonical(stack.resolve(role.roleArn)));
    if (different) {
      throw new PodIdentityError('migration-addon-other-role', this,
        `add-on ${quote(addon.node.path)} uses another role through IRSA than ${quote(role.node.path)}`,
        `Pass the role that the add-on's ${propSpan('serviceAccountRoleArn')} names`);
    }
  }

  private addonNamespace(addon: eks.IAddonRef, resource: eks.CfnAddon): string {
    const config = Stack.of(resource).resolve(resource.namespaceConfig);
    const namespace = PodIdentityAddon.isPodIdentityAddon(addon) ? addon.namespace : config?.namespace;
    if (typeof namespace !== 'string') {
      throw new PodIdentityError('migration-addon-namespace-unknown', this,
        `the namespace of add-on ${quote(addon.node.path)} is not known here, and the web-identity trust to remove names it`,
        `Pass ${propSpan('namespace')}, e.g. 'kube-system' (\`kubectl get serviceaccounts -A\` shows it)`);
    }
    return namespace;
  }
}
