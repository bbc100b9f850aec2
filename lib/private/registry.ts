import { IClusterRef } from 'aws-cdk-lib/aws-eks';
import { IConstruct } from 'constructs';
import { PodIdentityError, quote } from './errors';

// One map of claimed service accounts per construct tree (per App).
const claims = new WeakMap<IConstruct, Map<string, IConstruct>>();

/**
 * Records that `owner` associates a role with `namespace/serviceAccount` on `cluster`, and throws if
 * another construct in the same app already does: EKS allows one association per service account.
 *
 * Unresolved names take part as their token strings, which are stable for the same cluster object.
 */
export function claimServiceAccount(owner: IConstruct, cluster: IClusterRef, namespace: string, serviceAccount: string): void {
  const root = owner.node.root;
  let map = claims.get(root);
  if (!map) {
    map = new Map();
    claims.set(root, map);
  }
  const key = [cluster.env.account, cluster.env.region, cluster.clusterRef.clusterName, namespace, serviceAccount].join('\u0000');
  const previous = map.get(key);
  if (previous) {
    throw new PodIdentityError('duplicate-association', owner,
      `service account ${quote(`${namespace}/${serviceAccount}`)} of this cluster already has a pod identity association, made by ${quote(previous.node.path)}; EKS allows one association per service account per cluster`,
      'Reuse that association (grant to it, or give it the role you want), or use another service account');
  }
  map.set(key, owner);
}
