import { IConstruct } from 'constructs';

/** Prefix of every error code and warning id this library emits. */
export const LIBRARY_ID = 'cdk-eks-pod-identity';

/**
 * The one error type this library throws.
 *
 * The message always reads `[cdk-eks-pod-identity:<code>] <construct path>: <what is wrong>. <how to fix it>`,
 * so a user can find the construct, the bad value and the fix in one line.
 */
export class PodIdentityError extends Error {
  public readonly code: string;

  constructor(code: string, scope: IConstruct, problem: string, fix: string) {
    super(`[${LIBRARY_ID}:${code}] ${scope.node.path}: ${problem}. ${fix}`);
    this.name = 'PodIdentityError';
    this.code = code;
  }
}

/** Quote a user value in a message the same way everywhere. */
export function quote(value: string): string {
  return `'${value}'`;
}
