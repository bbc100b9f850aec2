import { Code, CodeLike, construct, enumMember, OMITTED, ref, staticCall, struct, THIS } from './code';

/**
 * Code that the fixes of several concepts show (the agent, the checks, the migration), described once for
 * `code()` of ./code.ts.
 */

/** `AgentDeployment.<method>()`, or with options: `AgentDeployment.managedAddon({ hybridNodes: ... })`. */
export function agentDeployment(method: 'managedAddon' | 'selfManaged' | 'none', options?: { [name: string]: CodeLike } | 'elided'): Code {
  if (method === 'none') return staticCall('AgentDeployment', 'none');
  const optionsType = method === 'managedAddon' ? 'AgentAddonOptions' : 'SelfManagedAgentOptions';
  return staticCall('AgentDeployment', method, [options === undefined ? OMITTED : struct(optionsType, options)]);
}

/** `AgentHybridNodes.NODEADM`. */
export const HYBRID_NODES_NODEADM = enumMember('AgentHybridNodes', 'NODEADM');

/** `new PodIdentityAgent(this, 'Agent', { cluster, deployment })`, or in another scope with another id. */
export function declareAgent(deployment: Code, scope: Code = THIS, id: CodeLike = 'Agent'): Code {
  return construct('PodIdentityAgent', id, { cluster: ref('cluster'), deployment }, scope);
}

/** `PodIdentityAgent.of(scope, cluster)`. */
export const agentOf = (scope: Code = THIS): Code => staticCall('PodIdentityAgent', 'of', [scope, ref('cluster')]);
