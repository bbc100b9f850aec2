import { Stack, StackProps } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { PodIdentityAgent, PodIdentityAssociation, WellKnownPolicy } from '../lib';
import { guardedKey } from './shared';

/**
 * The controllers of an existing cluster, each with its own association and a role that carries
 * one well-known policy: the AWS Load Balancer Controller, ExternalDNS for one hosted zone, the
 * Cluster Autoscaler and the EBS CSI driver with a customer managed key.
 */
export class WellKnownPoliciesStack extends Stack {
  public readonly loadBalancerController: PodIdentityAssociation;
  public readonly externalDns: PodIdentityAssociation;
  public readonly clusterAutoscaler: PodIdentityAssociation;
  public readonly ebsCsiDriver: PodIdentityAssociation;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const cluster = eks.CfnCluster.fromClusterName(this, 'Cluster', 'my-cluster');
    // The managed agent add-on, so that the controllers' pods get their credentials.
    PodIdentityAgent.of(this, cluster);
    const zone = route53.HostedZone.fromHostedZoneId(this, 'Zone', 'Z0123456789ABCDEFGHIJ');
    // Grants on the key only for AWS services (EBS creates them for the driver), never for a principal's own use.
    const volumeKey = guardedKey(this, 'VolumeKey', { description: 'Encrypts the EBS volumes of my-cluster' });

    const controller = (name: string, namespace: string, serviceAccount: string) =>
      new PodIdentityAssociation(this, name, { cluster, namespace, serviceAccount });

    this.loadBalancerController = controller('LoadBalancerController', 'kube-system', 'aws-load-balancer-controller');
    WellKnownPolicy.awsLoadBalancerController({ clusterName: 'my-cluster' }).attachTo(this.loadBalancerController.role);

    this.externalDns = controller('ExternalDns', 'external-dns', 'external-dns');
    WellKnownPolicy.externalDns({ hostedZones: [zone] }).attachTo(this.externalDns.role);

    this.clusterAutoscaler = controller('ClusterAutoscaler', 'kube-system', 'cluster-autoscaler');
    WellKnownPolicy.clusterAutoscaler({ clusterNames: ['my-cluster'] }).attachTo(this.clusterAutoscaler.role);

    this.ebsCsiDriver = controller('EbsCsiDriver', 'kube-system', 'ebs-csi-controller-sa');
    WellKnownPolicy.ebsCsiDriver({ kmsKeys: [volumeKey] }).attachTo(this.ebsCsiDriver.role);

    this.suppressUpstreamWildcards();
  }

  /**
   * The controllers act on resources they create at run time, whose IDs no template can know, so their
   * upstream policies use `Resource: '*'` or ARN patterns, guarded by the tags the controllers set.
   */
  private suppressUpstreamWildcards(): void {
    const wildcard = (association: PodIdentityAssociation, reason: string, appliesTo: (string | { regex: string })[]) =>
      NagSuppressions.addResourceSuppressions(association.role, [{ id: 'AwsSolutions-IAM5', reason, appliesTo }], true);

    wildcard(this.loadBalancerController,
      'The AWS Load Balancer Controller creates and manages load balancers, target groups, listeners and security groups at run time; '
      + 'its upstream policy (iam_policy.json v2.14) needs Resource * and ARN patterns, and every create, tag and delete is '
      + 'conditioned on the elbv2.k8s.aws/cluster tag, here equal to my-cluster.',
      ['Resource::*', { regex: '/^Resource::arn:<AWS::Partition>:(ec2|elasticloadbalancing):\\*:\\*:.*$/g' }]);
    wildcard(this.externalDns,
      'Route 53 ListHostedZones has no resource-level permission, and ExternalDNS lists zones and records before filtering them '
      + '(upstream docs/tutorials/aws.md); record changes are limited to the one hosted zone.',
      ['Resource::*']);
    wildcard(this.clusterAutoscaler,
      'The Cluster Autoscaler describes all Auto Scaling groups and instance types (no resource-level permission); scaling is '
      + 'conditioned on the k8s.io/cluster-autoscaler/my-cluster: owned tag and DescribeNodegroup on the node groups of my-cluster.',
      ['Resource::*', 'Resource::arn:<AWS::Partition>:eks:<AWS::Region>:<AWS::AccountId>:nodegroup/my-cluster/*/*']);
    wildcard(this.ebsCsiDriver,
      'The EBS CSI driver creates, attaches and deletes volumes and snapshots at run time; its upstream policy '
      + '(example-iam-policy.json) needs Resource * for describes and ARN patterns for volumes, snapshots and instances, '
      + 'with creation and deletion conditioned on the tags the driver sets. KMS is limited to the one volume key.',
      ['Resource::*', { regex: '/^Resource::arn:<AWS::Partition>:ec2:\\*:\\*:(volume|snapshot|instance)\\/.*$/g' }]);
  }
}
