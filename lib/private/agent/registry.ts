import { IClusterRef } from 'aws-cdk-lib/aws-eks';
import { IConstruct } from 'constructs';
import { PodIdentityError, quote } from '../errors';

// One map of agents per construct tree (per App), from cluster key to the construct that installs the agent.
const agents = new WeakMap<IConstruct, Map<string, IConstruct>>();

/**
 * The key of a cluster: its account, region and name. Unresolved values take part as their token
 * strings, which are stable for the same cluster object.
 */
export function clusterKey(cluster: IClusterRef): string {
  return [cluster.env.account, cluster.env.region, cluster.clusterRef.clusterName].join('\u0000');
}

/** The construct that installs the agent of `cluster` in the app of `scope`, if any. */
export function findAgent(scope: IConstruct, cluster: IClusterRef): IConstruct | undefined {
  return agents.get(scope.node.root)?.get(clusterKey(cluster));
}

/**
 * Records that `owner` installs the agent of `cluster`, and throws if another construct in the same
 * app already does: one agent per cluster.
 */
export function claimAgent(owner: IConstruct, cluster: IClusterRef): void {
  const root = owner.node.root;
  let map = agents.get(root);
  if (!map) {
    map = new Map();
    agents.set(root, map);
  }
  const key = clusterKey(cluster);
  const previous = map.get(key);
  if (previous) {
    throw new PodIdentityError('duplicate-agent', owner,
      `the Pod Identity Agent of this cluster is already declared by ${quote(previous.node.path)}; a cluster runs one agent`,
      'Use that agent, or get it with PodIdentityAgent.of(scope, cluster) instead of creating another one');
  }
  map.set(key, owner);
}
