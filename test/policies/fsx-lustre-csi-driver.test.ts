import * as s3 from 'aws-cdk-lib/aws-s3';
import { WellKnownPolicy } from '../../lib';
import { allow, arn, statementsOf } from './helpers';

describe('WellKnownPolicy.fsxLustreCsiDriver', () => {
  test('manages file systems, with no S3 permission by default', () => {
    // WHEN
    const statements = statementsOf(WellKnownPolicy.fsxLustreCsiDriver());

    // THEN
    expect(statements).toEqual([
      allow(['iam:CreateServiceLinkedRole'], ['*'], { StringLike: { 'iam:AWSServiceName': ['fsx.amazonaws.com'] } }),
      allow([
        'fsx:CreateFileSystem',
        'fsx:DeleteFileSystem',
        'fsx:DescribeFileSystems',
        'fsx:UpdateFileSystem',
        'fsx:TagResource',
      ], ['*']),
    ]);
  });

  test('with data repository buckets, may list them and set up the S3 data source role', () => {
    const statements = statementsOf(stack => WellKnownPolicy.fsxLustreCsiDriver({
      dataRepositoryBuckets: [s3.Bucket.fromBucketName(stack, 'Data', 'training-data')],
    }));

    expect(statements.slice(2)).toEqual([
      allow(['iam:CreateServiceLinkedRole', 'iam:AttachRolePolicy', 'iam:PutRolePolicy'],
        [arn('iam::${AWS::AccountId}:role/aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/*')]),
      allow(['s3:ListBucket'], [arn('s3:::training-data')]),
    ]);
  });
});
