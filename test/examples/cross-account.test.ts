import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { crossAccount } from '../../examples/cross-account';

describe('example cross-account', () => {
  test('the data account trusts the report-builder sessions of the shop cluster, by their session tags and no ExternalId', () => {
    const app = new App();
    const [data, clusterAccount] = crossAccount(app);

    const roles = Template.fromStack(data).findResources('AWS::IAM::Role', { Properties: { RoleName: 'eks-reports-reader' } });
    const statements = Object.values<any>(roles)[0].Properties.AssumeRolePolicyDocument.Statement;
    expect(statements).toEqual([{
      Effect: 'Allow',
      Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:root']] } },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: {
        StringEquals: {
          'aws:RequestTag/eks-cluster-arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks:eu-west-1:111111111111:cluster/shop']] },
          'aws:RequestTag/kubernetes-namespace': 'reports',
          'aws:RequestTag/kubernetes-service-account': 'report-builder',
        },
        ArnEquals: {
          'aws:PrincipalArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, expect.stringMatching(/^:iam::111111111111:role\/clusteraccount/)]] },
        },
      },
    }]);
    expect(Annotations.fromStack(clusterAccount).findWarning('*', Match.stringLikeRegexp('ExternalId'))).toEqual([]);
  });

  test('deploys in either order: neither stack depends on the other', () => {
    const app = new App();
    const [data, clusterAccount] = crossAccount(app);
    app.synth();

    expect(data.dependencies).toEqual([]);
    expect(clusterAccount.dependencies).toEqual([]);
  });
});
