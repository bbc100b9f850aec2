import { normalizeTemplate } from './normalize';

// What the Python and Java checks (examples.langs.ts) remove before comparing templates, and what they keep.
describe('normalizeTemplate', () => {
  const template = {
    Conditions: { CDKMetadataAvailable: { 'Fn::Or': [] }, IsProd: { 'Fn::Equals': ['a', 'b'] } },
    Parameters: { BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>' } },
    Rules: { CheckBootstrapVersion: { Assertions: [] } },
    Resources: {
      CDKMetadata: { Type: 'AWS::CDK::Metadata', Properties: { Analytics: 'v2:deflate64:python' } },
      Role: { Type: 'AWS::IAM::Role', Metadata: { 'aws:cdk:path': 'Stack/Role/Resource' }, Properties: { RoleName: 'r' } },
      Policy: {
        Type: 'AWS::IAM::Policy',
        Metadata: { 'aws:cdk:path': 'Stack/Policy/Resource', 'cdk_nag': { rules_to_suppress: [{ id: 'AwsSolutions-IAM5' }] } },
      },
    },
    Outputs: { Url: { Value: 's3://bucket/key' } },
  };

  test('removes the construct paths, version reporting and the bootstrap version check, and nothing else', () => {
    expect(normalizeTemplate(template)).toEqual({
      Conditions: { IsProd: { 'Fn::Equals': ['a', 'b'] } },
      Resources: {
        Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'r' } },
        Policy: { Type: 'AWS::IAM::Policy', Metadata: { cdk_nag: { rules_to_suppress: [{ id: 'AwsSolutions-IAM5' }] } } },
      },
      Outputs: { Url: { Value: 's3://bucket/key' } },
    });
  });

  test('leaves the input as it was', () => {
    const before = JSON.stringify(template);
    normalizeTemplate(template);
    expect(JSON.stringify(template)).toEqual(before);
  });
});
