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
  const target = referencedResource(cluster.clusterRef.clusterName);
  return target?.cfnResourceType === CfnCluster.CFN_RESOURCE_TYPE_NAME ? target as CfnCluster : undefined;
}

/** The resource a name refers to with a `Ref` alone, or undefined for a literal or any other value. */
function referencedResource(name: string): CfnResource | undefined {
  if (!Token.isUnresolved(name)) return undefined;
  // One token alone can be a reference; a name built from several parts (`prefix-${token}`) is not one.
  const fragments = Tokenization.reverseString(name);
  const reference = fragments.length === 1 ? fragments.firstToken : undefined;
  if (!Reference.isReference(reference) || reference.displayName !== 'Ref') return undefined;
  const target = reference.target;
  return CfnResource.isCfnResource(target) ? target : undefined;
}

// An aws-eks (v1) `Cluster` is made by a custom resource of this type, and names itself with a `Ref` to it (the
// custom resource returns the cluster's name as its physical id). The name given as `clusterName` is the
// property `Config.name` of that custom resource.
// Source: aws-cdk-lib aws-eks/lib/cluster.js @ 2.257.0 as installed (`get clusterName(){return this.getResourceNameAttribute(this._clusterResource.ref)}`; `new ClusterResource(this,"Resource",{name:this.physicalName,...})`) (checked 2026-12-07)
// Source: aws-cdk-lib aws-eks/lib/cluster-resource.js @ 2.257.0 as installed (`new CustomResource(this,"Resource",{resourceType:CLUSTER_RESOURCE_TYPE,...,properties:{Config:{name:props.name,...}}})`; `this.ref=this.resource.ref`) (checked 2026-12-07)
// Source: aws-cdk-lib aws-eks/lib/cluster-resource-handler/consts.js @ 2.257.0 as installed (`CLUSTER_RESOURCE_TYPE="Custom::AWSCDK-EKS-Cluster"`) (checked 2026-12-07)
const V1_CLUSTER_RESOURCE_TYPE = 'Custom::AWSCDK-EKS-Cluster';

/** The cluster's name as a literal, or undefined when it is known only at deploy time. */
export function literalClusterName(cluster: IClusterRef): string | undefined {
  const name = cluster.clusterRef.clusterName;
  if (!Token.isUnresolved(name)) return name;
  const given = clusterResourceOf(cluster)?.name ?? v1ClusterNameOf(referencedResource(name));
  return given === undefined || Token.isUnresolved(given) ? undefined : given;
}

/** Whether the cluster is an aws-eks (v1) `Cluster` of this app, made by its custom resource. */
export function isV1ClusterOfThisApp(cluster: IClusterRef): boolean {
  return referencedResource(cluster.clusterRef.clusterName)?.cfnResourceType === V1_CLUSTER_RESOURCE_TYPE;
}

// The custom resource's properties are read as CfnResource keeps them (`_cfnProperties`, a protected field of
// every L1 resource): read only, and any other shape than `{ Config: { name: string } }` gives undefined, so
// the name then counts as known only at deploy time (and the trust warns) rather than being guessed.
function v1ClusterNameOf(resource: CfnResource | undefined): string | undefined {
  if (resource?.cfnResourceType !== V1_CLUSTER_RESOURCE_TYPE) return undefined;
  const properties = (resource as unknown as { readonly _cfnProperties?: unknown })._cfnProperties;
  const config = typeof properties === 'object' && properties !== null ? (properties as { Config?: unknown }).Config : undefined;
  const name = typeof config === 'object' && config !== null ? (config as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name : undefined;
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

/**
 * The cluster's IP family, 'ipv4' or 'ipv6', where the app makes the cluster (EKS's default is ipv4), or
 * undefined where it cannot be known here.
 */
// Source: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-eks-cluster-kubernetesnetworkconfig.html (IpFamily: ipv4 | ipv6, default ipv4) @ stored copy (checked 2026-12-07)
export function clusterIpFamily(cluster: IClusterRef): string | undefined {
  const resource = clusterResourceOf(cluster);
  if (!resource) return undefined;
  const config = Stack.of(resource).resolve(resource.kubernetesNetworkConfig);
  const family = config?.ipFamily ?? 'ipv4';
  return typeof family === 'string' && !Token.isUnresolved(family) ? family.toLowerCase() : undefined;
}
