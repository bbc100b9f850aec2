// The mark of a PodIdentityTargetRole, in a module of its own: associations test for it without loading
// the target role's module, which an app that chains into no role never needs (issue 13, import time).

const TARGET_SYMBOL = Symbol.for('cdk-eks-pod-identity.PodIdentityTargetRole');

/** Marks `role` as a PodIdentityTargetRole. */
export function markTargetRole(role: object): void {
  Object.defineProperty(role, TARGET_SYMBOL, { value: true });
}

/** Whether `x` is a PodIdentityTargetRole (whichever copy of the library made it). */
export function isMarkedTargetRole(x: unknown): boolean {
  return x !== null && typeof x === 'object' && TARGET_SYMBOL in x;
}
