import { AgentDeployment, AgentHybridNodes, PodIdentityAgent } from '../../lib';
import { givenStack } from '../util';

// The chart renders its top-level nodeSelector into every DaemonSet (templates/daemonset.yaml @ v0.1.37); the
// add-on's top-level affinity, which nodeSelector becomes there, serves only the DaemonSets without their own.
describe('nodeSelector and the hybrid DaemonSets', () => {
  const warningsOf = (options: Parameters<typeof AgentDeployment.managedAddon>[0]) => {
    const { app, stack, cluster } = givenStack();
    new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.managedAddon(options) });
    return app.synth().getStackArtifact(stack.artifactId).messages
      .filter(message => message.level === 'warning').map(message => message.entry.data);
  };

  test('managed add-on: nodeSelector with hybrid nodes warns that the hybrid DaemonSets do not take it', () => {
    expect(warningsOf({ version: 'v1.3.10-eksbuild.2', hybridNodes: AgentHybridNodes.ALL, nodeSelector: { 'team': 'a' } })).toEqual([
      "nodeSelector is rendered as the add-on's node affinity, which the add-on's hybrid DaemonSets (hybrid, hybrid-bottlerocket) replace with their own: the agent runs on every hybrid node regardless of 'team'. To restrict the hybrid DaemonSets too, use AgentDeployment.selfManaged(), which applies nodeSelector to every DaemonSet as the chart does [ack: cdk-eks-pod-identity:agent-node-selector-not-on-hybrid]",
    ]);
  });

  test.each([
    ['without hybrid nodes', { nodeSelector: { team: 'a' } }],
    ['with an empty nodeSelector', { version: 'v1.3.10-eksbuild.2', hybridNodes: AgentHybridNodes.NODEADM, nodeSelector: {} }],
  ])('managed add-on: no warning %s', (_, options) => {
    expect(warningsOf(options)).toEqual([]);
  });
});
