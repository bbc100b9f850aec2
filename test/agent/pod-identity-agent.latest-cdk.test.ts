import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import { CfnCluster } from 'aws-cdk-lib/aws-eks';
import { AgentDeployment, AgentHybridNodes, PodIdentityAgent } from '../../lib';

/** Synthesizes what `build` declares in one stack with the newest aws-cdk-lib's template validation on, and returns its findings. */
function findingsOf(build: (stack: Stack) => void): string[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'latest-cdk-agent-'));
  const app = new App({ outdir, context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
  build(new Stack(app, 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } }));
  app.synth();
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf-8'));
  return (report.pluginReports ?? []).flatMap((plugin: any) => (plugin.violations ?? []).map((violation: any) => `${violation.ruleName}: ${violation.description}`));
}

describe('a self-managed agent on the newest aws-cdk-lib, with template validation failing on findings', () => {
  test("the README's stack, which holds nothing but the agent and an output, deploys", () => {
    expect(findingsOf(stack => {
      // As in README.md, "The self-managed DaemonSet".
      const cluster = CfnCluster.fromClusterName(stack, 'Cluster', 'my-cluster');
      const agent = new PodIdentityAgent(stack, 'PodIdentityAgent', {
        cluster,
        deployment: AgentDeployment.selfManaged({
          ipv6: false,
          resources: { cpuRequest: '25m', memoryRequest: '64Mi', memoryLimit: '128Mi' },
        }),
      });
      new CfnOutput(stack, 'AgentManifestKey', { value: agent.manifestAssetObjectKey! });
    })).toEqual([]);
  });

  test('an agent with hybrid nodes and arguments, alone in its stack, deploys', () => {
    expect(findingsOf(stack => {
      new PodIdentityAgent(stack, 'PodIdentityAgent', {
        cluster: CfnCluster.fromClusterName(stack, 'Cluster', 'my-cluster'),
        deployment: AgentDeployment.selfManaged({ hybridNodes: AgentHybridNodes.ALL, additionalArgs: { '-v': 'trace' } }),
      });
    })).toEqual([]);
  });
});
