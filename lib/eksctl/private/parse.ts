import { IpFamily } from 'aws-cdk-lib/aws-eks';
import { parse as parseYaml } from 'yaml';
import { AddonConflictResolution } from '../../addon/addon-conflict-resolution';
import { findRecommendedAddon } from '../../addon/recommended-associations';
import { quote } from '../../private/errors';
import {
  EksctlAddonAssociationSpec, EksctlAddonSpec, EksctlAddonVersionResolution, EksctlAssociationSpec, EksctlModel, EksctlRoleSpec,
  PolicyJson, WellKnownPolicyKey,
} from './model';
import { checkPolicyDocument, checkSessionPolicy } from './policies';
import { eksctlInlinePolicyNames, WELL_KNOWN_POLICY_KEYS } from './well-known-policies';
import {
  arn, boolean, checkArn, checkFields, describe, entryMapping, FieldUse, isSet, list, mapping, string, stringList, stringMap, unknownField,
} from './fields';
import { EksctlSource, fieldPath, isYamlMap, itemPath, YamlMap } from './yaml-source';
import { validateClusterName, validateNamespace, validateServiceAccount } from '../../private/names';

// Reads and checks an eksctl ClusterConfig (apiVersion eksctl.io/v1alpha5) into an EksctlModel.
// Field names and rules follow eksctl's schema (pkg/apis/eksctl.io/v1alpha5/assets/schema.json)
// and validation (pkg/ctl/cmdutils/pod_identity_association.go, pkg/apis/eksctl.io/v1alpha5/addon.go);
// each rule names its source. Private to EksctlConfig.

/** The top-level sections of a ClusterConfig that describe the cluster, not its pod identity: ignored. */
// Source: eksctl-io/eksctl userdocs/src/usage/control-plane-component-config.md (kubeAPIServerConfig, kubeSchedulerConfig, kubeControllerManagerConfig) @ 8f1de2ade7afddd0ce0bdb05a0221e016926906b (checked 2026-12-01)
export const IGNORED_SECTIONS = [
  'accessConfig', 'autoModeConfig', 'availabilityZones', 'capabilities', 'cloudWatch', 'controlPlaneScalingConfig',
  'fargateProfiles', 'gitops', 'iamIdentityMappings', 'identityProviders', 'karpenter', 'kubeAPIServerConfig',
  'kubeControllerManagerConfig', 'kubeSchedulerConfig', 'localZones', 'managedNodeGroups', 'nodeGroups', 'outpost',
  'privateCluster', 'remoteNetworkConfig', 'secretsEncryption', 'upgradePolicy', 'vpc', 'zonalShiftConfig',
];

const TOP_LEVEL: { [field: string]: FieldUse } = {
  apiVersion: 'read', kind: 'read', metadata: 'read', kubernetesNetworkConfig: 'read', iam: 'read', addons: 'read', addonsConfig: 'read',
  ...Object.fromEntries(IGNORED_SECTIONS.map(section => [section, 'ignore' as FieldUse])),
};
const METADATA: { [field: string]: FieldUse } = {
  name: 'read', region: 'read', version: 'ignore', forceUpdateVersion: 'ignore', rollbackConfig: 'ignore', tags: 'ignore', annotations: 'ignore',
};
const NETWORK: { [field: string]: FieldUse } = { ipFamily: 'read', serviceIPv4CIDR: 'ignore', serviceIPv6CIDR: 'ignore' };
const IAM: { [field: string]: FieldUse } = {
  podIdentityAssociations: 'read', serviceAccounts: 'read', withOIDC: 'read', serviceRoleARN: 'ignore',
  serviceRolePermissionsBoundary: 'ignore', fargatePodExecutionRoleARN: 'ignore',
  fargatePodExecutionRolePermissionsBoundary: 'ignore', vpcResourceControllerPolicy: 'ignore',
};
const ASSOCIATION: { [field: string]: FieldUse } = Object.fromEntries([
  'namespace', 'serviceAccountName', 'roleARN', 'createServiceAccount', 'roleName', 'permissionsBoundaryARN',
  'permissionPolicyARNs', 'permissionPolicyName', 'permissionPolicy', 'wellKnownPolicies', 'tags', 'targetRoleARN',
  'disableSessionTags', 'policy',
].map(field => [field, 'read' as FieldUse]));
const ADDONS_CONFIG: { [field: string]: FieldUse } = { autoApplyPodIdentityAssociations: 'read', disableDefaultAddons: 'ignore' };
const ADDON: { [field: string]: FieldUse } = {
  ...Object.fromEntries([
    'name', 'version', 'serviceAccountRoleARN', 'attachPolicyARNs', 'attachPolicy', 'permissionsBoundary', 'wellKnownPolicies',
    'tags', 'resolveConflicts', 'podIdentityAssociations', 'useDefaultPodIdentityAssociations', 'configurationValues',
    'namespaceConfig',
  ].map(field => [field, 'read' as FieldUse])),
  // Filters of `eksctl utils describe-addon-versions`, not settings of the add-on.
  publishers: 'ignore', types: 'ignore', owners: 'ignore',
};
const NAMESPACE_CONFIG: { [field: string]: FieldUse } = { namespace: 'read' };

