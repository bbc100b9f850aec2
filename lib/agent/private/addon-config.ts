import { Annotations, Stack, Token, TokenComparison } from 'aws-cdk-lib';
import { CfnAddon, IClusterRef } from 'aws-cdk-lib/aws-eks';
import { IConstruct } from 'constructs';
import { AgentAddonOptions } from '../agent-options';
import { code, propSpan } from '../../private/code';
import { LIBRARY_ID, PodIdentityError, quote } from '../../private/errors';
import { agentDeployment } from '../../private/fix-code';
import { validateConfigurationText } from '../../private/configuration-values';
import { renderAgentArgs } from './agent-args';
import { hybridDaemonSets, validateHybridAddonVersion } from './hybrid';
import { renderAffinity, renderResources, renderTolerations, validateNodeSelector } from './scheduling';
import { isAddonVersion, isOlderAddonVersion } from './versions';

/** The name of the agent's EKS add-on. */
export const AGENT_ADDON_NAME = 'eks-pod-identity-agent';

/**
 * Throws unless `version` looks like an EKS add-on version, and unless it has what the options ask for
 * (the hybrid DaemonSets); tokens pass.
 */
export function validateAddonVersion(scope: IConstruct, options: AgentAddonOptions): void {
  const version = options.version;
  const needed = hybridDaemonSets(options.hybridNodes).map(daemonSet => daemonSet.minimumAddonVersion).reduce<string | undefined>((newest, v) => newest === undefined || isOlderAddonVersion(newest, v) ? v : newest, undefined);
  if (version === undefined && needed !== undefined) {
    Annotations.of(scope).addWarningV2(`${LIBRARY_ID}:agent-hybrid-version-unpinned`,
      `hybridNodes ${quote(options.hybridNodes!)} needs add-on version ${needed} or later, and no ${propSpan('version')} is pinned: where EKS's default version for the cluster's Kubernetes version is older, CreateAddon fails ("is not defined in the schema"). Pin ${propSpan('version')} to ${needed} or later`);
  }
  if (version === undefined || Token.isUnresolved(version)) return;
  if (!isAddonVersion(version)) {
    throw new PodIdentityError('invalid-addon-version', scope,
      `version ${quote(version)} is not an EKS add-on version (like 'v1.3.10-eksbuild.2')`,
      `Pick one from \`aws eks describe-addon-versions --addon-name eks-pod-identity-agent\`, or leave ${propSpan('version')} unset for the default`);
  }
  validateHybridAddonVersion(scope, options.hybridNodes, version);
}

/**
 * The add-on's configuration values: what the typed options render, with `configurationValues`
 * deep-merged on top; `undefined` when there is nothing to configure.
 *
 * The keys used are in the add-on's configuration schema (DescribeAddonConfiguration):
 * `agent.additionalArgs`, `tolerations`, `affinity`, `resources` and `daemonsets.<key>.create`. The node
 * selector is rendered as node affinity requirements, added to the add-on's default affinity, because
 * `affinity` replaces it; the hybrid DaemonSets keep their own affinity.
 */
export function renderAddonConfiguration(scope: IConstruct, options: AgentAddonOptions, ipFamily?: string): { [key: string]: any } | undefined {
  const raw = options.configurationValues ?? {};
  if ((options as { [key: string]: unknown }).podIdentityAssociations !== undefined) {
    // Not in the typed API, but an untyped caller may still pass it.
    throw podIdentityAssociationsError(scope);
  }
  validateConfigurationText(scope, options.configurationValues);

  const config: { [key: string]: any } = {};
  const args = renderAgentArgs(scope, options, raw.agent?.additionalArgs, ipFamily);
  if (Object.keys(args).length > 0) config.agent = { additionalArgs: args };
  const hybrid = hybridDaemonSets(options.hybridNodes);
  if (hybrid.length > 0) config.daemonsets = Object.fromEntries(hybrid.map(daemonSet => [daemonSet.key, { create: true }]));
  if (options.tolerations) config.tolerations = renderTolerations(scope, options.tolerations);
  if (options.nodeSelector) {
    validateNodeSelector(scope, options.nodeSelector);
    config.affinity = renderAffinity(options.nodeSelector);
    if (hybrid.length > 0 && Object.keys(options.nodeSelector).length > 0) {
      // The chart's top-level affinity serves only the DaemonSets without one of their own; the hybrid ones have theirs.
      // Source: aws/eks-pod-identity-agent charts/eks-pod-identity-agent/templates/daemonset.yaml ($affinity := default .Values.affinity $daemonset.affinity), values.yaml @ v0.1.37 (checked 2026-12-07)
      Annotations.of(scope).addWarningV2(`${LIBRARY_ID}:agent-node-selector-not-on-hybrid`,
        `nodeSelector is rendered as the add-on's node affinity, which the add-on's hybrid DaemonSets (${hybrid.map(daemonSet => daemonSet.key).join(', ')}) replace with their own: the agent runs on every hybrid node regardless of ${Object.keys(options.nodeSelector).map(quote).join(', ')}. `
        + `To restrict the hybrid DaemonSets too, use ${code(agentDeployment('selfManaged'))}, which applies nodeSelector to every DaemonSet as the chart does`);
    }
  }
  if (options.resources) config.resources = renderResources(scope, options.resources);

  const merged = deepMerge(config, raw);
  return Object.keys(merged).length > 0 ? merged : undefined;
}

/** The error for pod identity associations on the agent's own add-on, which EKS rejects. */
export function podIdentityAssociationsError(scope: IConstruct): PodIdentityError {
  return new PodIdentityError('agent-addon-associations', scope,
    `the ${AGENT_ADDON_NAME} add-on has pod identity associations, which EKS does not allow on the agent's own add-on (the agent needs no AWS role)`,
    'Remove them; associate roles with your workloads with PodIdentityAssociation, or with the add-ons that need AWS permissions');
}

/**
 * Every `eks-pod-identity-agent` add-on of `cluster` in the app of `scope`, whoever made it (this
 * library, an `eks.Cluster`'s own `eksPodIdentityAgent`, or a hand-written `CfnAddon`).
 */
export function findAgentAddons(scope: IConstruct, cluster: IClusterRef): CfnAddon[] {
  const differ = (a: string | undefined, b: string | undefined) =>
    a !== undefined && b !== undefined && Token.compareStrings(a, b) === TokenComparison.DIFFERENT;
  return scope.node.root.node.findAll()
    .filter((construct): construct is CfnAddon => CfnAddon.isCfnAddon(construct))
    .filter(addon => addon.addonName === AGENT_ADDON_NAME && addon.clusterName === cluster.clusterRef.clusterName)
    .filter(addon => {
      const stack = Stack.of(addon);
      return !differ(stack.account, cluster.env.account) && !differ(stack.region, cluster.env.region);
    });
}

/** `over` merged into `base`: objects merge key by key, anything else in `over` replaces. */
function deepMerge(base: { [key: string]: any }, over: { [key: string]: any }): { [key: string]: any } {
  const result: { [key: string]: any } = { ...base };
  for (const [key, value] of Object.entries(over)) {
    result[key] = isPlainObject(value) && isPlainObject(result[key]) ? deepMerge(result[key], value) : value;
  }
  return result;
}

function isPlainObject(value: unknown): value is { [key: string]: any } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Token.isUnresolved(value);
}
