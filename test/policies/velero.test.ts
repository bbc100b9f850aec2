import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { WellKnownPolicy } from '../../lib';
import { actionsOf, allow, arn, statementsOf } from './helpers';

const OBJECT_ACTIONS = [
  's3:GetObject',
  's3:DeleteObject',
  's3:PutObject',
  's3:PutObjectTagging',
  's3:AbortMultipartUpload',
  's3:ListMultipartUploadParts',
];

describe('WellKnownPolicy.velero', () => {
  test('snapshots volumes and backs up to the whole bucket by default', () => {
    // WHEN
    const statements = statementsOf(stack => WellKnownPolicy.velero({ bucket: s3.Bucket.fromBucketName(stack, 'Backups', 'backups') }));

    // THEN
    expect(statements).toEqual([
      allow([
        'ec2:DescribeVolumes',
        'ec2:DescribeSnapshots',
        'ec2:CreateTags',
        'ec2:CreateVolume',
        'ec2:CreateSnapshot',
        'ec2:DeleteSnapshot',
      ], ['*']),
      allow(OBJECT_ACTIONS, [arn('s3:::backups/*')]),
      allow(['s3:ListBucket'], [arn('s3:::backups')]),
    ]);
  });

  test('with a prefix, without snapshots and with a key', () => {
    const statements = statementsOf(stack => WellKnownPolicy.velero({
      bucket: s3.Bucket.fromBucketName(stack, 'Backups', 'backups'),
      prefix: 'cluster-a',
      volumeSnapshots: false,
      kmsKeys: [new kms.Key(stack, 'Key')],
    }));

    expect(statements.slice(0, 2)).toEqual([
      allow(OBJECT_ACTIONS, [arn('s3:::backups/cluster-a/*')]),
      allow(['s3:ListBucket'], [arn('s3:::backups')], { StringLike: { 's3:prefix': ['cluster-a/*'] } }),
    ]);
    expect(actionsOf(statements)).not.toContain('ec2:CreateSnapshot');
    expect(statements[2]).toEqual(allow(['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'], ['${Key961B73FD.Arn}'],
      { Bool: { 'kms:GrantIsForAWSResource': 'true' } }));
    expect(statements).toHaveLength(4);
  });
});
