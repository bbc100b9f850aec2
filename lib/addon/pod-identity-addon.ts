import { Annotations, Resource, Token } from 'aws-cdk-lib';
import { AddonReference, CfnAddon, IAddonRef, IClusterRef, IpFamily } from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PodIdentityChecks } from '../checks/pod-identity-checks';
import { call, codeSpan, list, OMITTED, propSpan, ref, setting, struct } from '../private/code';
import { LIBRARY_ID, PodIdentityError, quote } from '../private/errors';
import { validateClusterName, validateNamespace, validateServiceAccount } from '../private/names';
import { ADDON_TAG_LIMITS, validateTags } from '../private/tags';
import { validateAddonStrings } from './private/addon-strings';
import { validateRoleAccount } from '../association/validate';
import { claimServiceAccount } from '../private/registry';
import { PodIdentityRole } from '../role/pod-identity-role';
import { AddonConflictResolution } from './addon-conflict-resolution';
import { AddonPodIdentityAssociation } from './addon-pod-identity-association';
import { validateAddonPodIdentity } from './addon-pod-identity-checks';
import { knownIpFamily } from './cluster-ip-family';
import { hasPermissions } from './private/role-permissions';
import { RecommendedAddon } from './recommended-addon';
import { findRecommendedAddon, recommendedAssociations, recommendedServiceAccounts } from './recommended-associations';
import { policiesOf } from '../private/role-policies';

/**
 * Properties of a PodIdentityAddon.
 */
export interface PodIdentityAddonProps {
  /**
   * The cluster: an `eks.Cluster`, a `CfnCluster`, or `CfnCluster.fromClusterName(...)`.
   */
  readonly cluster: IClusterRef;

  /**
   * The name of the add-on, e.g. `vpc-cni` or `aws-ebs-csi-driver` (`aws eks describe-addon-versions`).
   */
  readonly addonName: string;

  /**
   * The version of the add-on, e.g. `v1.26.0-eksbuild.1`. With pod identity associations it must
   * be at least the first version of the add-on that supports them.
   *
   * @default - the default version for the cluster's Kubernetes version
   */
  readonly addonVersion?: string;

  /**
   * Configuration values for the add-on, as an object; it is serialized to JSON. The add-on's
   * schema is shown by `aws eks describe-addon-configuration`.
   *
   * @default - the add-on's default configuration
   */
  readonly configurationValues?: { [key: string]: any };

  /**
   * What EKS does when the add-on's settings conflict with those already in the cluster.
   *
   * @default - not set: EKS changes nothing that conflicts (`NONE`)
   */
  readonly resolveConflicts?: AddonConflictResolution;

  /**
   * Whether to leave the add-on's software in the cluster when the add-on is deleted.
   *
   * @default false
   */
  readonly preserveOnDelete?: boolean;

  /**
   * A namespace to install the add-on in, instead of its default one. Its service accounts, and
   * so its pod identity associations, are in this namespace.
   *
   * Changing it replaces the add-on: EKS removes it and installs it again.
   *
   * @default - the add-on's default namespace
   */
  readonly namespace?: string;

  /**
   * Tags for the add-on.
   *
   * @default - none
   */
  readonly tags?: { [key: string]: string };

  /**
   * The add-on's pod identity associations: one per service account. Replaces the recommended
   * ones; an empty list gives the add-on no association.
   *
   * @default - the recommended associations, see `useRecommendedPolicies`
   */
  readonly podIdentityAssociations?: AddonPodIdentityAssociation[];

  /**
   * Whether an add-on without `podIdentityAssociations` and `serviceAccountRole` gets the
   * associations EKS recommends: one new role per service account with the recommended AWS
   * managed policies (from a table bundled with this library). With an `addonVersion`, service
   * accounts that version does not list yet (for example the service account of
   * `aws-network-flow-monitoring-agent` before v1.0.1-eksbuild.1) are left out, as EKS would refuse them.
   *
   * @default true
   */
  readonly useRecommendedPolicies?: boolean;

  /**
   * The IP family of the cluster. On IPv6, `vpc-cni`'s recommended role gets the IPv6 policy of
   * the EKS User Guide instead of `AmazonEKS_CNI_Policy`.
   *
   * @default - read from the cluster when it is an `eks.Cluster` or a `CfnCluster`, else IPv4
   */
  readonly ipFamily?: IpFamily;

  /**
   * A role for the add-on's service account through IAM roles for service accounts (IRSA)
   * instead of pod identity. Not allowed together with `podIdentityAssociations`.
   *
   * @default - no IRSA role
   */
  readonly serviceAccountRole?: iam.IRole;
}

