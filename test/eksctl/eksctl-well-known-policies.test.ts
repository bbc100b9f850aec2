import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import { EksctlConfig, WellKnownPolicy } from '../../lib';
import { errorOf, givenShop, oneAssociation } from './eksctl-util';

// eksctl's wellKnownPolicies (pkg/cfn/builder/iam_helper.go createWellKnownPolicies and
// statement.go), as the roles of an imported file get them by default, and the catalogue's
// policies as an option.

const PREFIX = '[cdk-eks-pod-identity:';

function partition(rest: string) {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] };
}

/** The role of `default/my-app` made from a file with `wellKnownPolicies: { <key>: true }`. */
function roleWith(key: string, options: { readonly wellKnownPolicies?: { [key: string]: WellKnownPolicy } } = {}) {
  const { stack, cluster } = givenShop();
  const config = EksctlConfig.fromYaml(oneAssociation(`wellKnownPolicies: { ${key}: true }`));
  config.apply(stack, 'Eksctl', { cluster, ...options });
  const template = Template.fromStack(stack);
  const roles = Object.values(template.findResources('AWS::IAM::Role'));
  expect(roles).toHaveLength(1);
  return { template, stack, config, role: roles[0].Properties };
}

/** The statements of the role's inline policy `name`. */
function inlineStatements(role: any, name: string): any[] {
  const policy = (role.Policies ?? []).find((candidate: any) => candidate.PolicyName === name);
  expect(policy).toBeDefined();
  return policy.PolicyDocument.Statement;
}

