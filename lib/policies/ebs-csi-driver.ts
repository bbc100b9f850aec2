import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct } from 'constructs';
import { allow, arn, keyArnsOf, kmsForAwsResources } from './private/policy-helpers';

/**
 * Options of `WellKnownPolicy.ebsCsiDriver`.
 */
export interface EbsCsiDriverPolicyOptions {
  /**
   * Customer managed keys that encrypt volumes (storage class parameter `kmsKeyId`).
   *
   * @default - none: only volumes encrypted with the AWS managed key `aws/ebs`, or unencrypted
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
 * The statements of the Amazon EBS CSI driver's controller.
 *
 * Actions, resources and conditions follow kubernetes-sigs/aws-ebs-csi-driver
 * `docs/example-iam-policy.json` (v1.59: `ec2:DescribeInstanceTypes`, and `ec2:LockSnapshot` under
 * the tag conditions of `ec2:DeleteSnapshot`), the same as the AWS managed policy
 * `AmazonEBSCSIDriverPolicy` (v15); the KMS statements follow the driver's `docs/install.md`
 * ("Set up driver permissions", custom KMS key).
 *
 * @internal
 */
export function _ebsCsiDriverStatements(_scope: IConstruct, options: EbsCsiDriverPolicyOptions): iam.PolicyStatement[] {
  const volumes = arn('ec2', '*', '*', 'volume/*');
  const snapshots = arn('ec2', '*', '*', 'snapshot/*');
  const like = (key: string, value: string): iam.Conditions => ({ StringLike: { [key]: value } });
  // The stored copy of docs/example-iam-policy.json predates v1.59; AmazonEBSCSIDriverPolicy v15 (edited
  // 2026-05-13) has the v1.59 statements (terraform-aws-eks-pod-identity#59 lists the driver versions).
  // Source: https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEBSCSIDriverPolicy.html @ policy version v15 (checked 2026-12-01)
  return [
    allow([
      'ec2:DescribeAvailabilityZones',
      'ec2:DescribeInstances',
      'ec2:DescribeInstanceTypes',
      'ec2:DescribeSnapshots',
      'ec2:DescribeTags',
      'ec2:DescribeVolumes',
      'ec2:DescribeVolumesModifications',
      'ec2:DescribeVolumeStatus',
    ], ['*']),
    allow(['ec2:CreateSnapshot', 'ec2:ModifyVolume'], [volumes]),
    allow(['ec2:CopyVolumes'], [arn('ec2', '*', '*', 'volume/vol-*')]),
    allow(['ec2:AttachVolume', 'ec2:DetachVolume'], [volumes, arn('ec2', '*', '*', 'instance/*')]),
    allow(['ec2:CreateVolume', 'ec2:EnableFastSnapshotRestores'], [snapshots]),
    allow(['ec2:CreateTags'], [volumes, snapshots],
      { StringEquals: { 'ec2:CreateAction': ['CreateVolume', 'CreateSnapshot', 'CopyVolumes'] } }),
    allow(['ec2:DeleteTags'], [volumes, snapshots]),
    allow(['ec2:CreateVolume', 'ec2:CopyVolumes'], [volumes], like('aws:RequestTag/ebs.csi.aws.com/cluster', 'true')),
    allow(['ec2:CreateVolume', 'ec2:CopyVolumes'], [volumes], like('aws:RequestTag/CSIVolumeName', '*')),
    allow(['ec2:DeleteVolume'], [volumes], like('ec2:ResourceTag/ebs.csi.aws.com/cluster', 'true')),
    allow(['ec2:DeleteVolume'], [volumes], like('ec2:ResourceTag/CSIVolumeName', '*')),
    allow(['ec2:DeleteVolume'], [volumes], like('ec2:ResourceTag/kubernetes.io/created-for/pvc/name', '*')),
    allow(['ec2:CreateSnapshot'], [snapshots], like('aws:RequestTag/CSIVolumeSnapshotName', '*')),
    allow(['ec2:CreateSnapshot'], [snapshots], like('aws:RequestTag/ebs.csi.aws.com/cluster', 'true')),
    allow(['ec2:DeleteSnapshot', 'ec2:LockSnapshot'], [snapshots], like('ec2:ResourceTag/CSIVolumeSnapshotName', '*')),
    allow(['ec2:DeleteSnapshot', 'ec2:LockSnapshot'], [snapshots], like('ec2:ResourceTag/ebs.csi.aws.com/cluster', 'true')),
    // Source: none found (searched for the KMS statements of kubernetes-sigs/aws-ebs-csi-driver docs/install.md; the stored copies lack them, so this keeps the KMS "allow attachment of persistent resources" pair it was cited for)
    ...kmsForAwsResources(keyArnsOf(options.kmsKeys, options.kmsKeyArns)),
  ];
}