/** The IRSA settings of an add-on: eksctl would create an IAM role for service accounts. */
const ADDON_IRSA_POLICY_FIELDS = ['attachPolicyARNs', 'attachPolicy', 'wellKnownPolicies', 'permissionsBoundary'];

/** The fields of an association that describe a role to create, not allowed with `roleARN`. */
const ROLE_CREATION_FIELDS = ['roleName', 'permissionsBoundaryARN', 'permissionPolicyARNs', 'permissionPolicy', 'permissionPolicyName', 'wellKnownPolicies'];

/** The fields of an association that an add-on's association may not have, and why not. */
const ADDON_ASSOCIATION_UNSUPPORTED: { readonly [field: string]: string } = {
  // Source: none found (searched eksctl-io/eksctl v1alpha5 addon.go, validation.go and schema.json as indexed, and eksctl's issues; issue 14 of this project cites validation.go; a user's log quotes eksctl's "wellKnownPolicies is not supported for addon.podIdentityAssociations") (checked 2026-12-01)
  wellKnownPolicies: 'is not supported on an add-on\'s association, as in eksctl',
  // Source: none found (same search as wellKnownPolicies above; issue 14 of this project cites eksctl's validation.go) (checked 2026-12-01)
  tags: 'is not supported on an add-on\'s association, as in eksctl: EKS takes only a service account and a role for it (AWS::EKS::Addon PodIdentityAssociations)',
};

const API_VERSION = 'eksctl.io/v1alpha5';
const KIND = 'ClusterConfig';
// Source: eksctl-io/eksctl pkg/apis/eksctl.io/v1alpha5/addon.go PodIdentityAgentAddon, CanonicalName (lower case) @ c29b52152bb7187cda15619c997fe08fc3495f00 (checked 2026-12-01)
const AGENT_ADDON = 'eks-pod-identity-agent';
// Source: eksctl-io/eksctl pkg/actions/addon/create.go setRecommendedPoliciesForIRSA (vpc-cni, aws-ebs-csi-driver, aws-efs-csi-driver) @ main as indexed (file id 6332049854; commit not shown) (checked 2026-12-01)
const ADDONS_WITH_RECOMMENDED_IRSA = ['vpc-cni', 'aws-ebs-csi-driver', 'aws-efs-csi-driver'];
const FULL_ADDON_VERSION = /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;
const RELEASE_VERSION = /^v?(\d+\.\d+\.\d+)$/;
// IAM policy names: https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html
const IAM_POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;
const POLICY_ARN = /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/.+$/;
const RESOLVE_CONFLICTS: { [value: string]: AddonConflictResolution } = {
  none: AddonConflictResolution.NONE,
  overwrite: AddonConflictResolution.OVERWRITE,
  preserve: AddonConflictResolution.PRESERVE,
};