const ADDON_BRAND = Symbol.for('cdk-eks-pod-identity.PodIdentityAddon');

/**
 * An EKS add-on (`AWS::EKS::Addon`) that gets its AWS permissions through pod identity, at synth
 * time and without a Lambda function.
 *
 * Unless told otherwise, an add-on that needs AWS permissions gets the associations EKS
 * recommends (as `eksctl`'s `autoApplyPodIdentityAssociations` does): one role per service
 * account, scoped to this cluster, the add-on's namespace and that service account, with the
 * recommended AWS managed policies. Add-ons that need none, like `coredns`, get none.
 */
export class PodIdentityAddon extends Resource implements IAddonRef {
  /**
   * Whether `x` is a PodIdentityAddon (works across copies of this library).
   */
  public static isPodIdentityAddon(x: any): x is PodIdentityAddon {
    return x !== null && typeof x === 'object' && ADDON_BRAND in x;
  }

  /** The name of the add-on. */
  public readonly addonName: string;

  /**
   * The ARN of the add-on.
   *
   * @attribute
   */
  public readonly addonArn: string;

  /** The cluster of the add-on. */
  public readonly cluster: IClusterRef;

  /**
   * The namespace of the add-on's service accounts, when known (given, or in the bundled table).
   */
  public readonly namespace?: string;

  /**
   * The roles of the add-on's pod identity associations, by service account. Grant to them to
   * give the add-on more permissions.
   */
  public readonly associationRoles: { [serviceAccount: string]: iam.IRole };

  private readonly resource: CfnAddon;

  /** Recommended associations without a recommended policy: warned about at synth if still without permissions. */
  private readonly withoutRecommendedPolicy: string[] = [];

  constructor(scope: Construct, id: string, props: PodIdentityAddonProps) {
    super(scope, id, { physicalName: props.addonName });
    PodIdentityChecks.addTo(this);
    Object.defineProperty(this, ADDON_BRAND, { value: true });

    const clusterName = props.cluster.clusterRef.clusterName;
    validateClusterName(this, clusterName);
    const recommended = Token.isUnresolved(props.addonName) ? undefined : findRecommendedAddon(props.addonName);
    this.validateIpFamily(props);
    validateTags(this, 'tags', props.tags, ADDON_TAG_LIMITS);
    if (props.namespace !== undefined) {
      validateNamespace(this, props.namespace);
      Annotations.of(this).addWarningV2(`${LIBRARY_ID}:addon-namespace-replaces`,
        `The add-on is installed in namespace ${quote(props.namespace)}; changing or removing ${propSpan('namespace')} later replaces the add-on (EKS removes it and installs it again, with its associations)`);
    }

    const associations = this.chooseAssociations(props, recommended);
    this.validateAssociations(props, associations);
    validateAddonPodIdentity(this, {
      addonName: props.addonName,
      addonVersion: props.addonVersion,
      serviceAccounts: associations.map(association => association.serviceAccount),
      withoutPodIdentity: `give the add-on its permissions through ${propSpan('serviceAccountRole')} (IRSA)`,
    });
    validateAddonStrings(this, props);

    this.cluster = props.cluster;
    this.addonName = props.addonName;
    this.namespace = props.namespace ?? recommended?.namespace;
    if (associations.length > 0 && this.namespace === undefined) {
      Annotations.of(this).addWarningV2(`${LIBRARY_ID}:addon-namespace-unknown`,
        `The namespace of add-on ${quote(props.addonName)} is not known to this library, so the roles it creates trust its service accounts in any namespace of the cluster, and associations of the same service accounts elsewhere in the app are not detected. Set ${propSpan('namespace')} if the add-on supports a custom namespace`);
    }

    this.associationRoles = {};
    associations.forEach((association, index) => {
      if (this.namespace !== undefined) {
        claimServiceAccount(this, props.cluster, this.namespace, association.serviceAccount);
      }
      // The role is named after its service account, so reordering the list keeps its logical ID.
      const roleId = Token.isUnresolved(association.serviceAccount) ? `ServiceAccount${index}` : association.serviceAccount;
      this.associationRoles[association.serviceAccount] = association.role ?? this.newRole(roleId, props, association);
    });

    this.resource = new CfnAddon(this, 'Resource', {
      addonName: props.addonName,
      clusterName,
      addonVersion: props.addonVersion,
      configurationValues: props.configurationValues && this.stack.toJsonString(props.configurationValues),
      resolveConflicts: props.resolveConflicts,
      preserveOnDelete: props.preserveOnDelete,
      namespaceConfig: props.namespace !== undefined ? { namespace: props.namespace } : undefined,
      serviceAccountRoleArn: props.serviceAccountRole?.roleArn,
      podIdentityAssociations: associations.length > 0
        ? associations.map(association => ({ serviceAccount: association.serviceAccount, roleArn: this.associationRoles[association.serviceAccount].roleArn }))
        : undefined,
      tags: props.tags && Object.entries(props.tags).map(([key, value]) => ({ key, value })),
    });
    // The add-on's pods should not get a role before its policies exist.
    this.resource.node.addDependency(...Object.values(this.associationRoles).map(policiesOf));
    this.addonArn = this.resource.attrArn;
    if (this.withoutRecommendedPolicy.length > 0) {
      // Decided at synth, so that grants to `roleFor(...)` made after construction count.
      this.node.addValidation({ validate: () => this.warnRolesWithoutPermissions() });
    }
  }

