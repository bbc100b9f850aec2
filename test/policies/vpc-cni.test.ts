import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { VpcCniIpFamily, WellKnownPolicy } from '../../lib';
import { allow, arn, statementsOf } from './helpers';

const NETWORK_INTERFACES = arn('ec2:*:*:network-interface/*');

describe('WellKnownPolicy.vpcCni', () => {
  test('IPv4 by default: the statements of AmazonEKS_CNI_Policy', () => {
    // WHEN
    const statements = statementsOf(WellKnownPolicy.vpcCni());

    // THEN
    expect(statements).toEqual([
      allow([
        'ec2:AssignPrivateIpAddresses',
        'ec2:AttachNetworkInterface',
        'ec2:CreateNetworkInterface',
        'ec2:DeleteNetworkInterface',
        'ec2:DescribeInstances',
        'ec2:DescribeTags',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeInstanceTypes',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSubnets',
        'ec2:DetachNetworkInterface',
        'ec2:ModifyNetworkInterfaceAttribute',
        'ec2:UnassignPrivateIpAddresses',
      ], ['*']),
      allow(['ec2:CreateTags'], [NETWORK_INTERFACES]),
    ]);
  });

  test('IPv6: assigns IPv6 addresses and creates no network interface', () => {
    const statements = statementsOf(WellKnownPolicy.vpcCni({ ipFamily: VpcCniIpFamily.IPV6 }));

    expect(statements).toEqual([
      allow([
        'ec2:AssignIpv6Addresses',
        'ec2:DescribeInstances',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSubnets',
        'ec2:DescribeTags',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeInstanceTypes',
        'ec2:ModifyNetworkInterfaceAttribute',
      ], ['*']),
      allow(['ec2:CreateTags'], [NETWORK_INTERFACES]),
    ]);
  });

  test('scoped to a cluster and its VPC: network interfaces and instances by tag', () => {
    const statements = statementsOf(stack => WellKnownPolicy.vpcCni({
      clusterName: 'my-cluster',
      vpc: ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['eu-west-1a'] }),
    }));

    expect(statements).toEqual([
      allow([
        'ec2:DescribeInstances',
        'ec2:DescribeTags',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSubnets',
        'ec2:DescribeInstanceTypes',
      ], ['*']),
      allow(['ec2:CreateTags'], [NETWORK_INTERFACES]),
      allow(['ec2:CreateNetworkInterface'], [NETWORK_INTERFACES],
        { StringEquals: { 'aws:RequestTag/cluster.k8s.amazonaws.com/name': 'my-cluster' } }),
      allow(['ec2:CreateNetworkInterface'], [arn('ec2:*:*:subnet/*'), arn('ec2:*:*:security-group/*')],
        { ArnEquals: { 'ec2:Vpc': arn('ec2:eu-west-1:111111111111:vpc/vpc-0123456789abcdef0') } }),
      allow([
        'ec2:DeleteNetworkInterface',
        'ec2:UnassignPrivateIpAddresses',
        'ec2:AssignPrivateIpAddresses',
        'ec2:AttachNetworkInterface',
        'ec2:DetachNetworkInterface',
        'ec2:ModifyNetworkInterfaceAttribute',
      ], [NETWORK_INTERFACES], { StringEquals: { 'aws:ResourceTag/cluster.k8s.amazonaws.com/name': 'my-cluster' } }),
      allow(['ec2:AttachNetworkInterface', 'ec2:DetachNetworkInterface', 'ec2:ModifyNetworkInterfaceAttribute'],
        [arn('ec2:*:*:instance/*')], { StringEquals: { 'aws:ResourceTag/kubernetes.io/cluster/my-cluster': 'owned' } }),
      allow(['ec2:ModifyNetworkInterfaceAttribute'], [arn('ec2:*:*:security-group/*')]),
    ]);
  });
});
