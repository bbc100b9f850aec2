import { Annotations, CfnOutput, CfnResource, Stack, TagManager, Token, TokenComparison } from 'aws-cdk-lib';
import { CfnAddon, CfnNodegroup, IClusterRef } from 'aws-cdk-lib/aws-eks';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { Construct, Dependable, IConstruct } from 'constructs';
import { PodIdentityChecks } from '../checks/pod-identity-checks';
import { AgentDeployment, AgentDeploymentType } from './agent-deployment';
import { AgentAddonOptions, AgentResolveConflicts } from './agent-options';
import { isMarkedAgent, markAgent } from '../private/agent-brand';
import { PodIdentityError, quote } from '../private/errors';
import { validateClusterName } from '../private/names';
import { ADDON_TAG_LIMITS, validateTags } from '../private/tags';
import { AGENT_ADDON_NAME, findAgentAddons, podIdentityAssociationsError, renderAddonConfiguration, validateAddonVersion } from './private/addon-config';
import { assertPodIdentityAvailable } from '../private/image-registry';
import { ensureStackHasResources } from '../private/non-empty-stack';
import { claimAgent, findAgent } from './private/registry';
import { renderSelfManagedAgent, writeManifestFile } from './private/self-managed';
import { kubectlClusterFor } from '../private/k8s-manifest';
import { clusterIpFamily, clusterResourceOf, isAutoModeCluster } from '../private/cluster-resource';
import { call, code, setting } from '../private/code';
import { agentDeployment, declareAgent, HYBRID_NODES_NODEADM } from '../private/fix-code';

/**
 * Properties of a PodIdentityAgent.
 */
export interface PodIdentityAgentProps {
  /**
   * The cluster whose nodes run the agent: an `eks.Cluster` (`aws-eks` or `aws-eks-v2`), a `CfnCluster`,
   * or `CfnCluster.fromClusterName(...)`.
   */
  readonly cluster: IClusterRef;

  /**
   * How the agent gets onto the nodes.
   *
   * @default AgentDeployment.managedAddon()
   */
  readonly deployment?: AgentDeployment;
}

/**
 * The EKS Pod Identity Agent of a cluster: without it on a node, pods there get no credentials from
 * their pod identity associations. One per cluster per app; get it with `PodIdentityAgent.of(scope, cluster)`.
 *
 * - `AgentDeployment.managedAddon()` (the default) synthesizes the `eks-pod-identity-agent` EKS add-on.
 *   Given an `eks.Cluster`, it configures the cluster's own `eksPodIdentityAgent` add-on instead of adding
 *   a second one, so `cluster.addServiceAccount(...)` with `IdentityType.POD_IDENTITY` and this agent make one add-on.
 * - `AgentDeployment.selfManaged()` renders the agent's DaemonSet into a YAML file asset (no Lambda, no
 *   kubectl) for `kubectl apply -f` or GitOps, or `applyWith(cluster)` for clusters with kubectl. A stack
 *   that would otherwise have no resource gets an empty `AWS::CloudFormation::WaitConditionHandle`, so that
 *   CloudFormation accepts it and `cdk deploy` publishes the manifest.
 * - `AgentDeployment.none()` records that the agent is already there (EKS Auto Mode), and synthesizes nothing.
 */
export class PodIdentityAgent extends Construct {
  /**
   * Whether `x` is a PodIdentityAgent.
   */
  public static isPodIdentityAgent(x: any): x is PodIdentityAgent {
    return isMarkedAgent(x);
  }

  /**
   * The agent of `cluster` declared in the app of `scope`, or `undefined` if there is none.
   */
  public static find(scope: IConstruct, cluster: IClusterRef): PodIdentityAgent | undefined {
    const agent = findAgent(scope, cluster);
    return PodIdentityAgent.isPodIdentityAgent(agent) ? agent : undefined;
  }

  /**
   * The agent of `cluster` in the app of `scope`; if there is none, declares one as a child of the cluster
   * construct: `AgentDeployment.none()` for a cluster of this app known to be in EKS Auto Mode (an
   * aws-eks-v2 `Cluster` by default, or a `CfnCluster` with `computeConfig.enabled`), whose nodes run the
   * agent themselves; else the managed add-on (`AgentDeployment.managedAddon()`).
   *
   * Declare the agent yourself first (`new PodIdentityAgent(...)`) to choose how it is deployed, e.g. the
   * managed add-on for an Auto Mode cluster that also has node groups (a warning says when one is missing).
   */
  public static of(scope: IConstruct, cluster: IClusterRef): PodIdentityAgent {
    const existing = PodIdentityAgent.find(scope, cluster);
    if (existing) return existing;
    const parent = Construct.isConstruct(cluster) ? cluster : scope;
    // EKS Auto Mode nodes run the agent as part of the node: the add-on would serve no node of theirs.
    // Source: https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html ("You do not need to install the EKS Pod Identity Agent on EKS Auto Mode Clusters. This capability is built into EKS Auto Mode.") @ stored copy (checked 2026-12-07)
    const deployment = isAutoModeCluster(cluster) === true ? AgentDeployment.none() : undefined;
    return new PodIdentityAgent(parent as Construct, 'PodIdentityAgent', { cluster, deployment });
  }

