import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import { PodIdentityAddon } from '../../lib/addon';
import { compareAddonVersions, parseAddonVersion } from '../../lib/addon/addon-version';
import { CUSTOM_POLICY_IDS, customPolicyStatements } from '../../lib/addon/custom-policies';
import { RECOMMENDED_ADDONS } from '../../lib/addon/recommended-defaults';
import { givenStack } from '../util';

const withServiceAccounts = RECOMMENDED_ADDONS.filter(row => row.serviceAccounts.length > 0);
const withoutPermissions = RECOMMENDED_ADDONS.filter(row => !row.requiresIamPermissions && row.serviceAccounts.length === 0);

describe('the bundled add-on table', () => {
  test('lists exactly these add-ons (a change here is a visible change of defaults)', () => {
    expect(RECOMMENDED_ADDONS.map(row => row.addonName)).toEqual([
      'adot',
      'amazon-cloudwatch-observability',
      'amazon-sagemaker-hyperpod-taskgovernance',
      'aws-ebs-csi-driver',
      'aws-efs-csi-driver',
      'aws-fsx-csi-driver',
      'aws-guardduty-agent',
      'aws-mountpoint-s3-csi-driver',
      'aws-network-flow-monitoring-agent',
      'aws-privateca-connector-for-kubernetes',
      'coredns',
      'eks-node-monitoring-agent',
      'eks-pod-identity-agent',
      'kube-proxy',
      'snapshot-controller',
      'vpc-cni',
    ]);
  });

  test('recommends these service accounts and policies', () => {
    const summary = Object.fromEntries(withServiceAccounts.map(row => [row.addonName, {
      namespace: row.namespace,
      minimumVersion: row.minimumVersion,
      serviceAccounts: Object.fromEntries(row.serviceAccounts.map(account => [account.serviceAccount,
        account.minimumVersion === undefined ? account.managedPolicies : { from: account.minimumVersion, policies: account.managedPolicies }])),
    }]));
    expect(summary).toEqual({
      'adot': {
        namespace: 'opentelemetry-operator-system',
        minimumVersion: 'v0.94.1-eksbuild.1',
        serviceAccounts: {
          'adot-col-prom-metrics': ['AmazonPrometheusRemoteWriteAccess'],
          'adot-col-otlp-ingest': ['AWSXrayWriteOnlyAccess'],
          'adot-col-container-logs': ['CloudWatchAgentServerPolicy'],
        },
      },
      'amazon-cloudwatch-observability': {
        namespace: 'amazon-cloudwatch',
        minimumVersion: 'v3.1.0-eksbuild.1',
        serviceAccounts: { 'cloudwatch-agent': ['CloudWatchAgentServerPolicy', 'AWSXrayWriteOnlyAccess'] },
      },
      'aws-ebs-csi-driver': {
        namespace: 'kube-system',
        minimumVersion: 'v1.26.0-eksbuild.1',
        serviceAccounts: { 'ebs-csi-controller-sa': ['service-role/AmazonEBSCSIDriverPolicy'] },
      },
      'aws-efs-csi-driver': {
        namespace: 'kube-system',
        minimumVersion: 'v2.0.5-eksbuild.1',
        serviceAccounts: { 'efs-csi-controller-sa': ['service-role/AmazonEFSCSIDriverPolicy'] },
      },
      'aws-fsx-csi-driver': {
        namespace: 'kube-system',
        minimumVersion: undefined, // no source gives it
        serviceAccounts: { 'fsx-csi-controller-sa': ['AmazonFSxFullAccess'] },
      },
      'aws-mountpoint-s3-csi-driver': {
        namespace: 'kube-system',
        minimumVersion: 'v2.0.0-eksbuild.1', // the CSI driver's v2 brought pod identity
        serviceAccounts: { 's3-csi-driver-sa': [] },
      },
      'aws-network-flow-monitoring-agent': {
        namespace: 'amazon-network-flow-monitor',
        minimumVersion: undefined, // no source gives it
        serviceAccounts: {
          'aws-network-flow-monitor-agent-service-account': { from: 'v1.0.1-eksbuild.1', policies: ['CloudWatchNetworkFlowMonitorAgentPublishPolicy'] },
        },
      },
      'aws-privateca-connector-for-kubernetes': {
        namespace: 'aws-privateca-issuer',
        minimumVersion: undefined, // no source gives it
        serviceAccounts: { 'aws-privateca-issuer': ['AWSPrivateCAConnectorForKubernetesPolicy'] },
      },
      'vpc-cni': {
        namespace: 'kube-system',
        minimumVersion: 'v1.15.5-eksbuild.1',
        serviceAccounts: { 'aws-node': ['AmazonEKS_CNI_Policy'] },
      },
    });
  });

  test.each(RECOMMENDED_ADDONS.map(row => [row.addonName, row] as const))('%s: is well formed', (_name, row) => {
    // Only an add-on without associations may lack a namespace (no source names it).
    if (row.namespace !== undefined || row.serviceAccounts.length > 0) expect(row.namespace).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    if (row.minimumVersion !== undefined) expect(parseAddonVersion(row.minimumVersion)).toBeDefined();
    for (const account of row.serviceAccounts) {
      if (account.minimumVersion !== undefined) expect(parseAddonVersion(account.minimumVersion)).toBeDefined();
      expect(account.serviceAccount).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
      for (const policy of account.managedPolicies) expect(policy).not.toMatch(/^arn:|:/);
      if (account.ipv6Policy !== undefined) expect(CUSTOM_POLICY_IDS).toContain(account.ipv6Policy);
    }
  });

  test('leaves out only the namespace no source names', () => {
    expect(RECOMMENDED_ADDONS.filter(row => row.namespace === undefined).map(row => row.addonName)).toEqual(['amazon-sagemaker-hyperpod-taskgovernance']);
  });

  test('an unknown custom policy id is a bug in the table', () => {
    expect(() => customPolicyStatements('nope', new Stack())).toThrow("The add-on defaults table refers to an unknown custom policy 'nope'; add it to lib/addon/custom-policies.ts");
  });
});

