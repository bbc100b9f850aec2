import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { WellKnownPolicy } from '../../lib';
import { actionsOf, allow, arn, statementsOf } from './helpers';

describe('WellKnownPolicy.appMeshController', () => {
  test('manages App Mesh and Cloud Map resources, and creates only the App Mesh service-linked role', () => {
    // WHEN
    const statements = statementsOf(WellKnownPolicy.appMeshController());

    // THEN
    expect(statements).toHaveLength(4);
    expect(actionsOf([statements[0]])).toHaveLength(35);
    expect(actionsOf([statements[0]]).every(action => action.startsWith('appmesh:'))).toBe(true);
    expect(statements[1]).toEqual(allow(['iam:CreateServiceLinkedRole'],
      [arn('iam::${AWS::AccountId}:role/aws-service-role/appmesh.amazonaws.com/AWSServiceRoleForAppMesh')],
      { StringLike: { 'iam:AWSServiceName': ['appmesh.amazonaws.com'] } }));
    expect(actionsOf([statements[3]])).toEqual(expect.arrayContaining([
      'servicediscovery:RegisterInstance',
      'route53:ChangeResourceRecordSets',
    ]));
  });
});

describe('WellKnownPolicy.appMeshEnvoyProxy', () => {
  test('streams configuration, with no TLS permission by default', () => {
    const statements = statementsOf(WellKnownPolicy.appMeshEnvoyProxy());

    expect(statements).toEqual([allow(['appmesh:StreamAggregatedResources'], ['*'])]);
  });

  test('exports only the given certificates and reads only the given CAs', () => {
    const statements = statementsOf(stack => WellKnownPolicy.appMeshEnvoyProxy({
      certificates: [acm.Certificate.fromCertificateArn(stack, 'Certificate',
        `arn:${stack.partition}:acm:eu-west-1:111111111111:certificate/11111111-2222-3333-4444-555555555555`)],
      certificateAuthorities: [acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'Ca',
        `arn:${stack.partition}:acm-pca:eu-west-1:111111111111:certificate-authority/66666666-7777-8888-9999-000000000000`)],
    }));

    expect(statements.slice(1)).toEqual([
      allow(['acm:ExportCertificate'], [arn('acm:eu-west-1:111111111111:certificate/11111111-2222-3333-4444-555555555555')]),
      allow(['acm-pca:GetCertificateAuthorityCertificate'],
        [arn('acm-pca:eu-west-1:111111111111:certificate-authority/66666666-7777-8888-9999-000000000000')]),
    ]);
  });
});
