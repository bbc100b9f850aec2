/**
 * The Kubernetes half of the chain: the service account, the pods that use it, their nodes, the
 * NetworkPolicies that select them, and the agent pod beside them.
 */
import { BlockList, isIP } from 'net';
import { PodIdentityCheck } from '../../lib/checks/check-id';
import { Association } from './chain';
import { Finding, Level, some } from './findings';
import { goProxies } from './go-proxy';
import { KubernetesClient } from './kubernetes';

const IRSA_ANNOTATION = 'eks.amazonaws.com/role-arn';
// The address and port of the agent, IPv4 and IPv6.
// Source: awsdocs/amazon-eks-user-guide latest/ug/manage-access/aws-access/pod-identities.adoc @ 0be0c9b (checked 2026-12-07)
const AGENT_IPV4 = '169.254.170.23';
const AGENT_IPV6 = 'fd00:ec2::23';
const AGENT_NAME = 'eks-pod-identity-agent';
const COMPUTE_TYPE = 'eks.amazonaws.com/compute-type';
const FULL_URI = 'AWS_CONTAINER_CREDENTIALS_FULL_URI';
// The webhook skips the containers named in this pod annotation (a CSV record), init containers included.
// Source: aws/amazon-eks-pod-identity-webhook pkg/handler/handler.go (getContainersToSkip) and pkg/annotations.go (SkipContainersAnnotation "skip-containers") @ 3bf80a348116483b2162190e43232e4d243f76c4 (checked 2026-12-07)
const SKIP_CONTAINERS = 'eks.amazonaws.com/skip-containers';

/** The agent's DaemonSets in any namespace (the add-on's, its hybrid ones, self-managed ones), their pods by node. */
export interface AgentPods {
  readonly daemonSets: any[];
  readonly byNode: Map<string, any[]>;
  /** A `cilium` DaemonSet runs in kube-system. */
  readonly cilium: boolean;
}

// The chart's DaemonSets are named, and labelled app.kubernetes.io/name, eks-pod-identity-agent, then -hybrid and
// -hybrid-bottlerocket for hybrid nodes (a release may prefix a custom name); a self-managed agent may run in any
// namespace. The image is <registry>/eks/eks-pod-identity-agent:<tag>.
// Source: aws/eks-pod-identity-agent hack/testdata/expected_eks_pod_identity_agent_hybrid_helm_template.yaml and expected_eks_pod_identity_agent_hybrid_bottlerocket_helm_template.yaml @ v0.1.37 (checked 2026-12-07)
function isAgent(daemonSet: any): boolean {
  const template = daemonSet.spec?.template;
  return [daemonSet.metadata, template?.metadata].some(meta => String(meta?.labels?.['app.kubernetes.io/name']).startsWith(AGENT_NAME))
    || (template?.spec?.containers ?? []).some((c: any) => /(^|\/)eks\/eks-pod-identity-agent([:@]|$)/.test(c.image));
}

