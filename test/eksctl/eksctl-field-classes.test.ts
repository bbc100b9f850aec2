import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import { stringify } from 'yaml';
import { EksctlConfig } from '../../lib';
import { allFields, ERROR_FIELDS, FIELD_CLASSES, FieldClass, SECTION } from '../../lib/eksctl/private/field-classes';
import { errorOf, SHOP_ENV } from './eksctl-util';

// Every field this library honours or converts is set in one file; removing or changing each one
// must change the result (the template and the service account manifest, or an error).

const ROLE = 'arn:aws:iam::111122223333:role/';
const POLICY = 'arn:aws:iam::111122223333:policy/';
const STATEMENT = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };

function everyField(): any {
  return {
    apiVersion: 'eksctl.io/v1alpha5',
    kind: 'ClusterConfig',
    metadata: { name: 'shop', region: 'eu-west-1', tags: { owner: 'platform' } },
    kubernetesNetworkConfig: { ipFamily: 'IPv4' },
    addonsConfig: { autoApplyPodIdentityAssociations: false },
    iam: {
      podIdentityAssociations: [
        {
          namespace: 'apps', serviceAccountName: 'api', createServiceAccount: true, roleName: 'shop-api',
          permissionsBoundaryARN: `${POLICY}boundary`, permissionPolicyARNs: [`${POLICY}api`], permissionPolicyName: 'api-inline',
          permissionPolicy: STATEMENT, wellKnownPolicies: { externalDNS: true }, tags: { team: 'api' },
          targetRoleARN: 'arn:aws:iam::444455556666:role/target', disableSessionTags: true,
        },
        { namespace: 'apps', serviceAccountName: 'uploader', roleARN: `${ROLE}uploader`, disableSessionTags: true, policy: JSON.stringify(STATEMENT) },
      ],
      serviceAccounts: [
        {
          metadata: { name: 'legacy', namespace: 'jobs' }, attachPolicyARNs: [`${POLICY}legacy`], attachPolicy: STATEMENT,
          wellKnownPolicies: { certManager: true }, permissionsBoundary: `${POLICY}boundary`, roleName: 'shop-legacy', tags: { team: 'jobs' },
        },
        { metadata: { name: 'exporter', namespace: 'jobs' }, attachRoleARN: `${ROLE}exporter` },
      ],
    },
    addons: [
      {
        name: 'vpc-cni', version: '1.19.0', useDefaultPodIdentityAssociations: true, resolveConflicts: 'overwrite',
        configurationValues: '{"env":{"ENABLE_PREFIX_DELEGATION":"true"}}', tags: { team: 'net' },
      },
      { name: 'aws-ebs-csi-driver', wellKnownPolicies: { ebsCSIController: true }, permissionsBoundary: `${POLICY}boundary` },
      { name: 'aws-efs-csi-driver', version: 'v2.1.4-eksbuild.1', serviceAccountRoleARN: `${ROLE}efs` },
      { name: 'amazon-cloudwatch-observability', attachPolicyARNs: [`${POLICY}cloudwatch`] },
      { name: 'aws-mountpoint-s3-csi-driver', attachPolicy: STATEMENT },
      { name: 'aws-network-flow-monitoring-agent' },
      {
        name: 'example-addon', namespaceConfig: { namespace: 'tools' },
        podIdentityAssociations: [
          { namespace: 'tools', serviceAccountName: 'reader', roleARN: `${ROLE}reader` },
          {
            namespace: 'tools', serviceAccountName: 'writer', roleName: 'shop-writer', permissionsBoundaryARN: `${POLICY}boundary`,
            permissionPolicyARNs: [`${POLICY}writer`], permissionPolicyName: 'writer-inline', permissionPolicy: STATEMENT,
            wellKnownPolicies: { efsCSIController: true }, tags: { team: 'tools' },
          },
        ],
      },
    ],
  };
}

type Change = (config: any) => void;
const remove = (get: (config: any) => any, key: string): Change => config => { delete get(config)[key]; };
const set = (get: (config: any) => any, key: string, value: unknown): Change => config => { get(config)[key] = value; };
const pia = (config: any) => config.iam.podIdentityAssociations[0];
const piaWithRole = (config: any) => config.iam.podIdentityAssociations[1];
const irsa = (config: any) => config.iam.serviceAccounts[0];
const addon = (name: string) => (config: any) => config.addons.find((candidate: any) => candidate.name === name);
const addonPia = (index: number) => (config: any) => addon('example-addon')(config).podIdentityAssociations[index];

