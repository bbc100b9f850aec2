import { AddonConflictResolution } from '../../addon/addon-conflict-resolution';
import { findRecommendedAddon, recommendedServiceAccounts } from '../../addon/recommended-associations';
import { quote } from '../../private/errors';
import { yamlModule } from '../../private/k8s-manifest';
import { validateNamespace } from '../../private/names';
import { arn, boolean, checkFields, entryMapping, isSet, list, mapping, string, stringMap } from './fields';
import { EksctlAddonIrsaSpec, EksctlAddonSpec, EksctlAddonVersionResolution, EksctlIrsaSetting, EksctlUnusedSetting, PolicyJson } from './model';
import { readAddonAssociation, readPolicyArns, readWellKnownPolicies, POLICY_ARN, ROLE_ARN } from './parse-role';
import { checkPolicyDocument } from './policies';
import { EksctlSource, fieldPath, isYamlMap, itemPath, YamlMap } from './yaml-source';

// Reading the `addons` of a ClusterConfig.

// Source: eksctl-io/eksctl pkg/apis/eksctl.io/v1alpha5/addon.go PodIdentityAgentAddon, CanonicalName (lower case) @ c29b52152bb7187cda15619c997fe08fc3495f00 (checked 2026-12-01)
const AGENT_ADDON = 'eks-pod-identity-agent';
// Source: eksctl-io/eksctl pkg/actions/addon/create.go setRecommendedPoliciesForIRSA (vpc-cni, aws-ebs-csi-driver, aws-efs-csi-driver) @ main as indexed (file id 6332049854; commit not shown) (checked 2026-12-01)
const ADDONS_WITH_RECOMMENDED_IRSA = ['vpc-cni', 'aws-ebs-csi-driver', 'aws-efs-csi-driver'];
const FULL_ADDON_VERSION = /^v?(\d+\.\d+\.\d+-eksbuild\.\d+)$/;
const RELEASE_VERSION = /^v?(\d+\.\d+\.\d+)$/;
/** A part of an add-on version, which eksctl matches against the versions EKS offers: `1.7`, `v1.19.0-eksbuild`. */
const VERSION_FRAGMENT = /^v?\d+(\.\d+){0,2}(-eksbuild(\.\d*)?)?$/;
const RESOLVE_CONFLICTS: { [value: string]: AddonConflictResolution } = {
  none: AddonConflictResolution.NONE,
  overwrite: AddonConflictResolution.OVERWRITE,
  preserve: AddonConflictResolution.PRESERVE,
};