describe('eksctl\'s wellKnownPolicies, as eksctl attaches them', () => {
  test.each([
    ['imageBuilder', [], ['AmazonEC2ContainerRegistryPowerUser']],
    ['autoScaler', ['PolicyAutoScaling'], []],
    ['awsLoadBalancerController', ['PolicyAWSLoadBalancerController'], []],
    ['externalDNS', ['PolicyExternalDNSChangeSet', 'PolicyExternalDNSHostedZones'], []],
    ['certManager', ['PolicyCertManagerChangeSet', 'PolicyCertManagerGetChange', 'PolicyCertManagerHostedZones'], []],
    ['ebsCSIController', ['PolicyEBSCSIController'], []],
    ['efsCSIController', ['PolicyEFSCSIController'], []],
  ])('%s: eksctl\'s inline policies %j and managed policies %j, nothing else', (key, inline, managed) => {
    const { template, role } = roleWith(key);
    expect((role.Policies ?? []).map((policy: any) => policy.PolicyName)).toEqual(inline);
    expect(role.ManagedPolicyArns ?? []).toEqual(managed.map(name => partition(`:iam::aws:policy/${name}`)));
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('imageBuilder attaches AmazonEC2ContainerRegistryPowerUser, in the stack\'s partition', () => {
    const { role } = roleWith('imageBuilder');
    expect(role.ManagedPolicyArns).toEqual([partition(':iam::aws:policy/AmazonEC2ContainerRegistryPowerUser')]);
  });

  test('autoScaler may resize and shrink any Auto Scaling group, as eksctl allows', () => {
    const { role } = roleWith('autoScaler');
    expect(inlineStatements(role, 'PolicyAutoScaling')).toEqual([
      {
        Action: [
          'autoscaling:DescribeAutoScalingGroups',
          'autoscaling:DescribeAutoScalingInstances',
          'autoscaling:DescribeLaunchConfigurations',
          'autoscaling:DescribeScalingActivities',
          'autoscaling:DescribeTags',
          'ec2:DescribeInstanceTypes',
          'ec2:DescribeLaunchTemplateVersions',
        ],
        Effect: 'Allow',
        Resource: '*',
      },
      {
        Action: [
          'autoscaling:SetDesiredCapacity',
          'autoscaling:TerminateInstanceInAutoScalingGroup',
          'ec2:DescribeImages',
          'ec2:GetInstanceTypesFromInstanceRequirements',
          'eks:DescribeNodegroup',
        ],
        Effect: 'Allow',
        Resource: '*',
      },
    ]);
  });

  test('externalDNS writes records in every hosted zone and lists them all', () => {
    const { role } = roleWith('externalDNS');
    expect(inlineStatements(role, 'PolicyExternalDNSChangeSet')).toEqual([
      { Action: 'route53:ChangeResourceRecordSets', Effect: 'Allow', Resource: partition(':route53:::hostedzone/*') },
    ]);
    expect(inlineStatements(role, 'PolicyExternalDNSHostedZones')).toEqual([
      { Action: ['route53:ListHostedZones', 'route53:ListResourceRecordSets', 'route53:ListTagsForResource'], Effect: 'Allow', Resource: '*' },
    ]);
  });

  test('certManager writes records in every hosted zone and reads changes', () => {
    const { role } = roleWith('certManager');
    expect(inlineStatements(role, 'PolicyCertManagerChangeSet')).toEqual([
      { Action: 'route53:ChangeResourceRecordSets', Effect: 'Allow', Resource: partition(':route53:::hostedzone/*') },
    ]);
    expect(inlineStatements(role, 'PolicyCertManagerGetChange')).toEqual([
      { Action: 'route53:GetChange', Effect: 'Allow', Resource: partition(':route53:::change/*') },
    ]);
    expect(inlineStatements(role, 'PolicyCertManagerHostedZones')).toEqual([
      { Action: ['route53:ListResourceRecordSets', 'route53:ListHostedZonesByName'], Effect: 'Allow', Resource: '*' },
    ]);
  });

  test('awsLoadBalancerController has eksctl\'s sixteen statements, with its tag conditions', () => {
    const { role } = roleWith('awsLoadBalancerController');
    const statements = inlineStatements(role, 'PolicyAWSLoadBalancerController');
    expect(statements).toHaveLength(16);
    expect(statements[0]).toEqual({
      Action: 'iam:CreateServiceLinkedRole',
      Condition: { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } },
      Effect: 'Allow',
      Resource: '*',
    });
    expect(statements[5]).toEqual({
      Action: 'ec2:CreateTags',
      Condition: { 'StringEquals': { 'ec2:CreateAction': 'CreateSecurityGroup' }, 'Null': { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'false' } },
      Effect: 'Allow',
      Resource: partition(':ec2:*:*:security-group/*'),
    });
    expect(statements[14]).toEqual({
      Action: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
      Effect: 'Allow',
      Resource: partition(':elasticloadbalancing:*:*:targetgroup/*/*'),
    });
  });

  test('ebsCSIController has eksctl\'s ten statements, with its tag conditions', () => {
    const { role } = roleWith('ebsCSIController');
    const statements = inlineStatements(role, 'PolicyEBSCSIController');
    expect(statements).toHaveLength(10);
    expect(statements[1]).toEqual({
      Action: 'ec2:CreateTags',
      Condition: { StringEquals: { 'ec2:CreateAction': ['CreateVolume', 'CreateSnapshot'] } },
      Effect: 'Allow',
      Resource: [partition(':ec2:*:*:volume/*'), partition(':ec2:*:*:snapshot/*')],
    });
    expect(statements[7]).toEqual({
      Action: 'ec2:DeleteVolume',
      Condition: { StringLike: { 'ec2:ResourceTag/kubernetes.io/created-for/pvc/name': '*' } },
      Effect: 'Allow',
      Resource: '*',
    });
  });

  test('efsCSIController has eksctl\'s four statements', () => {
    const { role } = roleWith('efsCSIController');
    expect(inlineStatements(role, 'PolicyEFSCSIController')).toEqual([
      { Action: ['elasticfilesystem:DescribeAccessPoints', 'elasticfilesystem:DescribeFileSystems'], Effect: 'Allow', Resource: '*' },
      { Action: 'elasticfilesystem:CreateAccessPoint', Condition: { StringLike: { 'aws:RequestTag/efs.csi.aws.com/cluster': 'true' } }, Effect: 'Allow', Resource: '*' },
      { Action: 'elasticfilesystem:TagResource', Condition: { StringLike: { 'aws:RequestTag/efs.csi.aws.com/cluster': 'true' } }, Effect: 'Allow', Resource: '*' },
      { Action: 'elasticfilesystem:DeleteAccessPoint', Condition: { StringLike: { 'aws:ResourceTag/efs.csi.aws.com/cluster': 'true' } }, Effect: 'Allow', Resource: '*' },
    ]);
  });

  test('a well-known policy comes after permissionPolicyARNs and beside permissionPolicy', () => {
    const { stack, cluster } = givenShop();
    EksctlConfig.fromYaml(oneAssociation('permissionPolicyARNs: [arn:aws:iam::111122223333:policy/base]',
      'permissionPolicy: { Statement: [{ Effect: Allow, Action: s3:ListBucket, Resource: "*" }] }',
      'wellKnownPolicies: { imageBuilder: true, efsCSIController: true }')).apply(stack, 'Eksctl', { cluster });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: ['arn:aws:iam::111122223333:policy/base', partition(':iam::aws:policy/AmazonEC2ContainerRegistryPowerUser')],
      Policies: [Match.objectLike({ PolicyName: 'Policy1' }), Match.objectLike({ PolicyName: 'PolicyEFSCSIController' })],
    });
  });
});