/** For each honoured or converted field of the table: a change of the file that must change the result. */
const CHANGES: { [field: string]: Change } = {
  'apiVersion': set(c => c, 'apiVersion', 'eksctl.io/v1alpha4'),
  'kind': set(c => c, 'kind', 'NodeGroup'),
  'metadata.name': set(c => c.metadata, 'name', 'orders'),
  'metadata.region': set(c => c.metadata, 'region', 'us-east-1'),
  'metadata.tags': remove(c => c.metadata, 'tags'),
  'kubernetesNetworkConfig.ipFamily': set(c => c.kubernetesNetworkConfig, 'ipFamily', 'IPv6'),
  'iam.podIdentityAssociations[].namespace': set(pia, 'namespace', 'web'),
  'iam.podIdentityAssociations[].serviceAccountName': set(pia, 'serviceAccountName', 'web'),
  'iam.podIdentityAssociations[].roleARN': set(piaWithRole, 'roleARN', `${ROLE}other`),
  'iam.podIdentityAssociations[].createServiceAccount': remove(pia, 'createServiceAccount'),
  'iam.podIdentityAssociations[].roleName': remove(pia, 'roleName'),
  'iam.podIdentityAssociations[].permissionsBoundaryARN': remove(pia, 'permissionsBoundaryARN'),
  'iam.podIdentityAssociations[].permissionPolicyARNs': remove(pia, 'permissionPolicyARNs'),
  'iam.podIdentityAssociations[].permissionPolicyName': remove(pia, 'permissionPolicyName'),
  'iam.podIdentityAssociations[].permissionPolicy': config => { remove(pia, 'permissionPolicy')(config); remove(pia, 'permissionPolicyName')(config); },
  'iam.podIdentityAssociations[].wellKnownPolicies': remove(pia, 'wellKnownPolicies'),
  'iam.podIdentityAssociations[].tags': remove(pia, 'tags'),
  'iam.podIdentityAssociations[].targetRoleARN': remove(pia, 'targetRoleARN'),
  'iam.podIdentityAssociations[].disableSessionTags': remove(pia, 'disableSessionTags'),
  'iam.podIdentityAssociations[].policy': remove(piaWithRole, 'policy'),
  'iam.serviceAccounts[].metadata.name': set(c => irsa(c).metadata, 'name', 'modern'),
  'iam.serviceAccounts[].metadata.namespace': remove(c => irsa(c).metadata, 'namespace'),
  'iam.serviceAccounts[].attachPolicyARNs': remove(irsa, 'attachPolicyARNs'),
  'iam.serviceAccounts[].attachPolicy': remove(irsa, 'attachPolicy'),
  'iam.serviceAccounts[].wellKnownPolicies': remove(irsa, 'wellKnownPolicies'),
  'iam.serviceAccounts[].permissionsBoundary': remove(irsa, 'permissionsBoundary'),
  'iam.serviceAccounts[].roleName': remove(irsa, 'roleName'),
  'iam.serviceAccounts[].tags': remove(irsa, 'tags'),
  'iam.serviceAccounts[].attachRoleARN': set(c => c.iam.serviceAccounts[1], 'attachRoleARN', `${ROLE}other`),
  'addons[].name': set(addon('vpc-cni'), 'name', 'coredns'),
  'addons[].version': set(addon('vpc-cni'), 'version', 'v1.19.0-eksbuild.3'),
  'addons[].serviceAccountRoleARN': set(addon('aws-efs-csi-driver'), 'serviceAccountRoleARN', `${ROLE}other`),
  'addons[].attachPolicyARNs': set(addon('amazon-cloudwatch-observability'), 'attachPolicyARNs', [`${POLICY}other`]),
  'addons[].attachPolicy': remove(addon('aws-mountpoint-s3-csi-driver'), 'attachPolicy'),
  'addons[].permissionsBoundary': remove(addon('aws-ebs-csi-driver'), 'permissionsBoundary'),
  'addons[].wellKnownPolicies': set(addon('aws-ebs-csi-driver'), 'wellKnownPolicies', { ebsCSIController: true, certManager: true }),
  'addons[].tags': remove(addon('vpc-cni'), 'tags'),
  'addons[].resolveConflicts': remove(addon('vpc-cni'), 'resolveConflicts'),
  'addons[].useDefaultPodIdentityAssociations': remove(addon('vpc-cni'), 'useDefaultPodIdentityAssociations'),
  'addons[].configurationValues': remove(addon('vpc-cni'), 'configurationValues'),
  'addons[].namespaceConfig.namespace': config => {
    addon('example-addon')(config).namespaceConfig.namespace = 'tooling';
    addon('example-addon')(config).podIdentityAssociations.forEach((entry: any) => { entry.namespace = 'tooling'; });
  },
  'addons[].podIdentityAssociations[].namespace': set(addonPia(0), 'namespace', 'other'),
  'addons[].podIdentityAssociations[].serviceAccountName': set(addonPia(0), 'serviceAccountName', 'auditor'),
  'addons[].podIdentityAssociations[].roleARN': set(addonPia(0), 'roleARN', `${ROLE}other`),
  'addons[].podIdentityAssociations[].roleName': remove(addonPia(1), 'roleName'),
  'addons[].podIdentityAssociations[].permissionsBoundaryARN': remove(addonPia(1), 'permissionsBoundaryARN'),
  'addons[].podIdentityAssociations[].permissionPolicyARNs': remove(addonPia(1), 'permissionPolicyARNs'),
  'addons[].podIdentityAssociations[].permissionPolicyName': remove(addonPia(1), 'permissionPolicyName'),
  'addons[].podIdentityAssociations[].permissionPolicy': config => { remove(addonPia(1), 'permissionPolicy')(config); remove(addonPia(1), 'permissionPolicyName')(config); },
  'addons[].podIdentityAssociations[].wellKnownPolicies': remove(addonPia(1), 'wellKnownPolicies'),
  'addons[].podIdentityAssociations[].tags': remove(addonPia(1), 'tags'),
  'addonsConfig.autoApplyPodIdentityAssociations': set(c => c.addonsConfig, 'autoApplyPodIdentityAssociations', true),
};