/** An entry of `addons`; its IRSA settings are recorded in `irsaSettings`. */
export function readAddon(source: EksctlSource, path: string, entry: unknown, autoApply: boolean, withOidc: boolean,
  irsaSettings: EksctlIrsaSetting[], unusedSettings: EksctlUnusedSetting[]): EksctlAddonSpec {
  const item = entryMapping(source, path, entry, 'addons[]', 'an add-on');
  const name = string(source, item, 'name', path, true)!;
  // eksctl compares add-on names in lower case (Addon.CanonicalName).
  const isAgent = name.toLowerCase() === AGENT_ADDON;
  const namespaceConfig = mapping(source, item, 'namespaceConfig', path);
  if (namespaceConfig) checkFields(source, fieldPath(path, 'namespaceConfig'), namespaceConfig, 'addons[].namespaceConfig', 'namespaceConfig');
  const namespace = namespaceConfig ? string(source, namespaceConfig, 'namespace', fieldPath(path, 'namespaceConfig')) : undefined;
  if (namespace !== undefined) source.check(fieldPath(path, 'namespaceConfig.namespace'), scope => validateNamespace(scope, namespace));

  const serviceAccountRoleArn = arn(source, item, 'serviceAccountRoleARN', path, ROLE_ARN, 'an IAM role');
  // eksctl's HasIRSASet: a role, or policies for a role to create; the boundary alone is not IRSA.
  const irsaPolicyFields = ['attachPolicyARNs', 'attachPolicy', 'wellKnownPolicies'].filter(field => isSet(item[field]));
  const irsaFields = [...(serviceAccountRoleArn !== undefined ? ['serviceAccountRoleARN'] : []), ...irsaPolicyFields];
  const associationEntries = list(source, item, 'podIdentityAssociations', path) ?? [];
  // eksctl's HasPodIDsSet needs at least one entry: `podIdentityAssociations: []` counts as unset on create.
  // Source: eksctl-io/eksctl pkg/apis/eksctl.io/v1alpha5/addon.go HasPodIDsSet @ c29b52152bb7187cda15619c997fe08fc3495f00 (checked 2026-12-01)
  const hasPodIds = associationEntries.length > 0;
  const useDefault = boolean(source, item, 'useDefaultPodIdentityAssociations', path) ?? false;
  const associationsPath = fieldPath(path, 'podIdentityAssociations');
  if (irsaFields.length > 0 && (useDefault || hasPodIds)) {
    // eksctl rejects IRSA with explicit associations; with useDefaultPodIdentityAssociations it
    // silently keeps IRSA (create.go checks HasIRSASet first), which is an error here.
    // Source: eksctl-io/eksctl pkg/apis/eksctl.io/v1alpha5/addon.go Addon.Validate ("cannot set IRSA config ... and pod identity associations at the same time") @ c29b52152bb7187cda15619c997fe08fc3495f00 (checked 2026-12-01)
    const podIdentityField = hasPodIds ? 'podIdentityAssociations' : 'useDefaultPodIdentityAssociations';
    source.fail('eksctl-irsa-and-pod-identity', path,
      `sets IRSA (${irsaFields.join(', ')}) and pod identity (${podIdentityField}) at once; an add-on gets its AWS credentials one way`,
      `Remove ${irsaFields.join(', ')} to use pod identity, or remove ${podIdentityField} to keep IRSA`);
  }
  if (irsaFields.length > 1) {
    // Source: eksctl-io/eksctl pkg/apis/eksctl.io/v1alpha5/addon.go checkAtMostOnePolicyProviderIsSet ("at most one of wellKnownPolicies, serviceAccountRoleARN, attachPolicyARNs and attachPolicy can be specified") @ c29b52152bb7187cda15619c997fe08fc3495f00 (checked 2026-12-01)
    source.fail('eksctl-irsa-policy-providers', fieldPath(path, irsaFields[1]),
      `is set together with ${irsaFields[0]}, but eksctl takes at most one of wellKnownPolicies, serviceAccountRoleARN, attachPolicyARNs and attachPolicy`,
      `Keep one of ${irsaFields.join(', ')}`);
  }
  if (useDefault && hasPodIds) {
    // This library's rule: eksctl validates no such pair, and its two commands read it differently.
    // `eksctl create` takes the explicit associations (HasPodIDsSet comes first); `eksctl update`
    // takes the recommended ones when useDefaultPodIdentityAssociations is set.
    // Source: eksctl-io/eksctl pkg/apis/eksctl.io/v1alpha5/addon.go Addon.Validate (no rule on the pair) @ c29b52152bb7187cda15619c997fe08fc3495f00 (checked 2026-12-01)
    // Source: eksctl-io/eksctl pkg/actions/addon/create.go Manager.Create (case addon.HasPodIDsSet() before UseDefaultPodIdentityAssociations) @ main as indexed (file id 6332049854; commit not shown) (checked 2026-12-01)
    // Source: eksctl-io/eksctl pkg/actions/addon/update.go Manager.Update (if addon.UseDefaultPodIdentityAssociations: the recommended associations, else addon.PodIdentityAssociations) @ main as indexed (file id 5778008426; commit not shown) (checked 2026-12-01)
    source.fail('eksctl-default-and-explicit-associations', fieldPath(path, 'useDefaultPodIdentityAssociations'),
      'is true, but podIdentityAssociations lists associations too; eksctl reads the pair two ways (`eksctl create addon` uses the listed associations and ignores useDefaultPodIdentityAssociations, `eksctl update addon` replaces them with the recommended ones), so this library refuses it',
      'Remove useDefaultPodIdentityAssociations to keep the listed associations, or remove podIdentityAssociations to get the recommended ones');
  }
  if (isAgent && hasPodIds) {
    // Source: eksctl-io/eksctl pkg/apis/eksctl.io/v1alpha5/addon.go Addon.Validate ("cannot set pod identity associtations for \"eks-pod-identity-agent\" addon", by CanonicalName) @ c29b52152bb7187cda15619c997fe08fc3495f00 (checked 2026-12-01)
    source.fail('eksctl-agent-associations', associationsPath,
      `is set on add-on ${quote(name)}, which cannot have pod identity associations: it is the agent that hands out their credentials`,
      'Remove podIdentityAssociations from this add-on');
  }
  const row = findRecommendedAddon(name);
  const addonNamespace = namespace ?? row?.namespace;
  const podIdentityAssociations = hasPodIds
    ? associationEntries.map((association, index) =>
      readAddonAssociation(source, itemPath(associationsPath, index), association, name, addonNamespace, unusedSettings))
    : undefined;
  const version = readAddonVersion(source, item, path);
  const irsa = readAddonIrsa(source, path, item, serviceAccountRoleArn, irsaFields, irsaSettings, unusedSettings);
  // A release written without its build gets at least its first build: the lowest version to choose service accounts by.
  const lowestVersion = version.version ?? (version.versionResolution === 'newest-build' ? `v${version.release}-eksbuild.1` : undefined);
  const recommendedAccounts = row ? recommendedServiceAccounts(row, lowestVersion).map(account => account.serviceAccount) : [];
  // The agent needs no AWS permissions, so eksctl gives it no association.
  // Source: eksctl-io/eksctl pkg/actions/addon/create.go Manager.Create (explicit associations, then IRSA, then autoApply/useDefault, then recommended IRSA) @ main as indexed (file id 6332049854; commit not shown) (checked 2026-12-01)
  const useRecommended = !hasPodIds && irsaFields.length === 0 && !isAgent && (useDefault || autoApply);
  return {
    path,
    name,
    version: version.version,
    writtenVersion: version.writtenVersion,
    versionResolution: version.versionResolution,
    configurationValues: readConfigurationValues(source, item, path),
    resolveConflicts: readResolveConflicts(source, item, path),
    tags: stringMap(source, item, 'tags', path),
    namespace,
    irsa: irsa && { ...irsa, serviceAccounts: recommendedAccounts, namespace: addonNamespace },
    podIdentityAssociations,
    useRecommended,
    eksctlWouldCreateIrsaRole: withOidc && !hasPodIds && irsaFields.length === 0 && !useRecommended
      && ADDONS_WITH_RECOMMENDED_IRSA.includes(name.toLowerCase()),
  };
}