const selectorOf = (daemonSet: any) => Object.entries(daemonSet.spec?.selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');

export async function readAgent(k8s: KubernetesClient): Promise<AgentPods> {
  const all: any[] = (await k8s.get('apis/apps/v1/daemonsets', 'list daemonsets.apps in all namespaces')).items ?? [];
  const daemonSets = all.filter(isAgent);
  const byNode = new Map<string, any[]>();
  for (const daemonSet of daemonSets) {
    const selector = selectorOf(daemonSet);
    if (!selector) continue;
    const namespace = encodeURIComponent(daemonSet.metadata?.namespace ?? 'kube-system');
    const pods = await k8s.get(`api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(selector)}`, `list pods in ${daemonSet.metadata?.namespace}`);
    for (const pod of pods.items ?? []) {
      if (pod.spec?.nodeName) byNode.set(pod.spec.nodeName, [...byNode.get(pod.spec.nodeName) ?? [], pod]);
    }
  }
  return { daemonSets, byNode, cilium: all.some(d => d.metadata?.namespace === 'kube-system' && d.metadata?.name === 'cilium') };
}

/** One finding per agent DaemonSet: ready on every node it should run on, or not. */
export function checkDaemonSets(agent: AgentPods): Finding[] {
  return agent.daemonSets.filter(d => d.status).map(d => {
    const [ready, desired] = [d.status.numberReady ?? 0, d.status.desiredNumberScheduled ?? 0];
    const subject = `DaemonSet ${d.metadata?.namespace}/${d.metadata?.name}`;
    const seen = `ready on ${ready} of ${desired} nodes`;
    return ready < desired
      ? {
        id: 'agent-unhealthy', level: 'warning' as Level, subject, seen,
        why: 'pods on a node without a ready agent get no credentials',
        fix: `kubectl -n ${d.metadata?.namespace} describe daemonset ${d.metadata?.name}; kubectl -n ${d.metadata?.namespace} logs -l ${selectorOf(d)}`,
      }
      : { id: 'agent', level: 'ok' as Level, subject, seen };
  });
}

const isReady = (pod: any) => (pod?.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
const has = (container: any, name: string) => (container.env ?? []).some((e: any) => e.name === name);
const valueOf = (container: any, name: string): string | undefined => (container.env ?? []).find((e: any) => e.name === name && typeof e.value === 'string')?.value;

/** The containers of a pod the webhook mutates: all but those its skip-containers annotation names. */
function mutated(pod: any): any[] {
  const skip = new Set(String(pod.metadata?.annotations?.[SKIP_CONTAINERS] ?? '').split(',').map(name => name.replace(/^"(.*)"$/, '$1')));
  return [...pod.spec?.initContainers ?? [], ...pod.spec?.containers ?? []].filter(c => !skip.has(c.name));
}

interface Note {
  readonly level: Level;
  readonly names: string[];
}

/** The service account and its pods, against the association. */
export async function checkKubernetes(k8s: KubernetesClient, association: Association, agent: AgentPods): Promise<Finding[]> {
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
    // With an association, EKS's webhook gives the pods it creates only the container-credential variables, even when
    // the service account also has the IRSA annotation: the annotation matters only to pods created before.
    // Source: aws/amazon-eks-pod-identity-webhook pkg/handler/handler.go (buildPodPatchConfig: "Container credentials method takes precedence") and pkg/handler/testdata/containercredentials/rawPodWithRoleArn.pod.yaml @ 3bf80a348116483b2162190e43232e4d243f76c4 (checked 2026-12-07)
    findings.push({
      id: PodIdentityCheck.IRSA_ANNOTATION, level: 'warning', subject,
      seen: `the ServiceAccount still has ${IRSA_ANNOTATION}: ${irsaRole}`,
      why: 'harmless for pods created after the association (EKS then injects only the pod identity variables); remove it',
      fix: `kubectl -n ${namespace} annotate serviceaccount ${serviceAccount} ${IRSA_ANNOTATION}-`,
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

  const notes = new Map<string, Note>();
  const note = (id: string, level: Level, name: string) => notes.set(id, { level, names: [...notes.get(id)?.names ?? [], name] });
  const blocking = new Set<string>();
  const addresses = new Set<string>();
  for (const pod of pods) {
    const name = pod.metadata?.name;
    const containers = mutated(pod);
    const lacking = containers.filter(c => !has(c, FULL_URI));
    if (containers.length > 0 && lacking.length === containers.length) note('pod-not-injected', 'error', name);
    else if (lacking.length > 0) note('container-not-injected', 'warning', `${name} (${lacking.map(c => c.name).join(', ')})`);
    // Every SDK's default chain reads static keys from the environment, then web identity, before container credentials.
    // Source: https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html (the credential provider chain order) @ the page as read (checked 2026-12-07)
    const all = [...pod.spec?.initContainers ?? [], ...pod.spec?.containers ?? []];
    const webIdentity = all.find(c => has(c, 'AWS_WEB_IDENTITY_TOKEN_FILE') || has(c, 'AWS_ROLE_ARN'));
    if (webIdentity) note('pod-other-credentials', 'error', `${name} (web identity: ${valueOf(webIdentity, 'AWS_ROLE_ARN') ?? 'a reference'})`);
    else if (all.some(c => has(c, 'AWS_ACCESS_KEY_ID'))) note('pod-other-credentials', 'error', `${name} (AWS_ACCESS_KEY_ID)`);
    if (pod.spec?.hostNetwork === true) note('host-network', 'warning', name);
    const node = nodes.get(pod.spec?.nodeName);
    const labels = node?.metadata?.labels ?? {};
    // Auto Mode runs the agent in its own nodes only (compute-type auto): its managed node groups need the agent.
    // Source: https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html @ the page as read ("You do not need to install the EKS Pod Identity Agent on EKS Auto Mode Clusters") and the chart's affinity compute-type NotIn [fargate, hybrid, auto] @ aws/eks-pod-identity-agent v0.1.37 (checked 2026-12-07)
    if (labels[COMPUTE_TYPE] === 'fargate') note('pod-on-fargate', 'error', name);
    else if (labels['kubernetes.io/os'] === 'windows') note('pod-on-windows', 'error', name);
    else if (node && labels[COMPUTE_TYPE] !== 'auto' && !(agent.byNode.get(node.metadata.name) ?? []).some(isReady)) note('agent-not-ready', 'error', name);

    const uri = containers.map(c => valueOf(c, FULL_URI)).find(Boolean);
    let url: URL | undefined;
    try {
      url = uri ? new URL(uri) : undefined;
    } catch { /* not a URL: the SDKs refuse it too */ }
    const literalEnv = (c: any) => Object.fromEntries((c.env ?? []).filter((e: any) => typeof e.value === 'string').map((e: any) => [e.name, e.value]));
    const proxied = url ? containers.filter(c => goProxies(url!, literalEnv(c))).map(c => c.name) : [];
    if (proxied.length > 0) note('proxy', 'warning', `${name} (${proxied.join(', ')})`);

    // Egress policies add up: the agent is blocked when none of those that select the pod allows it.
    const address = url?.hostname.replace(/^\[(.*)\]$/, '$1') ?? AGENT_IPV4;
    const selecting = policies.filter(policy => selects(policy, pod));
    if (selecting.length > 0 && (agent.cilium || !selecting.some(policy => (policy.spec?.egress ?? []).some((rule: any) => allowsAgent(rule, address))))) {
      note(agent.cilium ? 'network-policy-unjudged' : 'network-policy', agent.cilium ? 'info' : 'error', name);
      selecting.forEach(policy => blocking.add(policy.metadata?.name));
      addresses.add(address);
    }
  }

  const created = association.createdAt ? new Date(association.createdAt).toISOString() : undefined;
  const host = [...addresses].map(a => isIP(a) === 6 ? `${a}/128` : `${a}/32`).join(' or ') || `${AGENT_IPV4}/32`;
  const agentFix = agent.daemonSets.length > 0
    ? `kubectl -n ${agent.daemonSets[0].metadata?.namespace} get pods -o wide -l ${selectorOf(agent.daemonSets[0])}; check that the agent tolerates these nodes' taints`
    : `No agent DaemonSet found: install the ${AGENT_NAME} add-on`;
  const explain: Record<string, Omit<Finding, 'id' | 'subject' | 'seen' | 'level'> & { seen: (names: string) => string }> = {
    'pod-not-injected': {
      seen: names => `pods without ${FULL_URI}: ${names}`,
      why: `EKS injects the variables when a pod is created${created ? `; the association dates from ${created}` : ''}: older pods never get them`,
      fix: `Restart them: kubectl -n ${namespace} rollout restart deployment/<name> (or delete the pods)`,
    },
    'container-not-injected': {
      seen: names => `containers without ${FULL_URI}: ${names}`,
      why: `EKS skips the containers the pod's ${SKIP_CONTAINERS} annotation names`,
      fix: 'If they call AWS, take them out of that annotation and restart the pods',
    },
    'pod-other-credentials': {
      seen: names => `pods with other AWS credentials: ${names}`,
      why: `the SDKs read AWS_ACCESS_KEY_ID, then web identity, before pod identity: not ${association.roleArn}`,
      fix: 'Restart them (older pods keep IRSA\'s variables), or drop the variables from the pod template',
    },
    'host-network': {
      seen: names => `pods with hostNetwork: true: ${names}`,
      why: 'pods on the host network have been seen to get "EKS does not have permissions to assume the associated role" (aws/eks-pod-identity-agent#139)',
      fix: 'Run them without hostNetwork, or keep IRSA for them',
    },
    'pod-on-fargate': {
      seen: names => `pods on Fargate nodes: ${names}`,
      why: 'EKS Pod Identity does not work on Fargate',
      fix: 'Use IRSA for these pods, or change the Fargate profile so that they run on EC2 nodes',
    },
    'pod-on-windows': {
      seen: names => `pods on Windows nodes: ${names}`,
      why: 'EKS Pod Identity does not work on Windows nodes',
      fix: 'Schedule them on Linux nodes (nodeSelector kubernetes.io/os: linux), or use IRSA',
    },
    'agent-not-ready': {
      seen: names => `pods on nodes without a Ready ${AGENT_NAME} pod: ${names}`,
      why: `nothing answers at ${AGENT_IPV4} on those nodes`,
      fix: agentFix,
    },
    // Go's http.ProxyFromEnvironment (the Go v2 SDK's default transport) sends the http:// credential request to
    // HTTP_PROXY unless NO_PROXY matches; botocore, the Java v2 SDK and the JavaScript v3 SDK connect directly.
    // Source: aws/aws-sdk-go-v2 aws/transport/http/client.go (defaultHTTPTransport: Proxy: http.ProxyFromEnvironment) @ 7eb5996638dc47b11188b2c0de7a391101425dc5 and credentials/endpointcreds/internal/client/client.go (awshttp.NewBuildableClient) @ 0253c2d11de780b62677eff0622379496347f9d7 (checked 2026-12-07)
    // Source: boto/botocore botocore/utils.py (ContainerMetadataFetcher: URLLib3Session without proxies) @ 0e6e2404b (checked 2026-12-07)
    // Source: aws/aws-sdk-java-v2 core/regions/src/main/java/software/amazon/awssdk/regions/internal/util/ConnectionUtils.java (openConnection(Proxy.NO_PROXY)) @ dc8a7ccded845f40c2ef5cdd90ff72c594618dfa (checked 2026-12-07)
    // Source: none found in the EKS User Guide for the NO_PROXY advice (searched 2026-12-07): it follows from the Go behaviour above
    'proxy': {
      seen: names => `containers whose HTTP_PROXY takes the credential request (NO_PROXY as Go reads it): ${names}`,
      why: 'the AWS SDK for Go v2 sends it to the proxy, which cannot reach the agent (other SDKs do not)',
      fix: `Add ${AGENT_IPV4},${AGENT_IPV6} to NO_PROXY`,
    },
    'network-policy': {
      seen: names => `NetworkPolicies ${[...blocking].join(', ')} select pods ${names} and allow no egress to ${host} port 80`,
      why: 'the credential request is dropped: the SDK times out with no credentials',
      fix: `Allow egress to ipBlock ${host} on TCP 80`,
    },
    // Cilium does not match host-network endpoints (the agent) with ipBlock rules.
    // Source: cilium/cilium issue #34387 (checked 2026-12-07)
    'network-policy-unjudged': {
      seen: names => `NetworkPolicies ${[...blocking].join(', ')} select pods ${names}: cannot judge ipBlock rules under Cilium (host-network endpoints are not matched by ipBlock: cilium/cilium#34387)`,
    },
  };
  for (const [id, { level, names }] of notes) {
    const { seen, ...rest } = explain[id];
    findings.push({ id, level, subject, seen: seen(some(names)), ...rest });
  }
  if (notes.size === 0) findings.push({ id: 'pods', level: 'ok', subject, seen: `${pods.length} pod(s) have the variables, and nothing in their way was seen` });
  return findings;
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

function allowsAgent(rule: any, address: string): boolean {
  const portOk = !rule.ports || rule.ports.length === 0 || rule.ports.some((p: any) =>
    (p.protocol ?? 'TCP') === 'TCP' && (p.port === undefined || (typeof p.port === 'number' && p.port <= 80 && (p.endPort ?? p.port) >= 80)));
  if (!portOk) return false;
  if (!rule.to || rule.to.length === 0) return true;
  // The agent listens on the host network: pod and namespace selectors do not reach it, only ipBlock.
  return rule.to.some((peer: any) => peer.ipBlock && inCidr(address, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((cidr: string) => inCidr(address, cidr)));
}

/** Whether an IPv4 or IPv6 address is in a CIDR of the same family. */
function inCidr(address: string, cidr: string): boolean {
  const [base, bits] = String(cidr).split('/');
  const family = isIP(base);
  if (family === 0 || family !== isIP(address) || !/^\d{1,3}$/.test(bits ?? '') || Number(bits) > (family === 6 ? 128 : 32)) return false;
  const list = new BlockList();
  list.addSubnet(base, Number(bits), family === 6 ? 'ipv6' : 'ipv4');
  return list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}
