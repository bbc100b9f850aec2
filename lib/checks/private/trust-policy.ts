/**
 * How IAM would answer "may pods.eks.amazonaws.com call this action on the role?" from a resolved trust
 * policy, as far as synth time can tell. Every part of a statement is judged yes, no or maybe (a token,
 * a condition that depends on the request); an Allow that may apply counts, a Deny counts only when it
 * surely applies, so that the checks report only trusts that surely fail.
 */

// An explicit Deny overrides any Allow; without an Allow, the request is denied. Actions are
// case-insensitive and take * and ? wildcards. Principal "*" is everyone.
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_AccessPolicyLanguage_Interplay.html @ the page as read (checked 2026-12-01)
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html @ the page as read (checked 2026-12-01)
export const POD_IDENTITY_SERVICE = 'pods.eks.amazonaws.com';

// EKS Pod Identity assumes the role with sts:AssumeRole and sts:TagSession, and sends these session
// tags, which trust policies may test as aws:RequestTag/<key>.
// Source: awsdocs/amazon-eks-user-guide latest/ug/manage-access/aws-access/pod-id-role.adoc @ 2edffcb (checked 2026-12-01)
export const POD_IDENTITY_ACTIONS = ['sts:AssumeRole', 'sts:TagSession'];
const TAGS = { namespace: 'kubernetes-namespace', serviceAccount: 'kubernetes-service-account', clusterName: 'eks-cluster-name' };

type Answer = 'yes' | 'no' | 'maybe';

/** The session tags of one association, where they are literals. */
export interface SessionTags {
  readonly namespace?: string;
  readonly serviceAccount?: string;
  readonly clusterName?: string;
}

/**
 * Whether the trust policy may let the service call `action`. With `tags`, conditions on those session
 * tags are evaluated; without, every condition may hold.
 */
export function trustAllows(document: any, action: string, tags: SessionTags = {}): boolean {
  const statements: any[] = [].concat(document?.Statement ?? []);
  const applies = (statement: any) => all([principalMatches(statement), actionMatches(statement, action), conditionHolds(statement.Condition, tags)]);
  if (statements.some(statement => statement?.Effect === 'Deny' && applies(statement) === 'yes')) return false;
  return statements.some(statement => statement?.Effect === 'Allow' && applies(statement) !== 'no');
}

function principalMatches(statement: any): Answer {
  if (statement.Principal !== undefined) return namesService(statement.Principal);
  if (statement.NotPrincipal !== undefined) return not(namesService(statement.NotPrincipal));
  return 'no';
}

function namesService(principal: any): Answer {
  if (principal === '*') return 'yes';
  if (typeof principal !== 'object' || principal === null) return 'maybe';
  const services: any[] = [].concat(principal.Service ?? []);
  if (services.some(service => typeof service === 'string' && service.toLowerCase() === POD_IDENTITY_SERVICE)) return 'yes';
  // { AWS: '*' } is everyone for most services; tokens may be anything.
  const others = [...services, ...[].concat(principal.AWS ?? [])];
  return others.some(value => typeof value !== 'string' || value === '*') ? 'maybe' : 'no';
}

function actionMatches(statement: any, action: string): Answer {
  if (statement.Action !== undefined) return anyPattern(statement.Action, action);
  if (statement.NotAction !== undefined) return not(anyPattern(statement.NotAction, action));
  return 'no';
}

function anyPattern(patterns: any, action: string): Answer {
  let answer: Answer = 'no';
  for (const pattern of [].concat(patterns)) {
    if (typeof pattern !== 'string') answer = 'maybe';
    else if (wildcard(pattern, action, true)) return 'yes';
  }
  return answer;
}

// Conditions on the session tags of pod identity are evaluated for the string operators; every other
// condition may hold.
function conditionHolds(condition: any, tags: SessionTags): Answer {
  if (condition === undefined) return 'yes';
  if (typeof condition !== 'object' || condition === null) return 'maybe';
  const answers: Answer[] = [];
  for (const [operator, entries] of Object.entries<any>(condition)) {
    if (typeof entries !== 'object' || entries === null) {
      answers.push('maybe');
      continue;
    }
    for (const [key, values] of Object.entries<any>(entries)) {
      answers.push(operatorHolds(operator, requestTag(key, tags), values));
    }
  }
  return all(answers);
}

function requestTag(key: string, tags: SessionTags): string | undefined {
  const lower = key.toLowerCase();
  if (lower === `aws:requesttag/${TAGS.namespace}`) return tags.namespace;
  if (lower === `aws:requesttag/${TAGS.serviceAccount}`) return tags.serviceAccount;
  if (lower === `aws:requesttag/${TAGS.clusterName}`) return tags.clusterName;
  return undefined;
}

function operatorHolds(operator: string, value: string | undefined, expected: any): Answer {
  const list: any[] = [].concat(expected);
  if (value === undefined || list.some(entry => typeof entry !== 'string')) return 'maybe';
  // The tags are always sent, so ...IfExists tests the same thing.
  const base = operator.replace(/IfExists$/, '');
  const equals = (ignoreCase: boolean) => list.some(entry => ignoreCase ? entry.toLowerCase() === value.toLowerCase() : entry === value);
  switch (base) {
    case 'StringEquals': return equals(false) ? 'yes' : 'no';
    case 'StringNotEquals': return equals(false) ? 'no' : 'yes';
    case 'StringEqualsIgnoreCase': return equals(true) ? 'yes' : 'no';
    case 'StringNotEqualsIgnoreCase': return equals(true) ? 'no' : 'yes';
    case 'StringLike': return list.some(entry => wildcard(entry, value, false)) ? 'yes' : 'no';
    case 'StringNotLike': return list.some(entry => wildcard(entry, value, false)) ? 'no' : 'yes';
    default: return 'maybe';
  }
}

function wildcard(pattern: string, value: string, ignoreCase: boolean): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, ignoreCase ? 'i' : '').test(value);
}

function all(answers: Answer[]): Answer {
  if (answers.includes('no')) return 'no';
  return answers.includes('maybe') ? 'maybe' : 'yes';
}

function not(answer: Answer): Answer {
  return answer === 'yes' ? 'no' : answer === 'no' ? 'yes' : 'maybe';
}
