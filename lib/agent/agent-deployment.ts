import { DEFAULT_AGENT_IMAGE_TAG } from '../private/image-registry';
import { AgentAddonOptions, SelfManagedAgentOptions } from './agent-options';

/**
 * The ways a PodIdentityAgent can be deployed.
 */
export enum AgentDeploymentType {
  /** The `eks-pod-identity-agent` EKS add-on. */
  MANAGED_ADDON = 'managed-addon',
  /** A DaemonSet manifest this library renders, applied by you (kubectl, GitOps) or by `applyWith`. */
  SELF_MANAGED = 'self-managed',
  /** Nothing: the agent is already on the nodes (EKS Auto Mode, or installed outside this app). */
  NONE = 'none',
}

/**
 * How the Pod Identity Agent gets onto the cluster's nodes.
 */
export class AgentDeployment {
  /**
   * The agent image tag the self-managed DaemonSet uses by default.
   */
  public static readonly DEFAULT_IMAGE_TAG = DEFAULT_AGENT_IMAGE_TAG;

  /**
   * The `eks-pod-identity-agent` EKS add-on: EKS runs and upgrades the agent. The default.
   */
  public static managedAddon(options: AgentAddonOptions = {}): AgentDeployment {
    return new AgentDeployment(AgentDeploymentType.MANAGED_ADDON, options);
  }

  /**
   * The agent's DaemonSet, rendered by this library into a YAML file asset that you apply with
   * `kubectl apply -f` or a GitOps tool (or with `PodIdentityAgent.applyWith`). No Lambda function, no add-on.
   */
  public static selfManaged(options: SelfManagedAgentOptions = {}): AgentDeployment {
    return new AgentDeployment(AgentDeploymentType.SELF_MANAGED, undefined, options);
  }

  /**
   * Nothing to deploy: the agent is already on the nodes, e.g. EKS Auto Mode (the agent is built in)
   * or an agent installed outside this app. Records the agent so that no one else installs it.
   */
  public static none(): AgentDeployment {
    return new AgentDeployment(AgentDeploymentType.NONE);
  }

  /** Which way the agent is deployed. */
  public readonly type: AgentDeploymentType;

  /** The add-on options, for `AgentDeploymentType.MANAGED_ADDON`. */
  public readonly addonOptions?: AgentAddonOptions;

  /** The DaemonSet options, for `AgentDeploymentType.SELF_MANAGED`. */
  public readonly selfManagedOptions?: SelfManagedAgentOptions;

  private constructor(type: AgentDeploymentType, addonOptions?: AgentAddonOptions, selfManagedOptions?: SelfManagedAgentOptions) {
    this.type = type;
    this.addonOptions = addonOptions;
    this.selfManagedOptions = selfManagedOptions;
  }
}
