import { App, Stack } from 'aws-cdk-lib';
import * as eksv1 from 'aws-cdk-lib/aws-eks';
import { AgentDeployment, PodIdentityAgent } from '../../lib';
import { ENV } from '../util';

// Pods call the agent on 169.254.170.23 in IPv4 clusters and on [fd00:ec2::23] in IPv6 clusters (EKS User Guide,
// pod-id-how-it-works): an agent that serves only the other address serves nobody.
describe('the agent serves the address of the cluster\'s IP family', () => {
  function agentOn(ipFamily: string | undefined, deployment: AgentDeployment) {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: ENV });
    const cluster = ipFamily === 'imported' ? eksv1.CfnCluster.fromClusterName(stack, 'Cluster', 'shop') : new eksv1.CfnCluster(stack, 'Cluster', {
      name: 'shop',
      roleArn: 'arn:aws:iam::111111111111:role/cluster',
      resourcesVpcConfig: { subnetIds: ['subnet-1', 'subnet-2'] },
      kubernetesNetworkConfig: ipFamily ? { ipFamily } : undefined,
    });
    const make = () => new PodIdentityAgent(stack, 'Agent', { cluster, deployment });
    return { app, stack, make };
  }

  test.each([
    ['ipv6', AgentDeployment.managedAddon({ ipv6: false }), "the agent serves 169.254.170.23 only ('-b'), but the cluster is an IPv6 cluster, whose pods call the agent on [fd00:ec2::23]: they would get no credentials. Leave `ipv6` at its default and the bind address unset"],
    ['ipv6', AgentDeployment.selfManaged({ additionalArgs: { '-b': '169.254.170.23' } }), "the agent serves 169.254.170.23 only ('-b'), but the cluster is an IPv6 cluster, whose pods call the agent on [fd00:ec2::23]: they would get no credentials. Leave `ipv6` at its default and the bind address unset"],
    ['ipv4', AgentDeployment.managedAddon({ additionalArgs: { '--bind-hosts': '[fd00:ec2::23]' } }), "the agent serves [fd00:ec2::23] only ('--bind-hosts'), but the cluster is an IPv4 cluster, whose pods call the agent on 169.254.170.23: they would get no credentials. Bind to 169.254.170.23, or leave the bind address unset"],
    [undefined, AgentDeployment.selfManaged({ additionalArgs: { '-b': '[fd00:ec2::23]' } }), "the agent serves [fd00:ec2::23] only ('-b'), but the cluster is an IPv4 cluster, whose pods call the agent on 169.254.170.23: they would get no credentials. Bind to 169.254.170.23, or leave the bind address unset"],
  ])('a %s cluster (EKS\'s default when unset) refuses an agent bound to the other family', (family, deployment, problem) => {
    expect(agentOn(family, deployment).make).toThrow(`[cdk-eks-pod-identity:unsafe-agent-arg-value] Stack/Agent: ${problem}`);
  });

  test.each([
    ['ipv4', AgentDeployment.managedAddon({ ipv6: false })],
    ['ipv6', AgentDeployment.selfManaged({ additionalArgs: { '-b': '[fd00:ec2::23]' } })],
    ['ipv6', AgentDeployment.managedAddon()],
    ['imported', AgentDeployment.managedAddon({ ipv6: false })],
  ])('a %s cluster accepts %j', (family, deployment) => {
    const { app, stack, make } = agentOn(family, deployment);
    make();
    expect(app.synth().getStackArtifact(stack.artifactId).messages.filter(m => m.level === 'warning')).toEqual([]);
  });

  test('an imported cluster, whose family is not known here: serving IPv6 only warns', () => {
    const { app, stack, make } = agentOn('imported', AgentDeployment.managedAddon({ additionalArgs: { '-b': '[fd00:ec2::23]' } }));
    make();
    expect(app.synth().getStackArtifact(stack.artifactId).messages.map(m => `${m.level} ${m.id}: ${m.entry.data}`)).toEqual([
      "warning /Stack/Agent: the agent serves [fd00:ec2::23] only ('-b'), which only pods of IPv6 clusters call (IPv4 clusters' pods call 169.254.170.23), and this library cannot tell the cluster's IP family here. Leave the bind address unset to serve both [ack: cdk-eks-pod-identity:agent-ipv6-only]",
    ]);
  });
});

describe('self-managed agent versions and ports', () => {
  const selfManaged = (options: Parameters<typeof AgentDeployment.selfManaged>[0]) => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: ENV });
    const cluster = eksv1.CfnCluster.fromClusterName(stack, 'Cluster', 'shop');
    return new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.selfManaged(options) });
  };

  test.each(['v0.1.10', '0.1.16', 'v0.1.0'])('refuses imageTag %s: agents before v0.1.17 exit on --metrics-port', (imageTag) => {
    expect(() => selfManaged({ imageTag })).toThrow(
      `[cdk-eks-pod-identity:agent-version-too-old] Stack/Agent: image '602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/eks-pod-identity-agent:${imageTag}' runs an agent older than v0.1.17, which exits on the '--metrics-port' flag that the DaemonSet passes. Use v0.1.17 or later, e.g. imageTag 'v0.1.37'`,
    );
  });

  test('accepts v0.1.17, the first agent with --metrics-port', () => {
    expect(selfManaged({ imageTag: 'v0.1.17' }).image).toBe('602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/eks-pod-identity-agent:v0.1.17');
  });

  test('advertiseProxyPort: false declares no port 80 (a host port on the host network), as the chart can', () => {
    const ports = (agent: PodIdentityAgent) => agent.manifest!.filter(o => o.kind === 'DaemonSet').map(d => d.spec.template.spec.containers[0].ports.map((p: any) => p.containerPort));
    expect(ports(selfManaged({ advertiseProxyPort: false, hybridNodes: undefined }))).toEqual([[2703, 2705]]);
    expect(ports(selfManaged({}))).toEqual([[80, 2703, 2705]]);
  });
});
