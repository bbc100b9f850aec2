/**
 * The real Pod Identity Agent, built from its source (../shared/upstream, see test/upstream/agent-binary.ts),
 * runs every DaemonSet variant this library generates, with the DaemonSet's exact arguments, and must start.
 *
 * How: each agent runs in a network namespace of its own (`unshare -n`) whose loopback holds the agent's
 * link-local addresses 169.254.170.23 and fd00:ec2::23, so no bind host or port is swapped for a loopback one
 * (test/upstream/run-agent.ts). `/go-runner /eks-pod-identity-agent` becomes the built binary.
 *
 * Versions: an image tag from v0.2.1 on runs on commit 2b8e78c, the closest source to v0.2.1 here (local token
 * validation; no v0.2.1 tag or image was found). Any other tag (the default v0.1.37, older pins such as
 * v0.1.20) runs on v0.1.37, the newest release tag: the sources of older tags are not here, and their
 * `server` flags are the same (aws/eks-pod-identity-agent cmd/server.go history).
 */
import { App, Stack } from 'aws-cdk-lib';
import * as eksv1 from 'aws-cdk-lib/aws-eks';
import { AgentDeployment, AgentHybridNodes, PodIdentityAgent, SelfManagedAgentOptions } from '../../lib';
import { agentBinary, AgentSource } from '../upstream/agent-binary';
import { containerEnv, runAgent } from '../upstream/run-agent';
import { ENV } from '../util';

jest.setTimeout(300_000);

/** The DaemonSets of a self-managed agent with these options. */
function daemonSets(options: SelfManagedAgentOptions): any[] {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: ENV });
  const cluster = eksv1.CfnCluster.fromClusterName(stack, 'Cluster', 'dev-cluster');
  const agent = new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.selfManaged(options) });
  return agent.manifest!.filter(object => object.kind === 'DaemonSet');
}

/** The agent source that stands for an image tag (see the file comment). */
function sourceFor(image: string): AgentSource {
  const tag = image.split(':').pop()!;
  const [major, minor, patch] = tag.replace(/^v/, '').split('.').map(Number);
  return major > 0 || minor > 2 || (minor === 2 && patch >= 1) ? '2b8e78c' : 'v0.1.37';
}

/** Runs the main container of a DaemonSet on the real agent. */
async function runDaemonSet(daemonSet: any) {
  const container = daemonSet.spec.template.spec.containers[0];
  expect(container.command).toEqual(['/go-runner', '/eks-pod-identity-agent', 'server']);
  const source = sourceFor(container.image);
  const run = await runAgent(agentBinary(source), ['server', ...container.args], containerEnv(container));
  return { source, run };
}

const VARIANTS: Array<[string, SelfManagedAgentOptions]> = [
  ['the default', {}],
  ['v0.2.1 (opt-in, local token validation)', { imageTag: 'v0.2.1' }],
  ['an older pinned tag, v0.1.20', { imageTag: 'v0.1.20' }],
  ['ipv6: false', { ipv6: false }],
  ['ipv6: false on v0.2.1', { ipv6: false, imageTag: 'v0.2.1' }],
  ['hybridNodes: nodeadm', { hybridNodes: AgentHybridNodes.NODEADM }],
  ['hybridNodes: bottlerocket', { hybridNodes: AgentHybridNodes.BOTTLEROCKET }],
  ['hybridNodes: all, ipv6: false', { hybridNodes: AgentHybridNodes.ALL, ipv6: false }],
  ['additionalArgs: every settable flag', {
    additionalArgs: {
      '--verbosity': 'debug',
      '--max-cache-size': '500',
      '--max-credential-retention-before-renewal': '1h30m',
      '--max-service-qps': '5',
      '--metrics-address': '127.0.0.1',
      '--endpoint': 'https://eks-auth.eu-west-1.api.aws',
      '-b': '169.254.170.23',
    },
  }],
  ['additionalArgs: cache off, on v0.2.1', { imageTag: 'v0.2.1', additionalArgs: { '--max-credential-retention-before-renewal': '0', '-v': 'trace' } }],
  ['additionalArgs on hybrid nodes', { hybridNodes: AgentHybridNodes.ALL, additionalArgs: { '--max-cache-size': '100', '--metrics-address': '[::1]' } }],
];

describe('the real agent runs every DaemonSet the library generates', () => {
  test.each(VARIANTS)('%s: every DaemonSet starts and answers /healthz 200', async (_, options) => {
    // GIVEN
    const sets = daemonSets(options);
    expect(sets.length).toBeGreaterThan(0);

    // WHEN
    const runs = await Promise.all(sets.map(runDaemonSet));

    // THEN
    for (const [index, { source, run }] of runs.entries()) {
      const name = sets[index].metadata.name;
      expect({ name, source, started: run.started, healthz: run.healthz, exit: run.exit, output: run.started ? '' : run.output })
        .toEqual({ name, source, started: true, healthz: 200, exit: undefined, output: '' });
    }
  });

  test('the oracle can fail: an argument the agent refuses makes it exit (the runner reports it)', async () => {
    const [daemonSet] = daemonSets({});
    const container = daemonSet.spec.template.spec.containers[0];
    const run = await runAgent(agentBinary('v0.1.37'), ['server', ...container.args, '--max-cache-size', '0x'], containerEnv(container));
    expect(run.started).toBe(false);
    expect(run.output).toContain('invalid argument "0x" for "--max-cache-size" flag');
  });
});
