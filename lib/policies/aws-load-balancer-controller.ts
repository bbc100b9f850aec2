import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { validateClusterName } from '../private/names';
import { allow, arn, mergeConditions } from '../private/policy-helpers';

/**
 * Options of `WellKnownPolicy.awsLoadBalancerController`.
 */
export interface AwsLoadBalancerControllerPolicyOptions {
  /**
   * Only manage load balancers, target groups and security groups tagged for this cluster.
   *
   * The controller tags what it creates with `elbv2.k8s.aws/cluster: <cluster name>`. Upstream's policy
   * only tests that the tag exists; with a name, the conditions test its value instead, so the
   * controller of one cluster cannot change the load balancers of another in the same account.
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
 * `docs/install/iam_policy.json` (v2.14).
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
