import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { PodIdentityAssociation, PodIdentityRole, PodIdentityTargetRole } from '../../lib';
import { givenStack } from '../util';

describe('PodIdentityAssociation with a target role', () => {
  test('names an imported target role and lets its own role assume it with session tags', () => {
    // GIVEN
    const { stack, cluster } = givenStack();
    const target = iam.Role.fromRoleArn(stack, 'Target', 'arn:aws:iam::222222222222:role/reader', { mutable: false });

    // WHEN
    const association = new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', targetRole: target });

    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { TargetRoleArn: 'arn:aws:iam::222222222222:role/reader' });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^AppRole') }],
      PolicyDocument: {
        Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: 'arn:aws:iam::222222222222:role/reader' }],
      },
    });
    expect(association.targetRole).toBe(target);
    expect(association.grantPrincipal).toBe(target);
  });

  test('across accounts: the target role trusts the association role by name, and warns that the ExternalId must be given', () => {
    // GIVEN two stacks in two accounts
    const app = new App();
    const clusterStack = new Stack(app, 'ClusterAccount', { env: { account: '111111111111', region: 'eu-west-1' } });
    const dataStack = new Stack(app, 'DataAccount', { env: { account: '222222222222', region: 'eu-west-1' } });
    const cluster = eks.CfnCluster.fromClusterName(clusterStack, 'Cluster', 'my-cluster');
    const target = new PodIdentityTargetRole(dataStack, 'Reader', { roleName: 'pod-reader' });

    // WHEN
    const association = new PodIdentityAssociation(clusterStack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', targetRole: target });
    new s3.Bucket(dataStack, 'Data').grantRead(association);

    // THEN the association names the target role by a literal ARN
    Template.fromStack(clusterStack).hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      TargetRoleArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::222222222222:role/pod-reader']] },
    });
    // and the target role trusts the association's role (a generated physical name), without ExternalId
    const data = Template.fromStack(dataStack);
    data.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'pod-reader',
      AssumeRolePolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, Match.stringLikeRegexp(':iam::111111111111:role/clusteraccount')]] } },
        }],
      },
    });
    // and grants land on the target role, where the pods' credentials come from
    data.hasResourceProperties('AWS::IAM::Policy', { Roles: [{ Ref: Match.stringLikeRegexp('^Reader') }] });
    Annotations.fromStack(dataStack).hasWarning('/DataAccount/Reader', Match.stringLikeRegexp('is in another account, so CloudFormation cannot pass its ExternalId here'));
  });

  test('across accounts with a given ExternalId: the trust tests it', () => {
    const app = new App();
    const clusterStack = new Stack(app, 'ClusterAccount', { env: { account: '111111111111', region: 'eu-west-1' } });
    const dataStack = new Stack(app, 'DataAccount', { env: { account: '222222222222', region: 'eu-west-1' } });
    const cluster = eks.CfnCluster.fromClusterName(clusterStack, 'Cluster', 'my-cluster');
    const target = new PodIdentityTargetRole(dataStack, 'Reader', { roleName: 'pod-reader', externalId: 'ext-123' });

    new PodIdentityAssociation(clusterStack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', targetRole: target });

    Template.fromStack(dataStack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Condition: { StringEquals: { 'sts:ExternalId': 'ext-123' } } })] },
    });
    Annotations.fromStack(dataStack).hasNoWarning('*', Match.anyValue());
  });

  test('in one stack: the target role tests the association ExternalId, with no dependency cycle', () => {
    const { app, stack, cluster } = givenStack();
    const target = new PodIdentityTargetRole(stack, 'Chained');

    new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', targetRole: target });

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'Stack-Chained-85CD5290',
      AssumeRolePolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Principal: { AWS: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AppRole'), 'Arn'] } },
          Condition: { StringEquals: { 'sts:ExternalId': { 'Fn::GetAtt': [Match.stringLikeRegexp('^App'), 'ExternalId'] } } },
        }],
      },
    });
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      TargetRoleArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:role/Stack-Chained-85CD5290']] },
    });
    expect(() => app.synth()).not.toThrow();
  });

  test('in two stacks of one account: the ExternalId is a cross-stack reference and deploys in order', () => {
    const app = new App();
    const env = { account: '111111111111', region: 'eu-west-1' };
    const clusterStack = new Stack(app, 'Cluster', { env });
    const rolesStack = new Stack(app, 'Roles', { env });
    const cluster = eks.CfnCluster.fromClusterName(clusterStack, 'Cluster', 'my-cluster');
    const target = new PodIdentityTargetRole(rolesStack, 'Chained', { roleName: 'chained' });

    const association = new PodIdentityAssociation(clusterStack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', targetRole: target });
    new CfnOutput(clusterStack, 'ExternalId', { value: association.externalId });

    Template.fromStack(rolesStack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Condition: { StringEquals: { 'sts:ExternalId': { 'Fn::ImportValue': Match.stringLikeRegexp('ExternalId') } } } })],
      },
    });
    expect(rolesStack.dependencies).toEqual([clusterStack]);
    expect(() => app.synth()).not.toThrow();
  });

  test('a target role no association uses fails synth', () => {
    const { app, stack } = givenStack();
    new PodIdentityTargetRole(stack, 'Orphan');
    expect(() => app.synth()).toThrow(
      '[cdk-eks-pod-identity:target-role-unused] Stack/Orphan: no pod identity association uses this target role, so nothing may assume it. Pass it as `targetRole` to a PodIdentityAssociation',
    );
  });

  test('isPodIdentityTargetRole', () => {
    const { stack } = givenStack();
    expect(PodIdentityTargetRole.isPodIdentityTargetRole(new PodIdentityTargetRole(stack, 'T'))).toBe(true);
    expect(PodIdentityTargetRole.isPodIdentityTargetRole(iam.Role.fromRoleName(stack, 'R', 'r'))).toBe(false);
  });
});

