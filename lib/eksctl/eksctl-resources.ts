import { Annotations, Tags, Token } from 'aws-cdk-lib';
import { IClusterRef } from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AddonPodIdentityAssociation } from '../addon/addon-pod-identity-association';
import { PodIdentityAddon } from '../addon/pod-identity-addon';
import { PodIdentityAssociation } from '../association/pod-identity-association';
import { WellKnownPolicy } from '../policies/well-known-policy';
import { LIBRARY_ID, PodIdentityError, quote } from '../private/errors';
import { PodIdentityRole } from '../role/pod-identity-role';
import { EksctlApplyOptions, IEksctlConfig } from './eksctl-apply-options';
import { modelOf } from './private/config-registry';
import { EksctlAddonSpec, EksctlAssociationSpec, EksctlModel, EksctlRoleSpec, WellKnownPolicyKey } from './private/model';
import { policyDocumentOf } from './private/policies';
import { eksctlWellKnownPolicy, WELL_KNOWN_POLICY_KEYS } from './private/well-known-policies';

/**
 * Properties of EksctlResources.
 */
export interface EksctlResourcesProps extends EksctlApplyOptions {
  /**
   * The eksctl config whose pod identity part to create, from `EksctlConfig.fromFile` or `fromYaml`.
   */
  readonly config: IEksctlConfig;
}

/** The add-on that runs the Pod Identity Agent: everything else waits for it (named in any case, as in eksctl). */
const AGENT_ADDON = 'eks-pod-identity-agent';

/**
 * The constructs of an eksctl ClusterConfig's pod identity part, for one cluster: a
 * `PodIdentityAssociation` per entry of `iam.podIdentityAssociations` and a `PodIdentityAddon`
 * per entry of `addons`.
 *
 * - An association without `roleARN` gets a new `PodIdentityRole` that only this cluster,
 *   namespace and service account can assume (any pod of the account's clusters, when
 *   `disableSessionTags` is true), with `roleName`, `permissionsBoundaryARN`,
 *   `permissionPolicyARNs`, `permissionPolicy` (an inline policy named `permissionPolicyName`)
 *   and `wellKnownPolicies` (eksctl's policies, or those of the `wellKnownPolicies` option);
 *   `tags` go to the association and that role, as eksctl tags both.
 * - An add-on gets the associations of its `podIdentityAssociations`, the recommended ones with
 *   `useDefaultPodIdentityAssociations` or `addonsConfig.autoApplyPodIdentityAssociations`, the
 *   IRSA role of `serviceAccountRoleARN`, or none.
 * - When the file has the `eks-pod-identity-agent` add-on, the associations and the other
 *   add-ons with associations wait for it.
 *
 * The construct tree is `<id>/Associations/<namespace>/<serviceAccount>/{Role,Association}` and
 * `<id>/Addons/<name>/{Addon,<serviceAccount>/Role}`, so reordering the file changes no logical ID.
 */
export class EksctlResources extends Construct {
  /** The cluster the resources are for. */
  public readonly cluster: IClusterRef;

  /** The associations of `iam.podIdentityAssociations`, in the file's order. */
  public readonly associations: PodIdentityAssociation[];

  /** The add-ons of `addons`, in the file's order. */
  public readonly addons: PodIdentityAddon[];

  private readonly model: EksctlModel;
  private readonly wellKnownPolicies: { readonly [key: string]: WellKnownPolicy };
  private rolesCreated = 0;

  constructor(scope: Construct, id: string, props: EksctlResourcesProps) {
    super(scope, id);
    this.model = modelOf(this, props.config);
    this.cluster = props.cluster;
    this.wellKnownPolicies = props.wellKnownPolicies ?? {};
    this.validateCluster();
    this.validateWellKnownPolicies();

    const addonsScope = new Construct(this, 'Addons');
    this.addons = this.model.addons.map(addon => this.newAddon(addonsScope, addon));
    const associationsScope = new Construct(this, 'Associations');
    this.associations = this.model.associations.map(association => this.newAssociation(associationsScope, association));

    const agent = this.addons.find(addon => addon.addonName.toLowerCase() === AGENT_ADDON);
    if (agent) {
      this.associations.forEach(association => association.addDependency(agent));
      this.addons
        .filter(addon => addon !== agent && Object.keys(addon.associationRoles).length > 0)
        .forEach(addon => addon.node.addDependency(agent));
    }
    this.warnWhereEksctlDiffers();
  }

