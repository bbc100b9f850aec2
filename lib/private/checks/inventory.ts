import { CfnElement, CfnResource, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import { IConstruct } from 'constructs';
import { RECOMMENDED_ADDONS } from '../../addon/recommended-defaults';
import { PodIdentityAgent } from '../../agent/pod-identity-agent';
import { clusterKey, clusterKeyOf } from '../registry';

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
  /** The role ARN as declared (resolve it to find the role: `{ 'Fn::GetAtt': [id, 'Arn'] }`). */
  readonly roleArn: any;
  /** `association` for AWS::EKS::PodIdentityAssociation, else the add-on name. */
  readonly owner: string;
}

/** What the checks need to know of the app, gathered in one walk of the tree. */
export interface Inventory {
  readonly associations: AssociationRecord[];
  /** Cluster keys that have an agent: declared, an `eks-pod-identity-agent` add-on, or EKS Auto Mode. */
  readonly clustersWithAgent: Set<string>;
  /** CfnCluster resources by cluster key (both of their names: the Ref token and a literal name). */
  readonly clusters: Map<string, eks.CfnCluster>;
  /** L2 clusters (aws-eks or aws-eks-v2) by cluster key. */
  readonly l2Clusters: Map<string, IConstruct>;
  readonly fargateProfiles: eks.CfnFargateProfile[];
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
    clusters: new Map(),
    l2Clusters: new Map(),
    fargateProfiles: [],
    resources: [],
  };
  for (const node of root.node.findAll()) {
    // PodIdentityAgent, in any deployment (also `none()`, which records an agent installed elsewhere).
    if (PodIdentityAgent.isPodIdentityAgent(node)) {
      inventory.clustersWithAgent.add(clusterKey(node.cluster));
    }
    if (isL2Cluster(node)) {
      inventory.l2Clusters.set(keyOf(Stack.of(node), (node as any).clusterName), node);
    }
    if (!CfnResource.isCfnResource(node)) continue;
    inventory.resources.push(node);
    const stack = Stack.of(node);
    if (node instanceof eks.CfnPodIdentityAssociation) {
      inventory.associations.push({
        resource: node,
        reportOn: reportTarget(node),
        stack,
        clusterKey: keyOf(stack, node.clusterName),
        clusterName: node.clusterName,
        namespace: node.namespace,
        serviceAccount: node.serviceAccount,
        roleArn: node.roleArn,
        owner: 'association',
      });
    } else if (node instanceof eks.CfnAddon) {
      addAddon(inventory, node, stack);
    } else if (node instanceof eks.CfnCluster) {
      inventory.clusters.set(keyOf(stack, node.ref), node);
      if (node.name) inventory.clusters.set(keyOf(stack, node.name), node);
      const compute: any = stack.resolve(node.computeConfig);
      if (compute?.enabled === true) {
        // EKS Auto Mode runs the agent itself.
        inventory.clustersWithAgent.add(keyOf(stack, node.ref));
        if (node.name) inventory.clustersWithAgent.add(keyOf(stack, node.name));
      }
    } else if (node instanceof eks.CfnFargateProfile) {
      inventory.fargateProfiles.push(node);
    }
  }
  // An L2 cluster's name is its own token: give its CfnCluster (and Auto Mode) that key too.
  for (const [key, l2] of inventory.l2Clusters) {
    const cfn = l2.node.tryFindChild('Resource');
    if (!(cfn instanceof eks.CfnCluster)) continue;
    inventory.clusters.set(key, cfn);
    if (Stack.of(cfn).resolve(cfn.computeConfig)?.enabled === true) inventory.clustersWithAgent.add(key);
  }
  return inventory;
}

function addAddon(inventory: Inventory, addon: eks.CfnAddon, stack: Stack): void {
  if (addon.addonName === 'eks-pod-identity-agent') {
    inventory.clustersWithAgent.add(keyOf(stack, addon.clusterName));
  }
  const associations: any[] = stack.resolve(addon.podIdentityAssociations) ?? [];
  if (!Array.isArray(associations)) return;
  const owner = reportTarget(addon);
  const namespace = (owner as any).namespace
    ?? stack.resolve(addon.namespaceConfig)?.namespace
    ?? RECOMMENDED_ADDONS.find(entry => entry.addonName === addon.addonName)?.namespace;
  for (const association of associations) {
    inventory.associations.push({
      resource: addon,
      reportOn: owner,
      stack,
      clusterKey: keyOf(stack, addon.clusterName),
      clusterName: addon.clusterName,
      namespace,
      serviceAccount: association.ServiceAccount ?? association.serviceAccount,
      roleArn: association.RoleArn ?? association.roleArn,
      owner: addon.addonName,
    });
  }
}

// Findings go on our construct around the L1 when there is one, so that its path is the familiar one.
function reportTarget(resource: CfnElement): IConstruct {
  const parent = resource.node.scope;
  return parent && resource.node.id === 'Resource' && !Stack.isStack(parent) ? parent : resource;
}

function isL2Cluster(node: IConstruct): boolean {
  const candidate = node as any;
  return typeof candidate.clusterName === 'string' && typeof candidate.clusterArn === 'string'
    && typeof candidate.addServiceAccount === 'function';
}
