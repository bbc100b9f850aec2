import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { AgentHybridNodes } from '../agent-options';
import { PodIdentityError, quote } from '../../private/errors';
import { isAddonVersion, isOlderAddonVersion } from './versions';
import { propSpan } from '../../private/code';

/**
 * One kind of EKS Hybrid Nodes and the agent DaemonSet that serves it: in the add-on, the key under
 * `daemonsets` that turns it on and the first add-on version that has it; in the self-managed manifest,
 * the DaemonSet's name suffix, node affinity, credentials host path and extra security context.
 */
export interface HybridDaemonSet {
  /** The key under the add-on's (and the chart's) `daemonsets`, and the DaemonSet's name suffix. */
  readonly key: string;
  /** The earliest add-on version with this DaemonSet. */
  readonly minimumAddonVersion: string;
  /** Where the node's bootstrap writes the AWS credentials file. */
  readonly credentialsHostPath: string;
  /** Whether the node runs Bottlerocket. */
  readonly bottlerocket: boolean;
}

// The guide gives v1.3.7-eksbuild.2 for Bottlerocket, but CreateAddon refused `daemonsets.hybrid-bottlerocket`
// ("is not defined in the schema") until v1.3.9-eksbuild.1, whose configuration schema has it (aws/eks-hybrid PR #763).
// Source: https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-add-ons.html (EKS Pod Identity Agent: v1.3.3-eksbuild.1, Bottlerocket v1.3.7-eksbuild.2; daemonsets.hybrid / daemonsets.hybrid-bottlerocket) @ stored copy (checked 2026-12-01)
// Source: https://github.com/aws/eks-hybrid/pull/763 (describe-addon-configuration of v1.3.9-eksbuild.1 lists hybrid-bottlerocket) @ merged 2025-10-02 (checked 2026-12-01)
// Source: aws/eks-pod-identity-agent charts/eks-pod-identity-agent/values.yaml (daemonsets.hybrid, daemonsets.hybrid-bottlerocket) @ 492961512e5ee9d46f05817e1a2b853051b4259c (checked 2026-12-01)
const HYBRID: HybridDaemonSet = {
  key: 'hybrid',
  minimumAddonVersion: 'v1.3.3-eksbuild.1',
  credentialsHostPath: '/eks-hybrid/.aws',
  bottlerocket: false,
};
const HYBRID_BOTTLEROCKET: HybridDaemonSet = {
  key: 'hybrid-bottlerocket',
  minimumAddonVersion: 'v1.3.9-eksbuild.1',
  credentialsHostPath: '/var/eks-hybrid/.aws',
  bottlerocket: true,
};

/** The DaemonSets for the hybrid nodes asked for. */
export function hybridDaemonSets(hybridNodes: AgentHybridNodes | undefined): HybridDaemonSet[] {
  switch (hybridNodes ?? AgentHybridNodes.NONE) {
    case AgentHybridNodes.NODEADM: return [HYBRID];
    case AgentHybridNodes.BOTTLEROCKET: return [HYBRID_BOTTLEROCKET];
    case AgentHybridNodes.ALL: return [HYBRID, HYBRID_BOTTLEROCKET];
    default: return [];
  }
}

/** Throws if the pinned add-on `version` predates a hybrid DaemonSet asked for; unpinned and tokens pass. */
export function validateHybridAddonVersion(scope: IConstruct, hybridNodes: AgentHybridNodes | undefined, version: string | undefined): void {
  if (version === undefined || Token.isUnresolved(version) || !isAddonVersion(version)) return;
  for (const daemonSet of hybridDaemonSets(hybridNodes)) {
    if (isOlderAddonVersion(version, daemonSet.minimumAddonVersion)) {
      throw new PodIdentityError('addon-version-without-hybrid', scope,
        `version ${quote(version)} of the eks-pod-identity-agent add-on has no ${quote(daemonSet.key)} DaemonSet, which hybridNodes ${quote(hybridNodes!)} needs (from ${daemonSet.minimumAddonVersion})`,
        `Pin ${daemonSet.minimumAddonVersion} or later, or leave ${propSpan('version')} unset`);
    }
  }
}

/**
 * The node affinity of a hybrid DaemonSet: Linux amd64/arm64 hybrid nodes, with or without the
 * Bottlerocket labels.
 */
// Source: aws/eks-pod-identity-agent charts/eks-pod-identity-agent/values.yaml (daemonsets.*.affinity) @ 492961512e5ee9d46f05817e1a2b853051b4259c (checked 2026-12-01)
export function hybridNodeSelectorRequirements(daemonSet: HybridDaemonSet): any[] {
  const bottlerocket = daemonSet.bottlerocket ? 'Exists' : 'DoesNotExist';
  return [
    { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
    { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] },
    { key: 'eks.amazonaws.com/compute-type', operator: 'In', values: ['hybrid'] },
    { key: 'os.bottlerocket.aws/variant', operator: bottlerocket },
    { key: 'os.bottlerocket.aws/version', operator: bottlerocket },
  ];
}