  /** The cluster whose nodes run the agent. */
  public readonly cluster: IClusterRef;

  /** How the agent is deployed. */
  public readonly deployment: AgentDeployment;

  /**
   * The `eks-pod-identity-agent` add-on, for `AgentDeployment.managedAddon()`. Given an `eks.Cluster`,
   * it is the cluster's own add-on (a child of the cluster, not of this construct).
   */
  public readonly addon?: CfnAddon;

  /**
   * The agent's Kubernetes objects (ServiceAccount, from agent v0.2.1 a ClusterRole and ClusterRoleBinding,
   * the DaemonSet, and one DaemonSet per kind of hybrid node asked for), for `AgentDeployment.selfManaged()`.
   */
  public readonly manifest?: { [key: string]: any }[];

  /** The agent's Kubernetes objects as one multi-document YAML stream, for `AgentDeployment.selfManaged()`. */
  public readonly manifestYaml?: string;

  /** The YAML file asset of the manifest, published by `cdk deploy`, for `AgentDeployment.selfManaged()`. */
  public readonly manifestAsset?: Asset;

  /** The `s3://` URL of the manifest file asset, for `AgentDeployment.selfManaged()`. */
  public readonly manifestAssetS3Url?: string;

  /** The S3 object key of the manifest file asset (content-addressed), for `AgentDeployment.selfManaged()`. */
  public readonly manifestAssetObjectKey?: string;

  /** The agent image the DaemonSet runs, for `AgentDeployment.selfManaged()`. */
  public readonly image?: string;

  private readonly dependencyRoots: IConstruct[] = [];
  private renderedClusterName?: string;
  private applied?: IConstruct;

  constructor(scope: Construct, id: string, props: PodIdentityAgentProps) {
    super(scope, id);
    PodIdentityChecks.addTo(this);
    markAgent(this);
    this.cluster = props.cluster;
    this.deployment = props.deployment ?? AgentDeployment.managedAddon();
    validateClusterName(this, props.cluster.clusterRef.clusterName);
    assertPodIdentityAvailable(this, props.cluster.env.region);

    // What depends on the agent waits for what installs it: the add-on, or the applied manifest.
    const roots = this.dependencyRoots;
    Dependable.implement(this, { get dependencyRoots() { return [...roots]; } });

    switch (this.deployment.type) {
      case AgentDeploymentType.MANAGED_ADDON: {
        this.addon = this.deployAddon(this.deployment.addonOptions ?? {});
        roots.push(this.addon);
        break;
      }
      case AgentDeploymentType.SELF_MANAGED: {
        const rendered = renderSelfManagedAgent(this, props.cluster, this.deployment.selfManagedOptions ?? {});
        claimAgent(this, props.cluster);
        this.manifest = rendered.manifest;
        this.manifestYaml = rendered.manifestYaml;
        this.image = rendered.image;
        this.renderedClusterName = rendered.clusterName;
        this.manifestAsset = new Asset(this, 'Manifest', { path: writeManifestFile(rendered.manifestYaml) });
        this.manifestAssetS3Url = this.manifestAsset.s3ObjectUrl;
        this.manifestAssetObjectKey = this.manifestAsset.s3ObjectKey;
        new CfnOutput(this, 'ManifestS3Url', {
          value: this.manifestAsset.s3ObjectUrl,
          description: `Pod Identity Agent manifest of cluster ${rendered.clusterName}: aws s3 cp <url> - | kubectl apply -f -`,
        });
        // A stack with only this output and no resource would not deploy, and so not publish the manifest.
        ensureStackHasResources(this);
        break;
      }
      default:
        claimAgent(this, props.cluster);
    }

    this.node.addValidation({ validate: () => this.validateAddons() });
  }

  /**
   * Make each of `dependents` wait for the agent: for the managed add-on, its CloudFormation resources
   * depend on the add-on; for a self-managed agent, on the manifest applied by `applyWith` (if any).
   * With `AgentDeployment.none()` there is nothing to wait for.
   *
   * A PodIdentityAssociation, or the construct that deploys your workload, can so be created only once
   * the agent can serve credentials.
   */
  public addDependent(...dependents: IConstruct[]): void {
    for (const dependent of dependents) {
      dependent.node.addDependency(this);
    }
  }

