import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { PodIdentityError } from '../private/errors';
import { allow, arn, literalClusterName } from './private/policy-helpers';
import { propSpan } from '../private/code';

/**
 * The IP family of the pods of a cluster, for `WellKnownPolicy.vpcCni`.
 */
export enum VpcCniIpFamily {
  /** Pods get IPv4 addresses (secondary IPs or prefixes on ENIs). */
  IPV4 = 'ipv4',

  /** Pods get IPv6 addresses from the node's prefix. */
  IPV6 = 'ipv6',
}

/**
 * Options of `WellKnownPolicy.vpcCni`.
 */
export interface VpcCniPolicyOptions {
  /**
   * The IP family the cluster was created with.
   *
   * @default VpcCniIpFamily.IPV4
   */
  readonly ipFamily?: VpcCniIpFamily;

  /**
   * With `vpc`, scope the IPv4 policy down to this cluster: network interfaces tagged
   * `cluster.k8s.amazonaws.com/name: <name>` and instances tagged `kubernetes.io/cluster/<name>: owned`.
   * The plugin must run with `CLUSTER_NAME` set (VPC CNI v1.8.0 or later). A literal string.
   *
   * @default - no per-cluster scoping: the policy of `AmazonEKS_CNI_Policy`
   */
  readonly clusterName?: string;

  /**
   * With `clusterName`, the cluster's VPC: new network interfaces may only use its subnets and security groups.
   *
   * @default - no per-cluster scoping
   */
  readonly vpc?: ec2.IVpc;
}

/**
 * The statements of the Amazon VPC CNI plugin (`aws-node`).
 *
 * Actions follow aws/amazon-vpc-cni-k8s `docs/iam-policy.md` (after v1.22.1): the IPv4 policy (the same as
 * `AmazonEKS_CNI_Policy`), its "scope-down IAM policy per EKS cluster" when `clusterName` and `vpc`
 * are given, or the IPv6 policy.
 *
 * @internal
 */
export function _vpcCniStatements(scope: IConstruct, options: VpcCniPolicyOptions): iam.PolicyStatement[] {
  const ipFamily = options.ipFamily ?? VpcCniIpFamily.IPV4;
  const scoped = options.clusterName !== undefined || options.vpc !== undefined;
  if (scoped && (options.clusterName === undefined || options.vpc === undefined)) {
    throw new PodIdentityError('policy-incomplete-vpc-cni-scope', scope,
      `well-known policy 'vpc-cni' got only ${propSpan(options.clusterName === undefined ? 'vpc' : 'clusterName')}, but scoping the policy to a cluster needs both`,
      `Pass both ${propSpan('clusterName')} and ${propSpan('vpc')}, or neither`);
  }
  if (scoped && ipFamily === VpcCniIpFamily.IPV6) {
    throw new PodIdentityError('policy-vpc-cni-scope-ipv6', scope,
      `well-known policy 'vpc-cni' can only scope the IPv4 policy to a cluster, but ${propSpan('ipFamily')} is IPV6`,
      `Leave ${propSpan('clusterName')} and ${propSpan('vpc')} unset for an IPv6 cluster`);
  }

  // The IPv6 policy gained ec2:DescribeSubnets and ec2:DescribeSecurityGroups with VPC CNI v1.22.1 (subnet discovery).
  // Source: aws/amazon-vpc-cni-k8s docs/iam-policy.md @ commit 3ecdfeb5 (checked 2026-12-01)
  const networkInterfaces = arn('ec2', '*', '*', 'network-interface/*');
  const tagNetworkInterfaces = allow(['ec2:CreateTags'], [networkInterfaces]);

  if (ipFamily === VpcCniIpFamily.IPV6) {
    return [
      allow([
        'ec2:AssignIpv6Addresses',
        'ec2:DescribeInstances',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSubnets',
        'ec2:DescribeTags',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeInstanceTypes',
        'ec2:ModifyNetworkInterfaceAttribute',
      ], ['*']),
      tagNetworkInterfaces,
    ];
  }

  if (!scoped) {
    return [
      allow([
        'ec2:AssignPrivateIpAddresses',
        'ec2:AttachNetworkInterface',
        'ec2:CreateNetworkInterface',
        'ec2:DeleteNetworkInterface',
        'ec2:DescribeInstances',
        'ec2:DescribeTags',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeInstanceTypes',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSubnets',
        'ec2:DetachNetworkInterface',
        'ec2:ModifyNetworkInterfaceAttribute',
        'ec2:UnassignPrivateIpAddresses',
      ], ['*']),
      tagNetworkInterfaces,
    ];
  }

  const clusterName = literalClusterName(scope, 'vpc-cni', options.clusterName!);
  return [
    allow([
      'ec2:DescribeInstances',
      'ec2:DescribeTags',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeSubnets',
      'ec2:DescribeInstanceTypes',
    ], ['*']),
    tagNetworkInterfaces,
    allow(['ec2:CreateNetworkInterface'], [networkInterfaces],
      { StringEquals: { 'aws:RequestTag/cluster.k8s.amazonaws.com/name': clusterName } }),
    allow(['ec2:CreateNetworkInterface'], [arn('ec2', '*', '*', 'subnet/*'), arn('ec2', '*', '*', 'security-group/*')],
      { ArnEquals: { 'ec2:Vpc': options.vpc!.vpcArn } }),
    allow([
      'ec2:DeleteNetworkInterface',
      'ec2:UnassignPrivateIpAddresses',
      'ec2:AssignPrivateIpAddresses',
      'ec2:AttachNetworkInterface',
      'ec2:DetachNetworkInterface',
      'ec2:ModifyNetworkInterfaceAttribute',
    ], [networkInterfaces],
    { StringEquals: { 'aws:ResourceTag/cluster.k8s.amazonaws.com/name': clusterName } }),
    allow(['ec2:AttachNetworkInterface', 'ec2:DetachNetworkInterface', 'ec2:ModifyNetworkInterfaceAttribute'],
      [arn('ec2', '*', '*', 'instance/*')],
      { StringEquals: { [`aws:ResourceTag/kubernetes.io/cluster/${clusterName}`]: 'owned' } }),
    allow(['ec2:ModifyNetworkInterfaceAttribute'], [arn('ec2', '*', '*', 'security-group/*')]),
  ];
}
