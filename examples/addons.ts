import { Stack, StackProps } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { AddonConflictResolution, PodIdentityAddon, PodIdentityAgent } from '../lib';
import { privateCluster } from './shared';

/**
 * EKS add-ons that get their AWS permissions through pod identity, at synth time: three on the
 * associations EKS recommends, and ADOT with the three associations of the eksctl documentation.
 * The cluster is an `aws-eks-v2` L2 with a managed node group (not Auto Mode, which brings its own
 * networking, storage and Pod Identity Agent).
 */
export class AddonsStack extends Stack {
  public readonly cluster: eks.Cluster;
  public readonly vpcCni: PodIdentityAddon;
  public readonly ebsCsiDriver: PodIdentityAddon;
  public readonly cloudWatch: PodIdentityAddon;
  public readonly adot: PodIdentityAddon;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // A managed node group, not Auto Mode, which brings its own networking, storage and agent.
    this.cluster = privateCluster(this, { defaultCapacityType: eks.DefaultCapacityType.NODEGROUP, defaultCapacity: 2 });

    // The agent that hands pods their credentials: the managed eks-pod-identity-agent add-on.
    const agent = PodIdentityAgent.of(this, this.cluster);

    // Recommended associations: a role for kube-system/aws-node with AmazonEKS_CNI_Policy. OVERWRITE
    // takes over the vpc-cni that EKS installs itself when it creates the cluster.
    this.vpcCni = new PodIdentityAddon(this, 'VpcCni', {
      cluster: this.cluster,
      addonName: 'vpc-cni',
      resolveConflicts: AddonConflictResolution.OVERWRITE,
    });

    // A role for kube-system/ebs-csi-controller-sa with AmazonEBSCSIDriverPolicy.
    this.ebsCsiDriver = new PodIdentityAddon(this, 'EbsCsiDriver', { cluster: this.cluster, addonName: 'aws-ebs-csi-driver' });

    // A role for amazon-cloudwatch/cloudwatch-agent with CloudWatchAgentServerPolicy and AWSXrayWriteOnlyAccess.
    this.cloudWatch = new PodIdentityAddon(this, 'CloudWatchObservability', {
      cluster: this.cluster,
      addonName: 'amazon-cloudwatch-observability',
    });

    // Explicit associations, one role per collector (ADOT also needs cert-manager in the cluster).
    this.adot = new PodIdentityAddon(this, 'Adot', {
      cluster: this.cluster,
      addonName: 'adot',
      podIdentityAssociations: [
        {
          serviceAccount: 'adot-col-prom-metrics',
          managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonPrometheusRemoteWriteAccess')],
        },
        {
          serviceAccount: 'adot-col-otlp-ingest',
          managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AWSXrayWriteOnlyAccess')],
        },
        {
          serviceAccount: 'adot-col-container-logs',
          managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('CloudWatchAgentServerPolicy')],
        },
      ],
    });

    for (const addon of [this.vpcCni, this.ebsCsiDriver, this.cloudWatch, this.adot]) {
      agent.addDependent(addon);
      NagSuppressions.addResourceSuppressions(addon, [{
        id: 'AwsSolutions-IAM4',
        reason: 'EKS recommends these AWS managed policies for the add-on (DescribeAddonConfiguration); AWS keeps them in step with what the add-on calls, and each role is scoped to one service account of this cluster.',
        appliesTo: [
          'Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonEKS_CNI_Policy',
          'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy',
          'Policy::arn:<AWS::Partition>:iam::aws:policy/CloudWatchAgentServerPolicy',
          'Policy::arn:<AWS::Partition>:iam::aws:policy/AWSXrayWriteOnlyAccess',
          'Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonPrometheusRemoteWriteAccess',
        ],
      }], true);
    }
  }
}
