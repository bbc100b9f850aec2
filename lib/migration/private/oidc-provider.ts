import * as eksv1 from 'aws-cdk-lib/aws-eks';
import * as eksv2 from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * The IAM OIDC provider of `cluster`, when an aws-eks or aws-eks-v2 cluster construct knows it, without
 * making one: a `Cluster` made in the app creates its provider the first time its getter is read, so
 * only one it already made counts; an imported cluster returns the provider it was given, or throws.
 */
export function knownOidcProvider(cluster: eksv1.IClusterRef): iam.IOpenIdConnectProvider | undefined {
  if (cluster instanceof eksv1.Cluster || cluster instanceof eksv2.Cluster) {
    // The ids under which `get openIdConnectProvider` creates it, in aws-eks and aws-eks-v2 alike.
    // Source: aws/aws-cdk packages/aws-cdk-lib/aws-eks/lib/cluster.ts and aws-eks-v2/lib/cluster.ts @ aws-cdk-lib 2.257.0 (checked 2026-12-01)
    const made = cluster.node.tryFindChild('OpenIdConnectProvider') ?? cluster.node.tryFindChild('OidcProviderNative');
    return made ? cluster.openIdConnectProvider : undefined;
  }
  if (!('openIdConnectProvider' in cluster)) return undefined;
  try {
    return (cluster as eksv1.ICluster).openIdConnectProvider;
  } catch {
    return undefined;
  }
}
