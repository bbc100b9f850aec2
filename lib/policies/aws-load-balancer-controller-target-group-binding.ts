import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { allow, requireSome } from '../private/policy-helpers';

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
}

/**
 * The statements of the AWS Load Balancer Controller when it only reconciles `TargetGroupBinding`
 * resources for target groups made elsewhere.
 *
 * Actions follow terraform-aws-modules/terraform-aws-eks-pod-identity `aws_lb_controller.tf`
 * (`attach_aws_lb_controller_targetgroup_binding_only_policy`), from the controller's
 * "TargetGroupBinding only" installation guide (v2.x).
 *
 * @internal
 */
export function _awsLoadBalancerControllerTargetGroupBindingStatements(scope: IConstruct,
  options: AwsLoadBalancerControllerTargetGroupBindingPolicyOptions): iam.PolicyStatement[] {
  requireSome(scope, 'policy-no-target-groups', 'aws-load-balancer-controller-target-group-binding',
    'at least one target group in `targetGroups` or `targetGroupArns`',
    'Pass the target groups your TargetGroupBinding resources reference, e.g. `targetGroups: [targetGroup]`',
    options.targetGroups, options.targetGroupArns);
  const targetGroupArns = [
    ...(options.targetGroups ?? []).map(targetGroup => targetGroup.targetGroupArn),
    ...(options.targetGroupArns ?? []),
  ];
  return [
    allow([
      'ec2:DescribeVpcs',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeInstances',
      'ec2:AuthorizeSecurityGroupIngress',
      'ec2:RevokeSecurityGroupIngress',
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
}
