import { stringify } from 'yaml';
import { defaultNodeSelectorRequirements, omitUndefined } from './scheduling';

/** The name of the agent's DaemonSet, container and service account (the add-on's and the chart's). */
export const AGENT_NAME = 'eks-pod-identity-agent';

/** The port of the agent's health probes. */
export const AGENT_PROBE_PORT = 2703;

/** The port of the agent's Prometheus metrics. */
export const AGENT_METRICS_PORT = 2705;

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
}

/**
 * The agent's Kubernetes objects: a ServiceAccount with no token and the DaemonSet, in the shape of the
 * official `eks-pod-identity-agent` chart and add-on (hostNetwork, a privileged init container that
 * adds the link-local addresses, probes on 2703, NET_BIND_SERVICE, system-node-critical, tolerate-all,
 * Linux amd64/arm64 nodes that are not Fargate, hybrid or Auto Mode, maxUnavailable 10%).
 */
export function renderAgentManifest(input: AgentManifestInput): any[] {
  const labels = {
    'app.kubernetes.io/name': AGENT_NAME,
    'app.kubernetes.io/instance': AGENT_NAME,
  };
  const metadataLabels = { ...labels, 'app.kubernetes.io/managed-by': 'cdk-eks-pod-identity' };

  const serviceAccount = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: AGENT_NAME, namespace: input.namespace, labels: metadataLabels },
    // The agent does not call the Kubernetes API.
    automountServiceAccountToken: false,
  };

  const serverArgs = [
    '--port', '80',
    '--cluster-name', input.clusterName,
    '--probe-port', String(AGENT_PROBE_PORT),
    '--metrics-port', String(AGENT_METRICS_PORT),
    ...Object.entries(input.args).flatMap(([flag, value]) => [flag, value]),
  ];

  const probe = (path: string, initialDelaySeconds: number, failureThreshold: number) => ({
    httpGet: { host: 'localhost', path, port: 'probes-port', scheme: 'HTTP' },
    initialDelaySeconds,
    timeoutSeconds: 10,
    failureThreshold,
  });

  const daemonSet = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: AGENT_NAME, namespace: input.namespace, labels: metadataLabels },
    spec: {
      selector: { matchLabels: { ...labels } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } },
      template: {
        metadata: { labels: { ...labels } },
        spec: omitUndefined({
          serviceAccountName: AGENT_NAME,
          automountServiceAccountToken: false,
          hostNetwork: true,
          priorityClassName: 'system-node-critical',
          terminationGracePeriodSeconds: 30,
          tolerations: input.tolerations ?? [{ operator: 'Exists' }],
          nodeSelector: input.nodeSelector && Object.keys(input.nodeSelector).length > 0 ? { ...input.nodeSelector } : undefined,
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchExpressions: defaultNodeSelectorRequirements() }],
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
            ports: [
              { name: 'probes-port', containerPort: AGENT_PROBE_PORT, protocol: 'TCP' },
              { name: 'metrics', containerPort: AGENT_METRICS_PORT, protocol: 'TCP' },
            ],
            env: [{ name: 'AWS_REGION', value: input.region }],
            // Port 80 on the link-local addresses.
            securityContext: { capabilities: { add: ['NET_BIND_SERVICE'] } },
            resources: input.resources && Object.keys(input.resources).length > 0 ? input.resources : undefined,
            livenessProbe: probe('/healthz', 30, 3),
            readinessProbe: probe('/readyz', 1, 30),
          })],
        }),
      },
    },
  };

  return [serviceAccount, daemonSet];
}

/**
 * The objects as one multi-document YAML stream (`---` between documents), in YAML 1.1 so that
 * Kubernetes' parser reads every string as a string (`"on"`, `"0755"` are quoted), without line folding
 * or anchors.
 */
export function toYamlStream(objects: any[]): string {
  return objects
    .map(object => stringify(object, { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false }))
    .join('---\n');
}