describe('PodIdentityAddon over the table', () => {
  let stack: Stack;
  let cluster: eks.IClusterRef;

  beforeEach(() => {
    ({ stack, cluster } = givenStack());
  });

  test.each(withServiceAccounts.map(row => [row.addonName, row] as const))(
    '%s: one association and role per recommended service account, at the newest first version among them', (addonName, row) => {
      // GIVEN the version from which every recommended service account is listed
      const addonVersion = [row.minimumVersion, ...row.serviceAccounts.map(account => account.minimumVersion)]
        .filter((version): version is string => version !== undefined)
        .sort((a, b) => compareAddonVersions(parseAddonVersion(a)!, parseAddonVersion(b)!))
        .pop();

      // WHEN
      const addon = new PodIdentityAddon(stack, 'Addon', { cluster, addonName, addonVersion });

      // THEN
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::IAM::Role', row.serviceAccounts.length);
      template.hasResourceProperties('AWS::EKS::Addon', {
        PodIdentityAssociations: row.serviceAccounts.map(account => ({ ServiceAccount: account.serviceAccount, RoleArn: Match.anyValue() })),
      });
      for (const account of row.serviceAccounts) {
        const roleId = stack.getLogicalId(addon.roleFor(account.serviceAccount).node.defaultChild as any);
        const role = template.toJSON().Resources[roleId];
        const policies = (role.Properties.ManagedPolicyArns ?? []).map((arn: any) => arn['Fn::Join'][1][2]);
        expect(policies).toEqual(account.managedPolicies.map(name => `:iam::aws:policy/${name}`));
        expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Condition.StringEquals).toMatchObject({
          'aws:RequestTag/kubernetes-namespace': [row.namespace],
          'aws:RequestTag/kubernetes-service-account': [account.serviceAccount],
        });
      }
    });

  test.each(withoutPermissions.map(row => [row.addonName]))('%s: no association, no role, no warning', (addonName) => {
    new PodIdentityAddon(stack, 'Addon', { cluster, addonName });

    Template.fromStack(stack).resourceCountIs('AWS::IAM::Role', 0);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});
