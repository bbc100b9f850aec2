import { CfnResource, Reference, Stack, Token, Tokenization } from 'aws-cdk-lib';
import { CfnCluster, IClusterRef } from 'aws-cdk-lib/aws-eks';

/**
 * The `AWS::EKS::Cluster` resource behind a cluster made in this app, or undefined for an imported one.
 *
 * A `CfnCluster` is its own resource. An aws-eks-v2 `Cluster` (and `CfnCluster.clusterRef`) names itself with a
 * `Ref` to its resource, even when the user gave the name, so the reference leads to it.
 */
// Source: aws-cdk-lib aws-eks-v2/lib/cluster.js @ 2.257.0 as installed (`get clusterName(){return this.getResourceNameAttribute(this.resource.ref)}`; `new CfnCluster(this, "Resource", {name: this.physicalName, ...})`) (checked 2026-12-07)
export function clusterResourceOf(cluster: IClusterRef): CfnCluster | undefined {
  if (CfnResource.isCfnResource(cluster) && cluster.cfnResourceType === CfnCluster.CFN_RESOURCE_TYPE_NAME) return cluster as CfnCluster;
  const name = cluster.clusterRef.clusterName;
  if (!Token.isUnresolved(name)) return undefined;
  const reference = Tokenization.reverseCompleteString(name);
  if (!Reference.isReference(reference) || reference.displayName !== 'Ref') return undefined;
  const target = reference.target;
  return CfnResource.isCfnResource(target) && target.cfnResourceType === CfnCluster.CFN_RESOURCE_TYPE_NAME ? target as CfnCluster : undefined;
}

/** The cluster's name as a literal, or undefined when it is known only at deploy time. */
export function literalClusterName(cluster: IClusterRef): string | undefined {
  const name = cluster.clusterRef.clusterName;
  if (!Token.isUnresolved(name)) return name;
  const given = clusterResourceOf(cluster)?.name;
  return given === undefined || Token.isUnresolved(given) ? undefined : given;
}

/**
 * Whether the cluster is known to be in EKS Auto Mode (`computeConfig.enabled: true` on its resource, which an
 * aws-eks-v2 `Cluster` sets by default), false when known not to be, undefined when it cannot be known here.
 */
// Source: aws-cdk-lib aws-eks-v2/lib/cluster.js @ 2.257.0 as installed (`computeConfig:{enabled:autoModeEnabled,...}`; defaultCapacityType @default AUTOMODE) (checked 2026-12-07)
export function isAutoModeCluster(cluster: IClusterRef): boolean | undefined {
  const resource = clusterResourceOf(cluster);
  if (!resource) return undefined;
  const config = Stack.of(resource).resolve(resource.computeConfig);
  if (config === undefined) return false;
  return typeof config?.enabled === 'boolean' ? config.enabled : undefined;
}
