import { WellKnownPolicy } from '../../lib';
import { allow, arn, statementsOf } from './helpers';

describe('WellKnownPolicy.cloudWatchObservability', () => {
  test('has the statements of CloudWatchAgentServerPolicy, which include AWSXrayWriteOnlyAccess', () => {
    // WHEN
    const statements = statementsOf(WellKnownPolicy.cloudWatchObservability());

    // THEN
    expect(statements).toEqual([
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
      allow(['ssm:GetParameter'], [arn('ssm:*:*:parameter/AmazonCloudWatch-*')]),
    ]);
  });
});
