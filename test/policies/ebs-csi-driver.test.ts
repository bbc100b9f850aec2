import * as kms from 'aws-cdk-lib/aws-kms';
import { WellKnownPolicy } from '../../lib';
import { actionsOf, allow, arn, statementsOf } from './helpers';

const VOLUMES = arn('ec2:*:*:volume/*');
const SNAPSHOTS = arn('ec2:*:*:snapshot/*');

describe('WellKnownPolicy.ebsCsiDriver', () => {
  test('has the statements of example-iam-policy.json: creation and deletion gated by the driver\'s tags', () => {
    // WHEN
    const statements = statementsOf(WellKnownPolicy.ebsCsiDriver());

    // THEN
    expect(statements).toHaveLength(16);
    expect(statements).toContainEqual(allow(['ec2:AttachVolume', 'ec2:DetachVolume'], [VOLUMES, arn('ec2:*:*:instance/*')]));
    expect(statements).toContainEqual(allow(['ec2:CreateTags'], [VOLUMES, SNAPSHOTS],
      { StringEquals: { 'ec2:CreateAction': ['CreateVolume', 'CreateSnapshot', 'CopyVolumes'] } }));
    expect(statements).toContainEqual(allow(['ec2:CreateVolume', 'ec2:CopyVolumes'], [VOLUMES],
      { StringLike: { 'aws:RequestTag/ebs.csi.aws.com/cluster': 'true' } }));
    expect(statements).toContainEqual(allow(['ec2:DeleteVolume'], [VOLUMES],
      { StringLike: { 'ec2:ResourceTag/kubernetes.io/created-for/pvc/name': '*' } }));
    expect(actionsOf(statements).filter(action => action.startsWith('kms:'))).toEqual([]);
  });

  test('v1.59: DescribeInstanceTypes, and LockSnapshot under the same tag conditions as DeleteSnapshot', () => {
    const statements = statementsOf(WellKnownPolicy.ebsCsiDriver());

    expect(statements[0].Action).toContain('ec2:DescribeInstanceTypes');
    expect(statements).toContainEqual(allow(['ec2:DeleteSnapshot', 'ec2:LockSnapshot'], [SNAPSHOTS],
      { StringLike: { 'ec2:ResourceTag/CSIVolumeSnapshotName': '*' } }));
    expect(statements).toContainEqual(allow(['ec2:DeleteSnapshot', 'ec2:LockSnapshot'], [SNAPSHOTS],
      { StringLike: { 'ec2:ResourceTag/ebs.csi.aws.com/cluster': 'true' } }));
    expect(statements.filter(statement => actionsOf([statement]).includes('ec2:LockSnapshot'))).toHaveLength(2);
  });

  test('with keys, may create grants for AWS resources and use the keys, with no wildcard action', () => {
    const statements = statementsOf(stack => WellKnownPolicy.ebsCsiDriver({
      kmsKeys: [new kms.Key(stack, 'Key')],
      kmsKeyArns: [`arn:${stack.partition}:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab`],
    }));

    const keys = ['${Key961B73FD.Arn}', arn('kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab')];
    expect(statements.slice(-2)).toEqual([
      allow(['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'], keys,
        { Bool: { 'kms:GrantIsForAWSResource': 'true' } }),
      allow([
        'kms:Encrypt',
        'kms:Decrypt',
        'kms:ReEncryptFrom',
        'kms:ReEncryptTo',
        'kms:GenerateDataKey',
        'kms:GenerateDataKeyWithoutPlaintext',
        'kms:DescribeKey',
      ], keys),
    ]);
  });
});
