import { Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as eksv2 from 'aws-cdk-lib/aws-eks-v2';
import { PodIdentityAddon } from '../../lib/addon';
import { givenStack } from '../util';
import { awsManagedPolicy } from './addon-util';

describe('PodIdentityAddon on IPv6 clusters', () => {
  let stack: Stack;
  let cluster: eks.IClusterRef;

  beforeEach(() => {
    ({ stack, cluster } = givenStack());
  });

  // aws/amazon-vpc-cni-k8s docs/iam-policy.md, "IPv6 mode": without ec2:DescribeSubnets and
  // ec2:DescribeSecurityGroups (subnet discovery, on by default) aws-node never becomes ready.
  const IPV6_POLICY = {
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'ec2:AssignIpv6Addresses',
          'ec2:DescribeInstances',
          'ec2:DescribeSecurityGroups',
          'ec2:DescribeSubnets',
          'ec2:DescribeTags',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeInstanceTypes',
          'ec2:ModifyNetworkInterfaceAttribute',
        ],
        Resource: '*',
      },
      {
        Effect: 'Allow',
        Action: 'ec2:CreateTags',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:*:*:network-interface/*']] },
      },
    ],
  };

  test('gives vpc-cni the IPv6 policy instead of AmazonEKS_CNI_Policy when ipFamily is IPv6', () => {
    new PodIdentityAddon(stack, 'VpcCni', { cluster, addonName: 'vpc-cni', ipFamily: eks.IpFamily.IP_V6 });

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: Match.absent(),
      Policies: [{ PolicyName: 'AddonPermissions', PolicyDocument: { Version: '2012-10-17', ...IPV6_POLICY } }],
    });
  });

  test('reads IPv6 from an aws-eks-v2 Cluster', () => {
    const v2 = eksv2.Cluster.fromClusterAttributes(stack, 'V2', { clusterName: 'my-cluster', ipFamily: eksv2.IpFamily.IP_V6 });
    new PodIdentityAddon(stack, 'VpcCni', { cluster: v2, addonName: 'vpc-cni' });

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', { Policies: [Match.objectLike({ PolicyName: 'AddonPermissions' })] });
  });

  test('reads IPv6 from a CfnCluster', () => {
    const cfn = new eks.CfnCluster(stack, 'Cfn', {
      roleArn: 'arn:aws:iam::111111111111:role/cluster',
      resourcesVpcConfig: { subnetIds: ['subnet-1', 'subnet-2'] },
      kubernetesNetworkConfig: { ipFamily: 'ipv6' },
    });
    new PodIdentityAddon(stack, 'VpcCni', { cluster: cfn, addonName: 'vpc-cni' });

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', { Policies: [Match.objectLike({ PolicyName: 'AddonPermissions' })] });
  });

  test.each([
    ['an IPv4 aws-eks-v2 Cluster', (s: Stack) => eksv2.Cluster.fromClusterAttributes(s, 'C', { clusterName: 'c', ipFamily: eksv2.IpFamily.IP_V4 })],
    ['a CfnCluster without network config', (s: Stack) => new eks.CfnCluster(s, 'C', { roleArn: 'arn:aws:iam::111111111111:role/r', resourcesVpcConfig: { subnetIds: ['s'] } })],
    ['a CfnCluster with IPv4', (s: Stack) => new eks.CfnCluster(s, 'C', { roleArn: 'arn:aws:iam::111111111111:role/r', resourcesVpcConfig: { subnetIds: ['s'] }, kubernetesNetworkConfig: { ipFamily: 'ipv4' } })],
    ['a CfnCluster whose IP family is a token', (s: Stack) => new eks.CfnCluster(s, 'C', { roleArn: 'arn:aws:iam::111111111111:role/r', resourcesVpcConfig: { subnetIds: ['s'] }, kubernetesNetworkConfig: { ipFamily: Token.asString({ Ref: 'Family' }) } })],
    ['a cluster imported by name', (s: Stack) => eks.CfnCluster.fromClusterName(s, 'C', 'c')],
  ])('keeps AmazonEKS_CNI_Policy for %s', (_name, makeCluster) => {
    new PodIdentityAddon(stack, 'VpcCni', { cluster: makeCluster(stack), addonName: 'vpc-cni' });

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [awsManagedPolicy('AmazonEKS_CNI_Policy')],
      Policies: Match.absent(),
    });
  });

  test('keeps the recommended managed policies of add-ons without an IPv6 policy', () => {
    new PodIdentityAddon(stack, 'Ebs', { cluster, addonName: 'aws-ebs-csi-driver', ipFamily: eks.IpFamily.IP_V6 });

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [awsManagedPolicy('service-role/AmazonEBSCSIDriverPolicy')],
    });
  });
});
