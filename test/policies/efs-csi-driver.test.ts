import { WellKnownPolicy } from '../../lib';
import { allow, statementsOf } from './helpers';

describe('WellKnownPolicy.efsCsiDriver', () => {
  test('creates, tags and deletes only access points carrying the driver\'s cluster tag', () => {
    // WHEN
    const statements = statementsOf(WellKnownPolicy.efsCsiDriver());

    // THEN
    const onlyTheClusterTag = {
      'Null': { 'aws:RequestTag/efs.csi.aws.com/cluster': 'false' },
      'ForAllValues:StringEquals': { 'aws:TagKeys': 'efs.csi.aws.com/cluster' },
    };
    expect(statements).toEqual([
      allow([
        'elasticfilesystem:DescribeAccessPoints',
        'elasticfilesystem:DescribeFileSystems',
        'elasticfilesystem:DescribeMountTargets',
        'ec2:DescribeAvailabilityZones',
      ], ['*']),
      allow(['elasticfilesystem:CreateAccessPoint'], ['*'], onlyTheClusterTag),
      allow(['elasticfilesystem:TagResource'], ['*'],
        { StringEquals: { 'elasticfilesystem:CreateAction': 'CreateAccessPoint' }, ...onlyTheClusterTag }),
      allow(['elasticfilesystem:DeleteAccessPoint'], ['*'],
        { Null: { 'aws:ResourceTag/efs.csi.aws.com/cluster': 'false' } }),
    ]);
  });
});
