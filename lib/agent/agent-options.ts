/**
 * How a toleration of the agent matches a taint.
 */
export enum AgentTolerationOperator {
  /** Tolerates a taint with the key (or every taint, when the key is empty), whatever its value. */
  EXISTS = 'Exists',
  /** Tolerates a taint whose key and value are equal to the toleration's. */
  EQUAL = 'Equal',
}

/**
 * The effect of a taint the agent tolerates.
 */
export enum AgentTaintEffect {
  /** New pods are not scheduled on the node. */
  NO_SCHEDULE = 'NoSchedule',
  /** The scheduler tries not to place new pods on the node. */
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  /** Running pods are evicted from the node. */
  NO_EXECUTE = 'NoExecute',
}

/**
 * A Kubernetes toleration for the agent's pods.
 */
export interface AgentToleration {
  /**
   * The taint key the toleration applies to.
   *
   * @default - every key; only valid with `AgentTolerationOperator.EXISTS`
   */
  readonly key?: string;

  /**
   * How the toleration matches the taint's value.
   *
   * @default AgentTolerationOperator.EQUAL
   */
  readonly operator?: AgentTolerationOperator;

  /**
   * The taint value to match; only with `AgentTolerationOperator.EQUAL`.
   *
   * @default - the empty value
   */
  readonly value?: string;

  /**
   * The taint effect to match.
   *
   * @default - every effect
   */
  readonly effect?: AgentTaintEffect;

  /**
   * How long the pod stays bound to a node with a matching `NoExecute` taint, in seconds.
   *
   * @default - forever
   */
  readonly tolerationSeconds?: number;
}

/**
 * CPU and memory requests and limits of the agent container, as Kubernetes quantities (`100m`, `128Mi`).
 */
export interface AgentResources {
  /**
   * The CPU the agent requests.
   *
   * @default - no CPU request
   */
  readonly cpuRequest?: string;

  /**
   * The memory the agent requests.
   *
   * @default - no memory request
   */
  readonly memoryRequest?: string;

  /**
   * The most CPU the agent may use.
   *
   * @default - no CPU limit
   */
  readonly cpuLimit?: string;

  /**
   * The most memory the agent may use.
   *
   * @default - no memory limit
   */
  readonly memoryLimit?: string;
}

/**
 * What EKS does when the add-on's settings conflict with changes made to its Kubernetes objects.
 */
export enum AgentResolveConflicts {
  /** Fail the create or update on a conflict. */
  NONE = 'NONE',
  /** Replace the changed values with the add-on's. */
  OVERWRITE = 'OVERWRITE',
  /** Keep the changed values (on update only; EKS treats it as NONE on create). */
  PRESERVE = 'PRESERVE',
}

/**
 * Which EKS Hybrid Nodes get the agent, on top of the nodes in AWS.
 *
 * Hybrid nodes have no instance metadata service, so the agent there reads the node's AWS credentials
 * from a file that the node's bootstrap writes (`enableCredentialsFile: true` in the `nodeadm` config,
 * or `--enable-credentials-file=true` for Bottlerocket), and runs from a DaemonSet of its own.
 */
export enum AgentHybridNodes {
  /** No hybrid nodes: only nodes in AWS run the agent. */
  NONE = 'none',
  /**
   * Hybrid nodes joined with `nodeadm` (Ubuntu, RHEL, Amazon Linux 2023), which write their credentials
   * to `/eks-hybrid/.aws`: the add-on's `hybrid` DaemonSet (add-on v1.3.3-eksbuild.1 or later).
   */
  NODEADM = 'nodeadm',
  /**
   * Hybrid nodes running Bottlerocket, which write their credentials to `/var/eks-hybrid/.aws`: the
   * add-on's `hybrid-bottlerocket` DaemonSet (add-on v1.3.9-eksbuild.1 or later).
   */
  BOTTLEROCKET = 'bottlerocket',
  /** Both kinds of hybrid nodes: both DaemonSets. */
  ALL = 'all',
}

/**
 * Options of the agent that both ways of deploying it accept.
 */
export interface AgentOptions {
  /**
   * Whether the agent also listens on its IPv6 link-local address `[fd00:ec2::23]`.
   *
   * Set it to `false` on nodes without IPv6 (IPv6 disabled in the kernel), where the agent cannot start
   * otherwise: the agent then binds to `169.254.170.23` only (`-b 169.254.170.23`).
   *
   * @default true
   */
  readonly ipv6?: boolean;

  /**
   * More command-line arguments of the agent's `server` command, as flag to value, e.g. `{ '-v': 'error' }`.
   *
   * Each flag must be one the agent has (it exits on any other): `-b`/`--bind-hosts`, `--endpoint`,
   * `--max-cache-size`, `--max-credential-retention-before-renewal`, `--max-service-qps`, `--metrics-address`
   * or `-v`/`--verbosity` (panic, error, info, trace). The flags the DaemonSet's command line already sets
   * (`--cluster-name`, `--port`, `--probe-port`, `--metrics-port`, and their short forms) and
   * `--rotate-credentials` (see `hybridNodes`) are errors, as are a value in the key (`--verbosity=trace`)
   * and a value the agent cannot parse.
   *
   * @default - none
   */
  readonly additionalArgs?: { [flag: string]: string };