describe('PodIdentityAssociation session options', () => {
  test('sessionTags: false disables session tags and leaves the default role unscoped', () => {
    const { stack, cluster } = givenStack();
    new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', sessionTags: false });

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { DisableSessionTags: true });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } } })],
      },
    });
  });

  test('session tags stay on by default and DisableSessionTags is not written', () => {
    const { stack, cluster } = givenStack();
    new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa' });
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::PodIdentityAssociation', { DisableSessionTags: Match.absent(), Policy: Match.absent() });
  });

  test('sessionPolicy renders to Policy as JSON', () => {
    const { stack, cluster } = givenStack();
    const sessionPolicy = new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::artifacts/team-a/*'] })],
    });
    new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', sessionTags: false, sessionPolicy });

    const policy = Template.fromStack(stack).findResources('AWS::EKS::PodIdentityAssociation');
    const json = Object.values<any>(policy)[0].Properties.Policy;
    expect(JSON.parse(json)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::artifacts/team-a/*' }],
    });
  });

  test('a session policy with session tags on is an error', () => {
    const { stack, cluster } = givenStack();
    const sessionPolicy = new iam.PolicyDocument();
    expect(() => new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', sessionPolicy })).toThrow(
      "[cdk-eks-pod-identity:session-policy-needs-session-tags-off] Stack/App: a session policy is given but session tags are on; EKS accepts a session policy only on an association with session tags disabled. Add `sessionTags: false`, or drop `sessionPolicy` and narrow the role's own policy instead",
    );
  });

  test('a session policy over 2,048 characters fails synth', () => {
    const { app, stack, cluster } = givenStack();
    const sessionPolicy = new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: Array.from({ length: 60 }, (_, i) => `arn:aws:s3:::artifacts/prefix-number-${i}/*`),
      })],
    });
    new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', sessionTags: false, sessionPolicy });

    const size = JSON.stringify(stack.resolve(sessionPolicy)).length;
    expect(size).toBeGreaterThan(2048);
    expect(() => app.synth()).toThrow(
      `[cdk-eks-pod-identity:session-policy-too-large] Stack/App: the session policy is ${size} characters as JSON, more than the 2048 STS accepts. Shorten it (fewer statements, wildcards in resource names) or move permissions to the role's own policy`,
    );
  });

  test('a session policy whose size is known only at deploy time is not checked', () => {
    const { app, stack, cluster } = givenStack();
    const bucket = new s3.Bucket(stack, 'Bucket');
    const sessionPolicy = new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: Array.from({ length: 100 }, (_, i) => bucket.arnForObjects(`p${i}/*`)) })],
    });
    new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', sessionTags: false, sessionPolicy });
    expect(() => app.synth()).not.toThrow();
  });

  test('a role scoped by session tags with session tags off is an error', () => {
    const { stack, cluster } = givenStack();
    const role = new PodIdentityRole(stack, 'Scoped', { namespaces: ['default'] });
    expect(() => new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', role, sessionTags: false })).toThrow(
      "[cdk-eks-pod-identity:scoped-role-without-session-tags] Stack/App: role 'Stack/Scoped' trusts only sessions with given session tags (clusters, namespaces or service accounts), but this association turns session tags off, so EKS could never assume it. Give a PodIdentityRole without `clusters`, `namespaces` and `serviceAccounts`, or keep session tags on",
    );
  });
});
