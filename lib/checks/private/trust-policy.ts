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
const TAGS: Record<string, keyof SessionTags> = {
  'kubernetes-namespace': 'namespace',
  'kubernetes-service-account': 'serviceAccount',
  'eks-cluster-name': 'clusterName',
  'eks-cluster-arn': 'clusterArn',
  'kubernetes-pod-name': 'podName',
  'kubernetes-pod-uid': 'podUid',
};

export type TrustAnswer = 'yes' | 'no' | 'maybe';
type Answer = TrustAnswer;

/** The session tags of one association, where they are literals. */
export interface SessionTags {
  readonly namespace?: string;
  readonly serviceAccount?: string;
  readonly clusterName?: string;
  readonly clusterArn?: string;
  readonly podName?: string;
  readonly podUid?: string;
  /** No session tag is sent at all (an association with `disableSessionTags`): conditions on them test absent keys. */
  readonly disabled?: boolean;
}

/**
 * Who asks and the request's other context keys, for a live check. Without it, the caller is
 * pods.eks.amazonaws.com and the other keys are unknown.
 */
export interface TrustRequest {
  /** The calling service principal. @default pods.eks.amazonaws.com, unless `principalArn` is given */
  readonly service?: string;
  /** The calling IAM role's ARN (a role chain): also the value of aws:PrincipalArn. */
  readonly principalArn?: string;
  /** aws:SourceAccount. */
  readonly sourceAccount?: string;
  /** sts:ExternalId. */
  readonly externalId?: string;
}

/**
 * Whether the trust policy may let the service call `action`. With `tags`, conditions on those session
 * tags are evaluated; without, every condition may hold.
 */
export function trustAllows(document: any, action: string, tags: SessionTags = {}, request: TrustRequest = {}): boolean {
  return trustAnswer(document, action, tags, request) !== 'no';
}

/**
 * IAM's answer as far as the inputs tell: yes (an Allow surely applies and no Deny may), no (no Allow
 * may apply, or a Deny surely does), maybe (it depends on what is not known).
 */
export function trustAnswer(document: any, action: string, tags: SessionTags = {}, request: TrustRequest = {}): TrustAnswer {
  const statements: any[] = [].concat(document?.Statement ?? []);
  const applies = (statement: any) => all([principalMatches(statement, request), actionMatches(statement, action), conditionHolds(statement.Condition, tags, request)]);
  const denies = statements.filter(statement => statement?.Effect === 'Deny').map(applies);
  if (denies.includes('yes')) return 'no';
  const allows = statements.filter(statement => statement?.Effect === 'Allow').map(applies);
  if (allows.includes('yes')) return denies.includes('maybe') ? 'maybe' : 'yes';
  return allows.includes('maybe') ? 'maybe' : 'no';
}

function principalMatches(statement: any, request: TrustRequest): Answer {
  const names = request.principalArn !== undefined && request.service === undefined ? namesRole : namesService;
  if (statement.Principal !== undefined) return names(statement.Principal, request);
  if (statement.NotPrincipal !== undefined) return not(names(statement.NotPrincipal, request));
  return 'no';
}

function namesService(principal: any, request: TrustRequest): Answer {
  if (principal === '*') return 'yes';
  if (typeof principal !== 'object' || principal === null) return 'maybe';
  const service = (request.service ?? POD_IDENTITY_SERVICE).toLowerCase();
  const services: any[] = [].concat(principal.Service ?? []);
  if (services.some(value => typeof value === 'string' && value.toLowerCase() === service)) return 'yes';
  // { AWS: '*' } is everyone for most services; tokens may be anything.
  const others = [...services, ...[].concat(principal.AWS ?? [])];
  return others.some(value => typeof value !== 'string' || value === '*') ? 'maybe' : 'no';
}

