import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PodIdentityAssociation, PodIdentityTargetRole } from '../../lib';
import { givenStack } from '../util';

function givenStacks(dataEnv: { account?: string; region?: string } | undefined) {
  const app = new App();
  const clusterStack = new Stack(app, 'ClusterAccount', { env: { account: '111111111111', region: 'eu-west-1' } });
  const dataStack = new Stack(app, 'DataAccount', { env: dataEnv });
  const cluster = eks.CfnCluster.fromClusterName(clusterStack, 'Cluster', 'my-cluster');
  const target = new PodIdentityTargetRole(dataStack, 'Reader', { roleName: 'pod-reader' });
  return { app, clusterStack, dataStack, cluster, target };
}

const ROOT_OF_CLUSTER_ACCOUNT = { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:root']] } };

function trustStatements(stack: Stack, roleName: string): any[] {
  const roles = Template.fromStack(stack).findResources('AWS::IAM::Role', { Properties: { RoleName: roleName } });
  return Object.values<any>(roles)[0].Properties.AssumeRolePolicyDocument.Statement;
}

/** The sts:ExternalId of each sts:AssumeRole statement of the role named `roleName`, in order. */
function externalIds(stack: Stack, roleName: string): unknown[] {
  return trustStatements(stack, roleName).filter(s => s.Action === 'sts:AssumeRole').map(s => s.Condition.StringEquals?.['sts:ExternalId']);
}

const AFTER = "so the trust statement of 'DataAccount/Reader' for it has no sts:ExternalId condition. After the association is deployed, read its ExternalId (a stack output of `association.externalId`, or `aws eks describe-pod-identity-association`) and pass it as `targetRoleExternalId` to the association";

describe('PodIdentityAssociation with session tags off: one ExternalId per association', () => {
  test('in one stack: the account is the principal, narrowed to the association role; the ExternalId on sts:AssumeRole only; sts:TagSession in its own statement', () => {
    const { app, stack, cluster } = givenStack();
    const target = new PodIdentityTargetRole(stack, 'Chained', { roleName: 'chained' });

    new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', targetRole: target, sessionTags: false });

    const appRole = { 'Fn::GetAtt': [expect.stringMatching(/^AppRole/), 'Arn'] };
    expect(trustStatements(stack, 'chained')).toEqual([
      {
        Effect: 'Allow',
        Principal: ROOT_OF_CLUSTER_ACCOUNT,
        Action: 'sts:AssumeRole',
        Condition: {
          ArnEquals: { 'aws:PrincipalArn': appRole },
          StringEquals: { 'sts:ExternalId': { 'Fn::GetAtt': [expect.stringMatching(/^App/), 'ExternalId'] } },
        },
      },
      { Effect: 'Allow', Principal: ROOT_OF_CLUSTER_ACCOUNT, Action: 'sts:TagSession', Condition: { ArnEquals: { 'aws:PrincipalArn': [appRole] } } },
    ]);
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::PodIdentityAssociation', { DisableSessionTags: true });
    expect(() => app.synth()).not.toThrow();
  });

  test('two associations: one sts:TagSession statement for the account names both roles, without the ExternalId', () => {
    const { stack, cluster } = givenStack();
    const target = new PodIdentityTargetRole(stack, 'Chained', { roleName: 'chained' });
    new PodIdentityAssociation(stack, 'A', { cluster, namespace: 'default', serviceAccount: 'a', targetRole: target, sessionTags: false });
    new PodIdentityAssociation(stack, 'B', { cluster, namespace: 'default', serviceAccount: 'b', targetRole: target, sessionTags: false });

    const statements = trustStatements(stack, 'chained');
    expect(statements.map(s => s.Action)).toEqual(['sts:AssumeRole', 'sts:TagSession', 'sts:AssumeRole']);
    for (const statement of statements) {
      expect(statement.Principal).toEqual(ROOT_OF_CLUSTER_ACCOUNT);
    }
    expect(statements[1].Condition).toEqual({
      ArnEquals: { 'aws:PrincipalArn': [{ 'Fn::GetAtt': [expect.stringMatching(/^ARole/), 'Arn'] }, { 'Fn::GetAtt': [expect.stringMatching(/^BRole/), 'Arn'] }] },
    });
  });

  test('associations of two cluster accounts: one sts:TagSession statement for each account, and one shared role named once', () => {
    const app = new App();
    const dataStack = new Stack(app, 'DataAccount', { env: { account: '222222222222', region: 'eu-west-1' } });
    const target = new PodIdentityTargetRole(dataStack, 'Reader', { roleName: 'pod-reader' });
    for (const account of ['111111111111', '333333333333']) {
      const stack = new Stack(app, `Cluster${account}`, { env: { account, region: 'eu-west-1' } });
      const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'my-cluster');
      const role = iam.Role.fromRoleArn(stack, 'Shared', `arn:aws:iam::${account}:role/shared`);
      new PodIdentityAssociation(stack, 'A', { cluster, namespace: 'default', serviceAccount: 'a', role, targetRole: target, targetRoleExternalId: `ext-${account}-a`, sessionTags: false });
      new PodIdentityAssociation(stack, 'B', { cluster, namespace: 'default', serviceAccount: 'b', role, targetRole: target, targetRoleExternalId: `ext-${account}-b`, sessionTags: false });
    }

    const tagSession = trustStatements(dataStack, 'pod-reader').filter(s => s.Action === 'sts:TagSession');
    expect(tagSession.map(s => [s.Principal.AWS['Fn::Join'][1][2], s.Condition.ArnEquals['aws:PrincipalArn']])).toEqual([
      [':iam::111111111111:root', ['arn:aws:iam::111111111111:role/shared']],
      [':iam::333333333333:root', ['arn:aws:iam::333333333333:role/shared']],
    ]);
    expect(externalIds(dataStack, 'pod-reader')).toEqual(['ext-111111111111-a', 'ext-111111111111-b', 'ext-333333333333-a', 'ext-333333333333-b']);
  });

  test('across accounts: either stack deploys first, and the first deploy trusts the association\'s role without an ExternalId', () => {
    const { app, clusterStack, dataStack, cluster, target } = givenStacks({ account: '222222222222', region: 'eu-west-1' });

    new PodIdentityAssociation(clusterStack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', targetRole: target, sessionTags: false });
    app.synth();

    expect(dataStack.dependencies).toEqual([]);
    expect(clusterStack.dependencies).toEqual([]);
    expect(JSON.stringify(Template.fromStack(dataStack).toJSON())).not.toContain('Fn::ImportValue');
    expect(externalIds(dataStack, 'pod-reader')).toEqual([undefined]);
  });

  test('in two stacks of one account: the ExternalId is an export of the association\'s stack, which the target role\'s stack imports, so it deploys second', () => {
    const { app, clusterStack, dataStack, cluster, target } = givenStacks({ account: '111111111111', region: 'eu-west-1' });

    const association = new PodIdentityAssociation(clusterStack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', targetRole: target, sessionTags: false });
    new CfnOutput(clusterStack, 'ExternalId', { value: association.externalId });

    expect(externalIds(dataStack, 'pod-reader')).toEqual([{ 'Fn::ImportValue': expect.stringMatching(/^ClusterAccount:ExportsOutputFnGetAttApp.*ExternalId/) }]);
    expect(dataStack.dependencies).toEqual([clusterStack]);
    expect(Annotations.fromStack(clusterStack).findWarning('*', Match.stringLikeRegexp('ExternalId'))).toEqual([]);
    expect(() => app.synth()).not.toThrow();
  });

  test('two associations in the stack of their target role: each statement tests its own association\'s ExternalId', () => {
    const { stack, cluster } = givenStack();
    const target = new PodIdentityTargetRole(stack, 'Shared', { roleName: 'shared' });

    new PodIdentityAssociation(stack, 'First', { cluster, namespace: 'default', serviceAccount: 'first', targetRole: target, sessionTags: false });
    new PodIdentityAssociation(stack, 'Second', { cluster, namespace: 'default', serviceAccount: 'second', targetRole: target, sessionTags: false });

    expect(externalIds(stack, 'shared')).toEqual([
      { 'Fn::GetAtt': [expect.stringMatching(/^First/), 'ExternalId'] },
      { 'Fn::GetAtt': [expect.stringMatching(/^Second/), 'ExternalId'] },
    ]);
  });

  test('across accounts: each association gives its own targetRoleExternalId, and no warning remains', () => {
    const { clusterStack, dataStack, cluster, target } = givenStacks({ account: '222222222222', region: 'eu-west-1' });

    new PodIdentityAssociation(clusterStack, 'First', { cluster, namespace: 'default', serviceAccount: 'first', targetRole: target, targetRoleExternalId: 'eu-west-1/111111111111/my-cluster/default/first', sessionTags: false });
    new PodIdentityAssociation(clusterStack, 'Second', { cluster, namespace: 'default', serviceAccount: 'second', targetRole: target, targetRoleExternalId: 'ext-second', sessionTags: false });

    expect(externalIds(dataStack, 'pod-reader')).toEqual(['eu-west-1/111111111111/my-cluster/default/first', 'ext-second']);
    expect(Annotations.fromStack(clusterStack).findWarning('*', Match.stringLikeRegexp('ExternalId'))).toEqual([]);
  });

  test('across accounts: the warning names each association whose ExternalId is not known, and only those', () => {
    const { clusterStack, dataStack, cluster, target } = givenStacks({ account: '222222222222', region: 'eu-west-1' });

    new PodIdentityAssociation(clusterStack, 'Known', { cluster, namespace: 'default', serviceAccount: 'known', targetRole: target, targetRoleExternalId: 'ext-known', sessionTags: false });
    new PodIdentityAssociation(clusterStack, 'Unknown', { cluster, namespace: 'default', serviceAccount: 'unknown', targetRole: target, sessionTags: false });

    expect(externalIds(dataStack, 'pod-reader')).toEqual(['ext-known', undefined]);
    const warnings = Annotations.fromStack(clusterStack).findWarning('*', Match.stringLikeRegexp('ExternalId'));
    expect(warnings.map(w => [w.id, w.entry.data])).toEqual([[
      '/ClusterAccount/Unknown',
      `This association is in account '111111111111' and its target role in account '222222222222': CloudFormation cannot pass the association's ExternalId across accounts, ${AFTER} [ack: cdk-eks-pod-identity:target-role-external-id-other-account]`,
    ]]);
  });

  test('in another region of the same account: the warning speaks of regions', () => {
    const { clusterStack, cluster, target } = givenStacks({ account: '111111111111', region: 'us-east-1' });

    new PodIdentityAssociation(clusterStack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', targetRole: target, sessionTags: false });

    Annotations.fromStack(clusterStack).hasWarning('/ClusterAccount/App',
      `This association's stack is in region 'eu-west-1' and its target role's stack in region 'us-east-1': CloudFormation cannot pass the association's ExternalId across regions, ${AFTER} [ack: cdk-eks-pod-identity:target-role-external-id-other-region]`);
  });

  test('with an environment-agnostic target role stack: the warning says the environments are unknown', () => {
    const { clusterStack, cluster, target } = givenStacks(undefined);

    new PodIdentityAssociation(clusterStack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', targetRole: target, sessionTags: false });

    Annotations.fromStack(clusterStack).hasWarning('/ClusterAccount/App',
      "No ExternalId is known for this association (none was given, and its stack or its target role's stack has no account or region), so the trust statement of 'DataAccount/Reader' for it has no sts:ExternalId condition. Give both stacks an `env`, or pass the association's ExternalId as `targetRoleExternalId` to the association (`externalId` of `trustAssociation` for an association made elsewhere) [ack: cdk-eks-pod-identity:target-role-without-external-id]");
  });

  test('trustAssociation trusts an association made elsewhere with sessionTags: false, with its ExternalId', () => {
    const { stack } = givenStack();
    const target = new PodIdentityTargetRole(stack, 'Reader', { roleName: 'pod-reader' });
    const role = iam.Role.fromRoleArn(stack, 'Source', 'arn:aws:iam::333333333333:role/source');

    target.trustAssociation({ role, sessionTags: false, externalId: 'ext-elsewhere' });

    const root = { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::333333333333:root']] } };
    expect(trustStatements(stack, 'pod-reader')).toEqual([
      {
        Effect: 'Allow',
        Principal: root,
        Action: 'sts:AssumeRole',
        Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::333333333333:role/source' }, StringEquals: { 'sts:ExternalId': 'ext-elsewhere' } },
      },
      { Effect: 'Allow', Principal: root, Action: 'sts:TagSession', Condition: { ArnEquals: { 'aws:PrincipalArn': ['arn:aws:iam::333333333333:role/source'] } } },
    ]);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('ExternalId'));
  });

  test('rejects an ExternalId STS would not accept', () => {
    const { clusterStack, cluster, target } = givenStacks({ account: '222222222222', region: 'eu-west-1' });
    expect(() => new PodIdentityAssociation(clusterStack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', targetRole: target, targetRoleExternalId: 'has space', sessionTags: false })).toThrow(
      "[cdk-eks-pod-identity:invalid-external-id] ClusterAccount/App: ExternalId 'has space' is not one STS accepts (2 to 1,224 letters, digits and + = , . @ : / -). Copy the association's ExternalId exactly as `aws eks describe-pod-identity-association` shows it",
    );
  });

  test('targetRoleExternalId with a target role whose trust this library does not write is an error', () => {
    const { stack, cluster } = givenStack();
    const targetRole = iam.Role.fromRoleArn(stack, 'Target', 'arn:aws:iam::222222222222:role/reader');
    expect(() => new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', targetRole, targetRoleExternalId: 'ext-1' })).toThrow(
      "[cdk-eks-pod-identity:external-id-without-target-role] Stack/App: `targetRoleExternalId` is given, but `targetRole` is not a PodIdentityTargetRole, whose trust this library writes, so it would be used nowhere. Pass a PodIdentityTargetRole as `targetRole`, or remove `targetRoleExternalId` and put the ExternalId in the target role's trust where it is managed",
    );
  });

  test('targetRoleExternalId without a target role is an error', () => {
    const { stack, cluster } = givenStack();
    expect(() => new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', targetRoleExternalId: 'ext-1' })).toThrow(
      "[cdk-eks-pod-identity:external-id-without-target-role] Stack/App: `targetRoleExternalId` is given, but there is no `targetRole`, so it would be used nowhere. Pass a PodIdentityTargetRole as `targetRole`, or remove `targetRoleExternalId` and put the ExternalId in the target role's trust where it is managed",
    );
  });
});

describe('PodIdentityTargetRole externalId (deprecated), for associations with session tags off', () => {
  test('still serves the one association whose ExternalId is otherwise unknown', () => {
    const app = new App();
    const clusterStack = new Stack(app, 'ClusterAccount', { env: { account: '111111111111', region: 'eu-west-1' } });
    const dataStack = new Stack(app, 'DataAccount', { env: { account: '222222222222', region: 'eu-west-1' } });
    const cluster = eks.CfnCluster.fromClusterName(clusterStack, 'Cluster', 'my-cluster');
    const target = new PodIdentityTargetRole(dataStack, 'Reader', { roleName: 'pod-reader', externalId: 'ext-123' });

    new PodIdentityAssociation(clusterStack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', targetRole: target, sessionTags: false });

    expect(externalIds(dataStack, 'pod-reader')).toEqual(['ext-123']);
    expect(Annotations.fromStack(clusterStack).findWarning('*', Match.stringLikeRegexp('ExternalId'))).toEqual([]);
  });

  test('gives way to the association\'s own ExternalId attribute in the same stack', () => {
    const { stack, cluster } = givenStack();
    const target = new PodIdentityTargetRole(stack, 'Reader', { roleName: 'pod-reader', externalId: 'ext-123' });

    new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', targetRole: target, sessionTags: false });

    expect(externalIds(stack, 'pod-reader')).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^App/), 'ExternalId'] }]);
  });

  test('is an error for a second association: an ExternalId belongs to one', () => {
    const { stack, cluster } = givenStack();
    const target = new PodIdentityTargetRole(stack, 'Reader', { externalId: 'ext-123' });
    new PodIdentityAssociation(stack, 'First', { cluster, namespace: 'default', serviceAccount: 'first', targetRole: target, sessionTags: false });

    expect(() => new PodIdentityAssociation(stack, 'Second', { cluster, namespace: 'default', serviceAccount: 'second', targetRole: target, sessionTags: false })).toThrow(
      "[cdk-eks-pod-identity:target-role-external-id-shared] Stack/Reader: `externalId` is set on this target role, but a second association, 'Stack/Second', chains into it after 'Stack/First'; an ExternalId belongs to one association, so EKS would be refused for one of them. Remove `externalId` from the role and give each association its own `targetRoleExternalId`",
    );
  });

  test('rejects a value STS would not accept', () => {
    const { stack } = givenStack();
    expect(() => new PodIdentityTargetRole(stack, 'Reader', { externalId: 'x' })).toThrow(
      "[cdk-eks-pod-identity:invalid-external-id] Stack/Reader: ExternalId 'x' is not one STS accepts (2 to 1,224 letters, digits and + = , . @ : / -). Copy the association's ExternalId exactly as `aws eks describe-pod-identity-association` shows it",
    );
  });
});
