/**
 * What the cluster itself says about pod identity: its state and versions, the region, Auto Mode, the agent
 * add-on, Fargate profiles and Windows node groups.
 */
import { PodIdentityCheck } from '../../lib/checks/check-id';
import { AwsCallError, AwsClient } from './aws';
import { ClusterFacts, simulate } from './chain';
import { Finding, some } from './findings';

export interface ClusterInfo extends ClusterFacts {
  readonly status?: string;
  readonly version?: string;
  readonly platformVersion?: string;
  readonly endpoint?: string;
  readonly caData?: string;
  readonly autoMode: boolean;
}

export async function describeCluster(aws: AwsClient, name: string): Promise<ClusterInfo> {
  const data = await aws.eks('DescribeCluster', `clusters/${encodeURIComponent(name)}`);
  const c = data.cluster ?? {};
  const arn = String(c.arn ?? `arn:aws:eks:${aws.region}::cluster/${name}`);
  return {
    name,
    arn,
    account: arn.split(':')[4],
    partition: arn.split(':')[1],
    status: c.status,
    version: c.version,
    platformVersion: c.platformVersion,
    endpoint: c.endpoint,
    caData: c.certificateAuthority?.data,
    autoMode: c.computeConfig?.enabled === true,
  };
}

// Pod identity needs these platform versions or later; Kubernetes versions after the table all have it, and
// 1.24 is the first with it.
// Source: awsdocs/amazon-eks-user-guide latest/ug/manage-access/aws-access/pod-identities.adoc @ 0be0c9b (1.26 eks.9, 1.27 eks.8, 1.28 eks.4; later versions all) (checked 2026-12-07)
// Source: the same page @ ff45201 (1.24 eks.13, 1.25 eks.10), as recorded in /work/shared/FACTS.md (checked 2026-12-07)
const MINIMUM_PLATFORM: Record<string, number> = { '1.24': 13, '1.25': 10, '1.26': 9, '1.27': 8, '1.28': 4 };

/** Status, Kubernetes and platform version, region, Auto Mode. */
export function checkClusterBasics(cluster: ClusterInfo): Finding[] {
  const findings: Finding[] = [];
  const subject = `cluster ${cluster.name}`;
  // EKS Pod Identity is not available in China (aws-cn) and the isolated partitions.
  // Source: FACTS.md "Where pod identity works" (the China EKS guide; GovCloud lists eks-auth endpoints) (checked 2026-12-07)
  if (cluster.partition === 'aws-cn' || cluster.partition.startsWith('aws-iso')) {
    findings.push({
      id: PodIdentityCheck.UNSUPPORTED_REGION, level: 'error', subject,
      seen: `the cluster is in partition ${cluster.partition}`,
      why: 'EKS Pod Identity is not offered there: there is no EKS Auth to trade tokens with',
      fix: 'Use IAM roles for service accounts (IRSA) in this partition',
    });
  }
  if (cluster.status && cluster.status !== 'ACTIVE') {
    findings.push({
      id: 'cluster-status', level: cluster.status === 'FAILED' || cluster.status === 'DELETING' ? 'error' : 'warning', subject,
      seen: `the cluster is ${cluster.status}`,
      why: 'associations and the agent add-on change only on an ACTIVE cluster',
      fix: 'Wait for ACTIVE (aws eks wait cluster-active), or fix the failed update first',
    });
  }
  const [major, minor] = (cluster.version ?? '').split('.').map(Number);
  const platform = Number(/^eks\.(\d+)$/.exec(cluster.platformVersion ?? '')?.[1]);
  const minimum = MINIMUM_PLATFORM[cluster.version ?? ''];
  if (major === 1 && minor < 24) {
    findings.push({
      id: PodIdentityCheck.KUBERNETES_VERSION, level: 'error', subject,
      seen: `Kubernetes ${cluster.version}`,
      why: 'EKS Pod Identity needs Kubernetes 1.24 or later: the pods get no injected variables',
      fix: 'Upgrade the cluster, or keep IRSA until then',
    });
  } else if (minimum !== undefined && Number.isFinite(platform) && platform < minimum) {
    findings.push({
      id: 'platform-version', level: 'error', subject,
      seen: `Kubernetes ${cluster.version} on platform ${cluster.platformVersion}`,
      why: `EKS Pod Identity on ${cluster.version} needs platform eks.${minimum} or later`,
      fix: 'EKS updates the platform version by itself; or upgrade the Kubernetes version',
    });
  } else if (cluster.version) {
    findings.push({ id: 'cluster', level: 'ok', subject, seen: `${cluster.status ?? 'status unknown'}, Kubernetes ${cluster.version} ${cluster.platformVersion ?? ''}`.trim() });
  }
  if (cluster.autoMode) {
    // Auto Mode's own nodes have the agent built in; other nodes of the cluster (managed node groups) still need it.
    // Source: awsdocs/amazon-eks-user-guide latest/ug/manage-access/aws-access/pod-identities.adoc @ 0be0c9b (checked 2026-12-07)
    findings.push({ id: 'auto-mode', level: 'info', subject, seen: 'EKS Auto Mode is on: its nodes have the agent built in; other nodes need the agent' });
  }
  return findings;
}

