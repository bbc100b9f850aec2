import { App, Aspects, Stack } from 'aws-cdk-lib';
import { SynthesisMessage } from 'aws-cdk-lib/cx-api';
import { PodIdentityChecks, PodIdentityChecksProps } from '../../lib';

/** A fresh app that does not add the checks by itself, so each test decides. */
export function givenApp(): App {
  return new App({ context: { 'cdk-eks-pod-identity:checks': false } });
}

/** Runs the checks on `app` and returns their findings as `level path: message`. */
export function findings(app: App, props?: PodIdentityChecksProps): string[] {
  Aspects.of(app).add(new PodIdentityChecks(props));
  const assembly = app.synth();
  const result: string[] = [];
  for (const stack of assembly.stacks) {
    for (const message of stack.messages as SynthesisMessage[]) {
      const text = String(message.entry.data);
      // CDK appends how to acknowledge a warning; the message itself is what is tested.
      if (text.startsWith('[cdk-eks-pod-identity:')) result.push(`${message.level} ${message.id}: ${text.replace(/ \[ack: [^\]]+\]$/, '')}`);
    }
  }
  return result;
}

/** Only the findings of one rule. */
export function findingsOf(app: App, rule: string, props?: PodIdentityChecksProps): string[] {
  return findings(app, props).filter(f => f.includes(`[cdk-eks-pod-identity:${rule}]`));
}

export function stackIn(app: App, id = 'Stack', region = 'eu-west-1'): Stack {
  return new Stack(app, id, { env: { account: '111111111111', region } });
}
