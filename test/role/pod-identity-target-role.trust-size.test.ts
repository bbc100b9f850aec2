import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PodIdentityAssociation, PodIdentityTargetRole } from '../../lib';
import { estimateTrustPolicySize } from '../../lib/role/private/trust-size';

// IAM's quota "Role trust policy length" (L-C07B4B0D): 2,048 characters by default, white space not
// counted. Each association with session tags on adds a statement of about 420 characters, so the
// fifth one breaks the deploy: synth must fail first, with the fix.

const CLUSTER_ENV = { account: '111111111111', region: 'eu-west-1' };
const DATA_ENV = { account: '222222222222', region: 'eu-west-1' };

/** The trust policy as IAM stores it, with the given value for each kind of deploy-time value. */
function rendered(value: any, values: { partition: string; account?: string; region?: string; getAtt?: (id: string, attribute: string) => string }): any {
  const render = (inner: any): any => {
    if (Array.isArray(inner)) return inner.map(render);
    if (inner && typeof inner === 'object') {
      if (inner.Ref === 'AWS::Partition') return values.partition;
      if (inner.Ref === 'AWS::AccountId' && values.account) return values.account;
      if (inner.Ref === 'AWS::Region' && values.region) return values.region;
      if (inner['Fn::GetAtt'] && values.getAtt) return values.getAtt(inner['Fn::GetAtt'][0], inner['Fn::GetAtt'][1]);
      if (inner['Fn::Join']) return inner['Fn::Join'][1].map(render).join(inner['Fn::Join'][0]);
      return Object.fromEntries(Object.entries(inner).map(([key, v]) => [key, render(v)]));
    }
    return inner;
  };
  return render(value);
}

/** The cluster's stack and the data account's stack, with `count` associations of their own roles chaining into one target role. */
function givenAssociations(count: number, targetProps: { trustPolicyQuota?: number } = {}) {
  const app = new App();
  const clusterStack = new Stack(app, 'ClusterAccount', { env: CLUSTER_ENV });
  const dataStack = new Stack(app, 'DataAccount', { env: DATA_ENV });
  const cluster = eks.CfnCluster.fromClusterName(clusterStack, 'Cluster', 'my-cluster');
  const target = new PodIdentityTargetRole(dataStack, 'Reader', { roleName: 'pod-reader', ...targetProps });
  for (let i = 1; i <= count; i++) {
    const role = iam.Role.fromRoleArn(clusterStack, `Role${i}`, `arn:aws:iam::111111111111:role/app-${i}`);
    new PodIdentityAssociation(clusterStack, `App${i}`, { cluster, namespace: `team-${i}`, serviceAccount: `app-${i}`, role, targetRole: target });
  }
  return { app, clusterStack, dataStack, cluster, target };
}

function renderedLength(stack: Stack, role: iam.Role, partition = 'aws'): number {
  return JSON.stringify(rendered(stack.resolve(role.assumeRolePolicy), { partition })).length;
}