/**
 * Reads `text`, an eksctl ClusterConfig, into the model of its pod identity part, and throws a
 * PodIdentityError naming the field, its path and its line for anything this library cannot honour.
 *
 * @param sourceName the file name, for messages
 */
export function parseClusterConfig(text: string, sourceName?: string): EksctlModel {
  const parsed = EksctlSource.parse(text, sourceName);
  const source: EksctlSource = parsed.source;
  const root: unknown = parsed.root;
  if (!isYamlMap(root)) {
    source.fail('eksctl-not-cluster-config', '', `${source.subject()} is ${describe(root)}, not an eksctl ClusterConfig`,
      `Give an eksctl config file: a mapping with \`apiVersion: ${API_VERSION}\` and \`kind: ${KIND}\``);
  }
  checkFields(source, '', root, TOP_LEVEL, 'a ClusterConfig');
  for (const [field, expected] of [['apiVersion', API_VERSION], ['kind', KIND]]) {
    if (root[field] !== expected) {
      source.fail('eksctl-not-cluster-config', field, root[field] === undefined || root[field] === null ? 'is missing'
        : `is ${JSON.stringify(root[field])}`, `An eksctl config file has \`${field}: ${expected}\``);
    }
  }

  const metadata = mapping(source, root, 'metadata', '', true)!;
  checkFields(source, 'metadata', metadata, METADATA, 'metadata');
  const clusterName = string(source, metadata, 'name', 'metadata', true)!;
  source.check('metadata.name', scope => validateClusterName(scope, clusterName));
  const region = string(source, metadata, 'region', 'metadata', true)!;

  const network = mapping(source, root, 'kubernetesNetworkConfig', '');
  if (network) checkFields(source, 'kubernetesNetworkConfig', network, NETWORK, 'kubernetesNetworkConfig');
  const ipFamily = network ? readIpFamily(source, network) : undefined;

  const iamSection = mapping(source, root, 'iam', '') ?? {};
  checkFields(source, 'iam', iamSection, IAM, 'iam');
  const withOidc = boolean(source, iamSection, 'withOIDC', 'iam') ?? false;
  const associations = list(source, iamSection, 'podIdentityAssociations', 'iam') ?? [];
  const associationSpecs = associations.map((entry, index) =>
    readAssociation(source, itemPath('iam.podIdentityAssociations', index), entry));

  const addonsConfig = mapping(source, root, 'addonsConfig', '') ?? {};
  checkFields(source, 'addonsConfig', addonsConfig, ADDONS_CONFIG, 'addonsConfig');
  const autoApply = boolean(source, addonsConfig, 'autoApplyPodIdentityAssociations', 'addonsConfig') ?? false;
  const addons = (list(source, root, 'addons', '') ?? []).map((entry, index) =>
    readAddon(source, itemPath('addons', index), entry, autoApply, withOidc));

  checkDuplicateAddons(source, addons);
  checkServiceAccounts(source, associationSpecs, addons, readIrsaServiceAccounts(source, iamSection));
  return { sourceName, clusterName, region, ipFamily, withOidc, associations: associationSpecs, addons };
}

function readIpFamily(source: EksctlSource, network: YamlMap): IpFamily | undefined {
  const value = string(source, network, 'ipFamily', 'kubernetesNetworkConfig');
  if (value === undefined) return undefined;
  const ipFamily = [IpFamily.IP_V4, IpFamily.IP_V6].find(family => family === value.toLowerCase());
  if (ipFamily === undefined) {
    source.fail('eksctl-invalid-value', 'kubernetesNetworkConfig.ipFamily', `is ${quote(value)}, not an IP family`,
      'Use `IPv4` or `IPv6`');
  }
  return ipFamily;
}

