import { Stack, Token, TokenComparison } from 'aws-cdk-lib';
import { IClusterRef } from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { LIBRARY_ID, PodIdentityError, quote } from '../private/errors';
import { PodIdentityRole } from '../role/pod-identity-role';

/** STS limit on a session policy, as plain-text JSON (the packed size is checked by STS itself). */
export const SESSION_POLICY_MAX_CHARACTERS = 2048;

const CHAIN_FIX = 'Pass that role as `targetRole` instead (EKS assumes a role in the cluster\'s account, then chains into it), and leave `role` unset or give a role from the cluster\'s account';

/** Throws if the association's role is known to be in another account than the cluster. */
export function validateRoleAccount(scope: IConstruct, role: iam.IRole, cluster: IClusterRef, fix: string = CHAIN_FIX): void {
  const roleAccount = role.env.account;
  const clusterAccount = cluster.env.account;
  if (Token.compareStrings(roleAccount, clusterAccount) === TokenComparison.DIFFERENT) {
    throw new PodIdentityError('role-in-other-account', scope,
      `role ${quote(role.roleArn)} is in account ${quote(roleAccount)} but the cluster is in account ${quote(clusterAccount)}; EKS only accepts a role from the cluster's account`,
      fix);
  }
}

/** Throws on session options that EKS would reject or that could never work. */
export function validateSessionOptions(scope: IConstruct, role: iam.IRole | undefined, sessionTags: boolean, sessionPolicy?: iam.PolicyDocument): void {
  if (sessionPolicy && sessionTags) {
    throw new PodIdentityError('session-policy-needs-session-tags-off', scope,
      'a session policy is given but session tags are on; EKS accepts a session policy only on an association with session tags disabled',
      'Add `sessionTags: false`, or drop `sessionPolicy` and narrow the role\'s own policy instead');
  }
  if (!sessionTags && role && PodIdentityRole.isPodIdentityRole(role) && role.scopedBySessionTags) {
    throw new PodIdentityError('scoped-role-without-session-tags', scope,
      `role ${quote(role.node.path)} trusts only sessions with given session tags (clusters, namespaces or service accounts), but this association turns session tags off, so EKS could never assume it`,
      'Give a PodIdentityRole without `clusters`, `namespaces` and `serviceAccounts`, or keep session tags on');
  }
}

/** Synth-time check of a session policy's size, when it holds no deploy-time values. */
export function validateSessionPolicySize(scope: IConstruct, policy: iam.PolicyDocument): string[] {
  const resolved = Stack.of(scope).resolve(policy);
  const json = JSON.stringify(resolved);
  if (hasIntrinsic(resolved) || json.length <= SESSION_POLICY_MAX_CHARACTERS) return [];
  return [
    `[${LIBRARY_ID}:session-policy-too-large] ${scope.node.path}: the session policy is ${json.length} characters as JSON, more than the ${SESSION_POLICY_MAX_CHARACTERS} STS accepts. Shorten it (fewer statements, wildcards in resource names) or move permissions to the role's own policy`,
  ];
}

function hasIntrinsic(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasIntrinsic);
  if (value && typeof value === 'object') {
    return Object.entries(value).some(([key, inner]) => key === 'Ref' || key.startsWith('Fn::') || hasIntrinsic(inner));
  }
  return false;
}
