import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { allow, keyArnsOf, kmsForAwsResources, validateKeyPrefix } from './private/policy-helpers';

/**
 * Options of `WellKnownPolicy.velero`.
 */
export interface VeleroPolicyOptions {
  /**
   * The bucket of the backup storage location.
   */
  readonly bucket: s3.IBucket;

  /**
   * The prefix of the backup storage location (its `prefix` setting), without slashes around it,
   * e.g. `'cluster-a'`. Object access and listing are limited to keys under it.
   *
   * @default - the whole bucket
   */
  readonly prefix?: string;

  /**
   * Whether Velero may take and restore EBS snapshots (the AWS plugin's volume snapshot location).
   *
   * @default true
   */
  readonly volumeSnapshots?: boolean;

  /**
   * Customer managed keys that encrypt the bucket or the snapshotted volumes.
   *
   * @default - none
   */
  readonly kmsKeys?: kms.IKey[];

  /**
   * ARNs of more customer managed keys, for keys not defined in this app.
   *
   * @default - none
   */
  readonly kmsKeyArns?: string[];
}

/**
 * The statements of Velero with the AWS plugin.
 *
 * Actions follow vmware-tanzu/velero-plugin-for-aws `README.md` ("Set permissions for Velero",
 * plugin v1.x): EBS snapshot actions on `*`, object actions under the bucket and prefix,
 * `s3:ListBucket` on the bucket; KMS as the Terraform module's `velero_kms_arns`, with the
 * `ReEncrypt*` and `GenerateDataKey*` families spelled out and grants limited to AWS resources.
 *
 * @internal
 */
export function _veleroStatements(scope: IConstruct, options: VeleroPolicyOptions): iam.PolicyStatement[] {
  const prefix = options.prefix;
  if (prefix !== undefined) validateKeyPrefix(scope, 'velero', prefix, false);
  const statements: iam.PolicyStatement[] = [];
  // s3:PutObjectTagging comes from a later README than the stored copy.
  // Source: vmware-tanzu/velero-plugin-for-aws README.md ("Set permissions for Velero") @ commit 001662ff (checked 2026-12-01)
  if (options.volumeSnapshots ?? true) {
    statements.push(allow([
      'ec2:DescribeVolumes',
      'ec2:DescribeSnapshots',
      'ec2:CreateTags',
      'ec2:CreateVolume',
      'ec2:CreateSnapshot',
      'ec2:DeleteSnapshot',
    ], ['*']));
  }
  statements.push(
    allow([
      's3:GetObject',
      's3:DeleteObject',
      's3:PutObject',
      's3:PutObjectTagging',
      's3:AbortMultipartUpload',
      's3:ListMultipartUploadParts',
    ], [options.bucket.arnForObjects(prefix === undefined ? '*' : `${prefix}/*`)]),
    allow(['s3:ListBucket'], [options.bucket.bucketArn],
      prefix === undefined ? undefined : { StringLike: { 's3:prefix': [`${prefix}/*`] } }),
    ...kmsForAwsResources(keyArnsOf(options.kmsKeys, options.kmsKeyArns)),
  );
  return statements;
}
