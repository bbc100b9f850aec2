/**
 * The Kubernetes half of the chain: the service account, the pods that use it, their nodes, the
 * NetworkPolicies that select them, and the agent pod beside them.
 */
import { PodIdentityCheck } from '../../lib/checks/check-id';
import { bypassesProxy } from '../eks-auth/proxy';
import { Association } from './chain';
import { Finding, some } from './findings';
import { KubernetesClient } from './kubernetes';

const IRSA_ANNOTATION = 'eks.amazonaws.com/role-arn';
// The address and port of the agent, IPv4 and IPv6.
// Source: awsdocs/amazon-eks-user-guide latest/ug/manage-access/aws-access/pod-identities.adoc @ 0be0c9b (checked 2026-12-07)
const AGENT_IPV4 = '169.254.170.23';
const AGENT_IPV6 = 'fd00:ec2::23';
const AGENT_NAME = 'eks-pod-identity-agent';
const COMPUTE_TYPE = 'eks.amazonaws.com/compute-type';

/** The agent DaemonSet in kube-system (the add-on's or a self-managed one) and its pods by node. */
export interface AgentPods {
  readonly daemonSet?: any;
  readonly byNode: Map<string, any>;
}

export async function readAgent(k8s: KubernetesClient): Promise<AgentPods> {
  const daemonSet = await k8s.get(`apis/apps/v1/namespaces/kube-system/daemonsets/${AGENT_NAME}`, 'get daemonsets.apps in kube-system', true);
  const byNode = new Map<string, any>();
  const labels = daemonSet?.spec?.selector?.matchLabels;
  if (labels) {
    const selector = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
    const pods = await k8s.get(`api/v1/namespaces/kube-system/pods?labelSelector=${encodeURIComponent(selector)}`, 'list pods in kube-system');
    for (const pod of pods.items ?? []) if (pod.spec?.nodeName) byNode.set(pod.spec.nodeName, pod);
  }
  return { daemonSet, byNode };
}

export function checkDaemonSet(agent: AgentPods): Finding | undefined {
  const status = agent.daemonSet?.status;
  if (!status) return undefined;
  const [ready, desired] = [status.numberReady ?? 0, status.desiredNumberScheduled ?? 0];
  return ready < desired
    ? {
      id: 'agent-unhealthy', level: 'warning', subject: `DaemonSet kube-system/${AGENT_NAME}`,
      seen: `ready on ${ready} of ${desired} nodes`,
      why: 'pods on a node without a ready agent get no credentials',
      fix: `kubectl -n kube-system describe daemonset ${AGENT_NAME}; kubectl -n kube-system logs -l ${Object.entries(agent.daemonSet.spec?.selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',')}`,
    }
    : { id: 'agent', level: 'ok', subject: `DaemonSet kube-system/${AGENT_NAME}`, seen: `ready on ${ready} of ${desired} nodes` };
}