describe('the catalogue\'s policies, as an option of apply', () => {
  test('catalogueWellKnownPolicies has a policy for every key', () => {
    const config = EksctlConfig.fromYaml(oneAssociation('wellKnownPolicies: { autoScaler: true }'));
    expect(Object.entries(config.catalogueWellKnownPolicies()).map(([key, policy]) => `${key}=${policy.name}`)).toEqual([
      'imageBuilder=image-builder', 'autoScaler=cluster-autoscaler', 'awsLoadBalancerController=aws-load-balancer-controller',
      'externalDNS=external-dns', 'certManager=cert-manager', 'ebsCSIController=ebs-csi-driver', 'efsCSIController=efs-csi-driver',
    ]);
  });

  test('with the catalogue, autoScaler may only resize the Auto Scaling groups of the cluster', () => {
    const { stack, cluster } = givenShop();
    const config = EksctlConfig.fromYaml(oneAssociation('wellKnownPolicies: { autoScaler: true }'));
    config.apply(stack, 'Eksctl', { cluster, wellKnownPolicies: config.catalogueWellKnownPolicies() });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', { Policies: Match.absent() });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Action: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
          Condition: { StringEquals: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/shop': 'owned' } },
          Effect: 'Allow',
          Resource: '*',
        }]),
      },
    });
  });

  test('only the keys given are replaced', () => {
    const { stack, cluster } = givenShop();
    const config = EksctlConfig.fromYaml(oneAssociation('wellKnownPolicies: { autoScaler: true, imageBuilder: true }'));
    config.apply(stack, 'Eksctl', { cluster, wellKnownPolicies: { autoScaler: config.catalogueWellKnownPolicies().autoScaler } });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [partition(':iam::aws:policy/AmazonEC2ContainerRegistryPowerUser')],
      Policies: Match.absent(),
    });
    template.resourceCountIs('AWS::IAM::Policy', 1);
  });

  test('an unknown key is an error', () => {
    const { stack, cluster } = givenShop();
    const config = EksctlConfig.fromYaml(oneAssociation('wellKnownPolicies: { autoScaler: true }'));
    expect(errorOf(() => config.apply(stack, 'Eksctl', {
      cluster, wellKnownPolicies: { autoscaler: WellKnownPolicy.clusterAutoscaler({ clusterNames: ['shop'] }) },
    }))).toBe(
      `${PREFIX}eksctl-unknown-well-known-policy] Stack/Eksctl: wellKnownPolicies has the key 'autoscaler', which is not a key of eksctl's wellKnownPolicies (imageBuilder, autoScaler, awsLoadBalancerController, externalDNS, certManager, ebsCSIController, efsCSIController). Use those keys, spelled as in the eksctl config; config.catalogueWellKnownPolicies() has them all`,
    );
  });

  test('a file without wellKnownPolicies ignores the option', () => {
    const stack = new Stack();
    const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'shop');
    const config = EksctlConfig.fromYaml(oneAssociation('permissionPolicyARNs: [arn:aws:iam::111122223333:policy/base]'));
    config.apply(stack, 'Eksctl', { cluster, wellKnownPolicies: config.catalogueWellKnownPolicies() });
    Template.fromStack(stack).resourceCountIs('AWS::IAM::Policy', 0);
  });
});
