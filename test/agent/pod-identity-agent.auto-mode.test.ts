import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eksv1 from 'aws-cdk-lib/aws-eks';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { AgentDeployment, AgentDeploymentType, PodIdentityAgent, PodIdentityAssociation } from '../../lib';
import { ENV } from '../util';

// EKS Auto Mode nodes run the agent themselves ("You do not need to install the EKS Pod Identity Agent on EKS
// Auto Mode Clusters", EKS User Guide, pod-id-agent-setup): PodIdentityAgent.of() adds no add-on there.
describe('PodIdentityAgent.of on an EKS Auto Mode cluster', () => {
  let app: App;
  let stack: Stack;

  beforeEach(() => {
    app = new App();
    stack = new Stack(app, 'Stack', { env: ENV });
  });

  // Read from the assembly: the node-group warning is decided in validation, which the synthesis runs.
  const warnings = () => app.synth().getStackArtifact(stack.artifactId).messages
    .filter(message => message.level === 'warning').map(message => `${message.id}: ${message.entry.data}`);

  test('an aws-eks-v2 Cluster, in Auto Mode by default, gets AgentDeployment.none(): no add-on, no warning', () => {
    // GIVEN
    const cluster = new eks.Cluster(stack, 'Cluster', { version: eks.KubernetesVersion.V1_34, clusterName: 'shop' });

    // WHEN
    const agent = PodIdentityAgent.of(stack, cluster);
    new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'shop', serviceAccount: 'api', waitForAgent: true });

    // THEN
    expect(agent.deployment.type).toBe(AgentDeploymentType.NONE);
    expect(agent.node.path).toBe('Stack/Cluster/PodIdentityAgent');
    Template.fromStack(stack).resourceCountIs('AWS::EKS::Addon', 0);
    expect(warnings()).toEqual([]);
  });

  test('a CfnCluster with computeConfig enabled is Auto Mode too', () => {
    const cluster = new eksv1.CfnCluster(stack, 'Cluster', {
      name: 'shop',
      roleArn: 'arn:aws:iam::111111111111:role/cluster',
      resourcesVpcConfig: { subnetIds: ['subnet-1', 'subnet-2'] },
      computeConfig: { enabled: true, nodePools: ['general-purpose'], nodeRoleArn: 'arn:aws:iam::111111111111:role/node' },
      kubernetesNetworkConfig: { elasticLoadBalancing: { enabled: true } },
      storageConfig: { blockStorage: { enabled: true } },
    });

    expect(PodIdentityAgent.of(stack, cluster).deployment.type).toBe(AgentDeploymentType.NONE);
    Template.fromStack(stack).resourceCountIs('AWS::EKS::Addon', 0);
  });

  test.each([
    ['an aws-eks-v2 Cluster with node group capacity', (s: Stack) => new eks.Cluster(s, 'Cluster', { version: eks.KubernetesVersion.V1_34, defaultCapacityType: eks.DefaultCapacityType.NODEGROUP })],
    ['a CfnCluster without computeConfig', (s: Stack) => new eksv1.CfnCluster(s, 'Cluster', { roleArn: 'arn:aws:iam::111111111111:role/cluster', resourcesVpcConfig: { subnetIds: ['subnet-1'] } })],
    ['an imported cluster, whose mode is not known here', (s: Stack) => eksv1.CfnCluster.fromClusterName(s, 'Cluster', 'shop')],
  ])('%s gets the managed add-on', (_, make) => {
    const agent = PodIdentityAgent.of(stack, make(stack));

    expect(agent.deployment.type).toBe(AgentDeploymentType.MANAGED_ADDON);
    Template.fromStack(stack).resourceCountIs('AWS::EKS::Addon', 1);
  });

  test('Auto Mode with a managed node group as well: a warning names the node group and the fix', () => {
    // GIVEN
    const cluster = new eks.Cluster(stack, 'Cluster', { version: eks.KubernetesVersion.V1_34 });
    cluster.addNodegroupCapacity('Workers', { instanceTypes: [new ec2.InstanceType('m7g.large')] });

    // WHEN
    PodIdentityAgent.of(stack, cluster);

    // THEN
    expect(warnings()).toEqual([
      "/Stack/Cluster/PodIdentityAgent: The agent is recorded as already installed (AgentDeployment.none(), as the cluster is in EKS Auto Mode), but the app adds node groups to this cluster at 'Stack/Cluster/NodegroupWorkers/Resource', whose nodes run no agent unless it is installed there: pods scheduled on them get no credentials. Declare the agent before anything asks for it: new PodIdentityAgent(this, 'Agent', { cluster, deployment: AgentDeployment.managedAddon() }) (its DaemonSet skips Auto Mode nodes) [ack: cdk-eks-pod-identity:agent-none-with-nodegroups]",
    ]);
  });

  test('declared first, the managed add-on stays, for the node groups', () => {
    const cluster = new eks.Cluster(stack, 'Cluster', { version: eks.KubernetesVersion.V1_34 });
    cluster.addNodegroupCapacity('Workers', { instanceTypes: [new ec2.InstanceType('m7g.large')] });
    new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.managedAddon() });

    expect(PodIdentityAgent.of(stack, cluster).deployment.type).toBe(AgentDeploymentType.MANAGED_ADDON);
    Template.fromStack(stack).resourceCountIs('AWS::EKS::Addon', 1);
    expect(warnings()).toEqual([]);
  });
});

