import { canonical } from '../../lib/migration/private/json-text';
import { withoutWebIdentity } from '../../lib/migration/private/web-identity-trust';

const PROVIDER = 'arn:aws:iam::111111111111:oidc-provider/oidc.example/id/A';
const SUBJECT = { provider: PROVIDER, issuer: 'oidc.example/id/A', subject: 'system:serviceaccount:media:uploader' };
const OURS = { StringEquals: { 'oidc.example/id/A:sub': 'system:serviceaccount:media:uploader' } };
const noReader = () => undefined;

describe('withoutWebIdentity', () => {
  test('a wildcard action that includes AssumeRoleWithWebIdentity counts as web identity', () => {
    const result = withoutWebIdentity([{ Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: 'sts:AssumeRoleWith*', Condition: OURS }], SUBJECT, noReader);

    expect(result).toEqual({ statements: [], changed: 1, kept: [] });
  });

  test('other principals of the statement keep their trust', () => {
    const statement = {
      Effect: 'Allow',
      Principal: { Federated: PROVIDER, AWS: 'arn:aws:iam::111111111111:root' },
      Action: ['sts:AssumeRoleWithWebIdentity', 'sts:AssumeRole'],
      Condition: { StringEquals: { ...OURS.StringEquals, 'oidc.example/id/A:aud': 'sts.amazonaws.com' }, Bool: { 'aws:SecureTransport': 'true' } },
    };

    expect(withoutWebIdentity([statement], SUBJECT, noReader).statements).toEqual([{
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:root' },
      Action: ['sts:AssumeRoleWithWebIdentity', 'sts:AssumeRole'],
      Condition: { Bool: { 'aws:SecureTransport': 'true' } },
    }]);
  });

  test('a statement left with another provider and no condition has no Condition', () => {
    const statement = { Effect: 'Allow', Principal: { Federated: [PROVIDER, 'arn:aws:iam::111111111111:oidc-provider/other'] }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: OURS };

    expect(withoutWebIdentity([statement], SUBJECT, noReader).statements).toEqual([
      { Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111111111111:oidc-provider/other' }, Action: 'sts:AssumeRoleWithWebIdentity' },
    ]);
  });

  test('statements that are not web-identity trust stay as they are', () => {
    const statements = [
      { Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] },
      { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRoleWithWebIdentity' },
      { Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: 'sts:AssumeRole', Condition: OURS },
    ];

    expect(withoutWebIdentity(statements, SUBJECT, noReader)).toEqual({ statements, changed: 0, kept: [] });
  });

  test('a condition that is a single intrinsic is kept and reported', () => {
    const statement = { Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { 'Fn::GetAtt': ['Json', 'Value'] } };

    expect(withoutWebIdentity([statement], SUBJECT, noReader).kept).toEqual([
      { statement: '#1', reason: 'has a condition this library cannot read at synth time' },
    ]);
  });

  test('a statement shared with another principal whose condition for this issuer is a CfnJson with tokens is kept', () => {
    const statement = {
      Effect: 'Allow',
      Principal: { Federated: [PROVIDER, 'arn:aws:iam::111111111111:oidc-provider/other'] },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { 'Fn::GetAtt': ['Json', 'Value'] } },
    };
    // The issuer is a token, as for an OIDC provider made in the app.
    const issuer = { 'Fn::Select': [1, { 'Fn::Split': [':oidc-provider/', { Ref: 'Provider' }] }] };
    const reader = () => ({ value: { '\uE0000\uE001:sub': 'system:serviceaccount:media:uploader' }, tokens: [issuer] });

    expect(withoutWebIdentity([statement], { ...SUBJECT, issuer: canonical(issuer) }, reader).kept).toEqual([
      { statement: '#1', reason: 'trusts other principals too, with a CfnJson condition with tokens that cannot be narrowed at synth time' },
    ]);
  });
});
