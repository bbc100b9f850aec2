import { IClusterRef } from 'aws-cdk-lib/aws-eks';
import { IConstruct } from 'constructs';
import { code, ref } from '../../private/code';
import { PodIdentityError, quote } from '../../private/errors';
import { agentOf } from '../../private/fix-code';
import { AppRegistry, clusterKey } from '../../private/registry';

// Per app, the construct that installs the agent of each cluster.
const agents = new AppRegistry();

/** The construct that installs the agent of `cluster` in the app of `scope`, if any. */
export function findAgent(scope: IConstruct, cluster: IClusterRef): IConstruct | undefined {
  return agents.find(scope, clusterKey(cluster));
}

/**
 * Records that `owner` installs the agent of `cluster`, and throws if another construct in the same
 * app already does: one agent per cluster.
 */
export function claimAgent(owner: IConstruct, cluster: IClusterRef): void {
  const previous = agents.claim(owner, clusterKey(cluster));
  if (previous) {
    throw new PodIdentityError('duplicate-agent', owner,
      `the Pod Identity Agent of this cluster is already declared by ${quote(previous.node.path)}; a cluster runs one agent`,
      `Use that agent, or get it with ${code(agentOf(ref('scope')))} instead of creating another one`);
  }
}