  /**
   * Which EKS Hybrid Nodes also run the agent, each kind from a DaemonSet of its own. The hybrid
   * DaemonSets take `ipv6`, `additionalArgs`, `tolerations` and `resources`, and keep their own node
   * affinity. `nodeSelector` applies to them too in the self-managed DaemonSets, as in the agent's chart; the
   * managed add-on renders it as node affinity, which the add-on's hybrid DaemonSets do not take (a warning
   * says so).
   *
   * @default AgentHybridNodes.NONE
   */
  readonly hybridNodes?: AgentHybridNodes;

  /**
   * The taints the agent's pods tolerate.
   *
   * @default - every taint (`operator: Exists`), so that every node can serve credentials
   */
  readonly tolerations?: AgentToleration[];

  /**
   * Node labels a node must have to run the agent, on top of the agent's own node affinity. The self-managed
   * DaemonSets for hybrid nodes take it too; the managed add-on's do not (see `hybridNodes`).
   *
   * @default - every Linux amd64 or arm64 node that is not Fargate, a hybrid node or an Auto Mode node
   */
  readonly nodeSelector?: { [label: string]: string };

  /**
   * CPU and memory requests and limits of the agent container.
   *
   * @default - no requests or limits
   */
  readonly resources?: AgentResources;
}

/**
 * Options of the `eks-pod-identity-agent` EKS add-on.
 */
export interface AgentAddonOptions extends AgentOptions {
  /**
   * The add-on version to pin, e.g. `v1.3.10-eksbuild.2`
   * (`aws eks describe-addon-versions --addon-name eks-pod-identity-agent`).
   *
   * @default - the version EKS picks for the cluster's Kubernetes version
   */
  readonly version?: string;

  /**
   * What EKS does when the add-on's settings conflict with changes made to its Kubernetes objects.
   *
   * @default AgentResolveConflicts.OVERWRITE
   */
  readonly resolveConflicts?: AgentResolveConflicts;

  /**
   * Whether the agent keeps running on the cluster when the add-on is deleted.
   *
   * @default - not set: EKS removes the agent with the add-on
   */
  readonly preserveOnDelete?: boolean;

  /**
   * Tags of the add-on.
   *
   * @default - none
   */
  readonly tags?: { [key: string]: string };

  /**
   * Raw add-on configuration, deep-merged on top of what the typed options render (objects merge,
   * other values replace). It must match the add-on's configuration schema
   * (`aws eks describe-addon-configuration --addon-name eks-pod-identity-agent --addon-version <version>`).
   *
   * @default - only what the typed options render
   */
  readonly configurationValues?: { [key: string]: any };
}

/**
 * Options of the self-managed agent DaemonSet.
 */
export interface SelfManagedAgentOptions extends AgentOptions {
  /**
   * The full agent image, for a private mirror, e.g.
   * `111111111111.dkr.ecr.eu-west-1.amazonaws.com/mirror/eks-pod-identity-agent:v0.2.1`.
   *
   * The manifest follows the image's tag as it does `imageTag`. When the tag cannot be read as an agent
   * version (a digest, `latest`, a tag of your own), the manifest has the current shape, which agents from
   * v0.1.17 run with (older agents exit on its `--metrics-port`, and a tag before v0.1.17 is an error).
   *
   * @default - the agent image in the EKS registry of the cluster's region, tagged `imageTag`
   */
  readonly image?: string;

  /**
   * The tag of the agent image in the regional EKS registry. Not used with `image`.
   *
   * The manifest follows the tag: from v0.2.1, the agent validates pod tokens itself, so its pods mount a
   * Kubernetes API token and a cache directory, and its service account may list and watch pods. A tag
   * before v0.2.1 gets the earlier manifest, without API access.
   *
   * @default AgentDeployment.DEFAULT_IMAGE_TAG
   */
  readonly imageTag?: string;

  /**
   * The cluster's region, for the image registry and the agent's `AWS_REGION`. Needed only when the
   * stack is environment-agnostic, because the manifest file is written at synth time.
   *
   * @default - the region of the cluster's stack
   */
  readonly region?: string;

  /**
   * The name of the cluster, for the agent's `--cluster-name`. Needed only when the cluster's name
   * is known at deploy time only (a cluster created without `clusterName`), because the manifest
   * file is written at synth time.
   *
   * @default - the cluster's name
   */
  readonly clusterName?: string;

  /**
   * The namespace of the DaemonSet and its service account.
   *
   * @default 'kube-system'
   */
  readonly namespace?: string;

  /**
   * Whether the agent containers declare the proxy port 80, as the chart's `agent.advertiseProxyPort` does.
   *
   * On the host network a declared container port is a host port: the scheduler then keeps (or, the agent being
   * `system-node-critical`, preempts) other pods that use host port 80, such as an ingress controller on the host
   * network. Set it to `false` to declare no port 80; the agent serves on it all the same.
   *
   * @default true
   */
  readonly advertiseProxyPort?: boolean;
}
