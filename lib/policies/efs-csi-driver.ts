import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { allow } from './private/policy-helpers';

const CLUSTER_TAG = 'efs.csi.aws.com/cluster';

/**
 * The statements of the Amazon EFS CSI driver's controller (dynamic provisioning with access points).
 *
 * Actions and conditions follow the AWS managed policy `AmazonEFSCSIDriverPolicy`, which the EKS User
 * Guide names for the aws-efs-csi-driver add-on (v2.x); kubernetes-sigs/aws-efs-csi-driver
 * `docs/iam-policy-example.json` is an older subset of it. Access points can only be created with the
 * `efs.csi.aws.com/cluster` tag, tagged at creation, and deleted when they carry it.
 *
 * @internal
 */
export function _efsCsiDriverStatements(_scope: IConstruct): iam.PolicyStatement[] {
  const onlyTheClusterTag = {
    'Null': { [`aws:RequestTag/${CLUSTER_TAG}`]: 'false' },
    'ForAllValues:StringEquals': { 'aws:TagKeys': CLUSTER_TAG },
  };
  // Source: https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEFSCSIDriverPolicy.html @ policy version v1 (checked 2026-12-01)
  return [
    allow([
      'elasticfilesystem:DescribeAccessPoints',
      'elasticfilesystem:DescribeFileSystems',
      'elasticfilesystem:DescribeMountTargets',
      'ec2:DescribeAvailabilityZones',
    ], ['*']),
    allow(['elasticfilesystem:CreateAccessPoint'], ['*'], onlyTheClusterTag),
    allow(['elasticfilesystem:TagResource'], ['*'],
      { StringEquals: { 'elasticfilesystem:CreateAction': 'CreateAccessPoint' }, ...onlyTheClusterTag }),
    allow(['elasticfilesystem:DeleteAccessPoint'], ['*'],
      { Null: { [`aws:ResourceTag/${CLUSTER_TAG}`]: 'false' } }),
  ];
}
