/**
 * What a command reads and writes, so that it runs the same in a process and in a test.
 */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

export const PROGRAM = 'cdk-eks-pod-identity';

/** Exit codes: the exchange worked and every expectation matched; an expectation did not; it failed. */
export const EXIT_OK = 0;
export const EXIT_MISMATCH = 1;
export const EXIT_FAILED = 2;

/** A mistake on the command line: exit 2 with the message and the usage. */
export class UsageError extends Error {}
