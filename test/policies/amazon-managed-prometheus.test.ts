import * as aps from 'aws-cdk-lib/aws-aps';
import { WellKnownPolicy } from '../../lib';
import { allow, arn, statementsOf } from './helpers';

describe('WellKnownPolicy.amazonManagedPrometheus', () => {
  test('remote-writes to and queries only the given workspaces', () => {
    // WHEN
    const statements = statementsOf(stack => WellKnownPolicy.amazonManagedPrometheus({
      workspaces: [new aps.CfnWorkspace(stack, 'Workspace')],
      workspaceArns: [`arn:${stack.partition}:aps:eu-west-1:111111111111:workspace/ws-0123abcd`],
    }));

    // THEN
    expect(statements).toEqual([
      allow(['aps:RemoteWrite', 'aps:QueryMetrics', 'aps:GetSeries', 'aps:GetLabels', 'aps:GetMetricMetadata'],
        ['${Workspace}', arn('aps:eu-west-1:111111111111:workspace/ws-0123abcd')]),
    ]);
  });

  test('query: false leaves remote write only', () => {
    const statements = statementsOf(stack => WellKnownPolicy.amazonManagedPrometheus({
      workspaces: [new aps.CfnWorkspace(stack, 'Workspace')],
      query: false,
    }));

    expect(statements).toEqual([allow(['aps:RemoteWrite'], ['${Workspace}'])]);
  });
});