test('AgentDeployment.none() beside a hand-written agent add-on warns, with the path of the add-on', () => {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: ENV });
  const cluster = eksv1.CfnCluster.fromClusterName(stack, 'Cluster', 'shop');
  new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.none() });
  new eksv1.CfnAddon(stack, 'Extra', { clusterName: 'shop', addonName: 'eks-pod-identity-agent' });

  const messages = app.synth().getStackArtifact(stack.artifactId).messages.filter(message => message.level === 'warning');
  expect(messages.map(message => `${message.id}: ${message.entry.data}`)).toEqual([
    "/Stack/Agent: The agent is recorded as already installed (AgentDeployment.none()), but the app also synthesizes the eks-pod-identity-agent add-on for this cluster at 'Stack/Extra'. On EKS Auto Mode nodes the add-on is not needed; use AgentDeployment.managedAddon() if you want the add-on. [ack: cdk-eks-pod-identity:agent-addon-with-none]",
  ]);
});

describe('Auto Mode with capacity that is not Auto Mode', () => {
  let app: App;
  let stack: Stack;
  // Ours only: aws-cdk-lib's own warnings about the Auto Scaling group's security group are beside the point.
  const warnings = () => app.synth().getStackArtifact(stack.artifactId).messages
    .filter(message => message.level === 'warning' && String(message.entry.data).includes('cdk-eks-pod-identity:'))
    .map(message => `${message.id}: ${message.entry.data}`);

  beforeEach(() => {
    app = new App();
    stack = new Stack(app, 'Stack', { env: ENV });
  });

  test('an Auto Scaling group joined with addAutoScalingGroupCapacity gets the node-group warning', () => {
    const cluster = new eks.Cluster(stack, 'Cluster', { version: eks.KubernetesVersion.V1_34 });
    cluster.addAutoScalingGroupCapacity('Workers', { instanceType: new ec2.InstanceType('m7i.large'), minCapacity: 1 });

    PodIdentityAgent.of(stack, cluster);

    expect(warnings()).toEqual([
      "/Stack/Cluster/PodIdentityAgent: The agent is recorded as already installed (AgentDeployment.none(), as the cluster is in EKS Auto Mode), but the app adds node groups to this cluster at 'Stack/Cluster/Workers/ASG', whose nodes run no agent unless it is installed there: pods scheduled on them get no credentials. Declare the agent before anything asks for it: new PodIdentityAgent(this, 'Agent', { cluster, deployment: AgentDeployment.managedAddon() }) (its DaemonSet skips Auto Mode nodes) [ack: cdk-eks-pod-identity:agent-none-with-nodegroups]",
    ]);
  });

  test('remote node networks (EKS Hybrid Nodes) warn that hybrid nodes run no agent', () => {
    const cluster = new eks.Cluster(stack, 'Cluster', {
      version: eks.KubernetesVersion.V1_34,
      remoteNodeNetworks: [{ cidrs: ['10.100.0.0/16'] }],
      remotePodNetworks: [{ cidrs: ['10.101.0.0/16'] }],
    });

    PodIdentityAgent.of(stack, cluster);

    expect(warnings()).toEqual([
      "/Stack/Cluster/PodIdentityAgent: The agent is recorded as already installed (AgentDeployment.none(), as the cluster is in EKS Auto Mode), but the cluster has remote node networks (EKS Hybrid Nodes), whose nodes run no agent unless its hybrid DaemonSet is installed: pods there get no credentials. Declare the agent before anything asks for it: new PodIdentityAgent(this, 'Agent', { cluster, deployment: AgentDeployment.managedAddon({ hybridNodes: AgentHybridNodes.NODEADM }) }) [ack: cdk-eks-pod-identity:agent-none-with-hybrid-nodes]",
    ]);
  });
});
