import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct } from 'constructs';
import { allow, arn, keyArnsOf, kmsForAwsResources } from '../private/policy-helpers';

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
 * `docs/example-iam-policy.json` (v1.4x, with `ec2:CopyVolumes`), the same as the AWS managed policy
 * `AmazonEBSCSIDriverPolicy`; the KMS statements follow the driver's `docs/install.md`
 * ("Set up driver permissions", custom KMS key).
 *
 * @internal
 */
export function _ebsCsiDriverStatements(_scope: IConstruct, options: EbsCsiDriverPolicyOptions): iam.PolicyStatement[] {
  const volumes = arn('ec2', '*', '*', 'volume/*');
  const snapshots = arn('ec2', '*', '*', 'snapshot/*');
  const like = (key: string, value: string): iam.Conditions => ({ StringLike: { [key]: value } });
  return [
    allow([
      'ec2:DescribeAvailabilityZones',
      'ec2:DescribeInstances',
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
    allow(['ec2:DeleteSnapshot'], [snapshots], like('ec2:ResourceTag/CSIVolumeSnapshotName', '*')),
    allow(['ec2:DeleteSnapshot'], [snapshots], like('ec2:ResourceTag/ebs.csi.aws.com/cluster', 'true')),
    ...kmsForAwsResources(keyArnsOf(options.kmsKeys, options.kmsKeyArns)),
  ];
}