export interface AddonState {
  readonly present: boolean;
  readonly finding?: Finding;
}

const AGENT_ADDON = 'eks-pod-identity-agent';

/** The managed agent add-on: absent, degraded, or active. */
export async function checkAgentAddon(aws: AwsClient, cluster: ClusterInfo): Promise<AddonState> {
  const data = await aws.eks('DescribeAddon', `clusters/${encodeURIComponent(cluster.name)}/addons/${AGENT_ADDON}`, true);
  if (!data) return { present: false };
  const addon = data.addon ?? {};
  const issues: any[] = addon.health?.issues ?? [];
  const subject = `add-on ${AGENT_ADDON}`;
  if (addon.status !== 'ACTIVE' || issues.length > 0) {
    // CREATING and UPDATING pass: the agent of the version before keeps serving during an update.
    // Source: https://docs.aws.amazon.com/eks/latest/APIReference/API_Addon.html (status: CREATING | ACTIVE | CREATE_FAILED | UPDATING | DELETING | DELETE_FAILED | DEGRADED | UPDATE_FAILED) @ API 2017-11-01 (checked 2026-12-07)
    const passing = (addon.status === 'CREATING' || addon.status === 'UPDATING') && issues.length === 0;
    return {
      present: true,
      finding: {
        id: 'agent-unhealthy', level: passing ? 'warning' : 'error', subject,
        seen: `${addon.addonVersion ?? 'version unknown'} is ${addon.status ?? 'in an unknown state'}${issues.length ? `: ${issues.map(i => `${i.code}: ${i.message}`).join('; ')}` : ''}`,
        why: 'without a running agent, nothing answers at 169.254.170.23: the pods get no credentials',
        fix: `aws eks describe-addon --cluster-name ${cluster.name} --addon-name ${AGENT_ADDON}; then fix the issues, or update it with --resolve-conflicts OVERWRITE`,
      },
    };
  }
  return { present: true, finding: { id: 'agent', level: 'ok', subject, seen: `${addon.addonVersion} is ACTIVE` } };
}

/** A Fargate selector's namespace pattern (`*` and `?` wildcards) against a namespace. */
function matches(pattern: string, value: string): boolean {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(value);
}

/** Fargate profiles whose selectors take the namespaces of associations. */
export async function checkFargate(aws: AwsClient, cluster: ClusterInfo, namespaces: ReadonlySet<string>): Promise<Finding[]> {
  const base = `clusters/${encodeURIComponent(cluster.name)}/fargate-profiles`;
  const names = await pages(aws, 'ListFargateProfiles', base, 'fargateProfileNames');
  const findings: Finding[] = [];
  for (const name of names) {
    const profile = (await aws.eks('DescribeFargateProfile', `${base}/${encodeURIComponent(name)}`)).fargateProfile ?? {};
    for (const selector of profile.selectors ?? []) {
      const taken = [...namespaces].filter(ns => matches(String(selector.namespace ?? ''), ns));
      if (taken.length === 0) continue;
      const labelled = selector.labels && Object.keys(selector.labels).length > 0;
      findings.push({
        id: labelled ? PodIdentityCheck.FARGATE_PROFILE : PodIdentityCheck.FARGATE_CLUSTER,
        level: labelled ? 'warning' : 'error',
        subject: `Fargate profile ${name}`,
        seen: `selector namespace ${selector.namespace}${labelled ? ` with labels ${JSON.stringify(selector.labels)}` : ''} takes ${taken.join(', ')}`,
        why: 'EKS Pod Identity does not work on Fargate: pods scheduled there get no credentials',
        fix: 'Use IRSA for pods on Fargate, or narrow the profile\'s selectors so that these pods run on EC2 nodes',
      });
    }
  }
  return findings;
}

