import * as fs from 'fs';
import * as path from 'path';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { WellKnownPolicy } from '../../lib';
import { actionsOf, allow, arn, statementsOf } from './helpers';

const SECURITY_GROUPS = arn('ec2:*:*:security-group/*');
const BALANCERS_AND_TARGET_GROUPS = [
  arn('elasticloadbalancing:*:*:targetgroup/*/*'),
  arn('elasticloadbalancing:*:*:loadbalancer/net/*/*'),
  arn('elasticloadbalancing:*:*:loadbalancer/app/*/*'),
];

describe('WellKnownPolicy.awsLoadBalancerController', () => {
  test('has the statements of iam_policy.json v2.13, with the partition as a token', () => {
    // WHEN
    const statements = statementsOf(WellKnownPolicy.awsLoadBalancerController());

    // THEN
    expect(statements).toHaveLength(16);
    expect(statements[0]).toEqual(allow(['iam:CreateServiceLinkedRole'], ['*'],
      { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } }));
    expect(statements).toContainEqual(allow(['ec2:CreateTags'], [SECURITY_GROUPS], {
      StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' },
      Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'false' },
    }));
    expect(statements).toContainEqual(allow(['ec2:CreateTags', 'ec2:DeleteTags'], [SECURITY_GROUPS], {
      Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'true', 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' },
    }));
    expect(statements).toContainEqual(allow(
      ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'], ['*'],
      { Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'false' } }));
    expect(statements).toContainEqual(allow(['elasticloadbalancing:AddTags'], BALANCERS_AND_TARGET_GROUPS, {
      StringEquals: { 'elasticloadbalancing:CreateAction': ['CreateTargetGroup', 'CreateLoadBalancer'] },
      Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'false' },
    }));
    expect(statements).toContainEqual(allow(
      ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
      [arn('elasticloadbalancing:*:*:targetgroup/*/*')]));
    expect(actionsOf(statements)).toEqual(expect.arrayContaining([
      'ec2:GetSecurityGroupsForVpc',
      'elasticloadbalancing:DescribeCapacityReservation',
      'elasticloadbalancing:ModifyCapacityReservation',
      'elasticloadbalancing:ModifyIpPools',
      'elasticloadbalancing:SetRulePriorities',
      'wafv2:AssociateWebACL',
      'shield:CreateProtection',
    ]));
  });

  test('every statement on "*" that changes a resource tests the cluster tag, as upstream', () => {
    const statements = statementsOf(WellKnownPolicy.awsLoadBalancerController());

    const modify = statements.find(statement => actionsOf([statement]).includes('elasticloadbalancing:DeleteLoadBalancer'));
    expect(modify).toEqual(allow([
      'elasticloadbalancing:ModifyLoadBalancerAttributes',
      'elasticloadbalancing:SetIpAddressType',
      'elasticloadbalancing:SetSecurityGroups',
      'elasticloadbalancing:SetSubnets',
      'elasticloadbalancing:DeleteLoadBalancer',
      'elasticloadbalancing:ModifyTargetGroup',
      'elasticloadbalancing:ModifyTargetGroupAttributes',
      'elasticloadbalancing:DeleteTargetGroup',
      'elasticloadbalancing:ModifyListenerAttributes',
      'elasticloadbalancing:ModifyCapacityReservation',
      'elasticloadbalancing:ModifyIpPools',
    ], ['*'], { Null: { 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' } }));
    expect(statements).toContainEqual(allow(
      ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:DeleteSecurityGroup'], ['*'],
      { Null: { 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'false' } }));
  });

  test('with a cluster name, the cluster tag must equal it instead of merely existing', () => {
    const statements = statementsOf(WellKnownPolicy.awsLoadBalancerController({ clusterName: 'my-cluster' }));

    expect(statements).toContainEqual(allow(['ec2:CreateTags'], [SECURITY_GROUPS], {
      StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup', 'aws:RequestTag/elbv2.k8s.aws/cluster': 'my-cluster' },
    }));
    expect(statements).toContainEqual(allow(['ec2:CreateTags', 'ec2:DeleteTags'], [SECURITY_GROUPS], {
      Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'true' },
      StringEquals: { 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'my-cluster' },
    }));
    expect(statements).toContainEqual(allow(['elasticloadbalancing:AddTags'], BALANCERS_AND_TARGET_GROUPS, {
      StringEquals: {
        'elasticloadbalancing:CreateAction': ['CreateTargetGroup', 'CreateLoadBalancer'],
        'aws:RequestTag/elbv2.k8s.aws/cluster': 'my-cluster',
      },
    }));
    const conditions = JSON.stringify(statements.map(statement => statement.Condition ?? {}));
    expect(conditions).not.toContain('"aws:ResourceTag/elbv2.k8s.aws/cluster":"false"');
    expect(conditions).not.toContain('"aws:RequestTag/elbv2.k8s.aws/cluster":"false"');
  });

  test('with a cluster name, the statements upstream leaves unconditioned stay so (what `clusterName` does not isolate)', () => {
    const statements = statementsOf(WellKnownPolicy.awsLoadBalancerController({ clusterName: 'my-cluster' }));

    // The doc comment of `clusterName` lists exactly these: they act on any cluster's resources.
    const unconditionedChanges = statements
      .filter(statement => statement.Condition === undefined)
      .flatMap(statement => actionsOf([statement]))
      .filter(action => !/^[a-z0-9-]+:(Describe|Get|List)/.test(action));
    expect(unconditionedChanges).toEqual([
      'waf-regional:AssociateWebACL',
      'waf-regional:DisassociateWebACL',
      'wafv2:AssociateWebACL',
      'wafv2:DisassociateWebACL',
      'shield:CreateProtection',
      'shield:DeleteProtection',
      'ec2:AuthorizeSecurityGroupIngress',
      'ec2:RevokeSecurityGroupIngress',
      'ec2:CreateSecurityGroup',
      'elasticloadbalancing:CreateListener',
      'elasticloadbalancing:DeleteListener',
      'elasticloadbalancing:CreateRule',
      'elasticloadbalancing:DeleteRule',
      'elasticloadbalancing:AddTags',
      'elasticloadbalancing:RemoveTags',
      'elasticloadbalancing:RegisterTargets',
      'elasticloadbalancing:DeregisterTargets',
      'elasticloadbalancing:SetWebAcl',
      'elasticloadbalancing:ModifyListener',
      'elasticloadbalancing:AddListenerCertificates',
      'elasticloadbalancing:RemoveListenerCertificates',
      'elasticloadbalancing:ModifyRule',
      'elasticloadbalancing:SetRulePriorities',
    ]);
  });

  test('the doc comment of `clusterName` claims no isolation that these statements do not give', () => {
    const source = fs.readFileSync(path.join(__dirname, '..', '..', 'lib', 'policies', 'aws-load-balancer-controller.ts'), 'utf-8');
    const doc = source.slice(source.indexOf('export interface AwsLoadBalancerControllerPolicyOptions'), source.indexOf('readonly clusterName'));

    expect(doc).not.toMatch(/cannot change the load balancers of another/);
    expect(doc).toContain('It does not isolate clusters');
    expect(doc).toContain('create, modify and delete listeners and rules, register targets in any target group');
  });
});

describe('WellKnownPolicy.awsLoadBalancerControllerTargetGroupBinding', () => {
  test('has upstream\'s TargetGroupBinding-only subset: reads on "*", changes only the given target groups, no security group rules', () => {
    const statements = statementsOf(stack => WellKnownPolicy.awsLoadBalancerControllerTargetGroupBinding({
      targetGroupArns: [`arn:${stack.partition}:elasticloadbalancing:eu-west-1:111111111111:targetgroup/web/0123456789abcdef`],
    }));

    expect(statements).toEqual([
      allow([
        'ec2:DescribeVpcs',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeInstances',
        'elasticloadbalancing:DescribeTargetGroups',
        'elasticloadbalancing:DescribeTargetHealth',
      ], ['*']),
      allow([
        'elasticloadbalancing:ModifyTargetGroup',
        'elasticloadbalancing:ModifyTargetGroupAttributes',
        'elasticloadbalancing:RegisterTargets',
        'elasticloadbalancing:DeregisterTargets',
      ], [arn('elasticloadbalancing:eu-west-1:111111111111:targetgroup/web/0123456789abcdef')]),
    ]);
  });

  test('with securityGroupRulesVpc, may also change ingress rules of the security groups of that VPC only', () => {
    const statements = statementsOf(stack => WellKnownPolicy.awsLoadBalancerControllerTargetGroupBinding({
      targetGroupArns: [`arn:${stack.partition}:elasticloadbalancing:eu-west-1:111111111111:targetgroup/web/0123456789abcdef`],
      securityGroupRulesVpc: ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['eu-west-1a'] }),
    }));

    expect(statements).toHaveLength(3);
    expect(statements[2]).toEqual(allow(['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'], ['*'],
      { ArnEquals: { 'ec2:Vpc': arn('ec2:eu-west-1:111111111111:vpc/vpc-0123456789abcdef0') } }));
  });

  test('takes target groups as constructs', () => {
    const statements = statementsOf(stack => WellKnownPolicy.awsLoadBalancerControllerTargetGroupBinding({
      targetGroups: [elbv2.ApplicationTargetGroup.fromTargetGroupAttributes(stack, 'TargetGroup', {
        targetGroupArn: `arn:${stack.partition}:elasticloadbalancing:eu-west-1:111111111111:targetgroup/api/0123456789abcdef`,
      })],
    }));

    expect(statements[1].Resource).toEqual(arn('elasticloadbalancing:eu-west-1:111111111111:targetgroup/api/0123456789abcdef'));
  });
});
