import { IClusterRef } from 'aws-cdk-lib/aws-eks';
import { IConstruct } from 'constructs';

// The mark of a PodIdentityAgent, in a module of its own: the agent sets it and the checks read it,
// so that the checks recognise an agent without importing the agent, which imports the checks.

const AGENT_SYMBOL = Symbol.for('cdk-eks-pod-identity.PodIdentityAgent');

/** What the checks read of an agent. */
export interface MarkedAgent extends IConstruct {
  readonly cluster: IClusterRef;
}

/** Marks `agent` as a PodIdentityAgent. */
export function markAgent(agent: IConstruct): void {
  Object.defineProperty(agent, AGENT_SYMBOL, { value: true });
}

/** Whether `x` is a PodIdentityAgent (whichever copy of the library made it). */
export function isMarkedAgent(x: unknown): x is MarkedAgent {
  return x !== null && typeof x === 'object' && AGENT_SYMBOL in x;
}
