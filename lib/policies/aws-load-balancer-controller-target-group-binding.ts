import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { allow, requireSome } from './private/policy-helpers';
import { propSpan } from '../private/code';

/**
 * Options of `WellKnownPolicy.awsLoadBalancerControllerTargetGroupBinding`.
 */
export interface AwsLoadBalancerControllerTargetGroupBindingPolicyOptions {
  /**
   * The target groups that `TargetGroupBinding` resources point at.
   *
   * Give at least one target group here or in `targetGroupArns`.
   *
   * @default - none
   */
  readonly targetGroups?: elbv2.ITargetGroup[];

  /**
   * ARNs of more target groups, for those not defined in this app.
   *
   * @default - none
   */
  readonly targetGroupArns?: string[];

  /**
   * Let the controller add and remove ingress rules (a `TargetGroupBinding`'s `networking` section)
   * on the security groups of this VPC, as upstream's full policy does, scoped by VPC as its
   * installation guide recommends.
   *
   * @default - none: the controller manages no security group rules, as upstream's
   * "TargetGroupBinding only" subset; open the traffic to the targets yourself
   */
  readonly securityGroupRulesVpc?: ec2.IVpc;
}

/**
 * The statements of the AWS Load Balancer Controller when it only reconciles `TargetGroupBinding`
 * resources for target groups made elsewhere.
 *
 * Actions follow the controller's "IAM permission subset for those who use TargetGroupBinding only
 * and don't plan to use the AWS Load Balancer Controller to manage security group rules", with the
 * target group actions limited to the given target groups. With `securityGroupRulesVpc`, the
 * security group ingress actions of the full policy, limited to that VPC.
 *
 * @internal
 */
export function _awsLoadBalancerControllerTargetGroupBindingStatements(scope: IConstruct,
  options: AwsLoadBalancerControllerTargetGroupBindingPolicyOptions): iam.PolicyStatement[] {
  requireSome(scope, 'policy-no-target-groups', 'aws-load-balancer-controller-target-group-binding',
    `at least one target group in ${propSpan('targetGroups')} or ${propSpan('targetGroupArns')}`,
    'Pass the target groups your TargetGroupBinding resources reference, e.g. `targetGroups: [targetGroup]`',
    options.targetGroups, options.targetGroupArns);
  const targetGroupArns = [
    ...(options.targetGroups ?? []).map(targetGroup => targetGroup.targetGroupArn),
    ...(options.targetGroupArns ?? []),
  ];
  // Source: kubernetes-sigs/aws-load-balancer-controller docs/deploy/installation.md ("IAM permission subset for those who use TargetGroupBinding only", v2.4 docs) @ commit c4471def (checked 2026-12-01)
  const statements = [
    allow([
      'ec2:DescribeVpcs',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeInstances',
      'elasticloadbalancing:DescribeTargetGroups',
      'elasticloadbalancing:DescribeTargetHealth',
    ], ['*']),
    allow([
      'elasticloadbalancing:ModifyTargetGroup',
      'elasticloadbalancing:ModifyTargetGroupAttributes',
      'elasticloadbalancing:RegisterTargets',
      'elasticloadbalancing:DeregisterTargets',
    ], targetGroupArns),
  ];
  if (options.securityGroupRulesVpc) {
    // The installation guide's "least privileges" advice: scope the ingress actions by `ec2:Vpc`.
    // Source: kubernetes-sigs/aws-load-balancer-controller docs/deploy/installation.md ("Permissions with the least privileges") @ commit c4471def (checked 2026-12-01)
    statements.push(allow(['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'], ['*'],
      { ArnEquals: { 'ec2:Vpc': options.securityGroupRulesVpc.vpcArn } }));
  }
  return statements;
}