  /**
   * The association of the file's `iam.podIdentityAssociations` for a service account.
   *
   * @throws PodIdentityError if the file has no association for it
   */
  public findAssociation(namespace: string, serviceAccount: string): PodIdentityAssociation {
    const association = this.associations.find(candidate =>
      candidate.namespace === namespace && candidate.serviceAccount === serviceAccount);
    if (!association) {
      const known = this.associations.map(candidate => quote(`${candidate.namespace}/${candidate.serviceAccount}`));
      throw new PodIdentityError('eksctl-unknown-association', this,
        `the eksctl config has no pod identity association for service account ${quote(`${namespace}/${serviceAccount}`)} in iam.podIdentityAssociations; it has ${known.length > 0 ? known.join(', ') : 'none'}`,
        'Use one of those, or add the service account to iam.podIdentityAssociations (an add-on\'s roles are found with findAddon(name).roleFor(serviceAccount))');
    }
    return association;
  }

  /**
   * The add-on of the file's `addons` with this name.
   *
   * @throws PodIdentityError if the file has no such add-on
   */
  public findAddon(addonName: string): PodIdentityAddon {
    const addon = this.addons.find(candidate => candidate.addonName === addonName);
    if (!addon) {
      const known = this.addons.map(candidate => quote(candidate.addonName));
      throw new PodIdentityError('eksctl-unknown-addon', this,
        `the eksctl config has no add-on ${quote(addonName)}; it has ${known.length > 0 ? known.join(', ') : 'none'}`,
        'Use one of those names, or add the add-on to the file\'s addons');
    }
    return addon;
  }

  private newAssociation(scope: Construct, spec: EksctlAssociationSpec): PodIdentityAssociation {
    const namespaceScope = scope.node.tryFindChild(spec.namespace) as Construct | undefined ?? new Construct(scope, spec.namespace);
    const container = new Construct(namespaceScope, spec.serviceAccount);
    const sessionTags = !spec.disableSessionTags;
    const role = this.roleFor(container, spec, {
      namespace: spec.namespace,
      scoped: sessionTags,
      description: `Pod identity role of service account ${spec.namespace}/${spec.serviceAccount} of EKS cluster ${this.model.clusterName}, from its eksctl config`,
    });
    return new PodIdentityAssociation(container, 'Association', {
      cluster: this.cluster,
      namespace: spec.namespace,
      serviceAccount: spec.serviceAccount,
      role,
      targetRole: spec.targetRoleArn !== undefined
        ? iam.Role.fromRoleArn(container, 'TargetRole', spec.targetRoleArn, { mutable: false }) : undefined,
      // eksctl leaves a given roleARN as it is: its owner grants sts:AssumeRole on the target role.
      grantAssumeTargetRole: spec.roleArn === undefined,
      sessionTags,
      sessionPolicy: spec.sessionPolicy && policyDocumentOf(spec.sessionPolicy),
      tags: spec.tags,
    });
  }

