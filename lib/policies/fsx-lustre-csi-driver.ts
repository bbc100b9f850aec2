import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { allow, arn } from './private/policy-helpers';

/**
 * Options of `WellKnownPolicy.fsxLustreCsiDriver`.
 */
export interface FsxLustreCsiDriverPolicyOptions {
  /**
   * S3 buckets that dynamically provisioned file systems link to (storage class parameters
   * `s3ImportPath` / `s3ExportPath`).
   *
   * With buckets, the driver may list them and create the service-linked role FSx uses to reach S3.
   *
   * @default - none: file systems without an S3 data repository
   */
  readonly dataRepositoryBuckets?: s3.IBucket[];
}

/**
 * The statements of the Amazon FSx for Lustre CSI driver's controller.
 *
 * Actions follow kubernetes-sigs/aws-fsx-csi-driver `docs/install.md` (v1.x, the policy for the
 * instance-profile method), plus `fsx:UpdateFileSystem`, which the driver calls to expand volumes.
 * The S3 statements are only added for the given data repository buckets.
 *
 * @internal
 */
export function _fsxLustreCsiDriverStatements(_scope: IConstruct, options: FsxLustreCsiDriverPolicyOptions): iam.PolicyStatement[] {
  const buckets = options.dataRepositoryBuckets ?? [];
  // Source: kubernetes-sigs/aws-fsx-csi-driver docs/install.md (policy for the instance-profile method) @ commit 092ae9e6 (checked 2026-12-01)
  const statements = [
    allow(['iam:CreateServiceLinkedRole'], ['*'],
      { StringLike: { 'iam:AWSServiceName': ['fsx.amazonaws.com'] } }),
    allow([
      'fsx:CreateFileSystem',
      'fsx:DeleteFileSystem',
      'fsx:DescribeFileSystems',
      'fsx:UpdateFileSystem',
      'fsx:TagResource',
    ], ['*']),
  ];
  if (buckets.length > 0) {
    statements.push(
      allow(['iam:CreateServiceLinkedRole', 'iam:AttachRolePolicy', 'iam:PutRolePolicy'],
        [arn('iam', '', Aws.ACCOUNT_ID, 'role/aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/*')]),
      allow(['s3:ListBucket'], buckets.map(bucket => bucket.bucketArn)),
    );
  }
  return statements;
}