function readAssociation(source: EksctlSource, path: string, entry: unknown): EksctlAssociationSpec {
  const item = entryMapping(source, path, entry, ASSOCIATION, 'a pod identity association');
  const namespace = string(source, item, 'namespace', path, true)!;
  source.check(fieldPath(path, 'namespace'), scope => validateNamespace(scope, namespace));
  const role = readRole(source, path, item, { allowNoPermissions: item.targetRoleARN !== undefined && item.targetRoleARN !== null });
  // A target role may be in the account of roleARN or in another one: EKS allows both, and current
  // eksctl has no rule against it (its podidentityassociation/validation.go is called nowhere).
  // Source: CreatePodIdentityAssociation targetRoleArn ("the same or a different account"), https://docs.aws.amazon.com/eks/latest/APIReference/API_CreatePodIdentityAssociation.html @ API 2017-11-01 (checked 2026-12-01)
  const targetRoleArn = arn(source, item, 'targetRoleARN', path, ROLE_ARN, 'an IAM role');
  const disableSessionTags = boolean(source, item, 'disableSessionTags', path) ?? false;
  const policy = item.policy === undefined || item.policy === null ? undefined
    : checkSessionPolicy(source, fieldPath(path, 'policy'), item.policy);
  // Source: CreatePodIdentityAssociation policy ("disableSessionTags must be set to true"), https://docs.aws.amazon.com/eks/latest/APIReference/API_CreatePodIdentityAssociation.html @ API 2017-11-01 (checked 2026-12-01)
  if (policy !== undefined && !disableSessionTags) {
    source.fail('eksctl-policy-needs-session-tags-off', fieldPath(path, 'policy'),
      'is set but disableSessionTags is not true; EKS accepts a session policy only on an association with session tags disabled',
      'Add `disableSessionTags: true`, or remove `policy` and narrow the role\'s own policy instead');
  }
  return { ...role, namespace, targetRoleArn, disableSessionTags, sessionPolicy: policy };
}

function readAddonAssociation(source: EksctlSource, path: string, entry: unknown, addonName: string,
  addonNamespace: string | undefined): EksctlAddonAssociationSpec {
  const item = entryMapping(source, path, entry, ASSOCIATION, 'a pod identity association');
  for (const [field, problem] of Object.entries(ADDON_ASSOCIATION_UNSUPPORTED)) {
    if (isSet(item[field])) {
      source.fail('eksctl-unsupported-field', fieldPath(path, field), problem,
        field === 'wellKnownPolicies'
          ? 'Give the policies as permissionPolicyARNs or permissionPolicy, or use useDefaultPodIdentityAssociations for the policies EKS recommends'
          : 'Remove tags, or tag the add-on itself with the add-on\'s tags');
    }
  }
  // The EKS add-on API takes a service account and a role per association, nothing more.
  for (const field of ['targetRoleARN', 'policy']) {
    if (item[field] !== undefined && item[field] !== null) {
      source.fail('eksctl-unsupported-field', fieldPath(path, field),
        'is not supported on an add-on\'s association: EKS takes only a service account and a role for it (AWS::EKS::Addon PodIdentityAssociations)',
        `Remove ${field}, or manage this service account with an entry of iam.podIdentityAssociations and no association on the add-on`);
    }
  }
  if (boolean(source, item, 'disableSessionTags', path) === true) {
    source.fail('eksctl-unsupported-field', fieldPath(path, 'disableSessionTags'),
      'is true, but an add-on\'s association always has session tags: EKS takes only a service account and a role for it',
      'Remove disableSessionTags');
  }
  // Source: eksctl-io/eksctl pkg/apis/eksctl.io/v1alpha5/addon.go Addon.Validate ("podIdentityAssociations[%d].namespace must be set") @ c29b52152bb7187cda15619c997fe08fc3495f00 (checked 2026-12-01)
  const namespace = string(source, item, 'namespace', path, true)!;
  source.check(fieldPath(path, 'namespace'), scope => validateNamespace(scope, namespace));
  if (addonNamespace !== undefined && namespace !== addonNamespace) {
    source.fail('eksctl-addon-namespace-mismatch', fieldPath(path, 'namespace'),
      `is ${quote(namespace)}, but add-on ${quote(addonName)} runs in namespace ${quote(addonNamespace)}`,
      `Set it to ${quote(addonNamespace)}: an add-on's service accounts are in the add-on's namespace`);
  }
  const role = readRole(source, path, item, { allowNoPermissions: false });
  return { ...role, namespace };
}

