/**
 * What a construct may do with any input: synthesize, or refuse with a PodIdentityError (at construction, or
 * at synth through a validation of ours). Anything else (a TypeError, a RangeError, a stack overflow, an
 * error of aws-cdk-lib about a value we passed on) is a failure of the fuzz test.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { ACCOUNT, ConstructDoor, REGION } from './construct-doors';

const OUR_MESSAGE = /^\[cdk-eks-pod-identity:[a-z0-9-]+\] \S[^]*?: \S/;
const SYNTH_VALIDATION = 'Validation failed with the following errors:';

/** Throws unless `error` is one of ours, in our message format. */
export function expectOurError(error: unknown): void {
  if (!(error instanceof Error)) throw new Error(`threw a non-Error: ${String(error)}`);
  const message = error.message;
  if (message.includes('[object Object]')) throw new Error(`a message shows an object as [object Object]: ${message}`);
  if (error.name === 'PodIdentityError') {
    if (!OUR_MESSAGE.test(message)) throw new Error(`a PodIdentityError without the [cdk-eks-pod-identity:<code>] <path>: format: ${message}`);
    return;
  }
  if (message.startsWith(SYNTH_VALIDATION)) {
    // One line per error: `  [<construct path>] <message>`; a message may run over several lines.
    const entries = message.slice(SYNTH_VALIDATION.length).split(/\n {2}\[(?=[^\]]*\] )/).map(entry => entry.trim()).filter(Boolean);
    const foreign = entries.filter(entry => !/^(\[)?[^\]]*\] \[cdk-eks-pod-identity:[a-z0-9-]+\] /.test(entry.startsWith('[') ? entry : `[${entry}`));
    if (foreign.length > 0) throw new Error(`synth failed with a validation error not of this library: ${foreign.join(' | ')}`);
    return;
  }
  throw new Error(`${error.name}, not a PodIdentityError: ${message.slice(0, 1500)}${error.stack ? `\n${error.stack.split('\n').slice(1, 6).join('\n')}` : ''}`);
}

/** A fresh app and stack in a concrete environment, with `context`. */
export function freshStack(context: Record<string, unknown> = {}, outdir?: string): Stack {
  const app = new App({ context, outdir });
  return new Stack(app, 'Stack', { env: { account: ACCOUNT, region: REGION } });
}

/**
 * Builds the door's construct from `input` and synthesizes; returns the app when it synthesized, undefined
 * when it was refused the right way; throws otherwise. Without `outdir`, the cloud assembly goes to a temporary
 * folder that is deleted after synthesis: aws-cdk-lib's own default folder is never deleted, and 10,000 cases
 * per door left tens of gigabytes in the temporary folder.
 */
export function buildAndSynth<T>(door: ConstructDoor<T>, input: T, context: Record<string, unknown> = {}, outdir?: string): App | undefined {
  const temporary = outdir === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-synth-')) : undefined;
  const stack = freshStack(context, outdir ?? temporary);
  const app = stack.node.root as App;
  try {
    door.build(stack, input);
    app.synth();
    return app;
  } catch (error) {
    expectOurError(error);
    return undefined;
  } finally {
    if (temporary !== undefined) fs.rmSync(temporary, { recursive: true, force: true });
  }
}
