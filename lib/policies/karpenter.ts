import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { IConstruct } from 'constructs';
import { allow, arn, literalClusterName } from './private/policy-helpers';

/**
 * Options of `WellKnownPolicy.karpenter`.
 */
export interface KarpenterPolicyOptions {
  /**
   * The name of the cluster Karpenter provisions nodes for (its `settings.clusterName`).
   *
   * A literal string: it becomes part of the condition key `aws:ResourceTag/kubernetes.io/cluster/<name>`.
   */
  readonly clusterName: string;

  /**
   * The role of the nodes Karpenter launches (the `role` of its `EC2NodeClass`es); the only role it may pass.
   */
  readonly nodeRole: iam.IRole;

  /**
   * The interruption queue (its `settings.interruptionQueue`).
   *
   * @default - no interruption handling: no SQS permissions
   */
  readonly interruptionQueue?: sqs.IQueue;

  /**
   * Whether Karpenter may read the zonal shift status of the cluster (`arc-zonal-shift:GetManagedResource`,
   * Karpenter 1.12 and later, its `enableZonalShift` setting, off by default). The cluster must be
   * enabled for ARC zonal shift.
   *
   * @default false
   */
  readonly zonalShift?: boolean;
}

const NODEPOOL = 'karpenter.sh/nodepool';
const NODECLASS = 'karpenter.k8s.aws/ec2nodeclass';
const REGION_TAG = 'topology.kubernetes.io/region';
const CLUSTER_NAME_TAG = 'eks:eks-cluster-name';

/**
 * The statements of the Karpenter controller.
 *
 * Actions, resources and conditions follow aws/karpenter-provider-aws
 * `website/content/en/docs/getting-started/getting-started-with-karpenter/cloudformation.yaml`
 * (Karpenter 1.12: capacity reservations, placement groups, instance status, zonal shift): the node
 * lifecycle, IAM integration, EKS integration, interruption, zonal shift and resource discovery
 * policies, all in this stack's region.
 *
 * @internal
 */