/** The role part, shared by both kinds of association, with eksctl's rules on roleARN. */
function readRole(source: EksctlSource, path: string, item: YamlMap, options: { readonly allowNoPermissions: boolean }): EksctlRoleSpec {
  const serviceAccount = string(source, item, 'serviceAccountName', path, true)!;
  source.check(fieldPath(path, 'serviceAccountName'), scope => validateServiceAccount(scope, serviceAccount));
  if (boolean(source, item, 'createServiceAccount', path) === true) {
    source.fail('eksctl-unsupported-field', fieldPath(path, 'createServiceAccount'),
      'is true, but this library does not create Kubernetes service accounts (that needs kubectl)',
      `Remove it, and create the service account ${quote(serviceAccount)} with your manifests or Helm chart`);
  }
  const roleArn = arn(source, item, 'roleARN', path, ROLE_ARN, 'an IAM role');
  if (roleArn !== undefined) {
    // eksctl rejects the policy fields with roleARN; it ignores roleName, permissionsBoundaryARN and
    // permissionPolicyName then, which is an error here.
    // Source: eksctl-io/eksctl pkg/ctl/cmdutils/pod_identity_association.go validatePodIdentityAssociationsForConfig ("cannot be specified when %s.roleARN is set") @ main as indexed (file id 6097873321; commit not shown) (checked 2026-12-01)
    const conflicting = ROLE_CREATION_FIELDS.find(field => isSet(item[field]));
    if (conflicting !== undefined) {
      source.fail('eksctl-role-arn-and-policies', fieldPath(path, conflicting),
        'cannot be set when roleARN is set: roleARN names an existing role, and this field only applies to a role created here',
        `Remove roleARN to create a role with ${conflicting}, or remove ${conflicting} and give the existing role its permissions yourself`);
    }
  }
  const permissionPolicyArns = stringList(source, item, 'permissionPolicyARNs', path) ?? [];
  permissionPolicyArns.forEach((value, index) => checkArn(source, itemPath(fieldPath(path, 'permissionPolicyARNs'), index), value, POLICY_ARN, 'an IAM policy'));
  const permissionPolicy: PolicyJson | undefined = isSet(item.permissionPolicy)
    ? checkPolicyDocument(source, fieldPath(path, 'permissionPolicy'), item.permissionPolicy) : undefined;
  const permissionPolicyName = string(source, item, 'permissionPolicyName', path);
  if (permissionPolicyName !== undefined && permissionPolicy === undefined) {
    source.fail('eksctl-invalid-value', fieldPath(path, 'permissionPolicyName'),
      'names the inline policy made from permissionPolicy, but permissionPolicy is not set',
      'Add permissionPolicy, or remove permissionPolicyName');
  }
  const wellKnownPolicies = readWellKnownPolicies(source, fieldPath(path, 'wellKnownPolicies'), item.wellKnownPolicies);
  if (permissionPolicyName !== undefined) checkPermissionPolicyName(source, fieldPath(path, 'permissionPolicyName'), permissionPolicyName, wellKnownPolicies);
  if (roleArn === undefined && permissionPolicy === undefined && permissionPolicyArns.length === 0
    && wellKnownPolicies.length === 0 && !options.allowNoPermissions) {
    // Source: eksctl-io/eksctl pkg/ctl/cmdutils/pod_identity_association.go and pkg/apis/eksctl.io/v1alpha5/addon.go Addon.Validate ("at least one of the following must be specified") @ c29b52152bb7187cda15619c997fe08fc3495f00 (checked 2026-12-01)
    source.fail('eksctl-no-permissions', path,
      'gives the pods no permissions: at least one of roleARN, permissionPolicy, permissionPolicyARNs and wellKnownPolicies must be set',
      'Add the policies the pods need, or roleARN to use an existing role');
  }
  return {
    path,
    serviceAccount,
    roleArn,
    roleName: string(source, item, 'roleName', path),
    permissionsBoundaryArn: arn(source, item, 'permissionsBoundaryARN', path, POLICY_ARN, 'an IAM policy'),
    permissionPolicyArns,
    permissionPolicy,
    permissionPolicyName,
    wellKnownPolicies,
    tags: stringMap(source, item, 'tags', path),
  };
}