/**
 * The fields whose change above is an error, with its code: they name the file's kind, its cluster,
 * or an add-on association's namespace, which must be the add-on's. Every other change must give
 * another template or manifest, never an error, so a field that regresses into an error fails.
 */
const CHANGE_ERRORS: { [field: string]: string } = {
  'apiVersion': 'eksctl-not-cluster-config',
  'kind': 'eksctl-not-cluster-config',
  'metadata.name': 'eksctl-cluster-mismatch',
  'metadata.region': 'eksctl-region-mismatch',
  'addons[].podIdentityAssociations[].namespace': 'eksctl-addon-namespace-mismatch',
};

/** What the file makes: the template and the manifest, or the error. */
function outcome(config: any): string {
  const stack = new Stack(new App(), 'Stack', { env: SHOP_ENV });
  const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'shop');
  try {
    const resources = EksctlConfig.fromYaml(stringify(config)).apply(stack, 'Eksctl', { cluster, migrateIrsa: true });
    return JSON.stringify({ template: (stack.node.root as App).synth().getStackByName('Stack').template, manifest: resources.manifestYaml });
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

describe('the class of every field of a ClusterConfig', () => {
  const changed = (field: string) => {
    const config = everyField();
    CHANGES[field](config);
    return config;
  };
  let base: string;

  beforeAll(() => {
    base = outcome(everyField());
  });

  test('the file that sets every honoured and converted field is read without error', () => {
    expect(base).not.toMatch(/^error/);
  });

  test('each honoured and converted field has a change to try, and nothing else', () => {
    const fields = allFields().filter(field => field.use === 'honoured' || field.use === 'converted').map(field => field.path).sort();
    expect(Object.keys(CHANGES).sort()).toEqual(fields);
  });

  test('each expected error is for a field that has a change', () => {
    expect(Object.keys(CHANGE_ERRORS).filter(field => CHANGES[field] === undefined)).toEqual([]);
  });

  test.each(Object.keys(CHANGES).filter(field => CHANGE_ERRORS[field] === undefined))('changing %s changes the template or the manifest, without error', (field) => {
    const result = outcome(changed(field));
    expect(result).not.toMatch(/^error/);
    expect(result).not.toBe(base);
  });

  test.each(Object.keys(CHANGE_ERRORS))('changing %s is the error it must be', (field) => {
    expect(outcome(changed(field))).toMatch(new RegExp(`^error: \\[cdk-eks-pod-identity:${CHANGE_ERRORS[field]}\\] `));
  });

  test('an ignored field changes nothing, whatever it holds', () => {
    const config = everyField();
    config.vpc = { cidr: '10.0.0.0/16', anything: { at: ['all'] } };
    config.metadata.annotations = { a: 'b' };
    config.iam.withOIDC = true;
    config.iam.serviceAccounts[1].roleOnly = true;
    config.addons[0].publishers = ['x'];
    const withIgnored = JSON.parse(outcome(config));
    expect(withIgnored.template).toEqual(JSON.parse(base).template);
  });

  test('every field of class error has its reason, and setting it is an error', () => {
    const errors = allFields().filter(field => field.use === 'error').map(field => field.path).sort();
    expect(Object.keys(ERROR_FIELDS).sort()).toEqual(errors);
    const config = everyField();
    addonPia(0)(config).createServiceAccount = true;
    expect(outcome(config)).toMatch(/^error: \[cdk-eks-pod-identity:eksctl-unsupported-field\] EksctlConfig: addons\[6\]\.podIdentityAssociations\[0\]\.createServiceAccount/);
  });

  test('every section of the table is reached from the top', () => {
    const sections = Object.keys(FIELD_CLASSES).filter(section => section !== '');
    const reached = allFields().filter(field => field.use === SECTION).map(field => field.path);
    const expected = sections.map(section => section.replace(/\[\]$/, ''));
    expect(expected.every(section => reached.includes(section))).toBe(true);
  });

  test('a field in no section is an unknown field', () => {
    expect(errorOf(() => EksctlConfig.fromYaml(stringify({ ...everyField(), vpcs: {} })))).toMatch(/eksctl-unknown-field\] EksctlConfig: vpcs \(line \d+\) is not a field of a ClusterConfig/);
  });
});

describe('docs/eksctl.md lists the class of every field', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'eksctl.md'), 'utf-8');

  test.each<FieldClass>(['honoured', 'converted', 'ignored', 'error'])('%s', (use) => {
    const fields = allFields().filter(field => field.use === use).map(field => `\`${field.path}\``);
    const line = readme.split('\n').find(candidate => candidate.startsWith(`- **${use}**`));
    expect(line).toBeDefined();
    expect(line!.match(/`[^`]+`/g)).toEqual(fields);
  });
});
