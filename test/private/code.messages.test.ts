import { App, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import { AgentDeployment, PodIdentityAgent } from '../../lib';
import { ENV } from '../util';

// The fixes of errors and warnings show their code in the language of the app, read from JSII_AGENT
// (lib/private/code.ts); these tests set it as the Python and Java runtimes do.
describe('messages show their fix in the caller\'s language', () => {
  const before = process.env.JSII_AGENT;
  afterEach(() => {
    if (before === undefined) delete process.env.JSII_AGENT; else process.env.JSII_AGENT = before;
  });

  const agnosticSelfManaged = () => {
    const stack = new Stack(new App(), 'Stack');
    const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'my-cluster');
    return () => new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.selfManaged() });
  };
  const problem = "[cdk-eks-pod-identity:unresolved-region] Stack/Agent: the cluster's region is only known at deploy time (an environment-agnostic stack), but the self-managed agent's manifest is a file written at synth time: it needs the region for the image registry and AWS_REGION. ";

  test.each([
    [undefined, "Give the stack an explicit env ({ region: 'eu-west-1' }), or pass `region` to AgentDeployment.selfManaged()"],
    ['Python/3.11.7', 'Give the stack an explicit env (cdk.Environment(region="eu-west-1")), or pass `region` to AgentDeployment.self_managed()'],
    ['Java/17.0.15', 'Give the stack an explicit env (Environment.builder().region("eu-west-1").build()), or pass `region` to AgentDeployment.selfManaged()'],
    ['DotNet/8.0.11/.NETCoreApp,Version=v6.0/1.0.0.0', 'Give the stack an explicit env (new Environment { Region = "eu-west-1" }), or pass `Region` to AgentDeployment.SelfManaged()'],
    ['go1.22.4/linux/amd64', 'Give the stack an explicit env (&awscdk.Environment{Region: jsii.String("eu-west-1")}), or pass `Region` to cdkekspodidentity.AgentDeployment_SelfManaged(nil)'],
  ])('an error, with JSII_AGENT=%s', (agent, fix) => {
    if (agent === undefined) delete process.env.JSII_AGENT; else process.env.JSII_AGENT = agent;
    expect(agnosticSelfManaged()).toThrow(problem + fix);
  });

  // Read from the assembly: the warning is decided in validation, which the synthesis runs.
  const hybridWarning = () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: ENV });
    const cluster = new eks.CfnCluster(stack, 'Cluster', {
      roleArn: 'arn:aws:iam::111111111111:role/cluster',
      resourcesVpcConfig: { subnetIds: ['subnet-1'] },
      remoteNetworkConfig: { remoteNodeNetworks: [{ cidrs: ['10.100.0.0/16'] }] },
    });
    new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.none() });
    return app.synth().getStackArtifact(stack.artifactId).messages
      .filter(message => message.level === 'warning').map(message => `${message.entry.data}`);
  };
  const warning = (none: string, declare: string) => [
    `The agent is recorded as already installed (${none}), but the cluster has remote node networks (EKS Hybrid Nodes), whose nodes run no agent unless its hybrid DaemonSet is installed: pods there get no credentials. Declare the agent before anything asks for it: ${declare} [ack: cdk-eks-pod-identity:agent-none-with-hybrid-nodes]`,
  ];

  test('a warning, in TypeScript when JSII_AGENT is not set', () => {
    delete process.env.JSII_AGENT;
    expect(hybridWarning()).toEqual(warning('AgentDeployment.none()',
      "new PodIdentityAgent(this, 'Agent', { cluster, deployment: AgentDeployment.managedAddon({ hybridNodes: AgentHybridNodes.NODEADM }) })"));
  });

  test('a warning, in Python', () => {
    process.env.JSII_AGENT = 'Python/3.11.7';
    expect(hybridWarning()).toEqual(warning('AgentDeployment.none()',
      'PodIdentityAgent(self, "Agent", cluster=cluster, deployment=AgentDeployment.managed_addon(hybrid_nodes=AgentHybridNodes.NODEADM))'));
  });

  test('a warning, in Java', () => {
    process.env.JSII_AGENT = 'Java/17.0.15';
    expect(hybridWarning()).toEqual(warning('AgentDeployment.none()',
      'PodIdentityAgent.Builder.create(this, "Agent").cluster(cluster).deployment(AgentDeployment.managedAddon(AgentAddonOptions.builder().hybridNodes(AgentHybridNodes.NODEADM).build())).build()'));
  });
});
