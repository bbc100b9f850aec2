import { CfnElement, CfnResource, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { RECOMMENDED_ADDONS } from '../../addon/recommended-defaults';
import { isMarkedAgent } from '../../private/agent-brand';
import { clusterKey, clusterKeyOf } from '../../private/registry';
import { cfnPropertiesOf, cfnStringPropertiesOf } from './cfn-properties';

// Resources are recognised by their CloudFormation type, whichever module made them (aws-eks,
// aws-eks-v2, a raw CfnResource).
const CLUSTER = 'AWS::EKS::Cluster';
const ADDON = 'AWS::EKS::Addon';
const ASSOCIATION = 'AWS::EKS::PodIdentityAssociation';
const FARGATE_PROFILE = 'AWS::EKS::FargateProfile';
const NODEGROUP = 'AWS::EKS::Nodegroup';
// aws-eks (v1) makes its clusters and Fargate profiles with custom resources whose `Config` is the
// request of the EKS API (CreateCluster, CreateFargateProfile), in the API's camelCase names.
// Source: aws/aws-cdk packages/aws-cdk-lib/aws-eks/lib/cluster-resource-handler/consts.ts, cluster-resource.ts, fargate-profile.ts @ 008bc73, and the compiled aws-cdk-lib 2.257.0 and 2.276.0 (checked 2026-12-01)
const V1_CLUSTER = 'Custom::AWSCDK-EKS-Cluster';
const V1_FARGATE_PROFILE = 'Custom::AWSCDK-EKS-FargateProfile';
const AGENT_ADDON = 'eks-pod-identity-agent';

/** One service account that EKS maps to a role: a standalone association or one of an add-on. */
export interface AssociationRecord {
  /** The L1 that declares it. */
  readonly resource: CfnResource;
  /** Where findings are reported: our L2 around the L1, or the L1. */
  readonly reportOn: IConstruct;
  readonly stack: Stack;
  readonly clusterKey: string;
  readonly clusterName: string;
  /** Unknown for an add-on we have no namespace for. */
  readonly namespace?: string;
  readonly serviceAccount: string;
  /** The role ARN as declared: a token of the role's ARN, or its resolved form for an add-on's list. */
  readonly roleArn: any;
  /** `association` for AWS::EKS::PodIdentityAssociation, else the add-on name. */
  readonly owner: string;
}

/** A cluster the app creates: AWS::EKS::Cluster, or aws-eks's custom resource. */
export interface ClusterRecord {
  readonly resource: CfnResource;
  /** The Kubernetes version, when it is a literal. */
  readonly version?: string;
  /** EKS Auto Mode (compute config enabled), which runs the agent itself. */
  readonly autoMode: boolean;
  /** A local cluster on AWS Outposts (an outpost config). */
  readonly outposts: boolean;
}

/** A Fargate profile selector, reduced to what the checks judge. */
export interface FargateSelector {
  /** The namespace pattern (`*` and `?` wildcards), when it is a literal. */
  readonly namespace?: string;
  /** Whether the selector also requires labels, so that it takes only some pods of the namespace. */
  readonly labelled: boolean;
}

/** A Fargate profile: AWS::EKS::FargateProfile or aws-eks's custom resource. */
export interface FargateProfileRecord {
  readonly resource: CfnResource;
  readonly reportOn: IConstruct;
  readonly clusterKey: string;
  readonly selectors: FargateSelector[];
}

/** A managed node group (AWS::EKS::Nodegroup), of any module. */
export interface NodegroupRecord {
  readonly resource: CfnResource;
  readonly reportOn: IConstruct;
  readonly clusterKey: string;
  /** The AMI type, when it is a literal. */
  readonly amiType?: string;
}

/** A declared agent: a PodIdentityAgent, or an `eks-pod-identity-agent` add-on outside one. */
export interface AgentRecord {
  readonly reportOn: IConstruct;
  readonly clusterKey: string;
  readonly clusterName: string;
}

/** What the checks need to know of the app, gathered in one walk of the tree. */
export interface Inventory {
  readonly associations: AssociationRecord[];
  /** Cluster keys that have an agent: declared, an `eks-pod-identity-agent` add-on, or EKS Auto Mode. */
  readonly clustersWithAgent: Set<string>;
  readonly agents: AgentRecord[];
  /** Clusters by cluster key (each under its names: the Ref token, a literal name, its L2's name). */
  readonly clusters: Map<string, ClusterRecord>;
  /** L2 clusters (aws-eks or aws-eks-v2) by cluster key. */
  readonly l2Clusters: Map<string, IConstruct>;
  readonly fargateProfiles: FargateProfileRecord[];
  readonly nodegroups: NodegroupRecord[];
  /** Every L1 of the app, for rules that read raw resources. */
  readonly resources: CfnResource[];
}

/** The key of the cluster named `clusterName` in the environment of `stack` (as the registries key it). */
export function keyOf(stack: Stack, clusterName: string): string {
  return clusterKeyOf(stack.account, stack.region, clusterName);
}

/** Walks the tree under `root` once. */
export function takeInventory(root: IConstruct): Inventory {
  const inventory: Inventory = {
    associations: [],
    clustersWithAgent: new Set(),
    agents: [],
    clusters: new Map(),
    l2Clusters: new Map(),
    fargateProfiles: [],
    nodegroups: [],
    resources: [],
  };
  const l2ClusterKeys = new Map<IConstruct, string>();
  for (const node of root.node.findAll()) {
    // PodIdentityAgent, in any deployment (also `none()`, which records an agent installed elsewhere).
    if (isMarkedAgent(node)) {
      const key = clusterKey(node.cluster);
      inventory.clustersWithAgent.add(key);
      inventory.agents.push({ reportOn: node, clusterKey: key, clusterName: node.cluster.clusterRef.clusterName });
    }
    if (isL2Cluster(node)) {
      const key = keyOf(Stack.of(node), (node as any).clusterName);
      inventory.l2Clusters.set(key, node);
      l2ClusterKeys.set(node, key);
    }
    if (!CfnResource.isCfnResource(node)) continue;
    inventory.resources.push(node);
    switch (node.cfnResourceType) {
      case ASSOCIATION: addAssociation(inventory, node); break;
      case ADDON: addAddon(inventory, node); break;
      case CLUSTER: addCluster(inventory, l2ClusterKeys, node, clusterOf(node)); break;
      case V1_CLUSTER: addCluster(inventory, l2ClusterKeys, node, v1ClusterOf(node)); break;
      case FARGATE_PROFILE: addFargateProfile(inventory, node, false); break;
      case V1_FARGATE_PROFILE: addFargateProfile(inventory, node, true); break;
      case NODEGROUP: addNodegroup(inventory, node); break;
    }
  }
  return inventory;
}

function addAssociation(inventory: Inventory, resource: CfnResource): void {
  const stack = Stack.of(resource);
  const properties = cfnStringPropertiesOf(resource, ['ClusterName', 'Namespace', 'ServiceAccount', 'RoleArn']);
  const clusterName = nameOf(properties.ClusterName);
  if (clusterName === undefined) return;
  inventory.associations.push({
    resource,
    reportOn: reportTarget(resource),
    stack,
    clusterKey: keyOf(stack, clusterName),
    clusterName,
    namespace: properties.Namespace,
    serviceAccount: properties.ServiceAccount,
    roleArn: properties.RoleArn,
    owner: 'association',
  });
}

function addAddon(inventory: Inventory, resource: CfnResource): void {
  const stack = Stack.of(resource);
  const properties = cfnPropertiesOf(resource);
  const clusterName = nameOf(properties.ClusterName);
  const addonName = stack.resolve(properties.AddonName);
  if (clusterName === undefined || typeof addonName !== 'string') return;
  const key = keyOf(stack, clusterName);
  const owner = reportTarget(resource);
  if (addonName.toLowerCase() === AGENT_ADDON) {
    inventory.clustersWithAgent.add(key);
    // A PodIdentityAgent that deploys the add-on is recorded already, as itself.
    if (!insideAgent(resource)) inventory.agents.push({ reportOn: owner, clusterKey: key, clusterName });
  }
  const associations: any[] = stack.resolve(properties.PodIdentityAssociations) ?? [];
  if (!Array.isArray(associations)) return;
  const namespace = (owner as any).namespace
    ?? stack.resolve(properties.NamespaceConfig)?.Namespace
    ?? RECOMMENDED_ADDONS.find(entry => entry.addonName === addonName)?.namespace;
  for (const association of associations) {
    inventory.associations.push({
      resource,
      reportOn: owner,
      stack,
      clusterKey: key,
      clusterName,
      namespace,
      serviceAccount: association?.ServiceAccount,
      roleArn: association?.RoleArn,
      owner: addonName,
    });
  }
}

function clusterOf(resource: CfnResource): ClusterRecord & { names: string[] } {
  const stack = Stack.of(resource);
  const properties = cfnPropertiesOf(resource);
  const name = nameOf(properties.Name);
  return {
    resource,
    names: name === undefined ? [resource.ref] : [resource.ref, name],
    version: literal(stack.resolve(properties.Version)),
    autoMode: stack.resolve(properties.ComputeConfig)?.Enabled === true,
    outposts: isSet(stack.resolve(properties.OutpostConfig)),
  };
}

// aws-eks passes `Config` to CreateCluster as is, so an override can set what its L2 does not offer.
function v1ClusterOf(resource: CfnResource): ClusterRecord & { names: string[] } {
  const stack = Stack.of(resource);
  const config = cfnPropertiesOf(resource).Config;
  const name = nameOf(isPlainRecord(config) ? config.name : undefined);
  const resolved = stack.resolve(config) ?? {};
  return {
    resource,
    names: name === undefined ? [resource.ref] : [resource.ref, name],
    version: literal(resolved.version),
    autoMode: resolved.computeConfig?.enabled === true,
    outposts: isSet(resolved.outpostConfig),
  };
}

function addCluster(inventory: Inventory, l2ClusterKeys: Map<IConstruct, string>, resource: CfnResource,
  cluster: ClusterRecord & { names: string[] }): void {
  const stack = Stack.of(resource);
  const { names, ...record } = cluster;
  const keys = names.map(name => keyOf(stack, name));
  // An L2 cluster's name is its own token: give the cluster that key too.
  const l2Key = enclosingL2Cluster(resource, l2ClusterKeys);
  if (l2Key !== undefined) keys.push(l2Key);
  for (const key of keys) {
    inventory.clusters.set(key, record);
    if (record.autoMode) inventory.clustersWithAgent.add(key);
  }
}

function addFargateProfile(inventory: Inventory, resource: CfnResource, v1: boolean): void {
  const stack = Stack.of(resource);
  const properties = cfnPropertiesOf(resource);
  const source = v1 ? (isPlainRecord(properties.Config) ? properties.Config : {}) : properties;
  const clusterName = nameOf(v1 ? source.clusterName : source.ClusterName);
  if (clusterName === undefined) return;
  const selectors: any[] = stack.resolve(v1 ? source.selectors : source.Selectors) ?? [];
  inventory.fargateProfiles.push({
    resource,
    reportOn: v1 ? profileL2(resource) : reportTarget(resource),
    clusterKey: keyOf(stack, clusterName),
    selectors: (Array.isArray(selectors) ? selectors : []).map(selector => ({
      namespace: literal(v1 ? selector?.namespace : selector?.Namespace),
      // The template has a list of { Key, Value }; the EKS API (aws-eks's Config) a map.
      labelled: hasEntries(v1 ? selector?.labels : selector?.Labels),
    })),
  });
}

function addNodegroup(inventory: Inventory, resource: CfnResource): void {
  const stack = Stack.of(resource);
  const properties = cfnPropertiesOf(resource);
  const clusterName = nameOf(properties.ClusterName);
  if (clusterName === undefined) return;
  inventory.nodegroups.push({
    resource,
    reportOn: reportTarget(resource),
    clusterKey: keyOf(stack, clusterName),
    amiType: literal(stack.resolve(properties.AmiType)),
  });
}

// Findings go on our construct around the L1 when there is one, so that its path is the familiar one.
function reportTarget(resource: CfnElement): IConstruct {
  const parent = resource.node.scope;
  return parent && resource.node.id === 'Resource' && !Stack.isStack(parent) ? parent : resource;
}

// aws-eks's FargateProfile holds a CustomResource ('Resource') that holds the L1 ('Default').
function profileL2(resource: CfnResource): IConstruct {
  const custom = resource.node.scope;
  const profile = custom?.node.scope;
  return custom?.node.id === 'Resource' && profile && !Stack.isStack(profile) ? profile : reportTarget(resource);
}

function enclosingL2Cluster(resource: IConstruct, l2ClusterKeys: Map<IConstruct, string>): string | undefined {
  for (let scope = resource.node.scope; scope; scope = scope.node.scope) {
    const key = l2ClusterKeys.get(scope);
    if (key !== undefined) return key;
  }
  return undefined;
}

function insideAgent(resource: IConstruct): boolean {
  for (let scope = resource.node.scope; scope; scope = scope.node.scope) {
    if (isMarkedAgent(scope)) return true;
  }
  return false;
}

function isL2Cluster(node: IConstruct): boolean {
  const candidate = node as any;
  return typeof candidate.clusterName === 'string' && typeof candidate.clusterArn === 'string'
    && typeof candidate.addServiceAccount === 'function';
}

// A cluster name as the keys use it: a literal, or the token string of a reference.
function nameOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function literal(value: unknown): string | undefined {
  return typeof value === 'string' && !Token.isUnresolved(value) ? value : undefined;
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && !(isPlainRecord(value) && Object.keys(value).length === 0);
}

function hasEntries(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return isPlainRecord(value) && Object.keys(value).length > 0;
}

function isPlainRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
