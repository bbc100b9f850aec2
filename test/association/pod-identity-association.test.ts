import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { PodIdentityAgent, PodIdentityAssociation, PodIdentityRole } from '../../lib';
import { ENV, givenStack } from '../util';

describe('PodIdentityAssociation', () => {
  let app: App;
  let stack: Stack;
  let cluster: eks.IClusterRef;

  beforeEach(() => {
    ({ app, stack, cluster } = givenStack());
  });

  test('maps cluster, namespace and service account to a new role scoped to exactly them', () => {
    // WHEN
    const association = new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa' });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EKS::PodIdentityAssociation', 1);
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      ClusterName: 'my-cluster',
      Namespace: 'default',
      ServiceAccount: 'my-sa',
      RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AppRole'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Condition: {
            StringEquals: {
              'aws:SourceAccount': ENV.account,
              'aws:RequestTag/eks-cluster-arn': [{
                'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks:eu-west-1:111111111111:cluster/my-cluster']],
              }],
              'aws:RequestTag/kubernetes-namespace': ['default'],
              'aws:RequestTag/kubernetes-service-account': ['my-sa'],
            },
          },
        }],
      },
    });
    expect(PodIdentityRole.isPodIdentityRole(association.role)).toBe(true);
    expect(association.grantPrincipal).toBe(association.role);
  });

  test('exposes the association attributes', () => {
    const association = new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa' });

    expect(stack.resolve(association.associationArn)).toEqual({ 'Fn::GetAtt': ['AppF1B96344', 'AssociationArn'] });
    expect(stack.resolve(association.associationId)).toEqual({ 'Fn::GetAtt': ['AppF1B96344', 'AssociationId'] });
    expect(stack.resolve(association.externalId)).toEqual({ 'Fn::GetAtt': ['AppF1B96344', 'ExternalId'] });
    expect(association.namespace).toBe('default');
    expect(association.serviceAccount).toBe('my-sa');
    expect(association.cluster).toBe(cluster);
  });

  test('bucket.grantRead(association) lands on the role policy', () => {
    const association = new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa' });
    const bucket = new s3.Bucket(stack, 'Bucket');

    bucket.grantRead(association);

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^AppRole') }],
      PolicyDocument: {
        Statement: [Match.objectLike({
          Action: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'],
          Resource: [
            { 'Fn::GetAtt': [Match.stringLikeRegexp('^Bucket'), 'Arn'] },
            { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Bucket'), 'Arn'] }, '/*']] },
          ],
        })],
      },
    });
  });

  test('waits for the role\'s policy, granted after construction, and names the role only through its ARN', () => {
    const association = new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa' });
    new s3.Bucket(stack, 'Bucket').grantRead(association);

    const template = Template.fromStack(stack);
    const [policyId] = Object.keys(template.findResources('AWS::IAM::Policy'));
    const [roleId] = Object.keys(template.findResources('AWS::IAM::Role'));
    const [resource] = Object.values(template.findResources('AWS::EKS::PodIdentityAssociation'));
    // The GetAtt of the role's ARN already orders the role first: a DependsOn on it is redundant (cfn-lint W3005).
    expect(resource.DependsOn).toEqual([policyId]);
    expect(resource.Properties.RoleArn).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
  });

  test('uses a role it is given and creates none', () => {
    const role = new PodIdentityRole(stack, 'Shared');
    const association = new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', role });

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Shared'), 'Arn'] } });
    expect(association.role).toBe(role);
  });

  test('accepts an imported role from the cluster account', () => {
    const role = iam.Role.fromRoleArn(stack, 'Existing', 'arn:aws:iam::111111111111:role/existing');
    new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', role });

    Template.fromStack(stack).hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      RoleArn: 'arn:aws:iam::111111111111:role/existing',
    });
  });

  test('renders tags', () => {
    new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', tags: { team: 'a', env: 'prod' } });

    Template.fromStack(stack).hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'a' }],
    });
  });

  test('works with an eks.CfnCluster', () => {
    const cfnCluster = new eks.CfnCluster(stack, 'Cfn', {
      name: 'made-here',
      roleArn: 'arn:aws:iam::111111111111:role/eks',
      resourcesVpcConfig: { subnetIds: ['subnet-1', 'subnet-2'] },
    });
    new PodIdentityAssociation(stack, 'App', { cluster: cfnCluster, namespace: 'default', serviceAccount: 'my-sa' });

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { ClusterName: { Ref: 'Cfn' } });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Condition: { StringEquals: Match.objectLike({ 'aws:RequestTag/eks-cluster-arn': [{ 'Fn::GetAtt': ['Cfn', 'Arn'] }] }) },
        })],
      },
    });
  });

  test('accepts unresolved names without validating them', () => {
    const clusterName = new CfnParameter(stack, 'ClusterName').valueAsString;
    const namespace = new CfnParameter(stack, 'Namespace').valueAsString;
    const serviceAccount = new CfnParameter(stack, 'ServiceAccount').valueAsString;
    const imported = eks.CfnCluster.fromClusterName(stack, 'FromParameter', clusterName);

    new PodIdentityAssociation(stack, 'App', { cluster: imported, namespace, serviceAccount });

    Template.fromStack(stack).hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      ClusterName: { Ref: 'ClusterName' },
      Namespace: { Ref: 'Namespace' },
      ServiceAccount: { Ref: 'ServiceAccount' },
    });
  });

  test('never writes the IRSA annotation and needs no Lambda or kubectl', () => {
    new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa' });

    const json = JSON.stringify(app.synth().getStackByName(stack.stackName).template);
    expect(json).not.toContain('eks.amazonaws.com/role-arn');
    expect(json).not.toContain('AWS::Lambda::Function');
    expect(json).not.toContain('Custom::AWSCDK-EKS-KubernetesResource');
  });

  test('allows the same service account on two clusters and in two namespaces', () => {
    const other = eks.CfnCluster.fromClusterName(stack, 'Other', 'other-cluster');
    new PodIdentityAssociation(stack, 'A', { cluster, namespace: 'default', serviceAccount: 'my-sa' });
    new PodIdentityAssociation(stack, 'B', { cluster: other, namespace: 'default', serviceAccount: 'my-sa' });
    new PodIdentityAssociation(stack, 'C', { cluster, namespace: 'other', serviceAccount: 'my-sa' });

    Template.fromStack(stack).resourceCountIs('AWS::EKS::PodIdentityAssociation', 3);
  });

  test('snapshot', () => {
    new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', tags: { team: 'a' } });
    expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
  });
});

describe('PodIdentityAssociation imports', () => {
  const arn = 'arn:aws:eks:eu-west-1:111111111111:podidentityassociation/my-cluster/a-abcdefghijklmnop1';

  test('fromAssociationArn takes the ID from the ARN and the environment from the ARN', () => {
    const { stack } = givenStack();
    const imported = PodIdentityAssociation.fromAssociationArn(stack, 'Imported', arn);

    expect(imported.associationArn).toBe(arn);
    expect(imported.associationId).toBe('a-abcdefghijklmnop1');
    expect(imported.env.account).toBe('111111111111');
    expect(imported.env.region).toBe('eu-west-1');
  });

  test('fromAssociationAttributes keeps a given ID', () => {
    const { stack } = givenStack();
    const imported = PodIdentityAssociation.fromAssociationAttributes(stack, 'Imported', { associationArn: arn, associationId: 'a-given' });

    expect(imported.associationId).toBe('a-given');
  });

  test('fromAssociationArn with a token ARN selects the ID at deploy time', () => {
    const { stack } = givenStack();
    const tokenArn = new CfnParameter(stack, 'Arn').valueAsString;
    const imported = PodIdentityAssociation.fromAssociationArn(stack, 'Imported', tokenArn);

    expect(stack.resolve(imported.associationId)).toEqual({ 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'Arn' }] }] });
  });
});

describe('PodIdentityAssociation waitForAgent', () => {
  test('declares the managed agent add-on for the cluster and waits for it', () => {
    const { stack, cluster } = givenStack();

    new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', waitForAgent: true });

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EKS::Addon', 1);
    const addonId = Object.keys(template.findResources('AWS::EKS::Addon', { Properties: { AddonName: 'eks-pod-identity-agent' } }))[0];
    template.hasResource('AWS::EKS::PodIdentityAssociation', { DependsOn: Match.arrayWith([addonId]) });
  });

  test('reuses the agent already declared for the cluster', () => {
    const { stack, cluster } = givenStack();
    const agent = new PodIdentityAgent(stack, 'Agent', { cluster });

    new PodIdentityAssociation(stack, 'A', { cluster, namespace: 'default', serviceAccount: 'a', waitForAgent: true });
    new PodIdentityAssociation(stack, 'B', { cluster, namespace: 'default', serviceAccount: 'b', waitForAgent: true });

    Template.fromStack(stack).resourceCountIs('AWS::EKS::Addon', 1);
    expect(PodIdentityAgent.of(stack, cluster)).toBe(agent);
  });

  test('does not touch the agent by default', () => {
    const { stack, cluster } = givenStack();
    new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa' });
    Template.fromStack(stack).resourceCountIs('AWS::EKS::Addon', 0);
  });
});
