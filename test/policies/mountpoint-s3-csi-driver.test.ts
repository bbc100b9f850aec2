import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { WellKnownPolicy } from '../../lib';
import { allow, arn, statementsOf } from './helpers';

describe('WellKnownPolicy.mountpointS3CsiDriver', () => {
  test('lists the buckets and reads, writes and deletes their objects', () => {
    // WHEN
    const statements = statementsOf(stack => WellKnownPolicy.mountpointS3CsiDriver({
      buckets: [s3.Bucket.fromBucketName(stack, 'Data', 'data'), s3.Bucket.fromBucketName(stack, 'Models', 'models')],
    }));

    // THEN
    expect(statements).toEqual([
      allow(['s3:ListBucket'], [arn('s3:::data'), arn('s3:::models')]),
      allow(['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:DeleteObject'],
        [arn('s3:::data/*'), arn('s3:::models/*')]),
    ]);
  });

  test('with prefixes, limits listing with s3:prefix and objects to keys under them', () => {
    const statements = statementsOf(stack => WellKnownPolicy.mountpointS3CsiDriver({
      buckets: [s3.Bucket.fromBucketName(stack, 'Data', 'data')],
      prefixes: ['team-a/', 'shared/'],
    }));

    expect(statements).toEqual([
      allow(['s3:ListBucket'], [arn('s3:::data')], { StringLike: { 's3:prefix': ['team-a/*', 'shared/*'] } }),
      allow(['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:DeleteObject'],
        [arn('s3:::data/team-a/*'), arn('s3:::data/shared/*')]),
    ]);
  });

  test('read-only volumes with SSE-KMS only get and decrypt', () => {
    const statements = statementsOf(stack => WellKnownPolicy.mountpointS3CsiDriver({
      buckets: [s3.Bucket.fromBucketName(stack, 'Data', 'data')],
      readOnly: true,
      kmsKeys: [new kms.Key(stack, 'Key')],
    }));

    expect(statements).toEqual([
      allow(['s3:ListBucket'], [arn('s3:::data')]),
      allow(['s3:GetObject'], [arn('s3:::data/*')]),
      allow(['kms:Decrypt'], ['${Key961B73FD.Arn}']),
    ]);
  });

  test('writable volumes with SSE-KMS may also generate data keys', () => {
    const statements = statementsOf(stack => WellKnownPolicy.mountpointS3CsiDriver({
      buckets: [s3.Bucket.fromBucketName(stack, 'Data', 'data')],
      kmsKeys: [new kms.Key(stack, 'Key')],
    }));

    expect(statements[2]).toEqual(allow(['kms:Decrypt', 'kms:GenerateDataKey'], ['${Key961B73FD.Arn}']));
  });
});