  /**
   * Apply the self-managed agent's manifest through `cluster.addManifest`, for an `eks.Cluster`
   * (`aws-eks` or `aws-eks-v2`) that has kubectl.
   *
   * This path is opt-in, and it is not Lambda-free: `addManifest` runs kubectl in the cluster's kubectl
   * provider, a Lambda-backed custom resource. Without it, apply `manifestYaml` (or the file asset) with
   * `kubectl apply -f` or a GitOps tool.
   *
   * @param cluster the same cluster, as an `eks.Cluster` with kubectl
   * @returns the Kubernetes manifest construct
   */
  public applyWith(cluster: IClusterRef): Construct {
    if (!this.manifest) {
      throw new PodIdentityError('apply-without-manifest', this,
        `applyWith() applies a self-managed agent's manifest, but this agent is deployed as ${quote(this.deployment.type)}`,
        `Use \`${code(setting('deployment', agentDeployment('selfManaged')))}\`, or do not call ${code(call(undefined, 'applyWith'))}`);
    }
    const target = kubectlClusterFor(this, cluster, this.applied);
    if (Token.compareStrings(cluster.clusterRef.clusterName, this.renderedClusterName!) === TokenComparison.DIFFERENT) {
      throw new PodIdentityError('apply-to-other-cluster', this,
        `cluster ${quote(cluster.clusterRef.clusterName)} is not this agent's cluster ${quote(this.renderedClusterName!)}`,
        'Pass the agent\'s own cluster');
    }
    const applied = target.addManifest('PodIdentityAgentManifest', ...this.manifest);
    this.applied = applied;
    this.dependencyRoots.push(applied);
    return applied;
  }

  private deployAddon(options: AgentAddonOptions): CfnAddon {
    validateAddonVersion(this, options);
    validateTags(this, 'tags', options.tags, ADDON_TAG_LIMITS);
    const configuration = renderAddonConfiguration(this, options, clusterIpFamily(this.cluster));
    claimAgent(this, this.cluster);

    const addon = this.adoptClusterAddon() ?? new CfnAddon(this, 'Resource', {
      addonName: AGENT_ADDON_NAME,
      clusterName: this.cluster.clusterRef.clusterName,
    });
    addon.resolveConflicts = options.resolveConflicts ?? AgentResolveConflicts.OVERWRITE;
    if (options.version !== undefined) addon.addonVersion = options.version;
    if (options.preserveOnDelete !== undefined) addon.preserveOnDelete = options.preserveOnDelete;
    if (configuration) addon.configurationValues = Stack.of(addon).toJsonString(configuration);
    for (const [key, value] of Object.entries(options.tags ?? {})) {
      addon.tags.setTag(key, value);
    }
    return addon;
  }

  /**
   * An `eks.Cluster` (aws-eks and aws-eks-v2) creates its own `eks-pod-identity-agent` add-on the first
   * time its public `eksPodIdentityAgent` getter is read, e.g. by `addServiceAccount` with
   * `IdentityType.POD_IDENTITY`. Reading it here makes that add-on the only agent add-on, whichever comes
   * first, and this construct configures it through its L1 (`node.defaultChild`, the documented escape
   * hatch), without touching the cluster's private fields. See aws/aws-cdk#32580.
   */
  private adoptClusterAddon(): CfnAddon | undefined {
    if (!('eksPodIdentityAgent' in this.cluster)) return undefined;
    const clusterAddon = (this.cluster as { readonly eksPodIdentityAgent?: IConstruct }).eksPodIdentityAgent;
    const resource = clusterAddon?.node.defaultChild;
    return resource !== undefined && CfnAddon.isCfnAddon(resource) ? resource : undefined;
  }

