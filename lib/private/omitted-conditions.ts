import { IConstruct } from 'constructs';

/**
 * Why a scoping condition of a target role's trust is left out for one association, and how to get
 * it. The association's side (which knows the cluster) records it before it calls
 * `trustAssociation`; the target role reads it for its warning, so that the warning says why, not
 * only what.
 */
export interface OmittedCondition {
  /** Why the value cannot be written, as a clause: "the cluster's name is known only at deploy time". */
  readonly why: string;
  /** What the user can do about it, as a sentence. */
  readonly fix: string;
}

/** The scoping conditions of a trust statement for an association with session tags on. */
export type ScopingCondition = 'clusterArn' | 'namespace' | 'serviceAccount';

const omissions = new WeakMap<IConstruct, Map<ScopingCondition, OmittedCondition>>();

/** Records why `condition` cannot be tested for `association`. */
export function explainOmittedCondition(association: IConstruct, condition: ScopingCondition, omitted: OmittedCondition): void {
  const known = omissions.get(association) ?? new Map<ScopingCondition, OmittedCondition>();
  known.set(condition, omitted);
  omissions.set(association, known);
}

/** Why `condition` is left out for `association`, when its side said so. */
export function omittedConditionOf(association: IConstruct, condition: ScopingCondition): OmittedCondition | undefined {
  return omissions.get(association)?.get(condition);
}
