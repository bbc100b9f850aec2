import { Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { PodIdentityAgent } from '../../../lib';
import { INTEG_REGION, integClusterName } from '../support';

/** The stack `npm run integ:live` deploys before the tests and destroys after them (scripts/integ-live.sh). */
export const CLUSTER_STACK_NAME = 'PodIdentityIntegCluster';

/**
 * The shared test cluster that every integration test but `integ.agent-managed-addon.ts` imports by name
 * (`integClusterName()`, see ../support.ts), built as that test builds its own: an aws-eks-v2 cluster with
 * one t3.medium node in public subnets, no NAT gateway, and the Pod Identity Agent as the managed
 * eks-pod-identity-agent add-on. Without the aws-ebs-csi-driver add-on, which `integ.addon-recommended.ts`
 * installs.
 *
 * In the region of the live run and the account of the credentials (`CDK_DEFAULT_ACCOUNT`, which the CDK CLI
 * sets when it finds credentials): scripts/integ-live.sh reads that account from the synthesized manifest,
 * and stops when there is none.
 */
export class IntegClusterStack extends Stack {
  public readonly cluster: eks.Cluster;
  public readonly nodegroup: eks.Nodegroup;

  constructor(scope: Construct, id = CLUSTER_STACK_NAME) {
    super(scope, id, {
      env: { account: process.env.CDK_DEFAULT_ACCOUNT || undefined, region: INTEG_REGION },
      description: 'The shared cluster of the cdk-eks-pod-identity integration tests (npm run integ:live)',
    });

    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC }],
    });
    this.cluster = new eks.Cluster(this, 'Cluster', {
      clusterName: integClusterName(),
      version: eks.KubernetesVersion.V1_35,
      vpc,
      vpcSubnets: [{ subnetType: ec2.SubnetType.PUBLIC }],
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      defaultCapacity: 0,
    });
    // Not the default node group: for an x86 instance type without GPU, aws-cdk-lib 2.257 gives it Amazon Linux 2 (AL2_x86_64), which EKS
    // offers up to Kubernetes 1.32 only, so that it would fail to create on 1.35 ("AMI Type AL2_x86_64 is only
    // supported for kubernetes versions 1.32 or earlier", aws/aws-cdk#37012).
    this.nodegroup = this.cluster.addNodegroupCapacity('Nodes', {
      instanceTypes: [ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MEDIUM)],
      amiType: eks.NodegroupAmiType.AL2023_X86_64_STANDARD,
      minSize: 1,
      desiredSize: 1,
      maxSize: 1,
    });

    const agent = PodIdentityAgent.of(this, this.cluster);
    // The add-on turns ACTIVE only once its DaemonSet runs on a node.
    agent.addon!.node.addDependency(this.nodegroup);
  }

  /**
   * The first two zones of the region, resolved at deploy time (Fn::GetAZs), as for a stack without an
   * account. With an account, the VPC would look them up instead, and the CDK CLI would save the answer to
   * cdk.context.json in the working tree.
   */
  public get availabilityZones(): string[] {
    return [Fn.select(0, Fn.getAzs()), Fn.select(1, Fn.getAzs())];
  }
}
