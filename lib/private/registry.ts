import { IClusterRef } from 'aws-cdk-lib/aws-eks';
import { IConstruct } from 'constructs';
import { PodIdentityError, quote } from './errors';

/**
 * The key of a cluster across stacks: its account, region and name. Unresolved values take part as
 * their token strings, which are stable for the same cluster object.
 */
export function clusterKeyOf(account: string, region: string, clusterName: string): string {
  return [account, region, clusterName].join('\u0000');
}

/** The key of `cluster`, as `clusterKeyOf` makes it. */
export function clusterKey(cluster: IClusterRef): string {
  return clusterKeyOf(cluster.env.account, cluster.env.region, cluster.clusterRef.clusterName);
}

/**
 * Constructs that each own one thing per app (per construct tree), by key: the association of a
 * service account, the agent of a cluster.
 */
export class AppRegistry {
  private readonly owners = new WeakMap<IConstruct, Map<string, IConstruct>>();

  /** The owner of `key` in the app of `scope`, if any. */
  public find(scope: IConstruct, key: string): IConstruct | undefined {
    return this.owners.get(scope.node.root)?.get(key);
  }

  /** Records `owner` for `key` and returns the construct that already owned it, if any (which stays). */
  public claim(owner: IConstruct, key: string): IConstruct | undefined {
    const root = owner.node.root;
    let map = this.owners.get(root);
    if (!map) {
      map = new Map();
      this.owners.set(root, map);
    }
    const previous = map.get(key);
    if (!previous) map.set(key, owner);
    return previous;
  }
}

const serviceAccounts = new AppRegistry();

/**
 * Records that `owner` associates a role with `namespace/serviceAccount` on `cluster`, and throws if
 * another construct in the same app already does: EKS allows one association per service account.
 */
export function claimServiceAccount(owner: IConstruct, cluster: IClusterRef, namespace: string, serviceAccount: string): void {
  const previous = serviceAccounts.claim(owner, [clusterKey(cluster), namespace, serviceAccount].join('\u0000'));
  if (previous) {
    throw new PodIdentityError('duplicate-association', owner,
      `service account ${quote(`${namespace}/${serviceAccount}`)} of this cluster already has a pod identity association, made by ${quote(previous.node.path)}; EKS allows one association per service account per cluster`,
      'Reuse that association (grant to it, or give it the role you want), or use another service account');
  }
}
