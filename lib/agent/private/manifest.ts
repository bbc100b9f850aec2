import { MANAGED_BY_LABELS } from '../../private/k8s-manifest';
import { HybridDaemonSet, hybridNodeSelectorRequirements } from './hybrid';
import { defaultNodeSelectorRequirements, omitUndefined } from './scheduling';

/** The name of the agent's DaemonSet, container and service account (the add-on's and the chart's). */
export const AGENT_NAME = 'eks-pod-identity-agent';

/** The port of the agent's health probes. */
export const AGENT_PROBE_PORT = 2703;

/** The port of the agent's Prometheus metrics. */
export const AGENT_METRICS_PORT = 2705;

/** Where agents from v0.2.1 keep the API server's token-signing keys, so a restart can validate offline. */
// Source: aws/eks-pod-identity-agent internal/validation/jwk_store.go (defaultJWKCachePath) @ 5e33c511e362a2f0bd5ad897c5f529470053e2d2 (checked 2026-12-01)
const JWK_CACHE_PATH = '/var/lib/eks-pod-identity-agent';

/** What the agent's Kubernetes manifest is rendered from; every value is already validated. */
export interface AgentManifestInput {
  readonly clusterName: string;
  readonly region: string;
  readonly image: string;
  readonly namespace: string;
  /** Extra `server` arguments, flag to value (`additionalArgs`, `-b`). */
  readonly args: { [flag: string]: string };
  /** Rendered Kubernetes tolerations; `undefined` tolerates every taint. */
  readonly tolerations?: any[];
  readonly nodeSelector?: { [label: string]: string };
  /** Rendered Kubernetes resource requirements. */
  readonly resources?: any;
  /**
   * Whether the agent validates pod tokens itself (v0.2.1 and later): its pods then mount an API token and
   * a key cache, get their node's name, and may list and watch pods. Otherwise the earlier shape, without
   * API access.
   */
  readonly localValidation: boolean;
  /** The DaemonSets for hybrid nodes, besides the one for nodes in AWS. */
  readonly hybrid: HybridDaemonSet[];
  /** Whether the containers declare the proxy port 80 (the chart's `agent.advertiseProxyPort`). */
  readonly advertiseProxyPort: boolean;
}

/**
 * The agent's Kubernetes objects, in the shape of the official `eks-pod-identity-agent` chart and add-on:
 * a ServiceAccount; from v0.2.1 a ClusterRole and ClusterRoleBinding that let it list and watch pods; and
 * the DaemonSet (hostNetwork, a privileged init container that adds the link-local addresses, probes on
 * 2703, NET_BIND_SERVICE, system-node-critical, tolerate-all, Linux amd64/arm64 nodes that are not
 * Fargate, hybrid or Auto Mode, maxUnavailable 10%), plus one DaemonSet per kind of hybrid node asked for.
 */
// Source: aws/eks-pod-identity-agent charts/eks-pod-identity-agent/templates/daemonset.yaml, templates/podlivenesscheck-rbac.yaml, values.yaml @ 492961512e5ee9d46f05817e1a2b853051b4259c (checked 2026-12-01)
// Source: aws/eks-pod-identity-agent hack/testdata/expected_eks_pod_identity_agent_pod_liveness_helm_template.yaml @ 492961512e5ee9d46f05817e1a2b853051b4259c (checked 2026-12-01)
// Source: aws/eks-pod-identity-agent hack/testdata/expected_eks_pod_identity_agent_default_helm_template.yaml (the shape before v0.2.1) @ 3aa7a9d6fec4edc239f987754e005e7928fbaf23 (checked 2026-12-01)
// Source: aws/eks-pod-identity-agent charts/eks-pod-identity-agent/templates/daemonset.yaml (nodeSelector and ports in every DaemonSet) @ v0.1.37 (checked 2026-12-07)
export function renderAgentManifest(input: AgentManifestInput): any[] {
  const labels = { ...MANAGED_BY_LABELS };
  const metadata = (name: string, namespaced = true) => omitUndefined({
    name,
    namespace: namespaced ? input.namespace : undefined,
    labels: { ...selectorLabels(AGENT_NAME), ...labels },
  });

  const serviceAccount = omitUndefined({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: metadata(AGENT_NAME),
    // Before v0.2.1 the agent does not call the Kubernetes API.
    automountServiceAccountToken: input.localValidation ? undefined : false,
  });

  // The pod watcher lists and watches the pods of its own node (a field selector RBAC cannot express),
  // to stop renewing credentials of pods that are gone.
  const podReader = `${AGENT_NAME}-pod-reader`;
  const rbac = input.localValidation ? [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: metadata(podReader, false),
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: metadata(podReader, false),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: podReader },
      subjects: [{ kind: 'ServiceAccount', name: AGENT_NAME, namespace: input.namespace }],
    },
  ] : [];

  const cloud = renderDaemonSet(input, labels, {
    name: AGENT_NAME,
    nodeSelectorRequirements: defaultNodeSelectorRequirements(),
    nodeSelector: input.nodeSelector,
    args: {},
    volumes: input.localValidation ? [{ name: 'jwk-cache', emptyDir: {} }] : [],
    volumeMounts: input.localValidation ? [{ name: 'jwk-cache', mountPath: JWK_CACHE_PATH }] : [],
  });

  const hybrid = input.hybrid.map(daemonSet => renderDaemonSet(input, labels, {
    name: `${AGENT_NAME}-${daemonSet.key}`,
    nodeSelectorRequirements: hybridNodeSelectorRequirements(daemonSet),
    // The chart's top-level nodeSelector goes into every DaemonSet it renders, the hybrid ones included.
    nodeSelector: input.nodeSelector,
    // The agent reads the node's credentials from the file the node's bootstrap keeps fresh.
    args: { '--rotate-credentials': 'true' },
    volumes: [{ name: 'aws-credentials', hostPath: { path: daemonSet.credentialsHostPath, type: 'Directory' } }],
    volumeMounts: [{ name: 'aws-credentials', mountPath: '/root/.aws', readOnly: true }],
    // Bottlerocket enforces SELinux: spc_t lets the container read the mounted host path.
    seLinuxOptions: daemonSet.bottlerocket ? { type: 'spc_t' } : undefined,
  }));

  return [serviceAccount, ...rbac, cloud, ...hybrid];
}