/** The add-on's IRSA settings, recorded for `migrateIrsa`; `undefined` when it has none. */
function readAddonIrsa(source: EksctlSource, path: string, item: YamlMap, roleArn: string | undefined, irsaFields: string[],
  irsaSettings: EksctlIrsaSetting[], unusedSettings: EksctlUnusedSetting[]): Omit<EksctlAddonIrsaSpec, 'serviceAccounts' | 'namespace'> | undefined {
  const permissionsBoundaryArn = arn(source, item, 'permissionsBoundary', path, POLICY_ARN, 'an IAM policy');
  if (irsaFields.length === 0) {
    // eksctl puts an add-on's boundary only on an IRSA role it creates (createRoleForIRSA), and its
    // IRSA checks (HasIRSASet, HasIRSAPoliciesSet) do not count it: with pod identity it is unused.
    // Source: eksctl-io/eksctl pkg/apis/eksctl.io/v1alpha5/addon.go HasIRSAPoliciesSet, HasIRSASet (no PermissionsBoundary) @ c29b52152bb7187cda15619c997fe08fc3495f00 (checked 2026-12-01)
    // Source: eksctl-io/eksctl pkg/actions/addon/create.go createRoleResourceSet (addon.PermissionsBoundary, IRSA roles only) @ main as indexed (file id 6332049854; commit not shown) (checked 2026-12-01)
    if (permissionsBoundaryArn !== undefined) {
      unusedSettings.push({
        where: source.where(fieldPath(path, 'permissionsBoundary')),
        reason: 'is not used: eksctl puts an add-on\'s permissionsBoundary only on an IRSA role that it creates for the add-on, the add-on has no attachPolicyARNs, attachPolicy or wellKnownPolicies for this library to make a role of, and the roles of its pod identity associations do not take it, in eksctl either',
        fix: 'Set permissionsBoundaryARN on the add-on\'s podIdentityAssociations to bound their roles, or remove permissionsBoundary',
      });
    }
    return undefined;
  }
  if (roleArn !== undefined && permissionsBoundaryArn !== undefined) {
    source.fail('eksctl-role-arn-and-policies', fieldPath(path, 'permissionsBoundary'),
      'cannot be set when serviceAccountRoleARN is set: serviceAccountRoleARN names an existing role, and the boundary only applies to a role created for the add-on',
      'Remove serviceAccountRoleARN to create a role with the boundary, or remove permissionsBoundary and set the existing role\'s boundary yourself');
  }
  const field = irsaFields[0];
  irsaSettings.push(roleArn !== undefined ? {
    where: source.where(fieldPath(path, field)),
    line: source.lineOf(fieldPath(path, field)) ?? 0,
    problem: 'is the IRSA role of the add-on',
    conversion: 'give the add-on a pod identity association with that role instead (its trust policy must then allow pods.eks.amazonaws.com)',
  } : {
    where: source.where(fieldPath(path, field)),
    line: source.lineOf(fieldPath(path, field)) ?? 0,
    problem: 'is an IRSA setting: eksctl would create an IAM role for service accounts, which this library does not do',
    conversion: 'give the add-on a pod identity association with a new role that has the same permissions',
  });
  const permissionPolicy: PolicyJson | undefined = isSet(item.attachPolicy)
    ? checkPolicyDocument(source, fieldPath(path, 'attachPolicy'), item.attachPolicy) : undefined;
  return {
    where: source.where(path),
    roleArn,
    roleArnWhere: roleArn !== undefined ? source.where(fieldPath(path, 'serviceAccountRoleARN')) : undefined,
    permissionPolicyArns: readPolicyArns(source, item, 'attachPolicyARNs', path),
    permissionPolicy,
    wellKnownPolicies: readWellKnownPolicies(source, fieldPath(path, 'wellKnownPolicies'), item.wellKnownPolicies),
    permissionsBoundaryArn,
  };
}

