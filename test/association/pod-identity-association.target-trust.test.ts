import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as eksv2 from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PodIdentityAssociation, PodIdentityTargetRole } from '../../lib';
import { givenStack } from '../util';

// The trust of a target role for associations with session tags on (the default), in the shape of the
// EKS User Guide, pod-id-assign-target-role: one statement per association, no sts:ExternalId.

const CLUSTER_ENV = { account: '111111111111', region: 'eu-west-1' };
const DATA_ENV = { account: '222222222222', region: 'eu-west-1' };
const ROOT_OF_CLUSTER_ACCOUNT = { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:root']] } };
const MY_CLUSTER_ARN = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks:eu-west-1:111111111111:cluster/my-cluster']] };
const BOTH_ACTIONS = ['sts:AssumeRole', 'sts:TagSession'];

function trustStatements(stack: Stack, roleName: string): any[] {
  const roles = Template.fromStack(stack).findResources('AWS::IAM::Role', { Properties: { RoleName: roleName } });
  return Object.values<any>(roles)[0].Properties.AssumeRolePolicyDocument.Statement;
}

function tagged(roleArn: unknown, namespace: string, serviceAccount: string, clusterArn?: unknown) {
  return {
    Effect: 'Allow',
    Principal: ROOT_OF_CLUSTER_ACCOUNT,
    Action: BOTH_ACTIONS,
    Condition: {
      StringEquals: {
        ...(clusterArn === undefined ? {} : { 'aws:RequestTag/eks-cluster-arn': clusterArn }),
        'aws:RequestTag/kubernetes-namespace': namespace,
        'aws:RequestTag/kubernetes-service-account': serviceAccount,
      },
      ArnEquals: { 'aws:PrincipalArn': roleArn },
    },
  };
}

function roleOf(id: string) {
  return { 'Fn::GetAtt': [expect.stringMatching(new RegExp(`^${id}Role`)), 'Arn'] };
}

/** The cluster's stack and a second stack for the target role. */
function givenTwoStacks(dataEnv: { account?: string; region?: string } | undefined, clusterEnv: { account?: string; region?: string } | undefined = CLUSTER_ENV) {
  const app = new App();
  const clusterStack = new Stack(app, 'ClusterAccount', { env: clusterEnv });
  const dataStack = new Stack(app, 'DataAccount', { env: dataEnv });
  const cluster = eks.CfnCluster.fromClusterName(clusterStack, 'Cluster', 'my-cluster');
  const target = new PodIdentityTargetRole(dataStack, 'Reader', { roleName: 'pod-reader' });
  return { app, clusterStack, dataStack, cluster, target };
}

describe('PodIdentityTargetRole trust for an association with session tags on', () => {
  test('in one stack: one statement, as in the EKS User Guide: the account, both actions, the session tags, and the association\'s role', () => {
    const { stack, cluster } = givenStack();
    const target = new PodIdentityTargetRole(stack, 'Chained', { roleName: 'chained' });

    new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', targetRole: target });

    expect(trustStatements(stack, 'chained')).toEqual([tagged(roleOf('App'), 'default', 'my-sa', MY_CLUSTER_ARN)]);
  });

  test('in the stack of the cluster, the cluster ARN is the cluster\'s own attribute', () => {
    const { stack } = givenStack();
    const cluster = new eks.CfnCluster(stack, 'Eks', {
      roleArn: 'arn:aws:iam::111111111111:role/eks', resourcesVpcConfig: { subnetIds: ['subnet-1'] },
    });
    const target = new PodIdentityTargetRole(stack, 'Chained', { roleName: 'chained' });

    new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', targetRole: target });

    expect(trustStatements(stack, 'chained')).toEqual([tagged(roleOf('App'), 'default', 'my-sa', { 'Fn::GetAtt': ['Eks', 'Arn'] })]);
  });

  test('two associations: each gets its own statement with its own session tags, and there is no statement of sts:TagSession alone', () => {
    const { stack, cluster } = givenStack();
    const target = new PodIdentityTargetRole(stack, 'Chained', { roleName: 'chained' });

    new PodIdentityAssociation(stack, 'A', { cluster, namespace: 'default', serviceAccount: 'a', targetRole: target });
    new PodIdentityAssociation(stack, 'B', { cluster, namespace: 'jobs', serviceAccount: 'b', targetRole: target });

    expect(trustStatements(stack, 'chained')).toEqual([
      tagged(roleOf('A'), 'default', 'a', MY_CLUSTER_ARN),
      tagged(roleOf('B'), 'jobs', 'b', MY_CLUSTER_ARN),
    ]);
  });

  describe.each([
    ['a new role made by the association', (_scope: Stack) => undefined,
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, expect.stringMatching(/^:iam::111111111111:role\/clusteraccount/)]] }],
    ['an existing role (imported)', (scope: Stack) => iam.Role.fromRoleArn(scope, 'Existing', 'arn:aws:iam::111111111111:role/existing'),
      'arn:aws:iam::111111111111:role/existing'],
  ])('across accounts, with %s', (_case, makeRole, roleArn) => {
    let clusterStack: Stack;
    let dataStack: Stack;

    beforeEach(() => {
      const given = givenTwoStacks(DATA_ENV);
      ({ clusterStack, dataStack } = given);
      const association = new PodIdentityAssociation(clusterStack, 'App', {
        cluster: given.cluster, namespace: 'default', serviceAccount: 'my-sa', role: makeRole(clusterStack), targetRole: given.target,
      });
      new s3.Bucket(dataStack, 'Data').grantRead(association);
      given.app.synth();
    });

    test('the data account trusts the cluster account, narrowed to the role and the session tags; the cluster ARN is built from literals', () => {
      expect(trustStatements(dataStack, 'pod-reader')).toEqual([tagged(roleArn, 'default', 'my-sa', MY_CLUSTER_ARN)]);
    });

    test('either stack deploys first: neither depends on the other, the data template refers to nothing of the cluster account, and no ExternalId is needed', () => {
      expect(dataStack.dependencies).toEqual([]);
      expect(clusterStack.dependencies).toEqual([]);
      const json = JSON.stringify(Template.fromStack(dataStack).toJSON());
      expect(json).not.toContain('Fn::ImportValue');
      expect(json).not.toMatch(/"Fn::GetAtt":\["App/);
      expect(Annotations.fromStack(clusterStack).findWarning('*', Match.stringLikeRegexp('ExternalId|target-role'))).toEqual([]);
    });

    test('the association names the target role by a literal ARN, and grants land on the target role', () => {
      Template.fromStack(clusterStack).hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
        TargetRoleArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::222222222222:role/pod-reader']] },
      });
      Template.fromStack(dataStack).hasResourceProperties('AWS::IAM::Policy', { Roles: [{ Ref: Match.stringLikeRegexp('^Reader') }] });
    });
  });

  describe('in two stacks of one account', () => {
    test('with the association\'s own new role: the role ARN is the one cross-stack reference, so the target role\'s stack deploys second', () => {
      const { app, clusterStack, dataStack, cluster, target } = givenTwoStacks(CLUSTER_ENV);

      new PodIdentityAssociation(clusterStack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', targetRole: target });

      expect(trustStatements(dataStack, 'pod-reader')).toEqual([
        tagged({ 'Fn::ImportValue': expect.stringMatching(/^ClusterAccount:ExportsOutputFnGetAttAppRole.*Arn/) }, 'default', 'my-sa', MY_CLUSTER_ARN),
      ]);
      const exports = Object.keys(Template.fromStack(clusterStack).toJSON().Outputs ?? {});
      expect(exports).toEqual([expect.stringMatching(/^ExportsOutputFnGetAttAppRole.*Arn/)]);
      expect(dataStack.dependencies).toEqual([clusterStack]);
      expect(() => app.synth()).not.toThrow();
    });

    test('with an imported role: no reference at all, so either stack deploys first', () => {
      const { clusterStack, dataStack, cluster, target } = givenTwoStacks(CLUSTER_ENV);
      const role = iam.Role.fromRoleArn(clusterStack, 'Existing', 'arn:aws:iam::111111111111:role/existing');

      new PodIdentityAssociation(clusterStack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', role, targetRole: target });

      expect(trustStatements(dataStack, 'pod-reader')).toEqual([tagged('arn:aws:iam::111111111111:role/existing', 'default', 'my-sa', MY_CLUSTER_ARN)]);
      expect(dataStack.dependencies).toEqual([]);
      expect(clusterStack.dependencies).toEqual([]);
    });

    test('a cluster whose name CloudFormation generates is left out, rather than passed between the stacks', () => {
      const { clusterStack, dataStack, target } = givenTwoStacks(CLUSTER_ENV);
      const cluster = new eks.CfnCluster(clusterStack, 'Eks', {
        roleArn: 'arn:aws:iam::111111111111:role/eks', resourcesVpcConfig: { subnetIds: ['subnet-1'] },
      });
      const role = iam.Role.fromRoleArn(clusterStack, 'Existing', 'arn:aws:iam::111111111111:role/existing');

      new PodIdentityAssociation(clusterStack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', role, targetRole: target });

      expect(trustStatements(dataStack, 'pod-reader')).toEqual([tagged('arn:aws:iam::111111111111:role/existing', 'default', 'my-sa')]);
      expect(dataStack.dependencies).toEqual([]);
    });

    test('with environment-agnostic stacks the cluster ARN cannot be built, and is left out', () => {
      const { dataStack, clusterStack, cluster, target } = givenTwoStacks({}, {});
      const role = iam.Role.fromRoleArn(clusterStack, 'Existing', 'arn:aws:iam::111111111111:role/existing');

      new PodIdentityAssociation(clusterStack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', role, targetRole: target });

      expect(trustStatements(dataStack, 'pod-reader')).toEqual([tagged('arn:aws:iam::111111111111:role/existing', 'default', 'my-sa')]);
    });
  });

  // Guards the redesign: EKS sets sts:ExternalId only for an association with session tags off (EKS User Guide,
  // pod-id-assign-target-role @ 06e01eb), so a trust that required it would refuse every tagged chaining.
  test.each([
    ['one stack', () => {
      const { app, stack, cluster } = givenStack();
      return { app, clusterStack: stack, dataStack: stack, cluster, target: new PodIdentityTargetRole(stack, 'Reader', { roleName: 'pod-reader' }) };
    }],
    ['two stacks of one account', () => givenTwoStacks(CLUSTER_ENV)],
    ['two accounts', () => givenTwoStacks(DATA_ENV)],
    ['two regions', () => givenTwoStacks({ account: '111111111111', region: 'us-east-1' })],
    ['environment-agnostic stacks', () => givenTwoStacks({}, {})],
  ])('in %s, no trust statement tests sts:ExternalId and no ExternalId warning is given', (_case, given) => {
    const { app, clusterStack, dataStack, cluster, target } = given();

    new PodIdentityAssociation(clusterStack, 'First', { cluster, namespace: 'default', serviceAccount: 'first', targetRole: target });
    new PodIdentityAssociation(clusterStack, 'Second', { cluster, namespace: 'default', serviceAccount: 'second', targetRole: target, sessionTags: true });
    app.synth();

    const statements = trustStatements(dataStack, 'pod-reader');
    expect(statements.map(s => s.Action)).toEqual([BOTH_ACTIONS, BOTH_ACTIONS]);
    expect(JSON.stringify(statements)).not.toContain('ExternalId');
    expect(Annotations.fromStack(clusterStack).findWarning('*', Match.stringLikeRegexp('ExternalId'))).toEqual([]);
  });

  test('trustAssociation for an association made elsewhere: its session tags as given', () => {
    const { stack } = givenStack(DATA_ENV);
    const target = new PodIdentityTargetRole(stack, 'Reader', { roleName: 'pod-reader' });
    const role = iam.Role.fromRoleArn(stack, 'Source', 'arn:aws:iam::111111111111:role/source');

    target.trustAssociation({
      role,
      namespace: 'reports',
      serviceAccount: 'report-builder',
      clusterArn: 'arn:aws:eks:eu-west-1:111111111111:cluster/shop',
    });

    expect(trustStatements(stack, 'pod-reader')).toEqual([
      tagged('arn:aws:iam::111111111111:role/source', 'reports', 'report-builder', 'arn:aws:eks:eu-west-1:111111111111:cluster/shop'),
    ]);
  });

  test('trustAssociation with the role alone: both actions for that role, with no session tag tested', () => {
    const { stack } = givenStack(DATA_ENV);
    const target = new PodIdentityTargetRole(stack, 'Reader', { roleName: 'pod-reader' });

    target.trustAssociation({ role: iam.Role.fromRoleArn(stack, 'Source', 'arn:aws:iam::111111111111:role/source') });

    expect(trustStatements(stack, 'pod-reader')).toEqual([{
      Effect: 'Allow',
      Principal: ROOT_OF_CLUSTER_ACCOUNT,
      Action: BOTH_ACTIONS,
      Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/source' } },
    }]);
  });

  test('associations with session tags on and off share one target role: each gets the statement of its mode', () => {
    const { stack, cluster } = givenStack();
    const target = new PodIdentityTargetRole(stack, 'Chained', { roleName: 'chained' });

    new PodIdentityAssociation(stack, 'Tagged', { cluster, namespace: 'default', serviceAccount: 'tagged', targetRole: target });
    new PodIdentityAssociation(stack, 'Untagged', { cluster, namespace: 'default', serviceAccount: 'untagged', targetRole: target, sessionTags: false });

    expect(trustStatements(stack, 'chained')).toEqual([
      tagged(roleOf('Tagged'), 'default', 'tagged', MY_CLUSTER_ARN),
      {
        Effect: 'Allow',
        Principal: ROOT_OF_CLUSTER_ACCOUNT,
        Action: 'sts:AssumeRole',
        Condition: {
          ArnEquals: { 'aws:PrincipalArn': roleOf('Untagged') },
          StringEquals: { 'sts:ExternalId': { 'Fn::GetAtt': [expect.stringMatching(/^Untagged/), 'ExternalId'] } },
        },
      },
      { Effect: 'Allow', Principal: ROOT_OF_CLUSTER_ACCOUNT, Action: 'sts:TagSession', Condition: { ArnEquals: { 'aws:PrincipalArn': [roleOf('Untagged')] } } },
    ]);
  });
});

// The trust tests the namespace and service account with StringEquals: a value that is no Kubernetes name
// would write a statement that never matches, so trustAssociation refuses it as an association does.
describe('names given to trustAssociation are Kubernetes names', () => {
  function given() {
    const { stack } = givenStack(DATA_ENV);
    const target = new PodIdentityTargetRole(stack, 'Reader', { roleName: 'pod-reader' });
    const role = iam.Role.fromRoleArn(stack, 'Source', 'arn:aws:iam::111111111111:role/source');
    return { stack, target, role };
  }

  test('a namespace with capitals, an underscore and a line break', () => {
    const { target, role } = given();
    expect(() => target.trustAssociation({ role, namespace: 'Team_A\n', serviceAccount: 'cart' })).toThrow(
      "[cdk-eks-pod-identity:invalid-namespace] Stack/Source: namespace 'Team_A\n' is not a valid Kubernetes namespace (an RFC 1123 label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit). Use the name of the namespace exactly as Kubernetes shows it, e.g. 'default' or 'team-a'",
    );
  });

  test('a service account of a NUL character, on the association given as construct', () => {
    const { stack, target, role } = given();
    const association = new Construct(stack, 'Elsewhere');
    expect(() => target.trustAssociation({ role, namespace: 'shop', serviceAccount: '\u0000', construct: association })).toThrow(
      "[cdk-eks-pod-identity:invalid-service-account] Stack/Elsewhere: service account '\u0000' is not a valid Kubernetes service account name (an RFC 1123 subdomain: at most 253 lowercase letters, digits, '-' and '.', each part starting and ending with a letter or digit). Use the name of the service account exactly as in its manifest, e.g. 'my-service-account'",
    );
  });

  test('values known only at deploy time are not checked', () => {
    const { stack, target, role } = given();
    const namespace = new CfnParameter(stack, 'Namespace').valueAsString;
    const serviceAccount = new CfnParameter(stack, 'ServiceAccount').valueAsString;

    target.trustAssociation({ role, namespace, serviceAccount });

    expect(trustStatements(stack, 'pod-reader')[0].Condition.StringEquals).toEqual({
      'aws:RequestTag/kubernetes-namespace': { Ref: 'Namespace' },
      'aws:RequestTag/kubernetes-service-account': { Ref: 'ServiceAccount' },
    });
  });
});

describe('ExternalIds where session tags are on are errors', () => {
  test('targetRoleExternalId on an association with session tags on', () => {
    const { clusterStack, cluster, target } = givenTwoStacks(DATA_ENV);
    expect(() => new PodIdentityAssociation(clusterStack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', targetRole: target, targetRoleExternalId: 'ext-1' })).toThrow(
      "[cdk-eks-pod-identity:external-id-with-session-tags] ClusterAccount/App: `targetRoleExternalId` is given, but session tags are on, and EKS passes an ExternalId to a target role only for an association with session tags off; the target role's trust for this association tests its session tags instead, so the ExternalId would be used nowhere. Remove `targetRoleExternalId`, or set `sessionTags: false` to have the trust test the ExternalId",
    );
  });

  test('an externalId given to trustAssociation without sessionTags: false', () => {
    const { stack } = givenStack(DATA_ENV);
    const target = new PodIdentityTargetRole(stack, 'Reader');
    const role = iam.Role.fromRoleArn(stack, 'Source', 'arn:aws:iam::111111111111:role/source');
    expect(() => target.trustAssociation({ role, externalId: 'ext-1' })).toThrow(
      '[cdk-eks-pod-identity:external-id-with-session-tags] Stack/Source: an ExternalId is given, but `sessionTags` is not false, and EKS passes an ExternalId to a target role only for an association with session tags off; the trust statement for this association tests the session tags instead, so the ExternalId would be used nowhere. Remove `externalId`, or set `sessionTags: false` if the association disables session tags',
    );
  });

  test('session tag values given to trustAssociation with sessionTags: false', () => {
    const { stack } = givenStack(DATA_ENV);
    const target = new PodIdentityTargetRole(stack, 'Reader');
    const role = iam.Role.fromRoleArn(stack, 'Source', 'arn:aws:iam::111111111111:role/source');
    expect(() => target.trustAssociation({ role, sessionTags: false, namespace: 'reports', serviceAccount: 'report-builder' })).toThrow(
      '[cdk-eks-pod-identity:session-tag-values-without-session-tags] Stack/Source: `namespace`, `serviceAccount` are given with `sessionTags: false`, but EKS sets no session tags for such an association, so a trust that tested them could never match. Leave them out for an association with session tags off, or keep its session tags on',
    );
  });

  test('the deprecated externalId of the target role, with an association that keeps session tags on', () => {
    const app = new App();
    const clusterStack = new Stack(app, 'ClusterAccount', { env: CLUSTER_ENV });
    const cluster = eks.CfnCluster.fromClusterName(clusterStack, 'Cluster', 'my-cluster');
    const target = new PodIdentityTargetRole(new Stack(app, 'Data', { env: DATA_ENV }), 'Reader', { externalId: 'ext-123' });
    expect(() => new PodIdentityAssociation(clusterStack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', targetRole: target })).toThrow(
      "[cdk-eks-pod-identity:target-role-external-id-with-session-tags] Data/Reader: `externalId` is set on this target role, but association 'ClusterAccount/App' chains into it with session tags on, and EKS passes an ExternalId to a target role only for an association with session tags off; the trust statement for it tests the session tags instead. Remove `externalId` from the role, or set `sessionTags: false` on that association",
    );
  });
});

// Issue 19, item 2.4: a cluster the user named keeps its eks-cluster-arn condition in a target role of another
// stack, whichever way the cluster is given; where a scoping condition is left out, a warning says which and why.
describe('the cluster condition of a target role in another stack', () => {
  const SHOP_CLUSTER_ARN = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks:eu-west-1:111111111111:cluster/shop']] };
  const EXISTING_ROLE = 'arn:aws:iam::111111111111:role/existing';

  // An aws-eks (v1) Cluster needs a kubectl layer; any ARN will do at synth.
  function kubectlLayer(scope: Stack): lambda.ILayerVersion {
    return lambda.LayerVersion.fromLayerVersionArn(scope, 'Kubectl', 'arn:aws:lambda:eu-west-1:111111111111:layer:kubectl:1');
  }

  function givenAssociation(makeCluster: (scope: Stack) => eks.IClusterRef, clusterEnv: { account?: string; region?: string } = CLUSTER_ENV) {
    const given = givenTwoStacks(DATA_ENV, clusterEnv);
    const role = iam.Role.fromRoleArn(given.clusterStack, 'Existing', EXISTING_ROLE);
    const association = new PodIdentityAssociation(given.clusterStack, 'App', {
      cluster: makeCluster(given.clusterStack), namespace: 'default', serviceAccount: 'my-sa', role, targetRole: given.target,
    });
    return { ...given, association };
  }

  test.each([
    ['an aws-eks-v2 Cluster with clusterName', (scope: Stack) => new eksv2.Cluster(scope, 'Eks', { version: eksv2.KubernetesVersion.V1_34, clusterName: 'shop' })],
    ['an aws-eks-v2 Cluster imported by name', (scope: Stack) => eksv2.Cluster.fromClusterAttributes(scope, 'Eks', { clusterName: 'shop' })],
    ['a CfnCluster with a name', (scope: Stack) => new eks.CfnCluster(scope, 'Eks', {
      name: 'shop', roleArn: 'arn:aws:iam::111111111111:role/eks', resourcesVpcConfig: { subnetIds: ['subnet-1'] },
    })],
    ['a CfnCluster imported by name', (scope: Stack) => eks.CfnCluster.fromClusterName(scope, 'Eks', 'shop')],
    ['an aws-eks (v1) Cluster with clusterName', (scope: Stack) => new eks.Cluster(scope, 'Eks', {
      version: eks.KubernetesVersion.V1_32, clusterName: 'shop', defaultCapacity: 0, kubectlLayer: kubectlLayer(scope),
    })],
  ])('%s: the trust tests the cluster ARN built from its literal name, with no reference between the stacks and no warning', (_case, makeCluster) => {
    const { app, clusterStack, dataStack } = givenAssociation(makeCluster);
    app.synth();

    expect(trustStatements(dataStack, 'pod-reader')).toEqual([tagged(EXISTING_ROLE, 'default', 'my-sa', SHOP_CLUSTER_ARN)]);
    expect(dataStack.dependencies).toEqual([]);
    expect(Annotations.fromStack(clusterStack).findWarning('*', Match.stringLikeRegexp('target-role-trust'))).toEqual([]);
  });

  test.each([
    ['an aws-eks-v2 Cluster without clusterName', 'ClusterAccount/Eks',
      (scope: Stack) => new eksv2.Cluster(scope, 'Eks', { version: eksv2.KubernetesVersion.V1_34 })],
    ['a CfnCluster without a name', 'ClusterAccount/Eks',
      (scope: Stack) => new eks.CfnCluster(scope, 'Eks', { roleArn: 'arn:aws:iam::111111111111:role/eks', resourcesVpcConfig: { subnetIds: ['subnet-1'] } })],
  ])('%s: the cluster is left out, and a warning on the association says why and how to get it', (_case, clusterPath, makeCluster) => {
    const { app, clusterStack, dataStack } = givenAssociation(makeCluster);
    app.synth();

    expect(trustStatements(dataStack, 'pod-reader')).toEqual([tagged(EXISTING_ROLE, 'default', 'my-sa')]);
    Annotations.fromStack(clusterStack).hasWarning('/ClusterAccount/App', Match.exact(
      `The trust statement of 'DataAccount/Reader' for this association does not test the session tag eks-cluster-arn, because the name of cluster '${clusterPath}' is known only at deploy time (CloudFormation generates it, or it is a value of another resource), so the cluster's ARN cannot be written in the target role's stack, 'DataAccount', without a reference to another stack; it admits role '${EXISTING_ROLE}' from any cluster whose association uses that role. Give the cluster a name (\`clusterName\` of an \`eks.Cluster\`, \`name\` of a \`CfnCluster\`), import it by name (\`CfnCluster.fromClusterName\`), or make the target role in the cluster's stack [ack: cdk-eks-pod-identity:target-role-trust-without-cluster-arn]`,
    ));
  });

  test('an aws-eks (v1) Cluster without clusterName: the cluster is left out, and the warning says its custom resource names it', () => {
    const { app, clusterStack, dataStack } = givenAssociation(scope => new eks.Cluster(scope, 'Eks', {
      version: eks.KubernetesVersion.V1_32, defaultCapacity: 0, kubectlLayer: kubectlLayer(scope),
    }));
    app.synth();

    expect(trustStatements(dataStack, 'pod-reader')).toEqual([tagged(EXISTING_ROLE, 'default', 'my-sa')]);
    Annotations.fromStack(clusterStack).hasWarning('/ClusterAccount/App', Match.exact(
      `The trust statement of 'DataAccount/Reader' for this association does not test the session tag eks-cluster-arn, because the name of cluster 'ClusterAccount/Eks' is known only at deploy time (an aws-eks \`Cluster\` without \`clusterName\` is named by its custom resource, Custom::AWSCDK-EKS-Cluster, when it is created), so the cluster's ARN cannot be written in the target role's stack, 'DataAccount', without a reference to another stack; it admits role '${EXISTING_ROLE}' from any cluster whose association uses that role. Give the cluster a \`clusterName\`, import it by name (\`CfnCluster.fromClusterName\`), or make the target role in the cluster's stack [ack: cdk-eks-pod-identity:target-role-trust-without-cluster-arn]`,
    ));
  });

  test('an environment-agnostic stack of the association: the cluster is left out, and the warning says so', () => {
    const { app, clusterStack, dataStack } = givenAssociation(scope => eks.CfnCluster.fromClusterName(scope, 'Eks', 'shop'), {});
    app.synth();

    expect(trustStatements(dataStack, 'pod-reader')).toEqual([tagged(EXISTING_ROLE, 'default', 'my-sa')]);
    Annotations.fromStack(clusterStack).hasWarning('/ClusterAccount/App', Match.exact(
      `The trust statement of 'DataAccount/Reader' for this association does not test the session tag eks-cluster-arn, because the stack of this association, 'ClusterAccount', has no concrete account and region, so the cluster's ARN cannot be written in the target role's stack, 'DataAccount', without a reference to another stack; it admits role '${EXISTING_ROLE}' from any cluster whose association uses that role. Give the association's stack an \`env\` with \`account\` and \`region\`, or make the target role in the cluster's stack [ack: cdk-eks-pod-identity:target-role-trust-without-cluster-arn]`,
    ));
  });

  test('trustAssociation without the session tag values: one warning for each condition left out', () => {
    const { app, stack } = givenStack(DATA_ENV);
    const target = new PodIdentityTargetRole(stack, 'Reader', { roleName: 'pod-reader' });
    const role = iam.Role.fromRoleArn(stack, 'Source', 'arn:aws:iam::111111111111:role/source');

    target.trustAssociation({ role });
    app.synth();

    const warnings = Annotations.fromStack(stack).findWarning('/Stack/Source', Match.stringLikeRegexp('target-role-trust')).map(w => w.entry.data);
    const admits = "it admits role 'arn:aws:iam::111111111111:role/source'";
    expect(warnings).toEqual([
      `The trust statement of 'Stack/Reader' for this association does not test the session tag eks-cluster-arn, because no \`clusterArn\` was given to \`trustAssociation\`; ${admits} from any cluster whose association uses that role. Pass the association's cluster ARN as \`clusterArn\` to \`trustAssociation\` [ack: cdk-eks-pod-identity:target-role-trust-without-cluster-arn]`,
      `The trust statement of 'Stack/Reader' for this association does not test the session tag kubernetes-namespace, because no \`namespace\` was given to \`trustAssociation\`; ${admits} for any namespace. Pass the association's namespace as \`namespace\` to \`trustAssociation\` [ack: cdk-eks-pod-identity:target-role-trust-without-namespace]`,
      `The trust statement of 'Stack/Reader' for this association does not test the session tag kubernetes-service-account, because no \`serviceAccount\` was given to \`trustAssociation\`; ${admits} for any service account. Pass the association's service account as \`serviceAccount\` to \`trustAssociation\` [ack: cdk-eks-pod-identity:target-role-trust-without-service-account]`,
    ]);
  });
});