  private newAddon(scope: Construct, spec: EksctlAddonSpec): PodIdentityAddon {
    // An explicit association list is never empty here: an empty one reads as unset, as in eksctl.
    const container = new Construct(scope, spec.name);
    const podIdentityAssociations = spec.podIdentityAssociations?.map((association): AddonPodIdentityAssociation => ({
      serviceAccount: association.serviceAccount,
      role: this.roleFor(new Construct(container, association.serviceAccount), association, {
        namespace: association.namespace,
        scoped: true,
        description: `Pod identity role of service account ${association.serviceAccount} of EKS add-on ${spec.name}, from the eksctl config of cluster ${this.model.clusterName}`,
      }),
    }));
    return new PodIdentityAddon(container, 'Addon', {
      cluster: this.cluster,
      addonName: spec.name,
      addonVersion: spec.version,
      configurationValues: spec.configurationValues,
      resolveConflicts: spec.resolveConflicts,
      namespace: spec.namespace,
      tags: spec.tags,
      ipFamily: this.model.ipFamily,
      podIdentityAssociations,
      useRecommendedPolicies: podIdentityAssociations === undefined && spec.serviceAccountRoleArn === undefined ? spec.useRecommended : undefined,
      serviceAccountRole: spec.serviceAccountRoleArn !== undefined
        ? iam.Role.fromRoleArn(container, 'ServiceAccountRole', spec.serviceAccountRoleArn, { mutable: false }) : undefined,
    });
  }

