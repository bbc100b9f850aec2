import { Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { PodIdentityAgent, PodIdentityAssociation } from '../../lib';
import { integApp } from './support';

// The one integration test that creates a cluster (the others import one, see ./support.ts): an aws-eks-v2
// cluster with one t3.medium node in public subnets (no NAT gateway), the Pod Identity Agent as the
// managed eks-pod-identity-agent add-on (`PodIdentityAgent.of`), and an association that waits for it.
// The most expensive test: about 20 minutes to create and 15 to delete; the EKS control plane, the node
// and the assertions cost well under one US dollar per run.
const app = integApp();
const stack = new Stack(app, 'PodIdentityIntegAgentManagedAddon');

const vpc = new ec2.Vpc(stack, 'Vpc', {
  maxAzs: 2,
  natGateways: 0,
  subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC }],
});
const cluster = new eks.Cluster(stack, 'Cluster', {
  version: eks.KubernetesVersion.V1_35,
  vpc,
  vpcSubnets: [{ subnetType: ec2.SubnetType.PUBLIC }],
  defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
  defaultCapacity: 0,
});
// Not the default node group: for an x86 type without GPU, aws-cdk-lib 2.257 gives it Amazon Linux 2 (AL2_x86_64), which EKS offers
// up to Kubernetes 1.32 only, so that it would fail to create on 1.35 (as in ./cluster/cluster-stack.ts).
const nodegroup = cluster.addNodegroupCapacity('Nodes', {
  instanceTypes: [ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MEDIUM)],
  amiType: eks.NodegroupAmiType.AL2023_X86_64_STANDARD,
  minSize: 1,
  desiredSize: 1,
  maxSize: 1,
});

const agent = PodIdentityAgent.of(stack, cluster);
// The add-on turns ACTIVE only once its DaemonSet runs on a node.
agent.addon!.node.addDependency(nodegroup);
const association = new PodIdentityAssociation(stack, 'Worker', {
  cluster,
  namespace: 'integ-agent',
  serviceAccount: 'worker',
  waitForAgent: true,
});

const integ = new IntegTest(app, 'AgentManagedAddon', { testCases: [stack] });

// The add-on is installed and healthy on the node.
integ.assertions.awsApiCall('EKS', 'describeAddon', {
  clusterName: cluster.clusterName,
  addonName: agent.addon!.addonName,
}).expect(ExpectedResult.objectLike({
  addon: { addonName: 'eks-pod-identity-agent', status: 'ACTIVE' },
})).waitForAssertions({ totalTimeout: Duration.minutes(15), interval: Duration.seconds(30) });

// The association exists, with the default role.
integ.assertions.awsApiCall('EKS', 'describePodIdentityAssociation', {
  clusterName: cluster.clusterName,
  associationId: association.associationId,
}).expect(ExpectedResult.objectLike({
  association: {
    namespace: 'integ-agent',
    serviceAccount: 'worker',
    roleArn: association.role.roleArn,
    disableSessionTags: false,
  },
}));