describe('PodIdentityTargetRole trust policy size', () => {
  test('with literal values the estimate is the length of the policy as IAM stores it, without white space', () => {
    const { dataStack, target } = givenAssociations(4);

    const size = estimateTrustPolicySize(target)!;

    expect(size).toEqual({ characters: renderedLength(dataStack, target), unknown: [] });
    expect(size.characters).toBeGreaterThan(1600);
    expect(size.characters).toBeLessThanOrEqual(2048);
  });

  test('four associations fit in the default quota', () => {
    const { app } = givenAssociations(4);
    expect(() => app.synth()).not.toThrow();
  });

  test('a fifth association fails synth, naming the role, the size, the quota and the fix', () => {
    const { app, dataStack, target } = givenAssociations(5);
    const size = renderedLength(dataStack, target);
    expect(size).toBeGreaterThan(2048);

    expect(() => app.synth()).toThrow(
      `[cdk-eks-pod-identity:target-role-trust-too-large] DataAccount/Reader: the trust policy written for the 5 associations that use this target role may be up to ${size} characters (without white space, each value known only at deploy time at its longest plausible length), more than the 2048 of IAM's quota "Role trust policy length" (L-C07B4B0D) at its default, so CloudFormation would fail to create or update the role. Split the associations across several target roles, or raise the quota L-C07B4B0D in Service Quotas (region us-east-1; documented up to 8192) for the target role's account and state it as \`trustPolicyQuota\`. Associations that share their role and differ in one value only (the service account, the namespace or the cluster) share one statement`,
    );
  });

  test('a raised quota stated as trustPolicyQuota lets them synth, and is the limit then', () => {
    expect(() => givenAssociations(5, { trustPolicyQuota: 3072 }).app.synth()).not.toThrow();

    const { app, dataStack, target } = givenAssociations(8, { trustPolicyQuota: 3072 });
    expect(() => app.synth()).toThrow(
      `[cdk-eks-pod-identity:target-role-trust-too-large] DataAccount/Reader: the trust policy written for the 8 associations that use this target role may be up to ${renderedLength(dataStack, target)} characters (without white space, each value known only at deploy time at its longest plausible length), more than the 3072 of IAM's quota "Role trust policy length" (L-C07B4B0D), so CloudFormation`,
    );
  });

  test.each([
    [1024, '1024'],
    [2047, '2047'],
    [2500.5, '2500.5'],
  ])('trustPolicyQuota %d is not a quota IAM has', (quota, shown) => {
    const { dataStack } = givenAssociations(0);
    expect(() => new PodIdentityTargetRole(dataStack, 'Other', { trustPolicyQuota: quota })).toThrow(
      `[cdk-eks-pod-identity:invalid-trust-policy-quota] DataAccount/Other: \`trustPolicyQuota\` is ${shown}, but IAM's quota "Role trust policy length" (L-C07B4B0D) is a whole number of characters, at least 2048 (the default). Give the quota applied to the target role's account as a literal, as Service Quotas shows it (\`aws service-quotas get-service-quota --service-code iam --quota-code L-C07B4B0D --region us-east-1\`)`,
    );
  });

  test('a quota above 4,096 and up to the documented 8,192 is taken without a warning', () => {
    // GIVEN 13 associations: more than the older documented maximum of 4,096 characters
    const { app, dataStack, target } = givenAssociations(13, { trustPolicyQuota: 8192 });

    // THEN
    expect(renderedLength(dataStack, target)).toBeGreaterThan(4096);
    expect(() => app.synth()).not.toThrow();
    Annotations.fromStack(dataStack).hasNoWarning('*', Match.stringLikeRegexp('target-role-quota-above-maximum'));
  });

  test('a quota above the documented maximum is not refused, but warned about on the role', () => {
    // GIVEN
    const { app, dataStack, target } = givenAssociations(25, { trustPolicyQuota: 12_000 });

    // THEN the size check uses the stated quota
    expect(renderedLength(dataStack, target)).toBeGreaterThan(8192);
    expect(() => app.synth()).not.toThrow();
    Annotations.fromStack(dataStack).hasWarning('/DataAccount/Reader',
      '`trustPolicyQuota` is 12000, above the 8192 characters that IAM documents as the largest "Role trust policy length" (L-C07B4B0D); the size check uses 12000, so it passes trust policies that IAM refuses if the account\'s quota is lower. Make sure it is the quota applied to the target role\'s account, as Service Quotas shows it (`aws service-quotas get-service-quota --service-code iam --quota-code L-C07B4B0D --region us-east-1`) [ack: cdk-eks-pod-identity:target-role-quota-above-maximum]');
  });

  test('values known only at deploy time count at their longest plausible length: partition, account, region, a role and a cluster named by CloudFormation', () => {
    // GIVEN an environment-agnostic stack: the partition, account and region are all unknown
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const cluster = new eks.CfnCluster(stack, 'Eks', { roleArn: 'arn:aws:iam::111111111111:role/eks', resourcesVpcConfig: { subnetIds: ['subnet-1'] } });
    const target = new PodIdentityTargetRole(stack, 'Reader', { roleName: 'pod-reader' });

    // WHEN the association's own role (named by CloudFormation) chains into it
    new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', targetRole: target });

    // THEN the estimate renders each to its longest value
    const longestRole = `arn:aws-us-gov:iam::123456789012:role/${'r'.repeat(64)}`;
    const longestCluster = `arn:aws-us-gov:eks:us-isof-south-1:123456789012:cluster/${'c'.repeat(100)}`;
    const expected = rendered(stack.resolve(target.assumeRolePolicy), {
      partition: 'aws-us-gov',
      account: '123456789012',
      region: 'us-isof-south-1',
      getAtt: (id, attribute) => {
        expect(attribute).toBe('Arn');
        return id.startsWith('Eks') ? longestCluster : longestRole;
      },
    });
    expect(JSON.stringify(expected)).toContain(longestCluster);
    expect(JSON.stringify(expected)).toContain(longestRole);
    expect(estimateTrustPolicySize(target)).toEqual({ characters: JSON.stringify(expected).length, unknown: [] });
  });

  test('a value passed between stacks counts as the value its export carries', () => {
    const app = new App();
    const clusterStack = new Stack(app, 'ClusterStack', { env: CLUSTER_ENV });
    const dataStack = new Stack(app, 'DataStack', { env: CLUSTER_ENV });
    const cluster = eks.CfnCluster.fromClusterName(clusterStack, 'Cluster', 'my-cluster');
    const role = new iam.Role(clusterStack, 'Role', { roleName: 'exported-role', assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com') });
    const target = new PodIdentityTargetRole(dataStack, 'Reader', { roleName: 'pod-reader' });
    new PodIdentityAssociation(clusterStack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', role, targetRole: target });

    app.synth();

    const json = JSON.stringify(dataStack.resolve(target.assumeRolePolicy));
    expect(json).toContain('Fn::ImportValue');
    const expected = rendered(dataStack.resolve(target.assumeRolePolicy), { partition: 'aws' });
    const withRole = JSON.stringify(expected).replace(/\{"Fn::ImportValue":"[^"]+"\}/, '"arn:aws:iam::123456789012:role/exported-role"');
    expect(estimateTrustPolicySize(target)).toEqual({ characters: withRole.length, unknown: [] });
  });

  test('an association\'s ExternalId counts in the form EKS gives it, region/account/cluster/namespace/service-account, from its own names', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: CLUSTER_ENV });
    const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'my-cluster');
    const target = new PodIdentityTargetRole(stack, 'Reader', { roleName: 'pod-reader' });
    const role = iam.Role.fromRoleArn(stack, 'Existing', 'arn:aws:iam::111111111111:role/existing');
    new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', role, targetRole: target, sessionTags: false });

    app.synth();

    const expected = rendered(stack.resolve(target.assumeRolePolicy), {
      partition: 'aws',
      getAtt: (id, attribute) => {
        expect([id.startsWith('App'), attribute]).toEqual([true, 'ExternalId']);
        return 'eu-west-1/123456789012/my-cluster/default/my-sa';
      },
    });
    expect(estimateTrustPolicySize(target)).toEqual({ characters: JSON.stringify(expected).length, unknown: [] });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('trust-size'));
  });

  test('a role imported by an ARN known only at deploy time counts with the longest path and name', () => {
    // The association's own role imported by `arn`, in the target role's stack.
    const estimate = (arn: (stack: Stack) => string) => {
      const stack = new Stack(new App(), 'DataAccount', { env: DATA_ENV });
      const target = new PodIdentityTargetRole(stack, 'Reader', { roleName: 'pod-reader' });
      const role = iam.Role.fromRoleArn(stack, 'Source', arn(stack));
      target.trustAssociation({ role, namespace: 'shop', serviceAccount: 'cart', clusterArn: 'arn:aws:eks:eu-west-1:111111111111:cluster/shop' });
      return estimateTrustPolicySize(target)!;
    };

    // WHEN the ARN is a parameter, and WHEN it is the longest literal: a path of 512 characters with its slashes, a name of 64
    const deployTime = estimate(stack => new CfnParameter(stack, 'SourceRoleArn').valueAsString);
    const longest = estimate(() => `arn:aws:iam::111111111111:role/${'p'.repeat(510)}/${'r'.repeat(64)}`);

    // THEN they count the same, but for the account of the principal, which a deploy-time ARN leaves unknown (counted empty)
    expect(deployTime).toEqual({
      characters: longest.characters - '111111111111'.length,
      unknown: ['{"Fn::Select":[4,{"Fn::Split":[":",{"Ref":"SourceRoleArn"}]}]}'],
    });
    expect(longest.unknown).toEqual([]);
  });

  test('a value whose length nothing bounds is counted as empty, and a warning says so', () => {
    const { app, dataStack, target } = givenAssociations(1);
    const sourceIdentity = new CfnParameter(dataStack, 'SourceIdentity');
    target.assumeRolePolicy!.addStatements(new iam.PolicyStatement({
      principals: [new iam.AccountPrincipal('111111111111')],
      actions: ['sts:SetSourceIdentity'],
      conditions: { StringEquals: { 'sts:SourceIdentity': sourceIdentity.valueAsString } },
    }));

    app.synth();

    const size = estimateTrustPolicySize(target)!;
    expect(size.unknown).toEqual(['{"Ref":"SourceIdentity"}']);
    expect(size.characters).toBe(JSON.stringify(rendered(dataStack.resolve(target.assumeRolePolicy), { partition: 'aws' }))
      .replace('{"Ref":"SourceIdentity"}', '""').length);
    Annotations.fromStack(dataStack).hasWarning('/DataAccount/Reader', Match.exact(
      `The size of this role's trust policy is estimated at ${size.characters} of 2048 characters without 1 value known only at deploy time whose length is not bounded ({"Ref":"SourceIdentity"}), so the check of IAM's quota "Role trust policy length" (L-C07B4B0D) may pass a policy that IAM refuses. Use literal values where you can, or keep well below the quota [ack: cdk-eks-pod-identity:target-role-trust-size-unknown]`,
    ));
  });
});

