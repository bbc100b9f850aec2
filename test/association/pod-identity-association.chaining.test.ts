import { App, NestedStack, PhysicalName, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
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

  test('a PodIdentityTargetRole is named by an ARN built from its name, so that the two refer to each other without a cycle', () => {
    const { app, stack, cluster } = givenStack();
    const target = new PodIdentityTargetRole(stack, 'Chained');

    new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', targetRole: target });

    Template.fromStack(stack).hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      TargetRoleArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:role/Stack-Chained-85CD5290']] },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', { RoleName: 'Stack-Chained-85CD5290' });
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

describe('PodIdentityAssociation grant on the target role', () => {
  const targetArn = 'arn:aws:iam::222222222222:role/reader';

  test('an imported role with mutable: false is an error: it would get no sts:AssumeRole on the target role', () => {
    const { stack, cluster } = givenStack();
    const role = iam.Role.fromRoleArn(stack, 'Existing', 'arn:aws:iam::111111111111:role/existing', { mutable: false });
    const targetRole = iam.Role.fromRoleArn(stack, 'Target', targetArn);

    expect(() => new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', role, targetRole })).toThrow(
      "[cdk-eks-pod-identity:target-role-grant-dropped] Stack/App: role 'arn:aws:iam::111111111111:role/existing' takes no policy changes from this app (a role imported with `mutable: false`, or from `withoutPolicyUpdates()`, does not), so it cannot be given sts:AssumeRole and sts:TagSession on the target role, and EKS could never chain into it. Grant those two actions on the target role to the role where it is managed and set `grantAssumeTargetRole: false`, or import the role with `mutable: true` (the default) so that this association grants them",
    );
  });

  test('role.withoutPolicyUpdates() is the same error', () => {
    const { stack, cluster } = givenStack();
    const role = new PodIdentityRole(stack, 'Role', { roleName: 'fixed' }).withoutPolicyUpdates();
    const targetRole = iam.Role.fromRoleArn(stack, 'Target', targetArn);

    expect(() => new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', role, targetRole }))
      .toThrow(
        "[cdk-eks-pod-identity:target-role-grant-dropped] Stack/App: role 'Stack/ImmutableRoleRole' takes no policy changes from this app (a role imported with `mutable: false`, or from `withoutPolicyUpdates()`, does not), so it cannot be given sts:AssumeRole and sts:TagSession on the target role, and EKS could never chain into it. Grant those two actions on the target role to the role where it is managed and set `grantAssumeTargetRole: false`, or import the role with `mutable: true` (the default) so that this association grants them",
      );
  });

  test('grantAssumeTargetRole: false takes an immutable role and grants nothing', () => {
    const { stack, cluster } = givenStack();
    const role = iam.Role.fromRoleArn(stack, 'Existing', 'arn:aws:iam::111111111111:role/existing', { mutable: false });
    const targetRole = iam.Role.fromRoleArn(stack, 'Target', targetArn);

    new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', role, targetRole, grantAssumeTargetRole: false });

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { RoleArn: 'arn:aws:iam::111111111111:role/existing', TargetRoleArn: targetArn });
  });

  test('a mutable import gets the grant in a policy of this stack', () => {
    const { stack, cluster } = givenStack();
    const role = iam.Role.fromRoleArn(stack, 'Existing', 'arn:aws:iam::111111111111:role/existing');
    const targetRole = iam.Role.fromRoleArn(stack, 'Target', targetArn);

    new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', role, targetRole });

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: ['existing'],
      PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: targetArn }] },
    });
  });

  test('with iam.Role.customizeRoles the grant goes to the policy report, and is no error', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
    iam.Role.customizeRoles(stack, { preventSynthesis: false });
    const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'my-cluster');
    const role = iam.Role.fromRoleArn(stack, 'Existing', 'arn:aws:iam::111111111111:role/existing', { mutable: false });
    const targetRole = iam.Role.fromRoleArn(stack, 'Target', targetArn);

    expect(() => new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', role, targetRole })).not.toThrow();
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

  test.each([
    ['by default', {}],
    ['with sessionTags: true', { sessionTags: true }],
  ])('session tags on %s write DisableSessionTags: false, so that turning them back on updates the association', (_case, options) => {
    const { stack, cluster } = givenStack();
    new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', ...options });
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::PodIdentityAssociation', { DisableSessionTags: false, Policy: Match.absent() });
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

// Found by `npm run fuzz` (10,000 cases of the PodIdentityAssociation door): a role of the app with no name, in
// one account, and a target role in another, whose trust names the role's ARN, failed at synth with
// aws-cdk-lib's CannotUseCrossEnvironment.
describe('a role of the app chaining into a target role in another account', () => {
  function givenTwoAccounts() {
    const app = new App();
    const stack = new Stack(app, 'Pods', { env: { account: '111111111111', region: 'eu-west-1' } });
    const targetStack = new Stack(app, 'Data', { env: { account: '222222222222', region: 'eu-west-1' } });
    const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'my-cluster');
    return { app, stack, targetStack, cluster, target: new PodIdentityTargetRole(targetStack, 'Reader') };
  }

  test('a PodIdentityRole gets a generated name, which the target role\'s trust names', () => {
    const { app, stack, targetStack, cluster, target } = givenTwoAccounts();
    const role = new PodIdentityRole(stack, 'Role');

    new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', role, targetRole: target });

    expect(() => app.synth()).not.toThrow();
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', { RoleName: Match.stringLikeRegexp('^pods') });
    Template.fromStack(targetStack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({
          Condition: Match.objectLike({ ArnEquals: { 'aws:PrincipalArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, Match.stringLikeRegexp('^:iam::111111111111:role/pods')]] } } }),
        })]),
      }),
    });
  });

  test('a PodIdentityRole in the target role\'s own stack keeps no name', () => {
    const { stack } = givenStack();
    new PodIdentityRole(stack, 'Role');
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', { RoleName: Match.absent() });
  });

  test('an iam.Role without a name is refused, with the fix', () => {
    const { stack, cluster, target } = givenTwoAccounts();
    const role = new iam.Role(stack, 'Plain', { assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com') });

    expect(() => new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', role, targetRole: target })).toThrow(
      '[cdk-eks-pod-identity:role-name-needed] Pods/App: role \'Pods/Plain\' has no name known at synth, and target role \'Data/Reader\' is in another account, whose trust must name the role\'s ARN: CloudFormation can only give that ARN across accounts for a role with a name. Give the role `roleName: PhysicalName.GENERATE_IF_NEEDED`, or a name of your own (a PodIdentityRole has a generated name by default)',
    );
  });

  // From the review of the fix above: a generated name begins with the stack's name, which a nested stack knows
  // only at deploy time (aws/aws-cdk#20039).
  test('a PodIdentityRole in a nested stack is refused, with the fix', () => {
    const { stack, cluster, target } = givenTwoAccounts();
    const nested = new NestedStack(stack, 'Nested');
    const role = new PodIdentityRole(nested, 'Role');

    expect(() => new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', role, targetRole: target })).toThrow(
      '[cdk-eks-pod-identity:role-name-needed] Pods/App: role \'Pods/Nested/Role\' is in a nested stack, whose name is known only at deploy time, so aws-cdk-lib cannot generate a name for it, and target role \'Data/Reader\' is in another account, whose trust must name the role\'s ARN. Give the role a roleName of your own, or make it in a stack that is not nested',
    );
    const named = new PodIdentityRole(nested, 'Named', { roleName: 'pods-nested' });
    expect(() => new PodIdentityAssociation(stack, 'Named', { cluster, namespace: 'default', serviceAccount: 'named', role: named, targetRole: target })).not.toThrow();
  });

  test('a target role in another region of a stack with crossRegionReferences takes an unnamed iam.Role, as aws-cdk-lib does', () => {
    const app = new App();
    const stack = new Stack(app, 'Pods', { env: { account: '111111111111', region: 'eu-west-1' } });
    const targetStack = new Stack(app, 'Data', { env: { account: '111111111111', region: 'us-east-1' }, crossRegionReferences: true });
    const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'my-cluster');
    const role = new iam.Role(stack, 'Plain', { assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com') });

    new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', role, targetRole: new PodIdentityTargetRole(targetStack, 'Reader') });

    expect(() => app.synth()).not.toThrow();
  });

  test('an iam.Role with a name, or a generated one, chains', () => {
    const { app, stack, cluster, target } = givenTwoAccounts();
    const named = new iam.Role(stack, 'Named', { assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com'), roleName: 'named' });
    const generated = new iam.Role(stack, 'Generated', { assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com'), roleName: PhysicalName.GENERATE_IF_NEEDED });

    new PodIdentityAssociation(stack, 'A', { cluster, namespace: 'default', serviceAccount: 'a', role: named, targetRole: target });
    new PodIdentityAssociation(stack, 'B', { cluster, namespace: 'default', serviceAccount: 'b', role: generated, targetRole: target });

    expect(() => app.synth()).not.toThrow();
  });
});
