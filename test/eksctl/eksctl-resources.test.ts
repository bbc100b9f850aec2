import { Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import { EksctlConfig, EksctlResources } from '../../lib';
import { WellKnownPolicyKey } from '../../lib/eksctl/private/model';
import { FIELD_CLASSES } from '../../lib/eksctl/private/field-classes';
import { cataloguePolicyOf } from '../../lib/eksctl/private/policies';
import { WELL_KNOWN_POLICY_KEYS } from '../../lib/eksctl/private/well-known-policies';
import { clusterConfig, errorOf, fixture, givenShop, oneAddon, oneAssociation } from './eksctl-util';

const PREFIX = '[cdk-eks-pod-identity:';
const ROLE = 'arn:aws:iam::111122223333:role/my-app';

describe('EksctlResources', () => {
  test('apply is new EksctlResources with the config', () => {
    const one = givenShop();
    const two = givenShop();
    const config = EksctlConfig.fromFile(fixture('associations.yaml'));
    config.apply(one.stack, 'Eksctl', { cluster: one.cluster });
    const resources = new EksctlResources(two.stack, 'Eksctl', { config, cluster: two.cluster });
    expect(Template.fromStack(two.stack).toJSON()).toEqual(Template.fromStack(one.stack).toJSON());
    expect(resources.cluster).toBe(two.cluster);
  });

  describe('the cluster must be the file\'s', () => {
    test('another cluster name is an error', () => {
      const { stack, cluster } = givenShop(undefined, 'orders');
      expect(errorOf(() => EksctlConfig.fromFile(fixture('cross-account.yaml')).apply(stack, 'Eksctl', { cluster }))).toBe(
        `${PREFIX}eksctl-cluster-mismatch] Stack/Eksctl: the eksctl config describes cluster 'shop' (metadata.name of ${fixture('cross-account.yaml')}) but the cluster given is 'orders'. Pass the cluster the file describes, or correct metadata.name`,
      );
    });

    test('another region is an error', () => {
      const { stack, cluster } = givenShop({ account: '111122223333', region: 'us-east-1' });
      expect(errorOf(() => EksctlConfig.fromYaml(clusterConfig()).apply(stack, 'Eksctl', { cluster }))).toBe(
        `${PREFIX}eksctl-region-mismatch] Stack/Eksctl: the eksctl config describes a cluster in region 'eu-west-1' (metadata.region) but the cluster given is in region 'us-east-1'. Pass the cluster the file describes (with the stack's env.region set to its region), or correct metadata.region`,
      );
    });

    test('a name or region known only at deploy time is not compared', () => {
      const { stack } = givenShop('agnostic');
      const cluster = new eks.CfnCluster(stack, 'Real', {
        roleArn: 'arn:aws:iam::111122223333:role/cluster',
        resourcesVpcConfig: { subnetIds: ['subnet-1', 'subnet-2'] },
      });
      expect(() => EksctlConfig.fromYaml(oneAssociation(`roleARN: ${ROLE}`)).apply(stack, 'Eksctl', { cluster })).not.toThrow();
    });
  });

  test('a config that EksctlConfig did not read is an error', () => {
    const { stack, cluster } = givenShop();
    expect(errorOf(() => new EksctlResources(stack, 'Eksctl', { config: { clusterName: 'shop', region: 'eu-west-1' }, cluster }))).toBe(
      `${PREFIX}eksctl-unknown-config] Stack/Eksctl: the config 'shop' was not read by EksctlConfig. Pass the EksctlConfig that EksctlConfig.fromFile(...) or EksctlConfig.fromYaml(...) returned`,
    );
  });

  describe('lookups', () => {
    const { stack, cluster } = givenShop();
    const resources = EksctlConfig.fromFile(fixture('full-cluster.yaml')).apply(stack, 'Eksctl', { cluster, migrateIrsa: true });

    test('find an association and an add-on', () => {
      expect(resources.findAssociation('reports', 'report-builder')).toBe(resources.associations[0]);
      expect(resources.findAssociation('reports', 'legacy-reader')).toBe(resources.associations[1]);
      expect(resources.findAddon('aws-ebs-csi-driver')).toBe(resources.addons[1]);
    });

    test('an unknown association is an error that lists the known ones', () => {
      expect(errorOf(() => resources.findAssociation('reports', 'invoicer'))).toBe(
        `${PREFIX}eksctl-unknown-association] Stack/Eksctl: the eksctl config has no pod identity association for service account 'reports/invoicer' in iam.podIdentityAssociations (or, with migrateIrsa, iam.serviceAccounts); it has 'reports/report-builder', 'reports/legacy-reader'. Use one of those, or add the service account to iam.podIdentityAssociations (an add-on's roles are found with findAddon(name).roleFor(serviceAccount))`,
      );
    });

    test('an unknown add-on is an error that lists the known ones', () => {
      expect(errorOf(() => resources.findAddon('vpc-cni'))).toBe(
        `${PREFIX}eksctl-unknown-addon] Stack/Eksctl: the eksctl config has no add-on 'vpc-cni'; it has 'eks-pod-identity-agent', 'aws-ebs-csi-driver'. Use one of those names, or add the add-on to the file's addons`,
      );
    });

    test('a file without associations or add-ons says it has none', () => {
      const other = givenShop();
      const empty = EksctlConfig.fromYaml(clusterConfig()).apply(other.stack, 'Eksctl', { cluster: other.cluster });
      expect(errorOf(() => empty.findAssociation('a', 'b'))).toMatch(/; it has none\. /);
      expect(errorOf(() => empty.findAddon('a'))).toMatch(/; it has none\. /);
    });
  });

  describe('roles', () => {
    test('with disableSessionTags, a new role trusts pods of the account without session tag conditions', () => {
      const { stack, cluster } = givenShop();
      EksctlConfig.fromYaml(oneAssociation('permissionPolicyARNs: [arn:aws:iam::aws:policy/ReadOnlyAccess]', 'disableSessionTags: true'))
        .apply(stack, 'Eksctl', { cluster });
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [{
            Action: ['sts:AssumeRole', 'sts:TagSession'],
            Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
            Effect: 'Allow',
            Principal: { Service: 'pods.eks.amazonaws.com' },
          }],
        },
      });
    });

    test('permissionPolicyName names the inline policy', () => {
      const { stack, cluster } = givenShop();
      EksctlConfig.fromYaml(oneAssociation('permissionPolicyName: s3-read', 'permissionPolicy:',
        '  Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: "arn:aws:s3:::bucket/*" }]')).apply(stack, 'Eksctl', { cluster });
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', { Policies: [Match.objectLike({ PolicyName: 's3-read' })] });
    });

    test('the checks of the constructs still apply, with the construct path', () => {
      const { stack, cluster } = givenShop({ account: '999999999999', region: 'eu-west-1' });
      expect(errorOf(() => EksctlConfig.fromYaml(oneAssociation(`roleARN: ${ROLE}`)).apply(stack, 'Eksctl', { cluster }))).toMatch(
        /^\[cdk-eks-pod-identity:role-in-other-account\] Stack\/Eksctl\/Associations\/default\/my-app\/Association: role 'arn:aws:iam::111122223333:role\/my-app' is in account '111122223333' but the cluster is in account '999999999999'/,
      );
    });

    test('applying a file twice to one cluster is an error: one association per service account', () => {
      const { stack, cluster } = givenShop();
      const config = EksctlConfig.fromYaml(oneAssociation(`roleARN: ${ROLE}`));
      config.apply(stack, 'First', { cluster });
      expect(errorOf(() => config.apply(stack, 'Second', { cluster }))).toMatch(
        /^\[cdk-eks-pod-identity:duplicate-association\] Stack\/Second\/Associations\/default\/my-app\/Association: /,
      );
    });
  });

  describe('add-ons', () => {
    test('kubernetesNetworkConfig.ipFamily IPv6 gives vpc-cni the IPv6 policy', () => {
      const { stack, cluster } = givenShop();
      EksctlConfig.fromYaml(clusterConfig('kubernetesNetworkConfig:', '  ipFamily: IPv6', 'addons:', '  - name: vpc-cni',
        '    useDefaultPodIdentityAssociations: true')).apply(stack, 'Eksctl', { cluster });
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::IAM::Role', {
        ManagedPolicyArns: Match.absent(),
        Policies: [Match.objectLike({ PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['ec2:AssignIpv6Addresses']) })]) } })],
      });
    });

    test('an IP family that contradicts the cluster\'s is the add-on\'s error', () => {
      const { stack } = givenShop();
      const cluster = new eks.CfnCluster(stack, 'Real', {
        name: 'shop',
        roleArn: 'arn:aws:iam::111122223333:role/cluster',
        resourcesVpcConfig: { subnetIds: ['subnet-1', 'subnet-2'] },
      });
      expect(errorOf(() => EksctlConfig.fromYaml(clusterConfig('kubernetesNetworkConfig: { ipFamily: IPv6 }', 'addons: [{ name: vpc-cni }]'))
        .apply(stack, 'Eksctl', { cluster }))).toMatch(/^\[cdk-eks-pod-identity:addon-ip-family-mismatch\] Stack\/Eksctl\/Addons\/vpc-cni\/Addon: /);
    });

    test('namespaceConfig installs the add-on in that namespace and scopes its roles to it', () => {
      const { stack, cluster } = givenShop();
      EksctlConfig.fromYaml(oneAddon('aws-ebs-csi-driver', 'namespaceConfig: { namespace: storage }', 'podIdentityAssociations:',
        '  - serviceAccountName: ebs-csi-controller-sa', '    namespace: storage',
        '    permissionPolicy: { Statement: [{ Effect: Allow, Action: ec2:DeleteVolume, Resource: "*" }] }')).apply(stack, 'Eksctl', { cluster });
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::EKS::Addon', { NamespaceConfig: { Namespace: 'storage' } });
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Condition: { StringEquals: Match.objectLike({ 'aws:RequestTag/kubernetes-namespace': ['storage'] }) } })] },
      });
      template.hasResourceProperties('AWS::IAM::Role', {
        Policies: [Match.objectLike({ PolicyDocument: { Statement: [Match.objectLike({ Action: 'ec2:DeleteVolume' })], Version: '2012-10-17' } })],
      });
    });

    test('an add-on this library does not know trusts its service account in the namespace the file gives', () => {
      const { stack, cluster } = givenShop();
      EksctlConfig.fromYaml(oneAddon('acme-agent', 'podIdentityAssociations:', '  - serviceAccountName: acme', '    namespace: acme-system',
        '    permissionPolicyARNs: [arn:aws:iam::111122223333:policy/acme]')).apply(stack, 'Eksctl', { cluster });
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Condition: { StringEquals: Match.objectLike({ 'aws:RequestTag/kubernetes-namespace': ['acme-system'] }) } })] },
      });
    });

    test('an existing role of an add-on association is used as is', () => {
      const { stack, cluster } = givenShop();
      EksctlConfig.fromYaml(oneAddon('vpc-cni', 'podIdentityAssociations: [{ namespace: kube-system, serviceAccountName: aws-node, roleARN: "arn:aws:iam::111122223333:role/cni" }]'))
        .apply(stack, 'Eksctl', { cluster });
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::IAM::Role', 0);
      template.hasResourceProperties('AWS::EKS::Addon', { PodIdentityAssociations: [{ ServiceAccount: 'aws-node', RoleArn: 'arn:aws:iam::111122223333:role/cni' }] });
    });
  });
});

