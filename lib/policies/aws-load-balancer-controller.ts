import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { validateClusterName } from '../private/names';
import { allow, arn, mergeConditions } from './private/policy-helpers';

/**
 * Options of `WellKnownPolicy.awsLoadBalancerController`.
 */
export interface AwsLoadBalancerControllerPolicyOptions {
  /**
   * Test the value of the `elbv2.k8s.aws/cluster` tag, not only that it exists.
   *
   * The controller tags what it creates with `elbv2.k8s.aws/cluster: <cluster name>`. Upstream's policy
   * only tests that the tag exists; with a name, the tag conditions test its value instead. That limits
   * creating, tagging, modifying and deleting load balancers and target groups, and deleting the
   * security groups the controller made, to this cluster's. It does not isolate clusters: the statements
   * upstream leaves without a condition stay so, because the controller also acts on resources it did not
   * tag (the nodes' security groups, target groups of `TargetGroupBinding`s). A controller can still
   * create, modify and delete listeners and rules, register targets in any target group, and add or
   * remove ingress rules of any security group in the account, whichever cluster's they are.
   *
   * @default - any resource that carries the `elbv2.k8s.aws/cluster` tag, as upstream
   */
  readonly clusterName?: string;
}

const CLUSTER_TAG = 'elbv2.k8s.aws/cluster';

/**
 * The statements of the AWS Load Balancer Controller.
 *
 * Actions, resources and conditions follow kubernetes-sigs/aws-load-balancer-controller
 * `docs/install/iam_policy.json` (v2.13).
 *
 * @internal
 */