function checkPermissionPolicyName(source: EksctlSource, path: string, name: string, wellKnownPolicies: WellKnownPolicyKey[]): void {
  // Source: none found (searched eksctl-io/eksctl as indexed, which predates permissionPolicyName, added by eksctl PR #8675 of 2026-02-11; issue 14 of this project states the rule) (checked 2026-12-01)
  if (!/[A-Za-z0-9]/.test(name)) {
    source.fail('eksctl-invalid-value', path, `is ${quote(name)}, which has no letter or digit`,
      'Give the inline policy a name with at least one letter or digit, as eksctl requires, e.g. \'s3-read\'');
  }
  if (!IAM_POLICY_NAME.test(name)) {
    source.fail('eksctl-invalid-value', path, `is ${quote(name)}, not an IAM policy name (1 to 128 letters, digits and '+=,.@_-')`,
      'Remove the other characters, e.g. spaces');
  }
  const clash = wellKnownPolicies.find(key => eksctlInlinePolicyNames(key).includes(name));
  if (clash !== undefined) {
    source.fail('eksctl-invalid-value', path, `is ${quote(name)}, the name of the inline policy of wellKnownPolicies.${clash}`,
      'Give permissionPolicy another name');
  }
}

function readWellKnownPolicies(source: EksctlSource, path: string, value: unknown): WellKnownPolicyKey[] {
  if (!isSet(value)) return [];
  if (!isYamlMap(value)) {
    source.fail('eksctl-invalid-value', path, `is ${describe(value)}, not a mapping`,
      `Give a mapping of policy names to true, e.g. \`wellKnownPolicies: { ebsCSIController: true }\`; the names are ${WELL_KNOWN_POLICY_KEYS.join(', ')}`);
  }
  const keys: WellKnownPolicyKey[] = [];
  for (const key of Object.keys(value)) {
    const known = WELL_KNOWN_POLICY_KEYS.find(candidate => candidate === key);
    if (known === undefined) unknownField(source, fieldPath(path, key), key, WELL_KNOWN_POLICY_KEYS, 'wellKnownPolicies');
    if (boolean(source, value, key, path) !== true) continue;
    keys.push(known);
  }
  return keys;
}

