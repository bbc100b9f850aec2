import { Token } from 'aws-cdk-lib';
import { CfnCluster, IClusterRef } from 'aws-cdk-lib/aws-eks';

/**
 * The IP family (`ipv4` or `ipv6`) of `cluster` when its construct tells: the public `ipFamily` of
 * an `aws-eks` or `aws-eks-v2` Cluster (made or imported with `ipFamily`), or the
 * `kubernetesNetworkConfig.ipFamily` of a `CfnCluster`. `undefined` when unknown or a token.
 */
export function knownIpFamily(cluster: IClusterRef): string | undefined {
  const fromL2 = (cluster as { readonly ipFamily?: unknown }).ipFamily;
  if (typeof fromL2 === 'string') return known(fromL2);
  if (CfnCluster.isCfnCluster(cluster)) {
    const config = cluster.kubernetesNetworkConfig;
    if (config && !Token.isUnresolved(config)) {
      const ipFamily = (config as CfnCluster.KubernetesNetworkConfigProperty).ipFamily;
      return ipFamily === undefined ? 'ipv4' : known(ipFamily);
    }
    return config === undefined ? 'ipv4' : undefined;
  }
  return undefined;
}

function known(ipFamily: string): string | undefined {
  return Token.isUnresolved(ipFamily) ? undefined : ipFamily.toLowerCase();
}
