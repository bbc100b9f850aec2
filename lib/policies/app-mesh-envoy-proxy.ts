import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { allow } from './private/policy-helpers';

/**
 * Options of `WellKnownPolicy.appMeshEnvoyProxy`.
 */
export interface AppMeshEnvoyProxyPolicyOptions {
  /**
   * ACM certificates that virtual gateways and nodes serve TLS with; Envoy exports them.
   *
   * @default - none: no certificate may be exported
   */
  readonly certificates?: acm.ICertificate[];

  /**
   * Private CAs whose certificates Envoy trusts for TLS validation.
   *
   * @default - none
   */
  readonly certificateAuthorities?: acmpca.ICertificateAuthority[];
}

/**
 * The statements of the Envoy proxies that the App Mesh controller injects.
 *
 * Actions follow aws/aws-app-mesh-controller-for-k8s `config/iam/envoy-iam-policy.json`
 * (controller v1.x), as the Terraform module's `attach_aws_appmesh_envoy_proxy_policy`. Upstream
 * grants the TLS actions on `*`; here they are only granted for the given certificates and CAs.
 *
 * @internal
 */
export function _appMeshEnvoyProxyStatements(_scope: IConstruct, options: AppMeshEnvoyProxyPolicyOptions): iam.PolicyStatement[] {
  // The index stores only config/iam/preview/preview-envoy-iam-policy.json; envoy-iam-policy.json was not re-read.
  // Source: aws/aws-app-mesh-controller-for-k8s config/iam/envoy-iam-policy.json @ v1.x, as terraform-aws-eks-pod-identity attach_aws_appmesh_envoy_proxy_policy (checked 2026-12-01)
  const statements = [allow(['appmesh:StreamAggregatedResources'], ['*'])];
  const certificates = options.certificates ?? [];
  const certificateAuthorities = options.certificateAuthorities ?? [];
  if (certificates.length > 0) {
    statements.push(allow(['acm:ExportCertificate'], certificates.map(certificate => certificate.certificateArn)));
  }
  if (certificateAuthorities.length > 0) {
    statements.push(allow(['acm-pca:GetCertificateAuthorityCertificate'],
      certificateAuthorities.map(ca => ca.certificateAuthorityArn)));
  }
  return statements;
}
