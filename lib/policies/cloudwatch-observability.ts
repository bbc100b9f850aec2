import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { allow, arn } from './private/policy-helpers';

/**
 * The statements of the Amazon CloudWatch Observability add-on (CloudWatch agent and Fluent Bit).
 *
 * Actions follow the AWS managed policies the EKS User Guide recommends for the add-on and the
 * Terraform module attaches (`attach_aws_cloudwatch_observability_policy`):
 * `CloudWatchAgentServerPolicy` (its statements, inline) and `AWSXrayWriteOnlyAccess`, whose
 * X-Ray actions are already part of it.
 *
 * @internal
 */
export function _cloudWatchObservabilityStatements(_scope: IConstruct): iam.PolicyStatement[] {
  // CloudWatchAgentServerPolicy was read through a verbatim third-party copy (without logs:PutRetentionPolicy, kept here).
  // Source: https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSXrayWriteOnlyAccess.html @ policy version v2 (checked 2026-12-01)
  // Source: https://docs.aws.amazon.com/aws-managed-policy/latest/reference/CloudWatchAgentServerPolicy.html @ current default version (checked 2026-12-01)
  return [
    allow([
      'cloudwatch:PutMetricData',
      'ec2:DescribeVolumes',
      'ec2:DescribeTags',
      'logs:PutLogEvents',
      'logs:PutRetentionPolicy',
      'logs:DescribeLogStreams',
      'logs:DescribeLogGroups',
      'logs:CreateLogStream',
      'logs:CreateLogGroup',
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
      'xray:GetSamplingRules',
      'xray:GetSamplingTargets',
      'xray:GetSamplingStatisticSummaries',
    ], ['*']),
    allow(['ssm:GetParameter'], [arn('ssm', '*', '*', 'parameter/AmazonCloudWatch-*')]),
  ];
}