// A role is named by its ARN, or its account as `arn:<partition>:iam::<account>:root` or the bare account ID
// (which trusts every principal of that account that its own policies allow).
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html @ the page as read (checked 2026-12-07)
function namesRole(principal: any, request: TrustRequest): Answer {
  if (principal === '*') return 'yes';
  if (typeof principal !== 'object' || principal === null) return 'maybe';
  const arn = request.principalArn!;
  const account = arn.split(':')[4];
  const values: any[] = [].concat(principal.AWS ?? []);
  let answer: Answer = 'no';
  for (const value of values) {
    if (typeof value !== 'string') answer = 'maybe';
    else if (value === '*' || value === arn || value === account || value === `${arn.split(':').slice(0, 2).join(':')}:iam::${account}:root`) return 'yes';
  }
  return answer;
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

// Conditions on the session tags of pod identity and on the request's known keys are evaluated for the
// string and ARN operators; every other condition may hold. A key absent from the request matches no
// value, and an ...IfExists operator then holds.
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html @ the page as read (checked 2026-12-07)
function conditionHolds(condition: any, tags: SessionTags, request: TrustRequest): Answer {
  if (condition === undefined) return 'yes';
  if (typeof condition !== 'object' || condition === null) return 'maybe';
  const answers: Answer[] = [];
  for (const [operator, entries] of Object.entries<any>(condition)) {
    if (typeof entries !== 'object' || entries === null) {
      answers.push('maybe');
      continue;
    }
    for (const [key, values] of Object.entries<any>(entries)) {
      answers.push(operatorHolds(operator, contextValue(key, tags, request), values));
    }
  }
  return all(answers);
}

const ABSENT = Symbol('absent');

/** The value of a condition key: a string, ABSENT when the request surely lacks it, undefined when unknown. */
function contextValue(key: string, tags: SessionTags, request: TrustRequest): string | typeof ABSENT | undefined {
  const lower = key.toLowerCase();
  if (lower.startsWith('aws:requesttag/')) {
    const field = TAGS[lower.slice('aws:requesttag/'.length)];
    if (tags.disabled) return ABSENT;
    return field ? tags[field] as string | undefined : undefined;
  }
  // EKS Pod Identity sends aws:SourceAccount, the cluster's account: a trust with StringEquals aws:SourceAccount on the
  // cluster's account admits the pods (reported working, and failing only once an aws:SourceArn condition was added).
  // No EKS User Guide page states the value.
  // Source: awslabs/mountpoint-s3-csi-driver issue #781 (comment of 2026-04-29) @ the thread as read (checked 2026-12-07)
  if (lower === 'aws:sourceaccount') return request.sourceAccount;
  if (lower === 'aws:principalarn') return request.principalArn;
  if (lower === 'sts:externalid') return request.externalId ?? (request.principalArn !== undefined ? ABSENT : undefined);
  return undefined;
}

function operatorHolds(operator: string, value: string | typeof ABSENT | undefined, expected: any): Answer {
  const list: any[] = [].concat(expected);
  if (operator === 'Null' && value !== undefined && list.length === 1) {
    const wantsAbsent = String(list[0]).toLowerCase() === 'true';
    return (value === ABSENT) === wantsAbsent ? 'yes' : 'no';
  }
  // A policy variable (${aws:username}, ${aws:PrincipalTag/x}) is replaced at request time: its value is not known here.
  // Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html @ the page as read (checked 2026-12-07)
  if (value === undefined || list.some(entry => typeof entry !== 'string' || entry.includes('${'))) return 'maybe';
  const ifExists = operator.endsWith('IfExists');
  const base = operator.replace(/IfExists$/, '');
  if (value === ABSENT) {
    // An absent key matches no value: the condition is false, but true for a negated operator (StringNotLike,
    // ArnNotLike...) and for ...IfExists.
    // Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html ("If the key that you specify in a policy condition is not present...") @ the page as read (checked 2026-12-07)
    if (ifExists) return 'yes';
    return KNOWN_OPERATORS.test(base) ? base.includes('Not') ? 'yes' : 'no' : 'maybe';
  }
  const equals = (ignoreCase: boolean) => list.some(entry => ignoreCase ? entry.toLowerCase() === value.toLowerCase() : entry === value);
  const like = () => list.some(entry => wildcard(entry, value, false));
  const arnLike = () => list.some(entry => arnMatches(entry, value));
  switch (base) {
    case 'StringEquals': return equals(false) ? 'yes' : 'no';
    case 'StringNotEquals': return equals(false) ? 'no' : 'yes';
    case 'StringEqualsIgnoreCase': return equals(true) ? 'yes' : 'no';
    case 'StringNotEqualsIgnoreCase': return equals(true) ? 'no' : 'yes';
    case 'StringLike': return like() ? 'yes' : 'no';
    case 'StringNotLike': return like() ? 'no' : 'yes';
    case 'ArnLike': case 'ArnEquals': return arnLike() ? 'yes' : 'no';
    case 'ArnNotLike': case 'ArnNotEquals': return arnLike() ? 'no' : 'yes';
    default: return 'maybe';
  }
}

// The string and ARN operators, each also negated (Not).
const KNOWN_OPERATORS = /^(String(Not)?(Equals(IgnoreCase)?|Like)|Arn(Not)?(Equals|Like))$/;

// ArnLike and ArnEquals check each of the six colon-delimited components of the ARN separately, each with * and ?
// wildcards: a * does not cross a colon.
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN @ the page as read (checked 2026-12-07)
function arnMatches(pattern: string, arn: string): boolean {
  const split = (text: string) => {
    const parts = text.split(':');
    return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(':')];
  };
  const [patterns, values] = [split(pattern), split(arn)];
  return patterns !== undefined && values !== undefined && patterns.every((part, i) => wildcard(part, values[i], false));
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