/** What differs between the agent's DaemonSets. */
interface DaemonSetVariant {
  readonly name: string;
  readonly nodeSelectorRequirements: any[];
  readonly nodeSelector?: { [label: string]: string };
  /** `server` arguments of this DaemonSet only, after the shared ones. */
  readonly args: { [flag: string]: string };
  readonly volumes: any[];
  readonly volumeMounts: any[];
  readonly seLinuxOptions?: any;
}

function selectorLabels(name: string): { [key: string]: string } {
  return { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': AGENT_NAME };
}

function renderDaemonSet(input: AgentManifestInput, labels: { [key: string]: string }, variant: DaemonSetVariant): any {
  // Each DaemonSet selects its own pods: a selector that matched another DaemonSet's pods would fight over them.
  const selector = selectorLabels(variant.name);
  const serverArgs = [
    '--port', '80',
    '--cluster-name', input.clusterName,
    '--probe-port', String(AGENT_PROBE_PORT),
    '--metrics-port', String(AGENT_METRICS_PORT),
    ...Object.entries({ ...input.args, ...variant.args }).flatMap(([flag, value]) => [flag, value]),
  ];

  const probe = (path: string, initialDelaySeconds: number, failureThreshold: number) => ({
    httpGet: { host: 'localhost', path, port: 'probes-port', scheme: 'HTTP' },
    initialDelaySeconds,
    timeoutSeconds: 10,
    failureThreshold,
  });

  const env: any[] = [{ name: 'AWS_REGION', value: input.region }];
  // The pod watcher of v0.2.1 and later watches the pods of the node it runs on.
  if (input.localValidation) env.push({ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } });

  // The chart declares the proxy port for every agent version (agent.advertiseProxyPort, true by default).
  // Source: aws/eks-pod-identity-agent charts/eks-pod-identity-agent/values.yaml (agent.advertiseProxyPort: true), templates/daemonset.yaml @ v0.1.37 and @ 2b8e78c (checked 2026-12-07)
  const ports = [
    ...input.advertiseProxyPort ? [{ name: 'proxy', containerPort: 80, protocol: 'TCP' }] : [],
    { name: 'probes-port', containerPort: AGENT_PROBE_PORT, protocol: 'TCP' },
    { name: 'metrics', containerPort: AGENT_METRICS_PORT, protocol: 'TCP' },
  ];

  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: variant.name, namespace: input.namespace, labels: { ...selector, ...labels } },
    spec: {
      selector: { matchLabels: { ...selector } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } },
      template: {
        metadata: { labels: { ...selector } },
        spec: omitUndefined({
          serviceAccountName: AGENT_NAME,
          // From v0.2.1 the agent reads the API server's token-signing keys (and watches pods) with its token.
          automountServiceAccountToken: input.localValidation,
          hostNetwork: true,
          priorityClassName: 'system-node-critical',
          terminationGracePeriodSeconds: 30,
          tolerations: input.tolerations ?? [{ operator: 'Exists' }],
          nodeSelector: variant.nodeSelector && Object.keys(variant.nodeSelector).length > 0 ? { ...variant.nodeSelector } : undefined,
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchExpressions: variant.nodeSelectorRequirements }],
              },
            },
          },
          initContainers: [{
            name: `${AGENT_NAME}-init`,
            image: input.image,
            imagePullPolicy: 'IfNotPresent',
            // Adds the link `pod-id-link0` with 169.254.170.23/32 and fd00:ec2::23/128 and their routes.
            command: ['/go-runner', '/eks-pod-identity-agent', 'initialize'],
            securityContext: { privileged: true },
          }],
          containers: [omitUndefined({
            name: AGENT_NAME,
            image: input.image,
            imagePullPolicy: 'IfNotPresent',
            command: ['/go-runner', '/eks-pod-identity-agent', 'server'],
            args: serverArgs,
            ports,
            env,
            volumeMounts: variant.volumeMounts.length > 0 ? variant.volumeMounts : undefined,
            // Port 80 on the link-local addresses.
            securityContext: omitUndefined({ capabilities: { add: ['NET_BIND_SERVICE'] }, seLinuxOptions: variant.seLinuxOptions }),
            resources: input.resources && Object.keys(input.resources).length > 0 ? input.resources : undefined,
            livenessProbe: probe('/healthz', 30, 3),
            readinessProbe: probe('/readyz', 1, 30),
          })],
          volumes: variant.volumes.length > 0 ? variant.volumes : undefined,
        }),
      },
    },
  };
}
