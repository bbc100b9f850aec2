import { AutoScalingGroupOwnershipTag, WellKnownPolicy } from '../../lib';
import { allow, arn, statementsOf } from './helpers';

describe('WellKnownPolicy.clusterAutoscaler', () => {
  test('describes on "*" and scales only the groups each cluster owns', () => {
    // WHEN
    const statements = statementsOf(WellKnownPolicy.clusterAutoscaler({ clusterNames: ['blue', 'green'] }));

    // THEN
    expect(statements).toEqual([
      allow([
        'autoscaling:DescribeAutoScalingGroups',
        'autoscaling:DescribeAutoScalingInstances',
        'autoscaling:DescribeLaunchConfigurations',
        'autoscaling:DescribeScalingActivities',
        'autoscaling:DescribeTags',
        'ec2:DescribeImages',
        'ec2:DescribeInstanceTypes',
        'ec2:DescribeLaunchTemplateVersions',
        'ec2:GetInstanceTypesFromInstanceRequirements',
      ], ['*']),
      allow(['eks:DescribeNodegroup'], [
        arn('eks:${AWS::Region}:${AWS::AccountId}:nodegroup/blue/*/*'),
        arn('eks:${AWS::Region}:${AWS::AccountId}:nodegroup/green/*/*'),
      ]),
      allow(['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'], ['*'],
        { StringEquals: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/blue': 'owned' } }),
      allow(['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'], ['*'],
        { StringEquals: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/green': 'owned' } }),
    ]);
  });

  test('can scope by the kubernetes.io/cluster ownership tag instead', () => {
    const statements = statementsOf(WellKnownPolicy.clusterAutoscaler({
      clusterNames: ['blue'],
      ownershipTag: AutoScalingGroupOwnershipTag.KUBERNETES_CLUSTER,
    }));

    expect(statements[2]).toEqual(allow(
      ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'], ['*'],
      { StringEquals: { 'aws:ResourceTag/kubernetes.io/cluster/blue': 'owned' } }));
  });
});
