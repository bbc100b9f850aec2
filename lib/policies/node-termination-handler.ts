import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { IConstruct } from 'constructs';
import { allow, requireSome } from './private/policy-helpers';
import { codeSpan, list, propSpan, ref, setting } from '../private/code';

/**
 * Options of `WellKnownPolicy.nodeTerminationHandler`.
 */
export interface NodeTerminationHandlerPolicyOptions {
  /**
   * The queues that receive the EventBridge and lifecycle-hook events (queue processor mode).
   *
   * Give at least one queue here or in `queueArns`. In IMDS mode the handler needs no AWS permissions.
   *
   * @default - none
   */
  readonly queues?: sqs.IQueue[];

  /**
   * ARNs of more queues, for queues not defined in this app.
   *
   * @default - none
   */
  readonly queueArns?: string[];
}

/**
 * The statements of the AWS Node Termination Handler in queue processor mode.
 *
 * Actions follow aws/aws-node-termination-handler `README.md` ("Queue Processor", "Set up the IAM
 * permissions", NTH v1.x), as the Terraform module's `attach_aws_node_termination_handler_policy`,
 * with the SQS actions scoped to the given queues.
 *
 * @internal
 */
export function _nodeTerminationHandlerStatements(scope: IConstruct, options: NodeTerminationHandlerPolicyOptions): iam.PolicyStatement[] {
  requireSome(scope, 'policy-no-queues', 'node-termination-handler', `at least one queue in ${propSpan('queues')} or ${propSpan('queueArns')}`,
    `Pass the queue the handler polls (its \`queueURL\` setting), e.g. ${codeSpan(setting('queues', list([ref('queue')])))}`,
    options.queues, options.queueArns);
  // README.md (commit 286ed54f) was not re-read; its queue-processor policy is the one aws-ia/terraform-aws-eks-blueprints copies.
  // Source: aws-ia/terraform-aws-eks-blueprints modules/kubernetes-addons/aws-node-termination-handler/data.tf @ stored copy (checked 2026-12-01)
  return [
    allow([
      'autoscaling:CompleteLifecycleAction',
      'autoscaling:DescribeAutoScalingInstances',
      'autoscaling:DescribeTags',
      'ec2:DescribeInstances',
    ], ['*']),
    allow(['sqs:DeleteMessage', 'sqs:ReceiveMessage'],
      [...(options.queues ?? []).map(queue => queue.queueArn), ...(options.queueArns ?? [])]),
  ];
}