/**
 * The add-on version to render. Without a version, eksctl installs the version EKS marks as the
 * default for the cluster's Kubernetes version, which is what EKS installs when AddonVersion is
 * unset: nothing to render and nothing to warn about. Otherwise eksctl asks the EKS API for the
 * newest version that contains the string written (any version for `latest`), so `1.7.5` and
 * `v1.7.5` both mean the newest `v1.7.5-eksbuild.N` that EKS offers for the cluster's Kubernetes
 * version. Without API calls at synth, only a full version is rendered, as written; anything else
 * eksctl matches (`latest`, a release without its build, a part such as `1.7`) leaves the choice to
 * EKS, which installs its default version, and a warning says so. A guessed build (`-eksbuild.1`)
 * might not exist for the cluster's Kubernetes version, and would fail the deployment.
 */
// Source: eksctl-io/eksctl pkg/actions/addon/addon.go getLatestMatchingVersion ("if not specified, will install default version": Compatibilities[0].DefaultVersion; else "latest" or strings.Contains, newest first) @ 07d83f110290ea730520d3be8c2f425e36c50f5c (checked 2026-12-01)
// Source: eksctl-io/eksctl userdocs addons.md (`version: 1.7.5`), https://docs.aws.amazon.com/eks/latest/eksctl/addons.html @ as published (checked 2026-12-01)
function readAddonVersion(source: EksctlSource, item: YamlMap, path: string): {
  readonly version?: string; readonly writtenVersion?: string; readonly versionResolution: EksctlAddonVersionResolution;
  /** The release written without its build, such as `1.7.5`. */
  readonly release?: string;
} {
  const written = string(source, item, 'version', path);
  if (written === undefined) return { versionResolution: 'default' };
  if (written.toLowerCase() === 'latest') return { writtenVersion: written, versionResolution: 'newest' };
  const full = FULL_ADDON_VERSION.exec(written);
  if (full) return { version: `v${full[1]}`, writtenVersion: written, versionResolution: 'exact' };
  const release = RELEASE_VERSION.exec(written);
  if (release) return { writtenVersion: written, versionResolution: 'newest-build', release: release[1] };
  if (VERSION_FRAGMENT.test(written)) return { writtenVersion: written, versionResolution: 'newest-matching' };
  return source.fail('eksctl-invalid-value', fieldPath(path, 'version'),
    `is ${quote(written)}, which is no part of an EKS add-on version, so eksctl would find no version that contains it`,
    'Write a release such as \'1.7.5\' or \'v1.7.5\', a full EKS version such as \'v1.7.5-eksbuild.2\' (`aws eks describe-addon-versions` lists them), a part of one such as \'1.7\', or \'latest\'');
}

function readConfigurationValues(source: EksctlSource, item: YamlMap, path: string): { [key: string]: unknown } | undefined {
  const text = string(source, item, 'configurationValues', path);
  if (text === undefined) return undefined;
  let values: unknown;
  try {
    values = yamlModule().parse(text, { version: '1.1' });
  } catch {
    values = undefined;
  }
  if (!isYamlMap(values)) {
    // Addon.Validate: "supported format(s) are: JSON and YAML"
    source.fail('eksctl-invalid-value', fieldPath(path, 'configurationValues'), 'is not a JSON or YAML mapping',
      'Give the configuration as a string holding a JSON object or a YAML mapping, as `aws eks describe-addon-configuration` describes it');
  }
  return values;
}

function readResolveConflicts(source: EksctlSource, item: YamlMap, path: string): AddonConflictResolution | undefined {
  const value = string(source, item, 'resolveConflicts', path);
  if (value === undefined) return undefined;
  const resolution = RESOLVE_CONFLICTS[value.toLowerCase()];
  if (resolution === undefined) {
    source.fail('eksctl-invalid-value', fieldPath(path, 'resolveConflicts'), `is ${quote(value)}, not a way to resolve conflicts`,
      'Use none, overwrite or preserve');
  }
  return resolution;
}

