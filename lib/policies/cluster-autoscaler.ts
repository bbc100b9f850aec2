import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { allow, arn, literalClusterName, requireSome } from './private/policy-helpers';
import { propSpan } from '../private/code';

/**
 * The Auto Scaling group tag that marks a group as belonging to a cluster, for
 * `WellKnownPolicy.clusterAutoscaler`.
 */
export enum AutoScalingGroupOwnershipTag {
  /**
   * `k8s.io/cluster-autoscaler/<cluster name>: owned`, the tag the autoscaler's auto-discovery
   * uses. EKS managed node groups set it.
   */
  CLUSTER_AUTOSCALER = 'k8s.io/cluster-autoscaler/',

  /**
   * `kubernetes.io/cluster/<cluster name>: owned`, the Kubernetes cloud-provider ownership tag.
   */
  KUBERNETES_CLUSTER = 'kubernetes.io/cluster/',
}

/**
 * Options of `WellKnownPolicy.clusterAutoscaler`.
 */
export interface ClusterAutoscalerPolicyOptions {
  /**
   * The clusters whose Auto Scaling groups the autoscaler may resize and shrink.
   *
   * Each name must be a literal string: it becomes part of the condition key
   * `aws:ResourceTag/<tag><name>`.
   */
  readonly clusterNames: string[];

  /**
   * The ownership tag that scopes `SetDesiredCapacity` and `TerminateInstanceInAutoScalingGroup`.
   *
   * @default AutoScalingGroupOwnershipTag.CLUSTER_AUTOSCALER
   */
  readonly ownershipTag?: AutoScalingGroupOwnershipTag;
}

/**
 * The statements of the Kubernetes Cluster Autoscaler on AWS.
 *
 * Actions follow kubernetes/autoscaler `cluster-autoscaler/cloudprovider/aws/README.md`
 * ("Full Cluster Autoscaler Features Policy", cluster-autoscaler 1.3x) plus `autoscaling:DescribeTags`
 * for auto-discovery (as eksctl's `autoScaler` and the Terraform module's
 * `attach_cluster_autoscaler_policy`). Scaling is limited to groups tagged `owned` for the clusters,
 * as upstream recommends, and `eks:DescribeNodegroup` to those clusters' node groups.
 *
 * @internal
 */
export function _clusterAutoscalerStatements(scope: IConstruct, options: ClusterAutoscalerPolicyOptions): iam.PolicyStatement[] {
  const policyName = 'cluster-autoscaler';
  requireSome(scope, 'policy-no-cluster-names', policyName, `at least one cluster name in ${propSpan('clusterNames')}`,
    'Pass the names of the clusters whose Auto Scaling groups the autoscaler manages, e.g. `clusterNames: [\'my-cluster\']`',
    options.clusterNames);
  const clusterNames = options.clusterNames.map(name => literalClusterName(scope, policyName, name));
  const tag = options.ownershipTag ?? AutoScalingGroupOwnershipTag.CLUSTER_AUTOSCALER;

  // Source: kubernetes/autoscaler cluster-autoscaler/cloudprovider/aws/README.md @ commit 062f28a6 (checked 2026-12-01)
  return [
    allow([
      'autoscaling:DescribeAutoScalingGroups',
      'autoscaling:DescribeAutoScalingInstances',
      'autoscaling:DescribeLaunchConfigurations',
      'autoscaling:DescribeScalingActivities',
      'autoscaling:DescribeTags',
      'ec2:DescribeImages',
      'ec2:DescribeInstanceTypes',
      'ec2:DescribeLaunchTemplateVersions',
      'ec2:GetInstanceTypesFromInstanceRequirements',
    ], ['*']),
    allow(['eks:DescribeNodegroup'],
      clusterNames.map(name => arn('eks', Aws.REGION, Aws.ACCOUNT_ID, `nodegroup/${name}/*/*`))),
    // One statement per cluster: keys inside one condition operator are ANDed.
    ...clusterNames.map(name => allow(
      ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'], ['*'],
      { StringEquals: { [`aws:ResourceTag/${tag}${name}`]: 'owned' } })),
  ];
}