  private validateAddons(): string[] {
    const addons = findAgentAddons(this, this.cluster);
    const paths = (list: CfnAddon[]) => list.map(addon => quote(addon.node.path)).join(', ');
    switch (this.deployment.type) {
      case AgentDeploymentType.MANAGED_ADDON: {
        const errors: string[] = [];
        const others = addons.filter(addon => addon !== this.addon);
        if (others.length > 0) {
          errors.push(new PodIdentityError('duplicate-agent-addon', this,
            `the app also synthesizes the ${AGENT_ADDON_NAME} add-on for this cluster at ${paths(others)}; EKS accepts one`,
            `Remove the other add-on and configure the agent here (${code(agentDeployment('managedAddon', 'elided'))})`).message);
        }
        if (this.addon?.podIdentityAssociations !== undefined) {
          errors.push(podIdentityAssociationsError(this).message);
        }
        return errors;
      }
      case AgentDeploymentType.SELF_MANAGED:
        return addons.length === 0 ? [] : [new PodIdentityError('self-managed-with-addon', this,
          `the agent is self-managed, but the app also synthesizes the ${AGENT_ADDON_NAME} add-on for this cluster at ${paths(addons)}; the add-on's DaemonSet and this one would clash`,
          `Remove the add-on (an eks.Cluster adds it on addServiceAccount with IdentityType.POD_IDENTITY: use PodIdentityAssociation instead), or use ${code(agentDeployment('managedAddon'))}`).message];
      default: {
        if (addons.length > 0) {
          Annotations.of(this).addWarningV2('cdk-eks-pod-identity:agent-addon-with-none',
            `The agent is recorded as already installed (${code(agentDeployment('none'))}), but the app also synthesizes the ${AGENT_ADDON_NAME} add-on for this cluster at ${paths(addons)}. `
            + `On EKS Auto Mode nodes the add-on is not needed; use ${code(agentDeployment('managedAddon'))} if you want the add-on.`);
          return [];
        }
        // Auto Mode runs the agent on its own nodes only: node groups and Auto Scaling groups need the agent
        // (the add-on's DaemonSet, which skips Auto Mode nodes), and hybrid nodes its hybrid DaemonSet.
        const capacity = [...findNodegroups(this, this.cluster), ...findAutoScalingGroups(this, this.cluster)];
        const autoMode = isAutoModeCluster(this.cluster) === true ? ', as the cluster is in EKS Auto Mode' : '';
        if (capacity.length > 0) {
          Annotations.of(this).addWarningV2('cdk-eks-pod-identity:agent-none-with-nodegroups',
            `The agent is recorded as already installed (${code(agentDeployment('none'))}${autoMode}), but the app adds node groups to this cluster at ${capacity.map(group => quote(group.node.path)).join(', ')}, `
            + 'whose nodes run no agent unless it is installed there: pods scheduled on them get no credentials. '
            + `Declare the agent before anything asks for it: ${code(declareAgent(agentDeployment('managedAddon')))} (its DaemonSet skips Auto Mode nodes)`);
        }
        const remote = clusterResourceOf(this.cluster);
        if (remote && Stack.of(remote).resolve(remote.remoteNetworkConfig) !== undefined) {
          Annotations.of(this).addWarningV2('cdk-eks-pod-identity:agent-none-with-hybrid-nodes',
            `The agent is recorded as already installed (${code(agentDeployment('none'))}${autoMode}), but the cluster has remote node networks (EKS Hybrid Nodes), whose nodes run no agent unless its hybrid DaemonSet is installed: pods there get no credentials. `
            + `Declare the agent before anything asks for it: ${code(declareAgent(agentDeployment('managedAddon', { hybridNodes: HYBRID_NODES_NODEADM })))}`);
        }
        return [];
      }
    }
  }
}

/** The managed node groups of `cluster` declared in the app of `scope`. */
function findNodegroups(scope: IConstruct, cluster: IClusterRef): CfnNodegroup[] {
  return scope.node.root.node.findAll()
    .filter((construct): construct is CfnNodegroup => CfnNodegroup.isCfnNodegroup(construct))
    .filter(group => Token.compareStrings(group.clusterName, cluster.clusterRef.clusterName) === TokenComparison.SAME
      || group.clusterName === cluster.clusterRef.clusterName);
}

/**
 * The Auto Scaling groups that join `cluster`, declared in the app of `scope`: aws-eks and aws-eks-v2 tag the
 * capacity they connect `kubernetes.io/cluster/<name>: owned`.
 */
// Source: aws-cdk-lib aws-eks-v2/lib/cluster.js @ 2.257.0 as installed (connectAutoScalingGroupCapacity: Tags.of(autoScalingGroup).add(`kubernetes.io/cluster/${this.clusterName}`, "owned", ...)) (checked 2026-12-07)
// By type name and the Taggable interface, so that the agent's module does not load aws-autoscaling.
function findAutoScalingGroups(scope: IConstruct, cluster: IClusterRef): CfnResource[] {
  const key = `kubernetes.io/cluster/${cluster.clusterRef.clusterName}`;
  return scope.node.root.node.findAll()
    .filter((construct): construct is CfnResource => CfnResource.isCfnResource(construct) && construct.cfnResourceType === 'AWS::AutoScaling::AutoScalingGroup')
    .filter(group => TagManager.isTaggable(group)
      && (group.tags.renderTags() as Array<{ key: string }> | undefined ?? []).some(tag => tag.key === key));
}
