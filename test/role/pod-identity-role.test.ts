import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { PodIdentityRole, SessionTag, WellKnownPolicy } from '../../lib';
import { ENV, givenStack } from '../util';

describe('PodIdentityRole', () => {
  let stack: Stack;
  let cluster: eks.IClusterRef;

  beforeEach(() => {
    ({ stack, cluster } = givenStack());
  });

  test('trusts pods.eks.amazonaws.com with AssumeRole and TagSession in one statement, from this account', () => {
    new PodIdentityRole(stack, 'Role');

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Condition: { StringEquals: { 'aws:SourceAccount': ENV.account } },
        }],
      },
    });
  });

  test('uses the AWS::AccountId pseudo parameter in an environment-agnostic stack', () => {
    const agnostic = givenStack('agnostic').stack;
    new PodIdentityRole(agnostic, 'Role');

    Template.fromStack(agnostic).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        })],
      },
    });
  });

  test('scopes to clusters, namespaces and service accounts through request tags', () => {
    const role = new PodIdentityRole(stack, 'Role', {
      clusters: [cluster],
      namespaces: ['team-a', 'team-b'],
      serviceAccounts: ['api'],
    });

    expect(role.scopedBySessionTags).toBe(true);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Condition: {
            StringEquals: {
              'aws:SourceAccount': ENV.account,
              'aws:RequestTag/eks-cluster-arn': [{
                'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks:eu-west-1:111111111111:cluster/my-cluster']],
              }],
              'aws:RequestTag/kubernetes-namespace': ['team-a', 'team-b'],
              'aws:RequestTag/kubernetes-service-account': ['api'],
            },
          },
        })],
      },
    });
  });

  test('uses StringLike for a dimension whose values hold a wildcard', () => {
    new PodIdentityRole(stack, 'Role', { namespaces: ['team-*'], serviceAccounts: ['api'] });

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Condition: {
            StringEquals: { 'aws:SourceAccount': ENV.account, 'aws:RequestTag/kubernetes-service-account': ['api'] },
            StringLike: { 'aws:RequestTag/kubernetes-namespace': ['team-*'] },
          },
        })],
      },
    });
  });

  test('is not scoped by session tags when no scope is given', () => {
    const role = new PodIdentityRole(stack, 'Role', { namespaces: [] });
    expect(role.scopedBySessionTags).toBe(false);
    expect([role.trustedClusters, role.trustedNamespaces, role.trustedServiceAccounts]).toEqual([undefined, undefined, undefined]);
  });

  test('exposes the scope its trust admits', () => {
    const role = new PodIdentityRole(stack, 'Role', { clusters: [cluster], namespaces: ['team-*'], serviceAccounts: ['api'] });
    expect(role.trustedClusters).toEqual([cluster]);
    expect(role.trustedNamespaces).toEqual(['team-*']);
    expect(role.trustedServiceAccounts).toEqual(['api']);
  });

  test('passes the usual role properties through', () => {
    const boundary = iam.ManagedPolicy.fromManagedPolicyName(stack, 'Boundary', 'boundary');
    new PodIdentityRole(stack, 'Role', {
      roleName: 'my-pods',
      description: 'pods of my app',
      path: '/pods/',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')],
      inlinePolicies: {
        logs: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({ actions: ['logs:PutLogEvents'], resources: ['arn:aws:logs:eu-west-1:111111111111:log-group:app:*'] })],
        }),
      },
      permissionsBoundary: boundary,
      maxSessionDuration: Duration.hours(4),
    });

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'my-pods',
      Description: 'pods of my app',
      Path: '/pods/',
      MaxSessionDuration: 14400,
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/ReadOnlyAccess']] }],
      Policies: [Match.objectLike({ PolicyName: 'logs' })],
      PermissionsBoundary: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:policy/boundary']] },
    });
  });

  test('takes grants and principal policies like any role', () => {
    const role = new PodIdentityRole(stack, 'Role');
    const bucket = new s3.Bucket(stack, 'Bucket');
    bucket.grantRead(role);
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:eu-west-1:111111111111:q'] }));

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['s3:GetObject*']) }),
          Match.objectLike({ Action: 'sqs:SendMessage' }),
        ]),
      },
    });
  });

  test('attaches well-known policies to its default policy', () => {
    new PodIdentityRole(stack, 'Role', {
      wellKnownPolicies: [WellKnownPolicy.efsCsiDriver(), WellKnownPolicy.clusterAutoscaler({ clusterNames: ['my-cluster'] })],
    });

    const policy = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::Policy'))[0];
    const actions = policy.Properties.PolicyDocument.Statement.flatMap((s: any) => [].concat(s.Action));
    expect(actions).toEqual(expect.arrayContaining(['elasticfilesystem:CreateAccessPoint', 'autoscaling:SetDesiredCapacity']));
  });

  test('imports an existing role with fromRoleArn', () => {
    const role = PodIdentityRole.fromRoleArn(stack, 'Existing', 'arn:aws:iam::111111111111:role/existing');
    expect(role.roleName).toBe('existing');
    expect(PodIdentityRole.isPodIdentityRole(role)).toBe(false);
  });

  test('is recognized by isPodIdentityRole', () => {
    expect(PodIdentityRole.isPodIdentityRole(new PodIdentityRole(stack, 'Role'))).toBe(true);
    expect(PodIdentityRole.isPodIdentityRole(new iam.Role(stack, 'Plain', { assumedBy: new iam.AccountRootPrincipal() }))).toBe(false);
    expect(PodIdentityRole.isPodIdentityRole(undefined)).toBe(false);
  });

  test('snapshot of a scoped role', () => {
    new PodIdentityRole(stack, 'Role', { clusters: [cluster], namespaces: ['default'], serviceAccounts: ['app'] });
    expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
  });
});

describe('SessionTag', () => {
  test('names the session tags EKS sets', () => {
    expect([SessionTag.CLUSTER_ARN, SessionTag.CLUSTER_NAME, SessionTag.NAMESPACE, SessionTag.SERVICE_ACCOUNT, SessionTag.POD_NAME, SessionTag.POD_UID])
      .toEqual(['eks-cluster-arn', 'eks-cluster-name', 'kubernetes-namespace', 'kubernetes-service-account', 'kubernetes-pod-name', 'kubernetes-pod-uid']);
  });

  test('trustConditions is empty without a scope', () => {
    expect(SessionTag.trustConditions({})).toEqual({});
  });
});