  /** A reference to this add-on. */
  public get addonRef(): AddonReference {
    return { addonArn: this.addonArn, addonName: this.addonName, clusterName: this.cluster.clusterRef.clusterName };
  }

  /**
   * The role of the association of `serviceAccount`, to grant it more permissions.
   */
  public roleFor(serviceAccount: string): iam.IRole {
    const role = this.associationRoles[serviceAccount];
    if (!role) {
      const known = Object.keys(this.associationRoles);
      throw new PodIdentityError('addon-unknown-service-account', this,
        `add-on ${quote(this.addonName)} has no pod identity association for service account ${quote(serviceAccount)}; it has ${known.length > 0 ? known.map(quote).join(', ') : 'none'}`,
        `Use one of those names, or give the add-on an association for that service account in ${propSpan('podIdentityAssociations')}`);
    }
    return role;
  }

  private chooseAssociations(props: PodIdentityAddonProps, recommended: RecommendedAddon | undefined): AddonPodIdentityAssociation[] {
    const explicit = props.podIdentityAssociations;
    if (props.serviceAccountRole) {
      if (explicit !== undefined && explicit.length > 0) {
        throw new PodIdentityError('addon-irsa-and-pod-identity', this,
          `the add-on has both ${propSpan('serviceAccountRole')} (IRSA) and ${propSpan('podIdentityAssociations')}; an add-on gets its AWS credentials one way`,
          `Remove ${propSpan('serviceAccountRole')} to use pod identity, or remove ${propSpan('podIdentityAssociations')} to keep IRSA`);
      }
      if (props.useRecommendedPolicies === true) {
        throw new PodIdentityError('addon-irsa-and-pod-identity', this,
          `the add-on has both ${propSpan('serviceAccountRole')} (IRSA) and ${codeSpan(setting('useRecommendedPolicies', true))} (pod identity); an add-on gets its AWS credentials one way`,
          `Remove ${propSpan('serviceAccountRole')} to use the recommended pod identity associations, or remove ${propSpan('useRecommendedPolicies')} to keep IRSA`);
      }
      return [];
    }
    if (explicit !== undefined) {
      if (props.useRecommendedPolicies === true) {
        throw new PodIdentityError('addon-associations-and-recommended', this,
          `${propSpan('podIdentityAssociations')} replace the recommended associations, so ${codeSpan(setting('useRecommendedPolicies', true))} cannot apply`,
          `Remove ${propSpan('useRecommendedPolicies')}, or remove ${propSpan('podIdentityAssociations')} to get the recommended ones`);
      }
      return explicit;
    }
    if (props.useRecommendedPolicies === false || Token.isUnresolved(props.addonName)) return [];
    if (!recommended || (recommended.requiresIamPermissions && recommended.serviceAccounts.length === 0)) {
      Annotations.of(this).addWarningV2(`${LIBRARY_ID}:addon-permissions-unknown`,
        `This library has no recommended pod identity associations for add-on ${quote(props.addonName)}, so it gets no AWS permissions. If it needs some, give ${codeSpan(setting('podIdentityAssociations', list([struct('AddonPodIdentityAssociation', { serviceAccount: ref('serviceAccount'), managedPolicies: ref('managedPolicies'), statements: ref('statements') })], 'AddonPodIdentityAssociation')))} with the service accounts and policies its documentation names (\`aws eks describe-addon-configuration\` lists them), or ${propSpan('serviceAccountRole')} for IRSA; if it needs none, set ${codeSpan(setting('useRecommendedPolicies', false))}`);
      return [];
    }
    const accounts = recommendedServiceAccounts(recommended, props.addonVersion);
    if (accounts.length === 0 && recommended.serviceAccounts.length > 0) {
      const firsts = recommended.serviceAccounts.map(account => `${quote(account.serviceAccount)} from ${quote(account.minimumVersion ?? '?')}`);
      Annotations.of(this).addWarningV2(`${LIBRARY_ID}:addon-version-predates-service-accounts`,
        `Add-on ${quote(props.addonName)} at version ${quote(props.addonVersion ?? '')} does not list the service accounts EKS recommends (${firsts.join(', ')}), so it gets no pod identity association and no AWS permissions. Use a later ${propSpan('addonVersion')}, or give ${propSpan('podIdentityAssociations')} with the service accounts this version has`);
      return [];
    }
    const ipv6 = (props.ipFamily ?? knownIpFamily(props.cluster)) === 'ipv6';
    const associations = recommendedAssociations(accounts, ipv6, this);
    this.withoutRecommendedPolicy.push(...associations
      .filter(association => (association.managedPolicies ?? []).length === 0 && (association.statements ?? []).length === 0)
      .map(association => association.serviceAccount));
    return associations;
  }