  /** The existing role of `roleARN`, or a new PodIdentityRole with the entry's policies, in `scope`. */
  private roleFor(scope: Construct, spec: EksctlRoleSpec, trust: { readonly namespace?: string; readonly scoped: boolean; readonly description: string }): iam.IRole {
    if (spec.roleArn !== undefined) return iam.Role.fromRoleArn(scope, 'Role', spec.roleArn, { mutable: false });
    const fromCatalogue = spec.wellKnownPolicies.filter(key => this.wellKnownPolicies[key] !== undefined);
    const fromEksctl = spec.wellKnownPolicies.filter(key => this.wellKnownPolicies[key] === undefined).map(eksctlWellKnownPolicy);
    const inlinePolicies: { [name: string]: iam.PolicyDocument } = {};
    if (spec.permissionPolicy) inlinePolicies[spec.permissionPolicyName ?? 'PermissionPolicy'] = policyDocumentOf(spec.permissionPolicy);
    for (const policy of fromEksctl) {
      for (const [name, statements] of Object.entries(policy.inlinePolicies)) inlinePolicies[name] = new iam.PolicyDocument({ statements });
    }
    this.rolesCreated++;
    const role = new PodIdentityRole(scope, 'Role', {
      clusters: trust.scoped ? [this.cluster] : undefined,
      namespaces: trust.scoped && trust.namespace !== undefined ? [trust.namespace] : undefined,
      serviceAccounts: trust.scoped ? [spec.serviceAccount] : undefined,
      roleName: spec.roleName,
      description: trust.description,
      managedPolicies: [
        ...spec.permissionPolicyArns.map((arn, index) => iam.ManagedPolicy.fromManagedPolicyArn(scope, `PermissionPolicy${index}`, arn)),
        ...fromEksctl.flatMap(policy => policy.managedPolicyNames).map(name => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
      ],
      inlinePolicies: Object.keys(inlinePolicies).length > 0 ? inlinePolicies : undefined,
      permissionsBoundary: spec.permissionsBoundaryArn !== undefined
        ? iam.ManagedPolicy.fromManagedPolicyArn(scope, 'PermissionsBoundary', spec.permissionsBoundaryArn) : undefined,
    });
    for (const key of fromCatalogue) {
      this.wellKnownPolicies[key].attachTo(role);
    }
    for (const [key, value] of Object.entries(spec.tags ?? {})) {
      Tags.of(role).add(key, value);
    }
    return role;
  }

  /** Says where the resources differ from what eksctl would create from the same file. */
  private warnWhereEksctlDiffers(): void {
    const annotations = Annotations.of(this);
    if (this.rolesCreated > 0) {
      // Source: eksctl-io/eksctl pkg/cfn/builder/iam.go makeAssumeRolePolicyDocument (MakeAssumeRolePolicyDocumentForPodIdentity, no condition) @ main as indexed (file id 6243763194; commit not shown) (checked 2026-12-01)
      annotations.addWarningV2(`${LIBRARY_ID}:eksctl-scoped-trust`,
        'The roles created from the eksctl config trust only their own cluster, namespace and service account (or, with disableSessionTags, the pods of this account), where eksctl\'s roles trust pods.eks.amazonaws.com without conditions; an association elsewhere, such as in another cluster, cannot use them. To share a role, create it once and give its roleARN');
    }
    const newest = this.model.addons.filter(addon => addon.versionResolution === 'newest');
    if (newest.length > 0) {
      annotations.addWarningV2(`${LIBRARY_ID}:eksctl-addon-version`,
        `eksctl would install the newest version of ${newest.map(describeAddon).join(', ')} that EKS offers for the cluster, which it looks up through the EKS API; this library makes no API calls at synth, so the add-on has no AddonVersion and EKS installs its default version, which may be older. Set version to the release you want, e.g. '1.2.3' or 'v1.2.3-eksbuild.1' (aws eks describe-addon-versions lists them)`);
    }
    for (const addon of this.model.addons.filter(candidate => candidate.versionResolution === 'first-build')) {
      annotations.addWarningV2(`${LIBRARY_ID}:eksctl-addon-version`,
        `${describeAddon(addon)} has version ${quote(addon.writtenVersion!)}, which eksctl resolves through the EKS API to the newest build of that release; this library makes no API calls at synth, so the add-on gets its first build, ${quote(addon.version!)}. Write the full version (aws eks describe-addon-versions lists them) to choose another build`);
    }
    for (const addon of this.model.addons.filter(candidate => candidate.eksctlWouldCreateIrsaRole)) {
      annotations.addWarningV2(`${LIBRARY_ID}:eksctl-addon-irsa-not-created`,
        `${describeAddon(addon)} has no pod identity or IRSA settings, so with iam.withOIDC eksctl would create an IRSA role with the policies it recommends for the add-on; this library creates no IRSA role, so the add-on gets no AWS permissions from it. Set useDefaultPodIdentityAssociations: true for the recommended pod identity association, or serviceAccountRoleARN for an existing IRSA role`);
    }
  }

  private validateWellKnownPolicies(): void {
    const unknown = Object.keys(this.wellKnownPolicies).find(key => !WELL_KNOWN_POLICY_KEYS.includes(key as WellKnownPolicyKey));
    if (unknown !== undefined) {
      throw new PodIdentityError('eksctl-unknown-well-known-policy', this,
        `wellKnownPolicies has the key ${quote(unknown)}, which is not a key of eksctl's wellKnownPolicies (${WELL_KNOWN_POLICY_KEYS.join(', ')})`,
        'Use those keys, spelled as in the eksctl config; config.catalogueWellKnownPolicies() has them all');
    }
  }

  private validateCluster(): void {
    const clusterName = this.cluster.clusterRef.clusterName;
    if (!Token.isUnresolved(clusterName) && clusterName !== this.model.clusterName) {
      throw new PodIdentityError('eksctl-cluster-mismatch', this,
        `the eksctl config describes cluster ${quote(this.model.clusterName)} (metadata.name${this.inSource()}) but the cluster given is ${quote(clusterName)}`,
        'Pass the cluster the file describes, or correct metadata.name');
    }
    const region = this.cluster.env.region;
    if (!Token.isUnresolved(region) && region !== this.model.region) {
      throw new PodIdentityError('eksctl-region-mismatch', this,
        `the eksctl config describes a cluster in region ${quote(this.model.region)} (metadata.region${this.inSource()}) but the cluster given is in region ${quote(region)}`,
        'Pass the cluster the file describes (with the stack\'s env.region set to its region), or correct metadata.region');
    }
  }

  private inSource(): string {
    return this.model.sourceName !== undefined ? ` of ${this.model.sourceName}` : '';
  }
}

/** `addons[1] 'vpc-cni'`, to name an add-on of the file in a message. */
function describeAddon(addon: EksctlAddonSpec): string {
  return `${addon.path} ${quote(addon.name)}`;
}
