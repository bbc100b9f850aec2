import { Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { PodIdentityAddon } from '../../lib/addon';
import { givenStack } from '../util';

const NO_POLICY_WARNING = "EKS recommends no managed policy for service account 's3-csi-driver-sa' of add-on 'aws-mountpoint-s3-csi-driver', "
  + "and nothing granted its role permissions: grant what it needs, e.g. `bucket.grantRead(addon.roleFor('s3-csi-driver-sa'))`, "
  + 'or give `podIdentityAssociations` with `statements` [ack: cdk-eks-pod-identity:addon-no-recommended-policy]';

/** The add-on's no-recommended-policy warnings, by construct path. */
function noPolicyWarnings(stack: Stack) {
  return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('addon-no-recommended-policy'))
    .map(warning => [warning.id, warning.entry.data]);
}

describe('PodIdentityAddon: a recommended role without a recommended policy (Mountpoint for S3)', () => {
  let stack: Stack;
  let cluster: eks.IClusterRef;
  let addon: PodIdentityAddon;

  beforeEach(() => {
    ({ stack, cluster } = givenStack());
    addon = new PodIdentityAddon(stack, 'S3', { cluster, addonName: 'aws-mountpoint-s3-csi-driver' });
  });

  test('warns at synth when nothing granted its role permissions', () => {
    Annotations.fromStack(stack).hasWarning('/Stack/S3', NO_POLICY_WARNING);
    expect(noPolicyWarnings(stack)).toEqual([['/Stack/S3', NO_POLICY_WARNING]]);
  });

  test('does not warn once the README\'s grant was made after construction', () => {
    // WHEN
    s3.Bucket.fromBucketName(stack, 'Data', 'data').grantRead(addon.roleFor('s3-csi-driver-sa'));

    // THEN
    expect(noPolicyWarnings(stack)).toEqual([]);
  });

  test('does not warn once a statement was added to its role', () => {
    addon.roleFor('s3-csi-driver-sa').addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: ['arn:aws:s3:::data'] }));

    expect(noPolicyWarnings(stack)).toEqual([]);
  });

  test('does not warn once a managed policy was added to its role', () => {
    (addon.roleFor('s3-csi-driver-sa') as iam.Role).addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonS3ReadOnlyAccess'));

    expect(noPolicyWarnings(stack)).toEqual([]);
  });

  test('does not warn once a policy of the stack names its role', () => {
    new iam.ManagedPolicy(stack, 'Mountpoint', {
      roles: [addon.roleFor('s3-csi-driver-sa')],
      statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::data/*'] })],
    });

    expect(noPolicyWarnings(stack)).toEqual([]);
  });

  test('does not warn once an inline policy was attached to its role', () => {
    const policy = new iam.Policy(stack, 'Inline', { statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::data/*'] })] });
    (addon.roleFor('s3-csi-driver-sa') as iam.Role).attachInlinePolicy(policy);

    expect(noPolicyWarnings(stack)).toEqual([]);
  });

  test('still warns when a policy of the stack names another role', () => {
    const other = new iam.Role(stack, 'Other', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    s3.Bucket.fromBucketName(stack, 'Data', 'data').grantRead(other);

    Annotations.fromStack(stack).hasWarning('/Stack/S3', NO_POLICY_WARNING);
  });
});
