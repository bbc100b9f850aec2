import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PodIdentityRole, SessionTag } from '../../lib';
import { givenStack } from '../util';

describe('SessionTag ABAC helpers', () => {
  test('policyVariable is the IAM variable of a principal tag', () => {
    expect(SessionTag.policyVariable(SessionTag.NAMESPACE)).toBe('${aws:PrincipalTag/kubernetes-namespace}');
  });

  test('principalConditions tests aws:PrincipalTag, with StringLike for wildcards', () => {
    expect(SessionTag.principalConditions({ namespaces: ['team-*'], serviceAccounts: ['api'], clusterArns: ['arn:aws:eks:eu-west-1:111111111111:cluster/a'] })).toEqual({
      StringEquals: {
        'aws:PrincipalTag/eks-cluster-arn': ['arn:aws:eks:eu-west-1:111111111111:cluster/a'],
        'aws:PrincipalTag/kubernetes-service-account': ['api'],
      },
      StringLike: { 'aws:PrincipalTag/kubernetes-namespace': ['team-*'] },
    });
  });

  test('resourceTagMatches compares a resource tag with the session tag', () => {
    expect(SessionTag.resourceTagMatches(SessionTag.NAMESPACE)).toEqual({
      StringEquals: { 'aws:ResourceTag/kubernetes-namespace': '${aws:PrincipalTag/kubernetes-namespace}' },
    });
    expect(SessionTag.resourceTagMatches(SessionTag.NAMESPACE, 'team')).toEqual({
      StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/kubernetes-namespace}' },
    });
  });

  test('one role serves each namespace its own S3 prefix', () => {
    const { stack } = givenStack();
    const role = new PodIdentityRole(stack, 'Shared', { namespaces: ['team-a', 'team-b'] });
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['s3:GetObject', 's3:PutObject'],
      resources: [`arn:aws:s3:::data/${SessionTag.policyVariable(SessionTag.NAMESPACE)}/*`],
    }));

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::data/${aws:PrincipalTag/kubernetes-namespace}/*' }],
      },
    });
  });
});
