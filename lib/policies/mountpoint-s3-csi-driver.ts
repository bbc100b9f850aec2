import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { allow, keyArnsOf, requireSome, validateKeyPrefix } from './private/policy-helpers';
import { propSpan } from '../private/code';

/**
 * Options of `WellKnownPolicy.mountpointS3CsiDriver`.
 */
export interface MountpointS3CsiDriverPolicyOptions {
  /**
   * The buckets that persistent volumes mount. At least one.
   */
  readonly buckets: s3.IBucket[];

  /**
   * Key prefixes that the volumes mount (mount option `prefix`), each ending with `/`,
   * e.g. `'data/'`. Object access and listing are limited to keys under them, in every bucket.
   *
   * @default - the whole buckets
   */
  readonly prefixes?: string[];

  /**
   * Whether the volumes are only read (mount option `read-only`); then no object is written or deleted.
   *
   * @default false
   */
  readonly readOnly?: boolean;

  /**
   * Customer managed keys that encrypt the objects (SSE-KMS).
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
 * The statements of the Mountpoint for Amazon S3 CSI driver.
 *
 * Actions follow awslabs/mountpoint-s3 `doc/CONFIGURATION.md` ("IAM permissions", Mountpoint v1.x),
 * as the Terraform module's `attach_mountpoint_s3_csi_policy` does: `s3:ListBucket` on the buckets,
 * object reads and writes on their keys, and `kms:Decrypt` / `kms:GenerateDataKey` for SSE-KMS.
 *
 * @internal
 */
export function _mountpointS3CsiDriverStatements(scope: IConstruct, options: MountpointS3CsiDriverPolicyOptions): iam.PolicyStatement[] {
  const policyName = 'mountpoint-s3-csi-driver';
  requireSome(scope, 'policy-no-buckets', policyName, `at least one bucket in ${propSpan('buckets')}`,
    'Pass the buckets your persistent volumes mount, e.g. `buckets: [bucket]`', options.buckets);
  const prefixes = options.prefixes ?? [];
  for (const prefix of prefixes) validateKeyPrefix(scope, policyName, prefix, true);

  const objectActions = options.readOnly
    ? ['s3:GetObject']
    : ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:DeleteObject'];
  const objectPatterns = prefixes.length > 0 ? prefixes.map(prefix => `${prefix}*`) : ['*'];
  // Source: https://docs.aws.amazon.com/eks/latest/userguide/s3-csi.html (policy after awslabs/mountpoint-s3 doc/CONFIGURATION.md "IAM permissions") @ awsdocs/amazon-eks-user-guide latest/ug/storage/s3-csi.adoc commit 1a98af5c (checked 2026-12-01)
  const statements = [
    allow(['s3:ListBucket'], options.buckets.map(bucket => bucket.bucketArn),
      prefixes.length > 0 ? { StringLike: { 's3:prefix': prefixes.map(prefix => `${prefix}*`) } } : undefined),
    allow(objectActions,
      options.buckets.flatMap(bucket => objectPatterns.map(pattern => bucket.arnForObjects(pattern)))),
  ];
  const keyArns = keyArnsOf(options.kmsKeys, options.kmsKeyArns);
  if (keyArns.length > 0) {
    statements.push(allow(options.readOnly ? ['kms:Decrypt'] : ['kms:Decrypt', 'kms:GenerateDataKey'], keyArns));
  }
  return statements;
}
