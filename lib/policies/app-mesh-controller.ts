import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { allow, arn } from './private/policy-helpers';

/**
 * The statements of the AWS App Mesh controller for Kubernetes.
 *
 * Actions follow aws/aws-app-mesh-controller-for-k8s `config/iam/controller-iam-policy.json`
 * (controller v1.x), as the Terraform module's `attach_aws_appmesh_controller_policy` (eksctl's
 * node-group `appMesh` add-on policy grants `appmesh:*` instead).
 *
 * @internal
 */
export function _appMeshControllerStatements(_scope: IConstruct): iam.PolicyStatement[] {
  // Source: aws/aws-app-mesh-controller-for-k8s config/iam/controller-iam-policy.json @ commit d21757fa (checked 2026-12-01)
  return [
    allow([
      'appmesh:ListVirtualRouters',
      'appmesh:ListVirtualServices',
      'appmesh:ListRoutes',
      'appmesh:ListGatewayRoutes',
      'appmesh:ListMeshes',
      'appmesh:ListVirtualNodes',
      'appmesh:ListVirtualGateways',
      'appmesh:DescribeMesh',
      'appmesh:DescribeVirtualRouter',
      'appmesh:DescribeRoute',
      'appmesh:DescribeVirtualNode',
      'appmesh:DescribeVirtualGateway',
      'appmesh:DescribeGatewayRoute',
      'appmesh:DescribeVirtualService',
      'appmesh:CreateMesh',
      'appmesh:CreateVirtualRouter',
      'appmesh:CreateVirtualGateway',
      'appmesh:CreateVirtualService',
      'appmesh:CreateGatewayRoute',
      'appmesh:CreateRoute',
      'appmesh:CreateVirtualNode',
      'appmesh:UpdateMesh',
      'appmesh:UpdateRoute',
      'appmesh:UpdateVirtualGateway',
      'appmesh:UpdateVirtualRouter',
      'appmesh:UpdateGatewayRoute',
      'appmesh:UpdateVirtualService',
      'appmesh:UpdateVirtualNode',
      'appmesh:DeleteMesh',
      'appmesh:DeleteRoute',
      'appmesh:DeleteVirtualRouter',
      'appmesh:DeleteGatewayRoute',
      'appmesh:DeleteVirtualService',
      'appmesh:DeleteVirtualNode',
      'appmesh:DeleteVirtualGateway',
    ], ['*']),
    allow(['iam:CreateServiceLinkedRole'],
      [arn('iam', '', Aws.ACCOUNT_ID, 'role/aws-service-role/appmesh.amazonaws.com/AWSServiceRoleForAppMesh')],
      { StringLike: { 'iam:AWSServiceName': ['appmesh.amazonaws.com'] } }),
    allow([
      'acm:ListCertificates',
      'acm:DescribeCertificate',
      'acm-pca:DescribeCertificateAuthority',
      'acm-pca:ListCertificateAuthorities',
    ], ['*']),
    allow([
      'servicediscovery:CreateService',
      'servicediscovery:DeleteService',
      'servicediscovery:GetService',
      'servicediscovery:GetInstance',
      'servicediscovery:RegisterInstance',
      'servicediscovery:DeregisterInstance',
      'servicediscovery:ListInstances',
      'servicediscovery:ListNamespaces',
      'servicediscovery:ListServices',
      'servicediscovery:GetInstancesHealthStatus',
      'servicediscovery:UpdateInstanceCustomHealthStatus',
      'servicediscovery:GetOperation',
      'route53:GetHealthCheck',
      'route53:CreateHealthCheck',
      'route53:UpdateHealthCheck',
      'route53:ChangeResourceRecordSets',
      'route53:DeleteHealthCheck',
    ], ['*']),
  ];
}
