import * as sqs from 'aws-cdk-lib/aws-sqs';
import { WellKnownPolicy } from '../../lib';
import { allow, arn, statementsOf } from './helpers';

describe('WellKnownPolicy.nodeTerminationHandler', () => {
  test('completes lifecycle actions and consumes only the given queues', () => {
    // WHEN
    const statements = statementsOf(stack => WellKnownPolicy.nodeTerminationHandler({
      queues: [new sqs.Queue(stack, 'Queue')],
      queueArns: [`arn:${stack.partition}:sqs:eu-west-1:111111111111:other-queue`],
    }));

    // THEN
    expect(statements).toEqual([
      allow([
        'autoscaling:CompleteLifecycleAction',
        'autoscaling:DescribeAutoScalingInstances',
        'autoscaling:DescribeTags',
        'ec2:DescribeInstances',
      ], ['*']),
      allow(['sqs:DeleteMessage', 'sqs:ReceiveMessage'], ['${Queue4A7E3555.Arn}', arn('sqs:eu-west-1:111111111111:other-queue')]),
    ]);
  });
});