export function _awsLoadBalancerControllerStatements(scope: IConstruct, options: AwsLoadBalancerControllerPolicyOptions): iam.PolicyStatement[] {
  const clusterName = options.clusterName;
  if (clusterName !== undefined) validateClusterName(scope, clusterName);

  // Upstream tests `Null: { aws:<Kind>Tag/elbv2.k8s.aws/cluster: false }` (the tag is present);
  // with a cluster name the tag must instead equal it.
  const tagged = (kind: 'RequestTag' | 'ResourceTag'): iam.Conditions => {
    const key = `aws:${kind}/${CLUSTER_TAG}`;
    return clusterName === undefined
      ? { Null: { [key]: 'false' } }
      : { StringEquals: { [key]: clusterName } };
  };
  const untaggedRequest = { [`aws:RequestTag/${CLUSTER_TAG}`]: 'true' };

  const securityGroups = arn('ec2', '*', '*', 'security-group/*');
  const balancersAndTargetGroups = [
    arn('elasticloadbalancing', '*', '*', 'targetgroup/*/*'),
    arn('elasticloadbalancing', '*', '*', 'loadbalancer/net/*/*'),
    arn('elasticloadbalancing', '*', '*', 'loadbalancer/app/*/*'),
  ];

  // The stored upstream copies predate v2.11; the actions of v2.11 to v2.13 (capacity reservations, IPAM
  // pools, route tables) were checked against their release notes and a verbatim copy of the current file.
  // Source: kubernetes-sigs/aws-load-balancer-controller docs/install/iam_policy.json @ v2.13 (checked 2026-12-01)
  return [
    allow(['iam:CreateServiceLinkedRole'], ['*'],
      { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } }),
    allow([
      'ec2:DescribeAccountAttributes',
      'ec2:DescribeAddresses',
      'ec2:DescribeAvailabilityZones',
      'ec2:DescribeInternetGateways',
      'ec2:DescribeVpcs',
      'ec2:DescribeVpcPeeringConnections',
      'ec2:DescribeSubnets',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeInstances',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeTags',
      'ec2:GetCoipPoolUsage',
      'ec2:DescribeCoipPools',
      'ec2:GetSecurityGroupsForVpc',
      'ec2:DescribeIpamPools',
      'ec2:DescribeRouteTables',
      'elasticloadbalancing:DescribeLoadBalancers',
      'elasticloadbalancing:DescribeLoadBalancerAttributes',
      'elasticloadbalancing:DescribeListeners',
      'elasticloadbalancing:DescribeListenerCertificates',
      'elasticloadbalancing:DescribeSSLPolicies',
      'elasticloadbalancing:DescribeRules',
      'elasticloadbalancing:DescribeTargetGroups',
      'elasticloadbalancing:DescribeTargetGroupAttributes',
      'elasticloadbalancing:DescribeTargetHealth',
      'elasticloadbalancing:DescribeTags',
      'elasticloadbalancing:DescribeTrustStores',
      'elasticloadbalancing:DescribeListenerAttributes',
      'elasticloadbalancing:DescribeCapacityReservation',
    ], ['*']),
    allow([
      'cognito-idp:DescribeUserPoolClient',
      'acm:ListCertificates',
      'acm:DescribeCertificate',
      'iam:ListServerCertificates',
      'iam:GetServerCertificate',
      'waf-regional:GetWebACL',
      'waf-regional:GetWebACLForResource',
      'waf-regional:AssociateWebACL',
      'waf-regional:DisassociateWebACL',
      'wafv2:GetWebACL',
      'wafv2:GetWebACLForResource',
      'wafv2:AssociateWebACL',
      'wafv2:DisassociateWebACL',
      'shield:GetSubscriptionState',
      'shield:DescribeProtection',
      'shield:CreateProtection',
      'shield:DeleteProtection',
    ], ['*']),
    allow(['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'], ['*']),
    allow(['ec2:CreateSecurityGroup'], ['*']),
    allow(['ec2:CreateTags'], [securityGroups],
      mergeConditions({ StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' } }, tagged('RequestTag'))),
    allow(['ec2:CreateTags', 'ec2:DeleteTags'], [securityGroups],
      mergeConditions({ Null: untaggedRequest }, tagged('ResourceTag'))),
    allow(['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:DeleteSecurityGroup'], ['*'],
      tagged('ResourceTag')),
    allow(['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'], ['*'],
      tagged('RequestTag')),
    allow([
      'elasticloadbalancing:CreateListener',
      'elasticloadbalancing:DeleteListener',
      'elasticloadbalancing:CreateRule',
      'elasticloadbalancing:DeleteRule',
    ], ['*']),
    allow(['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'], balancersAndTargetGroups,
      mergeConditions({ Null: untaggedRequest }, tagged('ResourceTag'))),
    allow(['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'], [
      arn('elasticloadbalancing', '*', '*', 'listener/net/*/*/*'),
      arn('elasticloadbalancing', '*', '*', 'listener/app/*/*/*'),
      arn('elasticloadbalancing', '*', '*', 'listener-rule/net/*/*/*'),
      arn('elasticloadbalancing', '*', '*', 'listener-rule/app/*/*/*'),
    ]),
    allow([
      'elasticloadbalancing:ModifyLoadBalancerAttributes',
      'elasticloadbalancing:SetIpAddressType',
      'elasticloadbalancing:SetSecurityGroups',
      'elasticloadbalancing:SetSubnets',
      'elasticloadbalancing:DeleteLoadBalancer',
      'elasticloadbalancing:ModifyTargetGroup',
      'elasticloadbalancing:ModifyTargetGroupAttributes',
      'elasticloadbalancing:DeleteTargetGroup',
      'elasticloadbalancing:ModifyListenerAttributes',
      'elasticloadbalancing:ModifyCapacityReservation',
      'elasticloadbalancing:ModifyIpPools',
    ], ['*'], tagged('ResourceTag')),
    allow(['elasticloadbalancing:AddTags'], balancersAndTargetGroups, mergeConditions(
      { StringEquals: { 'elasticloadbalancing:CreateAction': ['CreateTargetGroup', 'CreateLoadBalancer'] } },
      tagged('RequestTag'))),
    allow(['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
      [arn('elasticloadbalancing', '*', '*', 'targetgroup/*/*')]),
    allow([
      'elasticloadbalancing:SetWebAcl',
      'elasticloadbalancing:ModifyListener',
      'elasticloadbalancing:AddListenerCertificates',
      'elasticloadbalancing:RemoveListenerCertificates',
      'elasticloadbalancing:ModifyRule',
      'elasticloadbalancing:SetRulePriorities',
    ], ['*']),
  ];
}