const isReady = (pod: any) => (pod?.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');

/** The service account and its pods, against the association. */
export async function checkKubernetes(k8s: KubernetesClient, association: Association, agent: AgentPods, autoMode: boolean): Promise<Finding[]> {
  const { namespace, serviceAccount } = association;
  const subject = `${namespace}/${serviceAccount}`;
  const findings: Finding[] = [];
  const sa = await k8s.get(`api/v1/namespaces/${encodeURIComponent(namespace)}/serviceaccounts/${encodeURIComponent(serviceAccount)}`, `get serviceaccounts in ${namespace}`, true);
  if (!sa) {
    findings.push({
      id: 'service-account-missing', level: 'error', subject,
      seen: 'the ServiceAccount does not exist',
      why: 'the association is for a service account no pod can use until it exists',
      fix: `kubectl -n ${namespace} create serviceaccount ${serviceAccount}, then start the pods with serviceAccountName: ${serviceAccount}`,
    });
    return findings;
  }
  const irsaRole = sa.metadata?.annotations?.[IRSA_ANNOTATION];
  if (irsaRole) {
    // The webhook injects AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE, and every SDK's default chain tries web
    // identity before the container credentials of pod identity.
    // Source: https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html (the credential provider chain order) @ the page as read (checked 2026-12-07)
    findings.push({
      id: PodIdentityCheck.IRSA_ANNOTATION, level: 'error', subject,
      seen: `the ServiceAccount still has ${IRSA_ANNOTATION}: ${irsaRole}`,
      why: `the SDKs' default chain tries web identity (IRSA) first: the pods get ${irsaRole}, not the association's ${association.roleArn}`,
      fix: `kubectl -n ${namespace} annotate serviceaccount ${serviceAccount} ${IRSA_ANNOTATION}-, then restart the pods`,
    });
  }

  const list = await k8s.get(`api/v1/namespaces/${encodeURIComponent(namespace)}/pods?fieldSelector=${encodeURIComponent(`spec.serviceAccountName=${serviceAccount}`)}`, `list pods in ${namespace}`);
  const pods: any[] = (list.items ?? []).filter((pod: any) => (pod.spec?.serviceAccountName ?? 'default') === serviceAccount && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed');
  if (pods.length === 0) {
    findings.push({ id: 'pods', level: 'info', subject, seen: 'no running pod uses this service account' });
    return findings;
  }
  const nodes = new Map<string, any>();
  for (const name of new Set(pods.map(pod => pod.spec?.nodeName).filter(Boolean))) {
    nodes.set(name, await k8s.get(`api/v1/nodes/${encodeURIComponent(name)}`, 'get nodes', true));
  }
  const policies: any[] = (await k8s.get(`apis/networking.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/networkpolicies`, `list networkpolicies.networking.k8s.io in ${namespace}`)).items ?? [];

  const by = new Map<string, string[]>();
  const note = (id: string, pod: any) => by.set(id, [...(by.get(id) ?? []), pod.metadata?.name]);
  const blocking = new Set<string>();
  for (const pod of pods) {
    const containers: any[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
    const env = (c: any) => Object.fromEntries((c.env ?? []).filter((e: any) => typeof e.value === 'string').map((e: any) => [e.name, e.value]));
    if (containers.some(c => !(c.env ?? []).some((e: any) => e.name === 'AWS_CONTAINER_CREDENTIALS_FULL_URI'))) note('pod-not-injected', pod);
    if (pod.spec?.hostNetwork === true) note('host-network', pod);
    const node = nodes.get(pod.spec?.nodeName);
    const labels = node?.metadata?.labels ?? {};
    if (labels[COMPUTE_TYPE] === 'fargate') note('pod-on-fargate', pod);
    else if (labels['kubernetes.io/os'] === 'windows') note('pod-on-windows', pod);
    else if (node && labels[COMPUTE_TYPE] !== 'auto' && !autoMode) {
      const agentPod = agent.byNode.get(node.metadata.name);
      if (!agentPod || !isReady(agentPod)) note('agent-not-ready', pod);
    }
    if (containers.some(c => proxied(env(c)))) note('proxy', pod);
    // Egress policies add up: the agent is blocked when none of those that select the pod allows it.
    const selecting = policies.filter(policy => selects(policy, pod));
    if (selecting.length > 0 && !selecting.some(policy => (policy.spec?.egress ?? []).some(allowsAgent))) {
      note('network-policy', pod);
      selecting.forEach(policy => blocking.add(policy.metadata?.name));
    }
  }

  const created = association.createdAt ? new Date(association.createdAt).toISOString() : undefined;
  const explain: Record<string, Omit<Finding, 'id' | 'subject' | 'seen'> & { seen: (names: string) => string }> = {
    'pod-not-injected': {
      level: 'error',
      seen: names => `pods without AWS_CONTAINER_CREDENTIALS_FULL_URI: ${names}`,
      why: `EKS injects the variables when a pod is created${created ? `; the association dates from ${created}` : ''}: pods created before it (or before the service account was set) never get them`,
      fix: `Restart them: kubectl -n ${namespace} rollout restart deployment/<name> (or delete the pods)`,
    },
    'host-network': {
      level: 'warning',
      seen: names => `pods with hostNetwork: true: ${names}`,
      why: 'pods on the host network have been seen to get "EKS does not have permissions to assume the associated role" (aws/eks-pod-identity-agent#139), and they also reach the node\'s instance role through IMDS',
      fix: 'Run them without hostNetwork, or keep IRSA for them',
    },
    'pod-on-fargate': {
      level: 'error',
      seen: names => `pods on Fargate nodes: ${names}`,
      why: 'EKS Pod Identity does not work on Fargate',
      fix: 'Use IRSA for these pods, or change the Fargate profile so that they run on EC2 nodes',
    },
    'pod-on-windows': {
      level: 'error',
      seen: names => `pods on Windows nodes: ${names}`,
      why: 'EKS Pod Identity does not work on Windows nodes',
      fix: 'Schedule them on Linux nodes (nodeSelector kubernetes.io/os: linux), or use IRSA',
    },
    'agent-not-ready': {
      level: 'error',
      seen: names => `pods on nodes without a Ready ${AGENT_NAME} pod: ${names}`,
      why: `nothing answers at ${AGENT_IPV4} on those nodes`,
      fix: `kubectl -n kube-system get pods -o wide -l app.kubernetes.io/name=${AGENT_NAME}; check that the agent tolerates these nodes' taints`,
    },
    'proxy': {
      level: 'error',
      seen: names => `pods with HTTP(S)_PROXY whose NO_PROXY leaves out ${AGENT_IPV4} or ${AGENT_IPV6}: ${names}`,
      why: 'the SDK sends the credential request to the proxy, which cannot reach the node-local agent',
      fix: `Add ${AGENT_IPV4},${AGENT_IPV6} to NO_PROXY and no_proxy in these containers`,
    },
    'network-policy': {
      level: 'error',
      seen: names => `NetworkPolicies ${[...blocking].join(', ')} select pods ${names} and allow no egress to ${AGENT_IPV4}/32 port 80`,
      why: 'the credential request to the agent is dropped: the SDK times out with no credentials',
      fix: `Allow egress to ipBlock ${AGENT_IPV4}/32 on TCP 80 (Cilium: toEntities host)`,
    },
  };
  for (const [id, names] of by) {
    const { seen, ...rest } = explain[id];
    findings.push({ id, subject, seen: seen(some(names)), ...rest });
  }
  if (by.size === 0) findings.push({ id: 'pods', level: 'ok', subject, seen: `${pods.length} pod(s) have the variables, and nothing in their way was seen` });
  return findings;
}

/** Whether a container's proxy settings send requests for the agent to a proxy. */
function proxied(env: Record<string, string>): boolean {
  const has = (name: string) => env[name] ?? env[name.toLowerCase()];
  if (!has('HTTP_PROXY') && !has('HTTPS_PROXY')) return false;
  // Some tools use HTTPS_PROXY for every request: the agent's addresses must be in NO_PROXY either way.
  // A bare IPv6 address in NO_PROXY (fd00:ec2::23) is one host, not a host and a port.
  const noProxy = (has('NO_PROXY') ?? '').split(',').map(entry => entry.trim()).map(entry => /^[^[\]]*:.*:/.test(entry) ? `[${entry}]` : entry).join(',');
  const all = { http_proxy: has('HTTP_PROXY') ?? has('HTTPS_PROXY'), no_proxy: noProxy };
  return [`http://${AGENT_IPV4}/`, `http://[${AGENT_IPV6}]/`].some(url => !bypassesProxy(new URL(url), all));
}

function selectorMatches(selector: any, labels: Record<string, string>): boolean {
  if (!selector) return true;
  const exact = Object.entries<string>(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const expressions = (selector.matchExpressions ?? []).every((e: any) => {
    const values: string[] = e.values ?? [];
    switch (e.operator) {
      case 'In': return values.includes(labels[e.key]);
      case 'NotIn': return !values.includes(labels[e.key]);
      case 'Exists': return e.key in labels;
      case 'DoesNotExist': return !(e.key in labels);
      default: return false;
    }
  });
  return exact && expressions;
}

function selects(policy: any, pod: any): boolean {
  const spec = policy.spec ?? {};
  const egress = spec.policyTypes ? spec.policyTypes.includes('Egress') : spec.egress !== undefined;
  return egress && selectorMatches(spec.podSelector, pod.metadata?.labels ?? {});
}

function allowsAgent(rule: any): boolean {
  const portOk = !rule.ports || rule.ports.length === 0 || rule.ports.some((p: any) =>
    (p.protocol ?? 'TCP') === 'TCP' && (p.port === undefined || (typeof p.port === 'number' && p.port <= 80 && (p.endPort ?? p.port) >= 80)));
  if (!portOk) return false;
  if (!rule.to || rule.to.length === 0) return true;
  // The agent listens on the host network: pod and namespace selectors do not reach it, only ipBlock.
  return rule.to.some((peer: any) => peer.ipBlock && inCidr(AGENT_IPV4, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((cidr: string) => inCidr(AGENT_IPV4, cidr)));
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = String(cidr).split('/');
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(base)) return false;
  const toInt = (address: string) => address.split('.').reduce((n, part) => n * 256 + Number(part), 0);
  const size = Number(bits ?? 32);
  const mask = size === 0 ? 0 : 2 ** 32 - 2 ** (32 - size);
  return (toInt(ip) & mask) >>> 0 === (toInt(base) & mask) >>> 0;
}