function readAddon(source: EksctlSource, path: string, entry: unknown, autoApply: boolean, withOidc: boolean): EksctlAddonSpec {
  const item = entryMapping(source, path, entry, ADDON, 'an add-on');
  const name = string(source, item, 'name', path, true)!;
  // eksctl compares add-on names in lower case (Addon.CanonicalName).
  const isAgent = name.toLowerCase() === AGENT_ADDON;
  const namespaceConfig = mapping(source, item, 'namespaceConfig', path);
  if (namespaceConfig) checkFields(source, fieldPath(path, 'namespaceConfig'), namespaceConfig, NAMESPACE_CONFIG, 'namespaceConfig');
  const namespace = namespaceConfig ? string(source, namespaceConfig, 'namespace', fieldPath(path, 'namespaceConfig')) : undefined;
  if (namespace !== undefined) source.check(fieldPath(path, 'namespaceConfig.namespace'), scope => validateNamespace(scope, namespace));

  const serviceAccountRoleArn = arn(source, item, 'serviceAccountRoleARN', path, ROLE_ARN, 'an IAM role');
  const irsaPolicyFields = ADDON_IRSA_POLICY_FIELDS.filter(field => isSet(item[field]));
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
  if (irsaPolicyFields.length > 0) {
    source.fail('eksctl-unsupported-field', fieldPath(path, irsaPolicyFields[0]),
      'is an IRSA setting: eksctl would create an IAM role for service accounts, which this library does not do',
      'Give the add-on podIdentityAssociations with the same policies (permissionPolicyARNs, permissionPolicy), or an existing IRSA role in serviceAccountRoleARN');
  }
  if (useDefault && hasPodIds) {
    // Source: none found (searched eksctl-io/eksctl v1alpha5 addon.go and validation.go as indexed; create.go lets explicit associations win; issue 14 of this project states eksctl rejects the pair) (checked 2026-12-01)
    source.fail('eksctl-default-and-explicit-associations', fieldPath(path, 'useDefaultPodIdentityAssociations'),
      'is true, but podIdentityAssociations lists associations too; explicit associations replace the recommended ones',
      'Remove useDefaultPodIdentityAssociations, or remove podIdentityAssociations to get the recommended associations');
  }
  if (isAgent && hasPodIds) {
    // Source: eksctl-io/eksctl pkg/apis/eksctl.io/v1alpha5/addon.go Addon.Validate ("cannot set pod identity associtations for \"eks-pod-identity-agent\" addon", by CanonicalName) @ c29b52152bb7187cda15619c997fe08fc3495f00 (checked 2026-12-01)
    source.fail('eksctl-agent-associations', associationsPath,
      `is set on add-on ${quote(name)}, which cannot have pod identity associations: it is the agent that hands out their credentials`,
      'Remove podIdentityAssociations from this add-on');
  }
  const addonNamespace = namespace ?? findRecommendedAddon(name)?.namespace;
  const podIdentityAssociations = hasPodIds
    ? associationEntries.map((association, index) =>
      readAddonAssociation(source, itemPath(associationsPath, index), association, name, addonNamespace))
    : undefined;
  // The agent needs no AWS permissions, so eksctl gives it no association.
  // Source: eksctl-io/eksctl pkg/actions/addon/create.go Manager.Create (explicit associations, then IRSA, then autoApply/useDefault, then recommended IRSA) @ main as indexed (file id 6332049854; commit not shown) (checked 2026-12-01)
  const useRecommended = !hasPodIds && irsaFields.length === 0 && !isAgent && (useDefault || autoApply);
  return {
    path,
    name,
    ...readAddonVersion(source, item, path),
    configurationValues: readConfigurationValues(source, item, path),
    resolveConflicts: readResolveConflicts(source, item, path),
    tags: stringMap(source, item, 'tags', path),
    namespace,
    serviceAccountRoleArn,
    podIdentityAssociations,
    useRecommended,
    eksctlWouldCreateIrsaRole: withOidc && !hasPodIds && irsaFields.length === 0 && !useRecommended
      && ADDONS_WITH_RECOMMENDED_IRSA.includes(name.toLowerCase()),
  };
}

/**
 * The add-on version to render. eksctl asks the EKS API for the newest version that contains the
 * string written (any version for `latest` or none), so `1.7.5` and `v1.7.5` both mean the newest
 * `v1.7.5-eksbuild.N`. Without API calls at synth, a release becomes its first build, and no
 * version (or `latest`) leaves the choice to EKS, which installs its default version.
 */