  /** Warns about each recommended role without a recommended policy that nothing granted permissions to. */
  private warnRolesWithoutPermissions(): string[] {
    for (const serviceAccount of this.withoutRecommendedPolicy) {
      if (hasPermissions(this.associationRoles[serviceAccount])) continue;
      Annotations.of(this).addWarningV2(`${LIBRARY_ID}:addon-no-recommended-policy`,
        `EKS recommends no managed policy for service account ${quote(serviceAccount)} of add-on ${quote(this.addonName)}, and nothing granted its role permissions: grant what it needs, e.g. ${codeSpan(call(ref('bucket'), 'grantRead', [call(ref('addon'), 'roleFor', [serviceAccount]), OMITTED]))}, or give ${propSpan('podIdentityAssociations')} with ${propSpan('statements')}`);
    }
    return [];
  }

  private newRole(id: string, props: PodIdentityAddonProps, association: AddonPodIdentityAssociation): iam.IRole {
    const statements = association.statements ?? [];
    return new PodIdentityRole(this, id, {
      clusters: [props.cluster],
      namespaces: this.namespace !== undefined ? [this.namespace] : undefined,
      serviceAccounts: [association.serviceAccount],
      description: `Pod identity role of service account ${association.serviceAccount} of EKS add-on ${props.addonName}`,
      managedPolicies: association.managedPolicies,
      inlinePolicies: statements.length > 0 ? { AddonPermissions: new iam.PolicyDocument({ statements }) } : undefined,
    });
  }

  private validateAssociations(props: PodIdentityAddonProps, associations: AddonPodIdentityAssociation[]): void {
    const seen = new Set<string>();
    for (const association of associations) {
      validateServiceAccount(this, association.serviceAccount);
      if (seen.has(association.serviceAccount)) {
        throw new PodIdentityError('addon-duplicate-service-account', this,
          `service account ${quote(association.serviceAccount)} has more than one pod identity association in this add-on; EKS allows one per service account`,
          `Give each service account one entry in ${propSpan('podIdentityAssociations')}, with all the policies it needs`);
      }
      seen.add(association.serviceAccount);
      if (association.role) {
        validateRoleAccount(this, association.role, props.cluster,
          `Give a role from the cluster's account, or remove ${propSpan('role')} to get a new one; add-on associations cannot chain into another account`);
      }
      if (association.role && ((association.managedPolicies ?? []).length > 0 || (association.statements ?? []).length > 0)) {
        throw new PodIdentityError('addon-role-and-policies', this,
          `the association of service account ${quote(association.serviceAccount)} has a ${propSpan('role')} and also ${propSpan('managedPolicies')} or ${propSpan('statements')}, which only apply to a role made here`,
          `Attach the policies to your role yourself, or remove ${propSpan('role')} to get a new role with them`);
      }
    }
  }

  private validateIpFamily(props: PodIdentityAddonProps): void {
    const fromCluster = knownIpFamily(props.cluster);
    if (props.ipFamily !== undefined && fromCluster !== undefined && props.ipFamily !== fromCluster) {
      throw new PodIdentityError('addon-ip-family-mismatch', this,
        `ipFamily is ${quote(props.ipFamily)} but the cluster's IP family is ${quote(fromCluster)}`,
        `Remove ${propSpan('ipFamily')}: it is read from the cluster`);
    }
  }
}
