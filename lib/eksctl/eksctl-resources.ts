import { Annotations, CfnOutput, Names, Token, TokenComparison } from 'aws-cdk-lib';
import { IClusterRef } from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { AddonPodIdentityAssociation } from '../addon/addon-pod-identity-association';
import { PodIdentityAddon } from '../addon/pod-identity-addon';
import { PodIdentityAssociation } from '../association/pod-identity-association';
import { WellKnownPolicy } from '../policies/well-known-policy';
import { call, code, codeSpan, ref, setting as settingCode } from '../private/code';
import { LIBRARY_ID, PodIdentityError, quote } from '../private/errors';
import { kubectlClusterFor, toYamlStream, writeManifestFile } from '../private/k8s-manifest';
import { ensureStackHasResources } from '../private/non-empty-stack';
import { EksctlApplyOptions, IEksctlConfig } from './eksctl-apply-options';
import { modelOf } from './private/config-registry';
import { EksctlAddonSpec, EksctlAssociationSpec, EksctlIrsaServiceAccountSpec, EksctlModel, EksctlRoleSpec, WellKnownPolicyKey } from './private/model';
import { policyDocumentOf } from './private/policies';
import { EksctlRoles, tagRole } from './private/roles';
import { renderServiceAccounts } from './private/service-accounts';
import { Applied, warnWhereEksctlDiffers } from './private/warnings';
import { WELL_KNOWN_POLICY_KEYS } from './private/well-known-policies';

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
 *   `permissionPolicyARNs`, `permissionPolicy` (an inline policy named `permissionPolicyName`, default `Policy1`)
 *   and `wellKnownPolicies` (eksctl's policies, or those of the `wellKnownPolicies` option);
 *   `tags` go to the association and that role, as eksctl tags both.
 * - An association with `createServiceAccount: true` gets its Kubernetes ServiceAccount (and its
 *   namespace, unless Kubernetes has it from the start) in a YAML manifest written as a file asset,
 *   without a Lambda: `manifestYaml`, and the stack output `<id>ServiceAccountManifestS3Url...`.
 *   `applyWith(cluster)` applies it through an `eks.Cluster`'s kubectl instead (opt-in).
 * - An add-on gets the associations of its `podIdentityAssociations` (a new role as above, with
 *   the entry's `wellKnownPolicies`, and its `tags` on the role only), the recommended ones with
 *   `useDefaultPodIdentityAssociations` or `addonsConfig.autoApplyPodIdentityAssociations`, or none.
 *   Its `version` is rendered only when it is a full EKS version (`v1.7.5-eksbuild.2`).
 * - With `migrateIrsa: true`, each entry of `iam.serviceAccounts` becomes an association too, and
 *   an add-on's IRSA settings an association of the add-on.
 * - Every role created carries the tags of `metadata.tags` (an entry's own `tags` win), as eksctl's
 *   role stacks carry them.
 * - When the file has the `eks-pod-identity-agent` add-on, the associations and the other
 *   add-ons with associations wait for it.
 *
 * The construct tree is `<id>/Associations/<namespace>/<serviceAccount>/{Role,Association}` and
 * `<id>/Addons/<name>/{Addon,<serviceAccount>/Role}`, so reordering the file changes no logical ID.
 */
export class EksctlResources extends Construct {
  /** The cluster the resources are for. */
  public readonly cluster: IClusterRef;

  /**
   * The associations of `iam.podIdentityAssociations`, in the file's order, then (with
   * `migrateIrsa`) those of `iam.serviceAccounts`.
   */
  public readonly associations: PodIdentityAssociation[];

  /** The add-ons of `addons`, in the file's order. */
  public readonly addons: PodIdentityAddon[];

  /**
   * The Kubernetes objects of `createServiceAccount: true`: a Namespace for each namespace eksctl
   * would create, then a ServiceAccount per association that asks for one.
   *
   * @default - undefined when no association asks for its service account
   */
  public readonly manifest?: { [key: string]: any }[];

  /**
   * `manifest` as one multi-document YAML stream.
   *
   * @default - undefined when no association asks for its service account
   */
  public readonly manifestYaml?: string;

  /**
   * The YAML file asset of the manifest, published by `cdk deploy`.
   *
   * @default - undefined when no association asks for its service account
   */
  public readonly manifestAsset?: Asset;

  /**
   * The `s3://` URL of the manifest file asset.
   *
   * @default - undefined when no association asks for its service account
   */
  public readonly manifestAssetS3Url?: string;

  /**
   * The S3 object key of the manifest file asset (content-addressed).
   *
   * @default - undefined when no association asks for its service account
   */
  public readonly manifestAssetObjectKey?: string;

  private readonly model: EksctlModel;
  private readonly wellKnownPolicies: { readonly [key: string]: WellKnownPolicy };
  private readonly roles: EksctlRoles;
  private readonly formerIrsaRoles: { where: string; roleArn: string }[] = [];
  /** How many roles the add-ons made for their recommended associations. */
  private recommendedRoles = 0;
  private applied?: Construct;

  constructor(scope: Construct, id: string, props: EksctlResourcesProps) {
    super(scope, id);
    this.model = modelOf(this, props.config);
    this.cluster = props.cluster;
    this.wellKnownPolicies = props.wellKnownPolicies ?? {};
    this.roles = new EksctlRoles(this.cluster, this.wellKnownPolicies, this.model.tags);
    const migrateIrsa = props.migrateIrsa ?? false;
    this.validateCluster();
    this.validateWellKnownPolicies();
    if (!migrateIrsa) this.refuseIrsa();

    const addonsScope = new Construct(this, 'Addons');
    this.addons = this.model.addons.map(addon => this.newAddon(addonsScope, addon, migrateIrsa));
    const associationsScope = new Construct(this, 'Associations');
    this.associations = [
      ...this.model.associations.map(association => this.newAssociation(associationsScope, association)),
      ...migrateIrsa ? this.model.irsaServiceAccounts.map(account => this.newIrsaAssociation(associationsScope, account)) : [],
    ];

    const agent = this.addons.find(addon => addon.addonName.toLowerCase() === AGENT_ADDON);
    if (agent) {
      this.associations.forEach(association => association.addDependency(agent));
      this.addons
        .filter(addon => addon !== agent && Object.keys(addon.associationRoles).length > 0)
        .forEach(addon => addon.node.addDependency(agent));
    }

    const accounts = this.model.associations.filter(association => association.createServiceAccount);
    if (accounts.length > 0) {
      this.manifest = renderServiceAccounts(accounts, props.createNamespaces ?? true);
      this.manifestYaml = toYamlStream(this.manifest);
      this.manifestAsset = new Asset(this, 'ServiceAccountManifest', { path: writeManifestFile(this.manifestYaml, 'service-accounts.yaml') });
      this.manifestAssetS3Url = this.manifestAsset.s3ObjectUrl;
      this.manifestAssetObjectKey = this.manifestAsset.s3ObjectKey;
      new CfnOutput(this, 'ServiceAccountManifestS3Url', {
        value: this.manifestAsset.s3ObjectUrl,
        description: `Service accounts of the eksctl config of cluster ${this.model.clusterName}: aws s3 cp <url> - | kubectl apply -f -`,
      });
      // A stack with only this output and no resource would not deploy, and so not publish the manifest.
      ensureStackHasResources(this);
    }
    const applied: Applied = { rolesCreated: this.roles.created + this.recommendedRoles, migrateIrsa, formerIrsaRoles: this.formerIrsaRoles };
    warnWhereEksctlDiffers(this, this.model, applied);
  }

  /**
   * The association of the file's `iam.podIdentityAssociations` (or, with `migrateIrsa`,
   * `iam.serviceAccounts`) for a service account.
   *
   * @throws PodIdentityError if the file has no association for it
   */
  public findAssociation(namespace: string, serviceAccount: string): PodIdentityAssociation {
    const association = this.associations.find(candidate =>
      candidate.namespace === namespace && candidate.serviceAccount === serviceAccount);
    if (!association) {
      const known = this.associations.map(candidate => quote(`${candidate.namespace}/${candidate.serviceAccount}`));
      throw new PodIdentityError('eksctl-unknown-association', this,
        `the eksctl config has no pod identity association for service account ${quote(`${namespace}/${serviceAccount}`)} in iam.podIdentityAssociations (or, with migrateIrsa, iam.serviceAccounts); it has ${known.length > 0 ? known.join(', ') : 'none'}`,
        `Use one of those, or add the service account to iam.podIdentityAssociations (an add-on's roles are found with ${code(call(call(undefined, 'findAddon', [ref('name')]), 'roleFor', [ref('serviceAccount')]))})`);
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

  /**
   * Apply the manifest of `createServiceAccount: true` through `cluster.addManifest`, for an
   * `eks.Cluster` (`aws-eks` or `aws-eks-v2`) that has kubectl.
   *
   * This path is opt-in, and it is not Lambda-free: `addManifest` runs kubectl in the cluster's
   * kubectl provider, a Lambda-backed custom resource, which also deletes what it applied when the
   * stack is deleted (the namespaces too, with everything in them: see `createNamespaces`). Without
   * it, apply `manifestYaml` (or the file asset) with `kubectl apply -f` or a GitOps tool.
   *
   * @param cluster the same cluster, as an `eks.Cluster` with kubectl
   * @returns the Kubernetes manifest construct
   */
  public applyWith(cluster: IClusterRef): Construct {
    if (!this.manifest) {
      throw new PodIdentityError('apply-without-manifest', this,
        'applyWith() applies the service accounts of createServiceAccount: true, but no association of the eksctl config asks for its service account',
        'Set createServiceAccount: true on the associations whose service accounts to create, or do not call applyWith()');
    }
    const target = kubectlClusterFor(this, cluster, this.applied);
    if (Token.compareStrings(cluster.clusterRef.clusterName, this.cluster.clusterRef.clusterName) === TokenComparison.DIFFERENT
      || (!Token.isUnresolved(cluster.clusterRef.clusterName) && cluster.clusterRef.clusterName !== this.model.clusterName)) {
      throw new PodIdentityError('apply-to-other-cluster', this,
        `cluster ${quote(cluster.clusterRef.clusterName)} is not the eksctl config's cluster ${quote(this.model.clusterName)}`,
        'Pass the cluster the file describes');
    }
    const namespaces = this.manifest.filter(object => object.kind === 'Namespace').map(object => quote(object.metadata.name));
    if (namespaces.length > 0) {
      Annotations.of(this).addWarningV2(`${LIBRARY_ID}:eksctl-applied-namespaces`,
        `applyWith() applies the namespaces ${namespaces.join(', ')} with kubectl, which deletes them, with everything in them, when this stack is deleted; eksctl creates a missing namespace and never deletes it. Pass ${code(settingCode('createNamespaces', false))} to ${code(call(undefined, 'apply'))} if the namespaces exist or are managed elsewhere`);
    }
    this.applied = target.addManifest(`${Names.uniqueId(this)}ServiceAccounts`, ...this.manifest);
    return this.applied;
  }

  private newAssociation(scope: Construct, spec: EksctlAssociationSpec): PodIdentityAssociation {
    const container = this.associationScope(scope, spec.namespace, spec.serviceAccount);
    const sessionTags = !spec.disableSessionTags;
    const role = this.roles.roleFor(container, spec, {
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

  /** An entry of `iam.serviceAccounts` as eksctl utils migrate-to-pod-identity makes it: an association, with a role of the same permissions. */
  // Source: eksctl-io/eksctl pkg/actions/podidentityassociation/migrator.go MigrateToPodIdentity (one association per IRSA service account, with its role) @ 03aee6ca4cc0bb5826ca2930300c75ca411ae632 (checked 2026-12-01)
  private newIrsaAssociation(scope: Construct, spec: EksctlIrsaServiceAccountSpec): PodIdentityAssociation {
    const container = this.associationScope(scope, spec.namespace, spec.serviceAccount);
    if (spec.roleArn !== undefined) this.formerIrsaRoles.push({ where: spec.roleArnWhere!, roleArn: spec.roleArn });
    const role = this.roles.roleFor(container, spec, {
      namespace: spec.namespace,
      scoped: true,
      description: `Pod identity role of service account ${spec.namespace}/${spec.serviceAccount} of EKS cluster ${this.model.clusterName}, from the IRSA settings of its eksctl config`,
    });
    return new PodIdentityAssociation(container, 'Association', {
      cluster: this.cluster,
      namespace: spec.namespace,
      serviceAccount: spec.serviceAccount,
      role,
      tags: spec.tags,
    });
  }

  private associationScope(scope: Construct, namespace: string, serviceAccount: string): Construct {
    const namespaceScope = scope.node.tryFindChild(namespace) as Construct | undefined ?? new Construct(scope, namespace);
    return new Construct(namespaceScope, serviceAccount);
  }

  private newAddon(scope: Construct, spec: EksctlAddonSpec, migrateIrsa: boolean): PodIdentityAddon {
    // An explicit association list is never empty here: an empty one reads as unset, as in eksctl.
    const container = new Construct(scope, spec.name);
    const explicit = spec.podIdentityAssociations?.map((association): AddonPodIdentityAssociation => ({
      serviceAccount: association.serviceAccount,
      role: this.roles.roleFor(new Construct(container, association.serviceAccount), association, {
        namespace: association.namespace,
        scoped: true,
        description: `Pod identity role of service account ${association.serviceAccount} of EKS add-on ${spec.name}, from the eksctl config of cluster ${this.model.clusterName}`,
      }),
    }));
    const converted = migrateIrsa && spec.irsa ? [this.convertAddonIrsa(container, spec)] : undefined;
    const podIdentityAssociations = explicit ?? converted;
    const addon = new PodIdentityAddon(container, 'Addon', {
      cluster: this.cluster,
      addonName: spec.name,
      addonVersion: spec.version,
      configurationValues: spec.configurationValues,
      resolveConflicts: spec.resolveConflicts,
      namespace: spec.namespace,
      tags: spec.tags,
      ipFamily: this.model.ipFamily,
      podIdentityAssociations,
      useRecommendedPolicies: podIdentityAssociations === undefined ? spec.useRecommended : undefined,
    });
    if (podIdentityAssociations === undefined) {
      // The recommended roles are the add-on's own; eksctl creates them in stacks too, with metadata.tags.
      for (const role of Object.values(addon.associationRoles)) tagRole(role, this.model.tags ?? {});
      this.recommendedRoles += Object.keys(addon.associationRoles).length;
    }
    return addon;
  }

  /** An add-on's IRSA settings as eksctl's addon migrator makes them: an association on the add-on's service account. */
  // Source: eksctl-io/eksctl pkg/actions/podidentityassociation/addon_migrator.go migrateAddon (the add-on's single pod identity service account, or the one of the role's trust; skipped when there are several) @ 0afd1ac32b5ea19eae1eb22d8ed9d4606ce6752d (checked 2026-12-01)
  private convertAddonIrsa(container: Construct, spec: EksctlAddonSpec): AddonPodIdentityAssociation {
    const irsa = spec.irsa!;
    if (irsa.serviceAccounts.length !== 1) {
      const known = irsa.serviceAccounts.length === 0 ? 'this library\'s table of add-ons lists no service account for it'
        : `it has the service accounts ${irsa.serviceAccounts.map(quote).join(', ')}`;
      throw new PodIdentityError('eksctl-irsa-addon-service-account', this,
        `the IRSA settings of ${irsa.where} ${quote(spec.name)} cannot become a pod identity association: ${known}, and without the EKS and IAM APIs this library cannot tell which one the IRSA role serves`,
        'Replace the IRSA settings with podIdentityAssociations naming the service account (namespace, serviceAccountName, and roleARN or permissionPolicyARNs)');
    }
    const serviceAccount = irsa.serviceAccounts[0];
    if (irsa.roleArn !== undefined) {
      this.formerIrsaRoles.push({ where: irsa.roleArnWhere!, roleArn: irsa.roleArn });
      return { serviceAccount, role: iam.Role.fromRoleArn(container, 'ServiceAccountRole', irsa.roleArn, { mutable: false }) };
    }
    const roleSpec: EksctlRoleSpec = {
      path: spec.path,
      serviceAccount,
      permissionPolicyArns: irsa.permissionPolicyArns,
      permissionPolicy: irsa.permissionPolicy,
      wellKnownPolicies: irsa.wellKnownPolicies,
      permissionsBoundaryArn: irsa.permissionsBoundaryArn,
    };
    return {
      serviceAccount,
      role: this.roles.roleFor(new Construct(container, serviceAccount), roleSpec, {
        namespace: irsa.namespace,
        scoped: true,
        description: `Pod identity role of service account ${serviceAccount} of EKS add-on ${spec.name}, from the IRSA settings of the eksctl config of cluster ${this.model.clusterName}`,
      }),
    };
  }

  /** Without migrateIrsa, the first IRSA setting of the file is an error. */
  private refuseIrsa(): void {
    const setting = this.model.irsaSettings[0];
    if (setting === undefined) return;
    const others = this.model.irsaSettings.length - 1;
    throw new PodIdentityError('eksctl-irsa-setting', this,
      `${setting.where} ${setting.problem}${others > 0 ? ` (and ${others} more IRSA setting${others > 1 ? 's' : ''})` : ''}`,
      `Pass ${codeSpan(settingCode('migrateIrsa', true))} to ${code(call(undefined, 'apply'))} to ${setting.conversion}, as \`eksctl utils migrate-to-pod-identity\` does, or remove it from the file`);
  }

  private validateWellKnownPolicies(): void {
    const unknown = Object.keys(this.wellKnownPolicies).find(key => !WELL_KNOWN_POLICY_KEYS.includes(key as WellKnownPolicyKey));
    if (unknown !== undefined) {
      throw new PodIdentityError('eksctl-unknown-well-known-policy', this,
        `wellKnownPolicies has the key ${quote(unknown)}, which is not a key of eksctl's wellKnownPolicies (${WELL_KNOWN_POLICY_KEYS.join(', ')})`,
        `Use those keys, spelled as in the eksctl config; ${code(call(ref('config'), 'catalogueWellKnownPolicies'))} has them all`);
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