export interface NodeGroup {
  readonly name: string;
  readonly amiType?: string;
  readonly nodeRole?: string;
}

/** The cluster's managed node groups, each described once. */
export async function describeNodeGroups(aws: AwsClient, cluster: ClusterInfo): Promise<NodeGroup[]> {
  const base = `clusters/${encodeURIComponent(cluster.name)}/node-groups`;
  const groups: NodeGroup[] = [];
  for (const name of await pages(aws, 'ListNodegroups', base, 'nodegroups')) {
    const group = (await aws.eks('DescribeNodegroup', `${base}/${encodeURIComponent(name)}`)).nodegroup ?? {};
    groups.push({ name, amiType: group.amiType, nodeRole: group.nodeRole });
  }
  return groups;
}

/** Managed node groups with a Windows AMI type. */
export function checkWindowsNodeGroups(cluster: ClusterInfo, groups: readonly NodeGroup[]): Finding[] {
  const windows = groups.filter(group => String(group.amiType ?? '').startsWith('WINDOWS')).map(group => `${group.name} (${group.amiType})`);
  return windows.length === 0 ? [] : [{
    id: PodIdentityCheck.WINDOWS_NODES, level: 'warning', subject: `cluster ${cluster.name}`,
    seen: `Windows node groups: ${windows.join(', ')}`,
    why: 'EKS Pod Identity does not work on Windows nodes: pods scheduled there get no credentials',
    fix: 'Keep pods that need AWS credentials on Linux nodes, or use IRSA for them',
  }];
}

// The agent calls EKS Auth with the node's role, which needs eks-auth:AssumeRoleForPodIdentity (AmazonEKSWorkerNodePolicy
// grants it); the action's resource is the cluster.
// Source: https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html ("The node role has permissions for the agent to do the AssumeRoleForPodIdentity action") @ the page as read (checked 2026-12-07)
// Source: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneksauth.html (AssumeRoleForPodIdentity, resource type cluster) @ the page as read (checked 2026-12-07)
const ASSUME_FOR_POD = 'eks-auth:AssumeRoleForPodIdentity';

/** The node role of each managed node group, simulated for eks-auth:AssumeRoleForPodIdentity on the cluster. */
export async function checkNodeRoles(aws: AwsClient, cluster: ClusterInfo, groups: readonly NodeGroup[]): Promise<Finding[]> {
  const byRole = new Map<string, string[]>();
  for (const group of groups) if (group.nodeRole) byRole.set(group.nodeRole, [...byRole.get(group.nodeRole) ?? [], group.name]);
  const findings: Finding[] = [];
  for (const [role, names] of byRole) {
    const subject = `node role ${role}`;
    let result;
    try {
      [result] = await simulate(aws, role, [ASSUME_FOR_POD], cluster.arn);
    } catch (error) {
      if (!(error instanceof AwsCallError) || !/AccessDenied/.test(error.code)) throw error;
      findings.push({ id: 'node-role', level: 'info', subject, seen: `not checked: iam:SimulatePrincipalPolicy was denied (node groups ${some(names)})` });
      continue;
    }
    const groups = `node groups ${some(names)}`;
    if (result?.decision === 'allowed') {
      findings.push({ id: 'node-role', level: 'ok', subject, seen: `may call ${ASSUME_FOR_POD} (${groups})` });
    } else if (result?.missing.length) {
      findings.push({ id: 'node-role', level: 'info', subject, seen: `may call ${ASSUME_FOR_POD} only under conditions on ${result.missing.join(', ')} (${groups})` });
    } else {
      findings.push({
        id: 'node-role', level: 'error', subject,
        seen: `may not call ${ASSUME_FOR_POD} on ${cluster.arn} (${result?.decision}; ${groups})`,
        why: 'the agent on these nodes asks EKS Auth with the node role: refused, no pod there gets credentials',
        fix: `Attach arn:${cluster.partition}:iam::aws:policy/AmazonEKSWorkerNodePolicy to the node role, or allow ${ASSUME_FOR_POD}`,
      });
    }
  }
  return findings;
}

async function pages(aws: AwsClient, call: string, path: string, field: string): Promise<string[]> {
  const all: string[] = [];
  let nextToken: string | undefined;
  do {
    const data = await aws.eks(call, `${path}${nextToken ? `?nextToken=${encodeURIComponent(nextToken)}` : ''}`);
    all.push(...(data[field] ?? []));
    nextToken = data.nextToken || undefined;
  } while (nextToken);
  return all;
}
