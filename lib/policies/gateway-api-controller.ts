import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { allow, arn } from './private/policy-helpers';

/**
 * The statements of the AWS Gateway API Controller for Amazon VPC Lattice.
 *
 * Actions follow aws/aws-application-networking-k8s
 * `files/controller-installation/recommended-inline-policy.json` (controller v2.0.2 and later, with
 * `acm:ListCertificates` for certificate discovery), except that upstream's `vpc-lattice:*` is
 * replaced by the VPC Lattice actions the controller calls (`pkg/deploy/lattice`: service networks
 * and their VPC and service associations, services, listeners, rules, target groups, targets,
 * access log subscriptions, auth policies, tags).
 *
 * @internal
 */
export function _gatewayApiControllerStatements(_scope: IConstruct): iam.PolicyStatement[] {
  const serviceLinkedRole = (service: string, roleName: string) =>
    allow(['iam:CreateServiceLinkedRole'], [arn('iam', '', Aws.ACCOUNT_ID, `role/aws-service-role/${service}/${roleName}`)],
      { StringLike: { 'iam:AWSServiceName': service } });
  // The stored copy of the policy file (commit 97538159) predates acm:ListCertificates; the controller's
  // pkg/aws/services/acm.go (commit 43f7ae94) calls ListCertificates and reports its absence as access denied.
  // Source: aws/aws-application-networking-k8s files/controller-installation/recommended-inline-policy.json @ v2.0.2 (checked 2026-12-01)
  return [
    allow([
      ...latticeActions(),
      'acm:ListCertificates',
      'ec2:DescribeVpcs',
      'ec2:DescribeSubnets',
      'ec2:DescribeTags',
      'ec2:DescribeSecurityGroups',
      'logs:CreateLogDelivery',
      'logs:GetLogDelivery',
      'logs:DescribeLogGroups',
      'logs:PutResourcePolicy',
      'logs:DescribeResourcePolicies',
      'logs:UpdateLogDelivery',
      'logs:DeleteLogDelivery',
      'logs:ListLogDeliveries',
      'tag:GetResources',
      'tag:TagResources',
      'tag:UntagResources',
      'firehose:TagDeliveryStream',
      's3:GetBucketPolicy',
      's3:PutBucketPolicy',
    ], ['*']),
    serviceLinkedRole('vpc-lattice.amazonaws.com', 'AWSServiceRoleForVpcLattice'),
    serviceLinkedRole('delivery.logs.amazonaws.com', 'AWSServiceRoleForLogDelivery'),
  ];
}

// The VPC Lattice API calls of the controller (pkg/deploy/lattice and pkg/aws/services/vpclattice.go).
// Source: aws/aws-application-networking-k8s pkg/aws/services/vpclattice.go @ commit 0809b292 (checked 2026-12-01)
function latticeActions(): string[] {
  return [
    'CreateServiceNetwork', 'DeleteServiceNetwork', 'GetServiceNetwork', 'ListServiceNetworks', 'UpdateServiceNetwork',
    'CreateServiceNetworkVpcAssociation', 'DeleteServiceNetworkVpcAssociation', 'GetServiceNetworkVpcAssociation',
    'ListServiceNetworkVpcAssociations', 'UpdateServiceNetworkVpcAssociation',
    'CreateServiceNetworkServiceAssociation', 'DeleteServiceNetworkServiceAssociation', 'GetServiceNetworkServiceAssociation',
    'ListServiceNetworkServiceAssociations',
    'CreateService', 'DeleteService', 'GetService', 'ListServices', 'UpdateService',
    'CreateListener', 'DeleteListener', 'GetListener', 'ListListeners', 'UpdateListener',
    'CreateRule', 'DeleteRule', 'GetRule', 'ListRules', 'UpdateRule', 'BatchUpdateRule',
    'CreateTargetGroup', 'DeleteTargetGroup', 'GetTargetGroup', 'ListTargetGroups', 'UpdateTargetGroup',
    'RegisterTargets', 'DeregisterTargets', 'ListTargets',
    'CreateAccessLogSubscription', 'DeleteAccessLogSubscription', 'GetAccessLogSubscription',
    'ListAccessLogSubscriptions', 'UpdateAccessLogSubscription',
    'GetAuthPolicy', 'PutAuthPolicy', 'DeleteAuthPolicy',
    'ListTagsForResource', 'TagResource', 'UntagResource',
  ].map(action => `vpc-lattice:${action}`);
}