export function _karpenterStatements(scope: IConstruct, options: KarpenterPolicyOptions): iam.PolicyStatement[] {
  const clusterName = literalClusterName(scope, 'karpenter', options.clusterName);
  const region = Aws.REGION;
  const clusterArn = arn('eks', region, Aws.ACCOUNT_ID, `cluster/${clusterName}`);
  const ec2 = (resource: string, account = '*') => arn('ec2', region, account, resource);
  const instanceProfiles = arn('iam', '', Aws.ACCOUNT_ID, 'instance-profile/*');
  const owned = (kind: 'RequestTag' | 'ResourceTag') => ({ [`aws:${kind}/kubernetes.io/cluster/${clusterName}`]: 'owned' });
  const launched = [
    ec2('fleet/*'),
    ec2('instance/*'),
    ec2('volume/*'),
    ec2('network-interface/*'),
    ec2('launch-template/*'),
    ec2('spot-instances-request/*'),
  ];

  // The stored copy of the template (commit 8b5313ca) predates 1.11; the placement group (1.11), instance
  // status and zonal shift (1.12) additions were checked against the upgrade guide and PRs #9123 and #9167.
  // Source: aws/karpenter-provider-aws website/content/en/docs/getting-started/getting-started-with-karpenter/cloudformation.yaml @ v1.12 (checked 2026-12-01)
  const statements = [
    // Node lifecycle
    allow(['ec2:RunInstances', 'ec2:CreateFleet'], [
      ec2('image/*', ''),
      ec2('snapshot/*', ''),
      ec2('security-group/*'),
      ec2('subnet/*'),
      ec2('capacity-reservation/*'),
      ec2('placement-group/*'),
    ]),
    allow(['ec2:RunInstances', 'ec2:CreateFleet'], [ec2('launch-template/*')], {
      StringEquals: owned('ResourceTag'),
      StringLike: { [`aws:ResourceTag/${NODEPOOL}`]: '*' },
    }),
    allow(['ec2:RunInstances', 'ec2:CreateFleet', 'ec2:CreateLaunchTemplate'], launched, {
      StringEquals: { ...owned('RequestTag'), [`aws:RequestTag/${CLUSTER_NAME_TAG}`]: clusterName },
      StringLike: { [`aws:RequestTag/${NODEPOOL}`]: '*' },
    }),
    allow(['ec2:CreateTags'], launched, {
      StringEquals: {
        ...owned('RequestTag'),
        [`aws:RequestTag/${CLUSTER_NAME_TAG}`]: clusterName,
        'ec2:CreateAction': ['RunInstances', 'CreateFleet', 'CreateLaunchTemplate'],
      },
      StringLike: { [`aws:RequestTag/${NODEPOOL}`]: '*' },
    }),
    allow(['ec2:CreateTags'], [ec2('instance/*')], {
      'StringEquals': owned('ResourceTag'),
      'StringLike': { [`aws:ResourceTag/${NODEPOOL}`]: '*' },
      'StringEqualsIfExists': { [`aws:RequestTag/${CLUSTER_NAME_TAG}`]: clusterName },
      'ForAllValues:StringEquals': { 'aws:TagKeys': [CLUSTER_NAME_TAG, 'karpenter.sh/nodeclaim', 'Name'] },
    }),
    allow(['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'], [ec2('instance/*'), ec2('launch-template/*')], {
      StringEquals: owned('ResourceTag'),
      StringLike: { [`aws:ResourceTag/${NODEPOOL}`]: '*' },
    }),
    // IAM integration
    allow(['iam:PassRole'], [options.nodeRole.roleArn],
      { StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'] } }),
    allow(['iam:CreateInstanceProfile'], [instanceProfiles], {
      StringEquals: {
        ...owned('RequestTag'),
        [`aws:RequestTag/${CLUSTER_NAME_TAG}`]: clusterName,
        [`aws:RequestTag/${REGION_TAG}`]: region,
      },
      StringLike: { [`aws:RequestTag/${NODECLASS}`]: '*' },
    }),
    allow(['iam:TagInstanceProfile'], [instanceProfiles], {
      StringEquals: {
        ...owned('ResourceTag'),
        [`aws:ResourceTag/${REGION_TAG}`]: region,
        ...owned('RequestTag'),
        [`aws:RequestTag/${CLUSTER_NAME_TAG}`]: clusterName,
        [`aws:RequestTag/${REGION_TAG}`]: region,
      },
      StringLike: { [`aws:ResourceTag/${NODECLASS}`]: '*', [`aws:RequestTag/${NODECLASS}`]: '*' },
    }),
    allow(['iam:AddRoleToInstanceProfile', 'iam:RemoveRoleFromInstanceProfile', 'iam:DeleteInstanceProfile'], [instanceProfiles], {
      StringEquals: { ...owned('ResourceTag'), [`aws:ResourceTag/${REGION_TAG}`]: region },
      StringLike: { [`aws:ResourceTag/${NODECLASS}`]: '*' },
    }),
    // EKS integration
    allow(['eks:DescribeCluster'], [clusterArn]),
  ];
  // Interruption
  if (options.interruptionQueue) {
    statements.push(allow(['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'], [options.interruptionQueue.queueArn]));
  }
  // Zonal shift: the action takes no resource ARN; the condition key names the cluster.
  if (options.zonalShift) {
    statements.push(allow(['arc-zonal-shift:GetManagedResource'], ['*'],
      { StringEquals: { 'arc-zonal-shift:ResourceIdentifier': clusterArn } }));
  }
  // Resource discovery
  statements.push(
    allow([
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
    ], ['*'], { StringEquals: { 'aws:RequestedRegion': region } }),
    allow(['ssm:GetParameter'], [arn('ssm', region, '', 'parameter/aws/service/*')]),
    allow(['pricing:GetProducts'], ['*']),
    allow(['iam:ListInstanceProfiles'], ['*']),
    allow(['iam:GetInstanceProfile'], [instanceProfiles]),
  );
  return statements;
}