describe('PodIdentityTargetRole statements shared by associations, only where they stay exact', () => {
  const SHARED_ROLE = 'arn:aws:iam::111111111111:role/shared';

  function given() {
    const app = new App();
    const clusterStack = new Stack(app, 'ClusterAccount', { env: CLUSTER_ENV });
    const dataStack = new Stack(app, 'DataAccount', { env: DATA_ENV });
    const target = new PodIdentityTargetRole(dataStack, 'Reader', { roleName: 'pod-reader' });
    const role = iam.Role.fromRoleArn(clusterStack, 'Shared', SHARED_ROLE);
    const associate = (id: string, cluster: eks.IClusterRef, namespace: string, serviceAccount: string, ownRole: iam.IRole = role) =>
      new PodIdentityAssociation(clusterStack, id, { cluster, namespace, serviceAccount, role: ownRole, targetRole: target });
    const conditions = () => (dataStack.resolve(target.assumeRolePolicy).Statement as any[]).map(s => s.Condition);
    return { app, clusterStack, dataStack, target, role, associate, conditions };
  }

  const clusterArn = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:eks:eu-west-1:111111111111:cluster/${name}`]] });

  test('one role, cluster and namespace for several service accounts: one statement listing the service accounts', () => {
    const { clusterStack, associate, conditions } = given();
    const cluster = eks.CfnCluster.fromClusterName(clusterStack, 'Cluster', 'shop');

    associate('A', cluster, 'shop', 'cart');
    associate('B', cluster, 'shop', 'checkout');
    associate('C', cluster, 'shop', 'search');

    expect(conditions()).toEqual([{
      StringEquals: {
        'aws:RequestTag/eks-cluster-arn': clusterArn('shop'),
        'aws:RequestTag/kubernetes-namespace': 'shop',
        'aws:RequestTag/kubernetes-service-account': ['cart', 'checkout', 'search'],
      },
      ArnEquals: { 'aws:PrincipalArn': SHARED_ROLE },
    }]);
  });

  test('one role and service account in two clusters: one statement listing the clusters', () => {
    const { clusterStack, associate, conditions } = given();

    associate('Blue', eks.CfnCluster.fromClusterName(clusterStack, 'BlueCluster', 'blue'), 'shop', 'cart');
    associate('Green', eks.CfnCluster.fromClusterName(clusterStack, 'GreenCluster', 'green'), 'shop', 'cart');

    expect(conditions()).toEqual([{
      StringEquals: {
        'aws:RequestTag/eks-cluster-arn': [clusterArn('blue'), clusterArn('green')],
        'aws:RequestTag/kubernetes-namespace': 'shop',
        'aws:RequestTag/kubernetes-service-account': 'cart',
      },
      ArnEquals: { 'aws:PrincipalArn': SHARED_ROLE },
    }]);
  });

  test('associations that differ in two values keep their own statements: one statement would also admit the crossed pairs', () => {
    const { clusterStack, associate, conditions } = given();
    const cluster = eks.CfnCluster.fromClusterName(clusterStack, 'Cluster', 'shop');

    associate('A', cluster, 'shop', 'cart');
    associate('B', cluster, 'billing', 'invoices');

    expect(conditions().map(c => [c.StringEquals['aws:RequestTag/kubernetes-namespace'], c.StringEquals['aws:RequestTag/kubernetes-service-account']]))
      .toEqual([['shop', 'cart'], ['billing', 'invoices']]);
  });

  test('a statement that lists service accounts takes no second list: another cluster gets its own statement', () => {
    const { clusterStack, associate, conditions } = given();
    const shop = eks.CfnCluster.fromClusterName(clusterStack, 'Cluster', 'shop');
    const other = eks.CfnCluster.fromClusterName(clusterStack, 'Other', 'other');

    associate('A', shop, 'shop', 'cart');
    associate('B', shop, 'shop', 'checkout');
    associate('C', other, 'shop', 'cart');

    expect(conditions().map(c => [c.StringEquals['aws:RequestTag/eks-cluster-arn'], c.StringEquals['aws:RequestTag/kubernetes-service-account']]))
      .toEqual([[clusterArn('shop'), ['cart', 'checkout']], [clusterArn('other'), 'cart']]);
  });

  test('a statement already resolved is frozen: a later association that would share it gets its own statement', () => {
    const { clusterStack, dataStack, target, associate, conditions } = given();
    const cluster = eks.CfnCluster.fromClusterName(clusterStack, 'Cluster', 'shop');
    associate('A', cluster, 'shop', 'cart');

    // WHEN the trust is read (which freezes its statements), then another service account of that namespace comes
    dataStack.resolve(target.assumeRolePolicy);
    associate('B', cluster, 'shop', 'checkout');

    // THEN the first statement is unchanged and the second admits the new association alone
    expect(conditions().map(c => c.StringEquals['aws:RequestTag/kubernetes-service-account'])).toEqual(['cart', 'checkout']);
  });

  test('the association\'s own roles differ, so associations of one namespace each keep their statement', () => {
    const { clusterStack, associate, conditions } = given();
    const cluster = eks.CfnCluster.fromClusterName(clusterStack, 'Cluster', 'shop');

    associate('A', cluster, 'shop', 'cart', iam.Role.fromRoleArn(clusterStack, 'RoleA', 'arn:aws:iam::111111111111:role/a'));
    associate('B', cluster, 'shop', 'checkout', iam.Role.fromRoleArn(clusterStack, 'RoleB', 'arn:aws:iam::111111111111:role/b'));

    expect(conditions().map(c => c.ArnEquals['aws:PrincipalArn'])).toEqual(['arn:aws:iam::111111111111:role/a', 'arn:aws:iam::111111111111:role/b']);
  });

  test('two roles for one service account of one cluster: one statement listing the roles', () => {
    const { dataStack, target, role } = given();

    target.trustAssociation({ role, namespace: 'shop', serviceAccount: 'cart', clusterArn: 'arn:aws:eks:eu-west-1:111111111111:cluster/shop' });
    target.trustAssociation({
      role: iam.Role.fromRoleArn(dataStack, 'Other', 'arn:aws:iam::111111111111:role/other'),
      namespace: 'shop', serviceAccount: 'cart', clusterArn: 'arn:aws:eks:eu-west-1:111111111111:cluster/shop',
    });

    const statements = dataStack.resolve(target.assumeRolePolicy).Statement;
    expect(statements).toHaveLength(1);
    expect(statements[0].Condition.ArnEquals).toEqual({ 'aws:PrincipalArn': [SHARED_ROLE, 'arn:aws:iam::111111111111:role/other'] });
  });

  test('a shared statement keeps the trust small: twelve service accounts of one role fit in the default quota', () => {
    const { app, clusterStack, associate, target } = given();
    const cluster = eks.CfnCluster.fromClusterName(clusterStack, 'Cluster', 'shop');

    for (let i = 1; i <= 12; i++) associate(`App${i}`, cluster, 'shop', `service-account-${i}`);

    expect(() => app.synth()).not.toThrow();
    expect(estimateTrustPolicySize(target)!.characters).toBeLessThan(1024);
  });
});
