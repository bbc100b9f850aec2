import * as iam from 'aws-cdk-lib/aws-iam';
import { SessionTag } from '../session-tag';
import { TaggedSession, taggedTrustStatement } from './target-trust';

/** What one trust statement for associations with session tags on tests. */
type Dimension = 'clusterArn' | 'namespace' | 'serviceAccount' | 'roleArn';

const DIMENSIONS: readonly Dimension[] = ['clusterArn', 'namespace', 'serviceAccount', 'roleArn'];

// The condition operator and key each dimension is tested with (as in taggedTrustStatement).
const CONDITIONS: { readonly [dimension in Dimension]: readonly [string, string] } = {
  clusterArn: ['StringEquals', `aws:RequestTag/${SessionTag.CLUSTER_ARN}`],
  namespace: ['StringEquals', `aws:RequestTag/${SessionTag.NAMESPACE}`],
  serviceAccount: ['StringEquals', `aws:RequestTag/${SessionTag.SERVICE_ACCOUNT}`],
  roleArn: ['ArnEquals', 'aws:PrincipalArn'],
};

type Values = { [dimension in Dimension]?: string };

interface Entry {
  readonly account: string;
  readonly values: { [dimension in Dimension]?: string[] };
  readonly statement: iam.PolicyStatement;
}

/**
 * The trust statements of a target role for associations with session tags on, one statement per
 * association, except that associations which differ in one value only share a statement that lists
 * that value.
 *
 * Within a condition block IAM ANDs the keys and ORs the values of one key, so a statement admits every
 * combination of its listed values. Listing values under one key only keeps that set exactly the
 * associations it was made from: one role for several service accounts of one namespace and cluster,
 * one service account in several clusters, and so on. Two associations that differ in two values (a
 * namespace and a service account) keep their own statements, since one statement for both would also
 * admit the crossed pairs. Values are the same when their strings are the same (a literal, or the same
 * token), never by resolving tokens, so a merge can never widen the trust.
 */
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html ("If a single condition operator includes multiple values for a context key, those values are evaluated using a logical OR"; several keys in one block: logical AND) @ the page as read (checked 2026-12-07)
export class TaggedTrust {
  private readonly entries: Entry[] = [];

  constructor(private readonly document: iam.PolicyDocument) {}

  /** Admits `roleArn` of `account` with `session`'s tags, in a statement of its own or an exact share of one. */
  public admit(account: string, roleArn: string, session: TaggedSession): void {
    const values: Values = { roleArn, clusterArn: session.clusterArn, namespace: session.namespace, serviceAccount: session.serviceAccount };
    if (this.entries.some(entry => mergeInto(entry, account, values))) return;
    const statement = taggedTrustStatement(account, roleArn, session);
    this.document.addStatements(statement);
    const listed: Entry['values'] = {};
    for (const dimension of DIMENSIONS) {
      const value = values[dimension];
      if (value !== undefined) listed[dimension] = [value];
    }
    this.entries.push({ account, values: listed, statement });
  }
}

/** Adds `values` to `entry` when the statement then admits exactly what it did plus `values`. */
function mergeInto(entry: Entry, account: string, values: Values): boolean {
  if (entry.account !== account) return false;
  const differing: Dimension[] = [];
  for (const dimension of DIMENSIONS) {
    const listed = entry.values[dimension];
    const value = values[dimension];
    // A condition tested by one and not by the other: one statement cannot say both.
    if ((listed === undefined) !== (value === undefined)) return false;
    if (listed !== undefined && !listed.includes(value!)) differing.push(dimension);
  }
  // Already admitted: every value is listed, and at most one key lists several.
  if (differing.length === 0) return true;
  if (differing.length > 1) return false;
  const [dimension] = differing;
  if (DIMENSIONS.some(other => other !== dimension && (entry.values[other]?.length ?? 0) > 1)) return false;
  // A statement already resolved (the trust policy was read before this association) is frozen: it
  // takes no more conditions, so the association gets a statement of its own.
  if (entry.statement.frozen) return false;
  const listed = entry.values[dimension]!;
  listed.push(values[dimension]!);
  const [operator, key] = CONDITIONS[dimension];
  entry.statement.addCondition(operator, { [key]: [...listed] });
  return true;
}
