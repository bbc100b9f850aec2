import { Stack, Token, TokenComparison } from 'aws-cdk-lib';

/**
 * How two stacks' environments compare, for deciding whether a deploy-time value of one
 * (a `Fn::GetAtt`) can reach the other. CloudFormation passes values between stacks of one
 * account and region only.
 */
export type EnvironmentRelation = 'same' | 'other-account' | 'other-region' | 'unknown';

/** Compares the environments of two stacks; a stack is its own environment. */
export function compareEnvironments(a: Stack, b: Stack): EnvironmentRelation {
  if (a === b) return 'same';
  const account = Token.compareStrings(a.account, b.account);
  const region = Token.compareStrings(a.region, b.region);
  if (account === TokenComparison.DIFFERENT) return 'other-account';
  if (region === TokenComparison.DIFFERENT) return 'other-region';
  return isSame(account) && isSame(region) ? 'same' : 'unknown';
}

// Two environment-agnostic stacks deploy to the same account and region, or CDK refuses the reference.
function isSame(comparison: TokenComparison): boolean {
  return comparison === TokenComparison.SAME || comparison === TokenComparison.BOTH_UNRESOLVED;
}
