import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { WellKnownPolicy } from '../../lib';
import { actionsOf, allow, arn, statementsOf } from './helpers';

const REGION = '${AWS::Region}';
const OWNED_REQUEST = { 'aws:RequestTag/kubernetes.io/cluster/my-cluster': 'owned' };
const OWNED_RESOURCE = { 'aws:ResourceTag/kubernetes.io/cluster/my-cluster': 'owned' };
const INSTANCE_PROFILES = arn('iam::${AWS::AccountId}:instance-profile/*');
const LAUNCHED = ['fleet', 'instance', 'volume', 'network-interface', 'launch-template', 'spot-instances-request']
  .map(type => arn(`ec2:${REGION}:*:${type}/*`));

describe('WellKnownPolicy.karpenter', () => {
  test('has the statements of the v1 CloudFormation template, for one cluster, node role and queue', () => {
    // WHEN
    const statements = statementsOf(stack => WellKnownPolicy.karpenter({
      clusterName: 'my-cluster',
      nodeRole: new iam.Role(stack, 'NodeRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') }),
      interruptionQueue: new sqs.Queue(stack, 'Interruptions'),
    }));

    // THEN
    expect(statements).toHaveLength(17);
    expect(statements[0]).toEqual(allow(['ec2:RunInstances', 'ec2:CreateFleet'], [
      arn(`ec2:${REGION}::image/*`),
      arn(`ec2:${REGION}::snapshot/*`),
      arn(`ec2:${REGION}:*:security-group/*`),
      arn(`ec2:${REGION}:*:subnet/*`),
      arn(`ec2:${REGION}:*:capacity-reservation/*`),
      arn(`ec2:${REGION}:*:placement-group/*`),
    ]));
    expect(statements).toContainEqual(allow(['ec2:RunInstances', 'ec2:CreateFleet', 'ec2:CreateLaunchTemplate'], LAUNCHED, {
      StringEquals: { ...OWNED_REQUEST, 'aws:RequestTag/eks:eks-cluster-name': 'my-cluster' },
      StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
    }));
    expect(statements).toContainEqual(allow(['ec2:CreateTags'], [arn(`ec2:${REGION}:*:instance/*`)], {
      'StringEquals': OWNED_RESOURCE,
      'StringLike': { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
      'StringEqualsIfExists': { 'aws:RequestTag/eks:eks-cluster-name': 'my-cluster' },
      'ForAllValues:StringEquals': { 'aws:TagKeys': ['eks:eks-cluster-name', 'karpenter.sh/nodeclaim', 'Name'] },
    }));
    expect(statements).toContainEqual(allow(['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'],
      [arn(`ec2:${REGION}:*:instance/*`), arn(`ec2:${REGION}:*:launch-template/*`)], {
        StringEquals: OWNED_RESOURCE,
        StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
      }));
    expect(statements).toContainEqual(allow(['iam:PassRole'], ['${NodeRoleB5643E21.Arn}'],
      { StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'] } }));
    expect(statements).toContainEqual(allow(['iam:CreateInstanceProfile'], [INSTANCE_PROFILES], {
      StringEquals: {
        ...OWNED_REQUEST,
        'aws:RequestTag/eks:eks-cluster-name': 'my-cluster',
        'aws:RequestTag/topology.kubernetes.io/region': REGION,
      },
      StringLike: { 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' },
    }));
    expect(statements).toContainEqual(allow(
      ['iam:AddRoleToInstanceProfile', 'iam:RemoveRoleFromInstanceProfile', 'iam:DeleteInstanceProfile'], [INSTANCE_PROFILES], {
        StringEquals: { ...OWNED_RESOURCE, 'aws:ResourceTag/topology.kubernetes.io/region': REGION },
        StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*' },
      }));
    expect(statements).toContainEqual(allow(['eks:DescribeCluster'], [arn(`eks:${REGION}:\${AWS::AccountId}:cluster/my-cluster`)]));
    expect(statements).toContainEqual(allow(['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'], ['${Interruptions573E04A6.Arn}']));
    expect(statements).toContainEqual(allow([
      'ec2:DescribeCapacityReservations',
      'ec2:DescribeImages',
      'ec2:DescribeInstances',
      'ec2:DescribeInstanceStatus',
      'ec2:DescribeInstanceTypeOfferings',
      'ec2:DescribeInstanceTypes',
      'ec2:DescribeLaunchTemplates',
      'ec2:DescribePlacementGroups',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeSpotPriceHistory',
      'ec2:DescribeSubnets',
    ], ['*'], { StringEquals: { 'aws:RequestedRegion': REGION } }));
    expect(statements).toContainEqual(allow(['ssm:GetParameter'], [arn(`ssm:${REGION}::parameter/aws/service/*`)]));
  });

  test('without an interruption queue, has no SQS permission', () => {
    const statements = statementsOf(stack => WellKnownPolicy.karpenter({
      clusterName: 'my-cluster',
      nodeRole: iam.Role.fromRoleName(stack, 'NodeRole', 'KarpenterNodeRole-my-cluster'),
    }));

    expect(statements).toHaveLength(16);
    expect(actionsOf(statements).filter(action => action.startsWith('sqs:'))).toEqual([]);
  });

  test('reads no zonal shift status unless asked (Karpenter 1.12 `enableZonalShift`)', () => {
    const statements = statementsOf(stack => WellKnownPolicy.karpenter({
      clusterName: 'my-cluster',
      nodeRole: iam.Role.fromRoleName(stack, 'NodeRole', 'KarpenterNodeRole-my-cluster'),
    }));

    expect(actionsOf(statements).filter(action => action.startsWith('arc-zonal-shift:'))).toEqual([]);
  });

  test('zonalShift: GetManagedResource on "*", conditioned on the cluster ARN as the resource identifier', () => {
    const statements = statementsOf(stack => WellKnownPolicy.karpenter({
      clusterName: 'my-cluster',
      nodeRole: iam.Role.fromRoleName(stack, 'NodeRole', 'KarpenterNodeRole-my-cluster'),
      zonalShift: true,
    }));

    expect(statements).toHaveLength(17);
    expect(statements).toContainEqual(allow(['arc-zonal-shift:GetManagedResource'], ['*'], {
      StringEquals: { 'arc-zonal-shift:ResourceIdentifier': arn(`eks:${REGION}:\${AWS::AccountId}:cluster/my-cluster`) },
    }));
  });
});