// Source: eksctl-io/eksctl pkg/actions/addon/addon.go getLatestMatchingVersion ("latest" or strings.Contains, newest first) @ 4312b8391c246916eb0e4eee4d79d704313056ba and main as indexed (file id 6069314591) (checked 2026-12-01)
// Source: eksctl-io/eksctl userdocs addons.md (`version: 1.7.5`), https://docs.aws.amazon.com/eks/latest/eksctl/addons.html @ as published (checked 2026-12-01)
function readAddonVersion(source: EksctlSource, item: YamlMap, path: string): {
  readonly version?: string; readonly writtenVersion?: string; readonly versionResolution: EksctlAddonVersionResolution;
} {
  const written = string(source, item, 'version', path);
  if (written === undefined || written.toLowerCase() === 'latest') {
    return { writtenVersion: written, versionResolution: 'newest' };
  }
  if (FULL_ADDON_VERSION.test(written)) return { version: written, writtenVersion: written, versionResolution: 'exact' };
  const release = RELEASE_VERSION.exec(written);
  if (release) return { version: `v${release[1]}-eksbuild.1`, writtenVersion: written, versionResolution: 'first-build' };
  return source.fail('eksctl-invalid-value', fieldPath(path, 'version'),
    `is ${quote(written)}, which this library cannot resolve without the EKS API`,
    'Write a release such as \'1.7.5\' or \'v1.7.5\', a full EKS version such as \'v1.7.5-eksbuild.2\' (`aws eks describe-addon-versions` lists them), or \'latest\'');
}

function readConfigurationValues(source: EksctlSource, item: YamlMap, path: string): { [key: string]: unknown } | undefined {
  const text = string(source, item, 'configurationValues', path);
  if (text === undefined) return undefined;
  let values: unknown;
  try {
    values = parseYaml(text, { version: '1.1' });
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

/** `namespace/name` of each entry of `iam.serviceAccounts` (IRSA), by the path of the entry. */
function readIrsaServiceAccounts(source: EksctlSource, iamSection: YamlMap): Map<string, string> {
  const accounts = new Map<string, string>();
  (list(source, iamSection, 'serviceAccounts', 'iam') ?? []).forEach((entry, index) => {
    const metadata = isYamlMap(entry) && isYamlMap(entry.metadata) ? entry.metadata : {};
    if (typeof metadata.name !== 'string') return;
    // eksctl's defaults: a service account without a namespace is in `default`.
    const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : 'default';
    accounts.set(`${namespace}/${metadata.name}`, itemPath('iam.serviceAccounts', index));
  });
  return accounts;
}

function checkDuplicateAddons(source: EksctlSource, addons: EksctlAddonSpec[]): void {
  const seen = new Map<string, string>();
  for (const addon of addons) {
    const previous = seen.get(addon.name);
    if (previous !== undefined) {
      source.fail('eksctl-duplicate-addon', fieldPath(addon.path, 'name'), `repeats add-on ${quote(addon.name)} of ${previous}`,
        'Keep one entry per add-on');
    }
    seen.set(addon.name, addon.path);
  }
}

/** One association per service account, and none for a service account that also has an IRSA role. */
function checkServiceAccounts(source: EksctlSource, associations: EksctlAssociationSpec[], addons: EksctlAddonSpec[],
  irsa: Map<string, string>): void {
  const all = [
    ...associations,
    ...addons.flatMap(addon => addon.podIdentityAssociations ?? []),
  ];
  const seen = new Map<string, string>();
  for (const association of all) {
    const key = `${association.namespace}/${association.serviceAccount}`;
    const previous = seen.get(key);
    if (previous !== undefined) {
      source.fail('eksctl-duplicate-association', association.path,
        `gives service account ${quote(key)} a second pod identity association (${previous} has one); EKS allows one per service account`,
        'Keep one entry per service account, with all the policies it needs');
    }
    seen.set(key, association.path);
    const irsaPath = irsa.get(key);
    if (irsaPath !== undefined) {
      source.fail('eksctl-irsa-and-pod-identity', association.path,
        `gives service account ${quote(key)} a pod identity association, but ${irsaPath} gives it an IRSA role; the AWS SDKs prefer IRSA, so the association would not be used`,
        'Remove one of the two; to move the service account from IRSA to pod identity without downtime, use IrsaMigration');
    }
  }
}
