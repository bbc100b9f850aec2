import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { crossAccount } from '../../examples/cross-account';

describe('example cross-account, second deploy', () => {
  test('with -c reportBuilderExternalId the data account trust requires it, and the warning is gone', () => {
    const app = new App({ context: { reportBuilderExternalId: 'eu-west-1/111111111111/shop/reports/report-builder' } });
    const [data, clusterAccount] = crossAccount(app);

    Template.fromStack(data).hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'eks-reports-reader',
      AssumeRolePolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'sts:AssumeRole',
          Condition: Match.objectLike({ StringEquals: { 'sts:ExternalId': 'eu-west-1/111111111111/shop/reports/report-builder' } }),
        })]),
      },
    });
    expect(Annotations.fromStack(clusterAccount).findWarning('*', Match.stringLikeRegexp('ExternalId'))).toEqual([]);
  });
});
