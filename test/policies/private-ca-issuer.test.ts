import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import { WellKnownPolicy } from '../../lib';
import { allow, arn, statementsOf } from './helpers';

describe('WellKnownPolicy.privateCaIssuer', () => {
  test('issues only from the given certificate authorities', () => {
    // WHEN
    const statements = statementsOf(stack => WellKnownPolicy.privateCaIssuer({
      certificateAuthorities: [acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'Ca',
        `arn:${stack.partition}:acm-pca:eu-west-1:111111111111:certificate-authority/11111111-2222-3333-4444-555555555555`)],
      certificateAuthorityArns: [`arn:${stack.partition}:acm-pca:eu-west-1:111111111111:certificate-authority/66666666-7777-8888-9999-000000000000`],
    }));

    // THEN
    expect(statements).toEqual([
      allow(['acm-pca:DescribeCertificateAuthority', 'acm-pca:GetCertificate', 'acm-pca:IssueCertificate'], [
        arn('acm-pca:eu-west-1:111111111111:certificate-authority/11111111-2222-3333-4444-555555555555'),
        arn('acm-pca:eu-west-1:111111111111:certificate-authority/66666666-7777-8888-9999-000000000000'),
      ]),
    ]);
  });
});