describe('the catalogue of what is read', () => {
  test('the ignored sections of a ClusterConfig', () => {
    expect(Object.keys(FIELD_CLASSES['']).filter(field => FIELD_CLASSES[''][field] === 'ignored')).toEqual([
      'accessConfig', 'autoModeConfig', 'availabilityZones', 'capabilities', 'cloudWatch', 'controlPlaneScalingConfig',
      'deletionProtection', 'fargateProfiles', 'gitops', 'iamIdentityMappings', 'identityProviders', 'karpenter', 'kubeAPIServerConfig',
      'kubeControllerManagerConfig', 'kubeSchedulerConfig', 'localZones', 'managedNodeGroups', 'nodeGroups', 'outpost',
      'privateCluster', 'remoteNetworkConfig', 'secretsEncryption', 'upgradePolicy', 'vpc', 'zonalShiftConfig',
    ]);
  });

  test.each([
    ['imageBuilder', 'image-builder'],
    ['autoScaler', 'cluster-autoscaler'],
    ['awsLoadBalancerController', 'aws-load-balancer-controller'],
    ['externalDNS', 'external-dns'],
    ['certManager', 'cert-manager'],
    ['ebsCSIController', 'ebs-csi-driver'],
    ['efsCSIController', 'efs-csi-driver'],
  ])('the catalogue\'s alternative to wellKnownPolicies.%s is its %s', (key, policyName) => {
    const wellKnown = key as WellKnownPolicyKey;
    const policy = cataloguePolicyOf(wellKnown, 'shop');
    expect(policy.name).toBe(policyName);
    const { stack } = givenShop();
    expect(policy.statements(stack).length).toBeGreaterThan(0);
  });

  test('the keys are eksctl\'s, in its order', () => {
    expect(WELL_KNOWN_POLICY_KEYS).toEqual([
      'imageBuilder', 'autoScaler', 'awsLoadBalancerController', 'externalDNS', 'certManager', 'ebsCSIController', 'efsCSIController',
    ]);
  });
});
