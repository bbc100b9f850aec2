import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PodIdentityAssociation, WellKnownPolicy } from '../../lib';
import { givenStack } from '../util';
import { allow, plain, policyStatements } from './helpers';

describe('WellKnownPolicy', () => {
  let stack: Stack;
  let cluster: eks.IClusterRef;

  beforeEach(() => {
    ({ stack, cluster } = givenStack());
  });

  test('attachTo(association) adds the statements to the policy of the association\'s role', () => {
    // GIVEN
    const association = new PodIdentityAssociation(stack, 'Autoscaler', {
      cluster,
      namespace: 'kube-system',
      serviceAccount: 'cluster-autoscaler',
    });

    // WHEN
    const grant = WellKnownPolicy.clusterAutoscaler({ clusterNames: ['my-cluster'] }).attachTo(association);

    // THEN
    expect(grant.success).toBe(true);
    expect(grant.principalStatements).toHaveLength(3);
    const template = Template.fromStack(stack);
    const [policy] = Object.values(template.findResources('AWS::IAM::Policy')) as any[];
    expect(plain(policy.Properties.Roles)).toEqual([`\${${stack.getLogicalId(association.role.node.defaultChild as any)}}`]);
    expect(policyStatements(stack)[2]).toEqual(allow(
      ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'], ['*'],
      { StringEquals: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/my-cluster': 'owned' } }));
  });

  test('attachTo(role) of two policies puts both in the role\'s default policy', () => {
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com') });

    WellKnownPolicy.efsCsiDriver().attachTo(role);
    WellKnownPolicy.cloudWatchObservability().attachTo(role);

    expect(policyStatements(stack)).toHaveLength(6);
  });

  test('attachTo accepts a grantable that is not a construct but grants to one', () => {
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com') });

    const grant = WellKnownPolicy.efsCsiDriver().attachTo({ grantPrincipal: role });

    expect(grant.success).toBe(true);
    expect(policyStatements(stack)).toHaveLength(4);
  });

  test('attachTo returns an unsuccessful grant when the principal has no policy to add to', () => {
    const toNonConstruct = WellKnownPolicy.efsCsiDriver().attachTo(new iam.AccountRootPrincipal());

    expect(toNonConstruct.success).toBe(false);
    expect(() => toNonConstruct.assertSuccess()).toThrow(/could not be added/);
    expect(Template.fromStack(stack).findResources('AWS::IAM::Policy')).toEqual({});
  });

  test('statements(scope) returns new statement objects on every call', () => {
    const policy = WellKnownPolicy.efsCsiDriver();

    const first = policy.statements(stack);
    const second = policy.statements(stack);

    expect(first).toHaveLength(4);
    expect(first[0]).not.toBe(second[0]);
    expect(stack.resolve(first.map(statement => statement.toStatementJson())))
      .toEqual(stack.resolve(second.map(statement => statement.toStatementJson())));
  });

  test('toPolicyDocument(scope) can back a managed policy', () => {
    new iam.ManagedPolicy(stack, 'Policy', { document: WellKnownPolicy.cloudWatchObservability().toPolicyDocument(stack) });

    const [managed] = Object.values(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy')) as any[];
    expect(managed.Properties.PolicyDocument.Statement).toHaveLength(2);
  });

  test('reads the options when rendering, so later additions to a list still land', () => {
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com') });
    const clusterNames: string[] = [];
    const policy = WellKnownPolicy.clusterAutoscaler({ clusterNames });

    clusterNames.push('late');
    policy.attachTo(role);

    expect(policyStatements(stack)[2].Condition).toEqual({
      StringEquals: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/late': 'owned' },
    });
  });

  test('name is the stable id', () => {
    expect(WellKnownPolicy.awsLoadBalancerController().name).toBe('aws-load-balancer-controller');
  });
});
