import { Stack, Token, TokenComparison } from 'aws-cdk-lib';
import { IClusterRef } from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { codeSpan, propSpan, setting } from '../private/code';
import { LIBRARY_ID, PodIdentityError, quote } from '../private/errors';
import { PodIdentityRole } from '../role/pod-identity-role';
import { SessionTag } from '../role/session-tag';

/** STS limit on a session policy, as plain-text JSON (the packed size is checked by STS itself). */
export const SESSION_POLICY_MAX_CHARACTERS = 2048;

const chainFix = () => `Pass that role as ${propSpan('targetRole')} instead (EKS assumes a role in the cluster's account, then chains into it), and leave ${propSpan('role')} unset or give a role from the cluster's account`;

/** Throws if the association's role is known to be in another account than the cluster. */
export function validateRoleAccount(scope: IConstruct, role: iam.IRole, cluster: IClusterRef, fix: string = chainFix()): void {
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
      `Add ${codeSpan(setting('sessionTags', false))}, or drop ${propSpan('sessionPolicy')} and narrow the role's own policy instead`);
  }
  if (!sessionTags && role && PodIdentityRole.isPodIdentityRole(role) && role.scopedBySessionTags) {
    throw new PodIdentityError('scoped-role-without-session-tags', scope,
      `role ${quote(role.node.path)} trusts only sessions with given session tags (clusters, namespaces or service accounts), but this association turns session tags off, so EKS could never assume it`,
      `Give a PodIdentityRole without ${propSpan('clusters')}, ${propSpan('namespaces')} and ${propSpan('serviceAccounts')}, or keep session tags on`);
  }
}

/**
 * Throws if a PodIdentityRole's trust is known, at synth time, to exclude this association's
 * cluster, namespace or service account: EKS could then never assume the role for its pods.
 * A dimension is checked only when every value in it is known (no token, no policy variable).
 */
export function validateRoleScope(scope: IConstruct, role: iam.IRole | undefined, cluster: IClusterRef, namespace: string, serviceAccount: string): void {
  if (!role || !PodIdentityRole.isPodIdentityRole(role)) return;
  const misses: string[] = [];
  if (role.trustedClusters && excludesCluster(role.trustedClusters, cluster)) {
    misses.push(`clusters ${role.trustedClusters.map(clusterLabel).join(', ')} (session tag ${SessionTag.CLUSTER_ARN}) do not include this association's cluster ${clusterLabel(cluster)}`);
  }
  if (role.trustedNamespaces && excludes(role.trustedNamespaces, namespace)) {
    misses.push(`namespaces ${role.trustedNamespaces.map(quote).join(', ')} (session tag ${SessionTag.NAMESPACE}) do not include this association's namespace ${quote(namespace)}`);
  }
  if (role.trustedServiceAccounts && excludes(role.trustedServiceAccounts, serviceAccount)) {
    misses.push(`service accounts ${role.trustedServiceAccounts.map(quote).join(', ')} (session tag ${SessionTag.SERVICE_ACCOUNT}) do not include this association's service account ${quote(serviceAccount)}`);
  }
  if (misses.length === 0) return;
  throw new PodIdentityError('role-scope-excludes-association', scope,
    `role ${quote(role.node.path)} trusts only sessions within its scope, and its ${misses.join('; its ')}, so EKS could never assume it for these pods`,
    `Add this association's values to the role's ${propSpan('clusters')}, ${propSpan('namespaces')} or ${propSpan('serviceAccounts')}, or give the association a role whose scope includes them`);
}

// A value is known when it is neither a token nor holds a policy variable, which IAM fills in per request.
function known(value: string): boolean {
  return !Token.isUnresolved(value) && !value.includes('${');
}

// Whether `value` is known to match none of `patterns`, as IAM matches them: StringEquals, or
// StringLike when a value of the list has a wildcard (`*` any run of characters, `?` one character).
// Source: awsdocs/iam-user-guide doc_source/reference_policies_elements_condition_operators.md @ 0727b4d (checked 2026-12-01)
function excludes(patterns: string[], value: string): boolean {
  if (!known(value) || !patterns.every(known)) return false;
  return !patterns.some(pattern => wildcardPattern(pattern).test(value));
}

function wildcardPattern(pattern: string): RegExp {
  const body = pattern.split('').map(c => c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^$(){}|[\]\\]/g, '\\$&')).join('');
  return new RegExp(`^${body}$`);
}

// Clusters are compared by name, account and region; a cluster that is the same construct always matches.
function excludesCluster(clusters: IClusterRef[], cluster: IClusterRef): boolean {
  return clusters.every(candidate => candidate !== cluster && differ(candidate, cluster));
}

function clusterLabel(cluster: IClusterRef): string {
  const name = cluster.clusterRef.clusterName;
  return quote(Token.isUnresolved(name) ? cluster.node.path : name);
}

function differ(a: IClusterRef, b: IClusterRef): boolean {
  return [
    [a.clusterRef.clusterName, b.clusterRef.clusterName],
    [a.env.account, b.env.account],
    [a.env.region, b.env.region],
  ].some(([x, y]) => Token.compareStrings(x, y) === TokenComparison.DIFFERENT);
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
