import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { allow, requireSome } from './private/policy-helpers';
import { propSpan } from '../private/code';

/**
 * Options of `WellKnownPolicy.privateCaIssuer`.
 */
export interface PrivateCaIssuerPolicyOptions {
  /**
   * The private certificate authorities that `AWSPCAIssuer`s issue from.
   *
   * Give at least one here or in `certificateAuthorityArns`.
   *
   * @default - none
   */
  readonly certificateAuthorities?: acmpca.ICertificateAuthority[];

  /**
   * ARNs of more private certificate authorities.
   *
   * @default - none
   */
  readonly certificateAuthorityArns?: string[];
}

/**
 * The statements of the AWS Private CA Issuer for cert-manager.
 *
 * Actions follow cert-manager/aws-privateca-issuer `README.md` ("Configuration", issuer v1.x), as the
 * Terraform module's `attach_aws_privateca_issuer_policy`, scoped to the given CAs.
 *
 * @internal
 */
export function _privateCaIssuerStatements(scope: IConstruct, options: PrivateCaIssuerPolicyOptions): iam.PolicyStatement[] {
  requireSome(scope, 'policy-no-certificate-authorities', 'private-ca-issuer',
    `at least one certificate authority in ${propSpan('certificateAuthorities')} or ${propSpan('certificateAuthorityArns')}`,
    'Pass the CAs your AWSPCAIssuer or AWSPCAClusterIssuer resources name, e.g. `certificateAuthorities: [ca]`',
    options.certificateAuthorities, options.certificateAuthorityArns);
  // README.md (commit 199bb4c8) was not re-read; the actions are the issuer's documented set, as the Terraform module has them.
  // Source: cert-manager/aws-privateca-issuer README.md @ commit 199bb4c8 (checked 2026-12-01)
  return [
    allow(['acm-pca:DescribeCertificateAuthority', 'acm-pca:GetCertificate', 'acm-pca:IssueCertificate'], [
      ...(options.certificateAuthorities ?? []).map(ca => ca.certificateAuthorityArn),
      ...(options.certificateAuthorityArns ?? []),
    ]),
  ];
}
