import { IpFamily } from 'aws-cdk-lib/aws-eks';
import { quote } from '../../private/errors';
import { validateClusterName } from '../../private/names';
import { boolean, checkFields, describe, isSet, list, mapping, ROLE_TAG_MAX, roleTags, string } from './fields';
import { EksctlAddonSpec, EksctlAssociationSpec, EksctlIrsaServiceAccountSpec, EksctlIrsaSetting, EksctlModel, EksctlRoleSpec, EksctlUnusedSetting } from './model';
import { readAddon } from './parse-addons';
import { readIrsaServiceAccount } from './parse-irsa';
import { readAssociation } from './parse-role';
import { EksctlSource, isYamlMap, itemPath, YamlMap, fieldPath } from './yaml-source';

// Reads and checks an eksctl ClusterConfig (apiVersion eksctl.io/v1alpha5) into an EksctlModel.
// Every mapping read is checked against the field table (field-classes.ts); the rules follow
// eksctl's validation (pkg/ctl/cmdutils/pod_identity_association.go, pkg/apis/eksctl.io/v1alpha5/addon.go),
// and each names its source. Private to EksctlConfig.

const API_VERSION = 'eksctl.io/v1alpha5';
const KIND = 'ClusterConfig';

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
  checkFields(source, '', root, '', 'a ClusterConfig');
  for (const [field, expected] of [['apiVersion', API_VERSION], ['kind', KIND]]) {
    if (root[field] !== expected) {
      source.fail('eksctl-not-cluster-config', field, root[field] === undefined || root[field] === null ? 'is missing'
        : `is ${JSON.stringify(root[field])}`, `An eksctl config file has \`${field}: ${expected}\``);
    }
  }

  const metadata = mapping(source, root, 'metadata', '', true)!;
  checkFields(source, 'metadata', metadata, 'metadata', 'metadata');
  const clusterName = string(source, metadata, 'name', 'metadata', true)!;
  source.check('metadata.name', scope => validateClusterName(scope, clusterName));
  const region = string(source, metadata, 'region', 'metadata', true)!;
  // eksctl gives every stack it creates these tags (besides its own alpha.eksctl.io ones), and
  // CloudFormation passes a stack's tags on to the roles in it: the roles of pod identity and IRSA.
  // Source: eksctl-io/eksctl pkg/cfn/manager/api.go NewStackCollection (sharedTags: cluster-name tag plus spec.Metadata.Tags), DoCreateStackRequest (input.Tags = sharedTags, then the stack's own tags) @ 010231a4e3c02b8efbd1256032311bc5e01e6058 (checked 2026-12-01)
  // Source: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-resource-tags.html ("The propagation of stack-level tags to resources ... varies by resource type"; AWS::IAM::Role takes Tags) @ as published (checked 2026-12-01)
  const tags = roleTags(source, metadata, 'tags', 'metadata');

  const network = mapping(source, root, 'kubernetesNetworkConfig', '');
  if (network) checkFields(source, 'kubernetesNetworkConfig', network, 'kubernetesNetworkConfig', 'kubernetesNetworkConfig');
  const ipFamily = network ? readIpFamily(source, network) : undefined;

  const iamSection = mapping(source, root, 'iam', '') ?? {};
  checkFields(source, 'iam', iamSection, 'iam', 'iam');
  const withOidc = boolean(source, iamSection, 'withOIDC', 'iam') ?? false;
  const associations = list(source, iamSection, 'podIdentityAssociations', 'iam') ?? [];
  const associationSpecs = associations.map((entry, index) =>
    readAssociation(source, itemPath('iam.podIdentityAssociations', index), entry));
  const irsaSettings: EksctlIrsaSetting[] = [];
  const irsaServiceAccounts = (list(source, iamSection, 'serviceAccounts', 'iam') ?? []).map((entry, index) =>
    readIrsaServiceAccount(source, itemPath('iam.serviceAccounts', index), entry, irsaSettings));

  const addonsConfig = mapping(source, root, 'addonsConfig', '') ?? {};
  checkFields(source, 'addonsConfig', addonsConfig, 'addonsConfig', 'addonsConfig');
  const autoApply = boolean(source, addonsConfig, 'autoApplyPodIdentityAssociations', 'addonsConfig') ?? false;
  const unusedSettings: EksctlUnusedSetting[] = [];
  const addons = (list(source, root, 'addons', '') ?? []).map((entry, index) =>
    readAddon(source, itemPath('addons', index), entry, autoApply, withOidc, irsaSettings, unusedSettings));

  const outpostWhere = isSet(root.outpost) ? source.where('outpost') : undefined;
  const karpenterWhere = isSet(root.karpenter) ? source.where('karpenter') : undefined;

  checkDuplicateAddons(source, addons);
  checkServiceAccounts(source, associationSpecs, addons, irsaServiceAccounts);
  associationSpecs.forEach((spec, index) => checkRoleTagCount(source, itemPath('iam.podIdentityAssociations', index), spec, tags));
  irsaServiceAccounts.forEach((spec, index) => checkRoleTagCount(source, itemPath('iam.serviceAccounts', index), spec, tags));
  addons.forEach((addon, index) => (addon.podIdentityAssociations ?? []).forEach((spec, at) =>
    checkRoleTagCount(source, itemPath(`${itemPath('addons', index)}.podIdentityAssociations`, at), spec, tags)));
  return {
    sourceName, clusterName, region, tags, ipFamily, withOidc, outpostWhere, karpenterWhere, associations: associationSpecs, irsaServiceAccounts, addons,
    irsaSettings: sortByLine(irsaSettings), unusedSettings,
  };
}

// A role the library creates carries metadata.tags and its own (as eksctl's role stacks do): IAM's limit, in
// fields.ts, counts them together.

function checkRoleTagCount(source: EksctlSource, path: string, spec: EksctlRoleSpec, stackTags: { [key: string]: string } | undefined): void {
  if (spec.roleArn !== undefined || spec.tags === undefined || stackTags === undefined) return;
  const count = new Set([...Object.keys(stackTags), ...Object.keys(spec.tags)]).size;
  if (count > ROLE_TAG_MAX) {
    source.fail('eksctl-invalid-value', fieldPath(path, 'tags'), `with metadata.tags, gives the role created for it ${count} tags; IAM takes at most ${ROLE_TAG_MAX} on a role`,
      `Give at most ${ROLE_TAG_MAX} tags between metadata.tags and this entry's tags`);
  }
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
  irsaServiceAccounts: EksctlIrsaServiceAccountSpec[]): void {
  const irsa = new Map<string, string>();
  for (const account of irsaServiceAccounts) {
    const key = `${account.namespace}/${account.serviceAccount}`;
    const previous = irsa.get(key);
    if (previous !== undefined) {
      source.fail('eksctl-duplicate-association', account.path,
        `gives service account ${quote(key)} a second IAM role (${previous} gives it one already); a service account has one role`,
        'Keep one entry per service account, with all the policies it needs');
    }
    irsa.set(key, account.path);
  }
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
        `gives service account ${quote(key)} a pod identity association, but ${irsaPath} gives it an IRSA role: the service account would have two roles, IRSA's for its pods started before the association and the association's for newer ones (EKS's webhook gives pod identity precedence)`,
        'Remove one of the two; to move the service account from IRSA to pod identity without downtime, use IrsaMigration');
    }
  }
}

/** The settings in the order of their lines in the file (the add-ons may come before `iam`). */
function sortByLine(settings: EksctlIrsaSetting[]): EksctlIrsaSetting[] {
  return [...settings].sort((a, b) => a.line - b.line);
}
