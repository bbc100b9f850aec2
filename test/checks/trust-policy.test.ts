import { POD_IDENTITY_ACTIONS, SessionTags, trustAllows, TrustAnswer, trustAnswer, TrustRequest } from '../../lib/checks/private/trust-policy';

const SERVICE = { Service: 'pods.eks.amazonaws.com' };
const allow = (extra: Record<string, any>) => ({ Effect: 'Allow', Principal: SERVICE, ...extra });
const both = allow({ Action: ['sts:AssumeRole', 'sts:TagSession'] });
const jobs: SessionTags = { namespace: 'jobs', serviceAccount: 'worker', clusterName: 'my-cluster' };

describe('trustAllows, as IAM evaluates a trust policy for pods.eks.amazonaws.com', () => {
  test.each<[string, any[], SessionTags | undefined, boolean]>([
    ['one statement with both actions', [both], undefined, true],
    ['the two actions in two statements', [allow({ Action: 'sts:AssumeRole' }), allow({ Action: 'sts:TagSession' })], undefined, true],
    ['sts:*', [allow({ Action: 'sts:*' })], undefined, true],
    ['*', [allow({ Action: '*' })], undefined, true],
    ['wildcards and other case', [allow({ Action: ['STS:assumerole', 'sts:Tag?ession'] })], undefined, true],
    ['NotAction that leaves both', [allow({ NotAction: 'iam:*' })], undefined, true],
    ['NotAction that takes sts:TagSession', [allow({ NotAction: 'sts:Tag*' })], undefined, false],
    ['sts:AssumeRole only', [allow({ Action: 'sts:AssumeRole' })], undefined, false],
    ['another service', [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:*' }], undefined, false],
    ['the service among others', [{ Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com', 'pods.eks.amazonaws.com'] }, Action: 'sts:*' }], undefined, true],
    ['Principal *', [{ Effect: 'Allow', Principal: '*', Action: 'sts:*' }], undefined, true],
    ['Principal AWS * (may include services)', [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:*' }], undefined, true],
    ['a principal behind a token (may be the service)', [{ Effect: 'Allow', Principal: { Service: { 'Fn::Join': ['', ['pods.eks.', { Ref: 'AWS::URLSuffix' }]] } }, Action: 'sts:*' }], undefined, true],
    ['NotPrincipal that names the service', [{ Effect: 'Allow', NotPrincipal: SERVICE, Action: 'sts:*' }], undefined, false],
    ['no Effect', [{ Principal: SERVICE, Action: 'sts:*' }], undefined, false],
    ['an unconditional Deny of sts:TagSession', [both, { Effect: 'Deny', Principal: '*', Action: 'sts:TagSession' }], undefined, false],
    ['a Deny for another principal', [both, { Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:*' }], undefined, true],
    ['a conditional Deny (it may not apply)', [both, { Effect: 'Deny', Principal: SERVICE, Action: 'sts:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }], undefined, true],
    ['a Deny whose session-tag condition the association meets', [both, { Effect: 'Deny', Principal: SERVICE, Action: 'sts:*', Condition: { StringEquals: { 'aws:RequestTag/kubernetes-namespace': 'jobs' } } }], jobs, false],
    ['conditions on session tags, without the association', [allow({ Action: 'sts:*', Condition: { StringEquals: { 'aws:RequestTag/kubernetes-namespace': 'web' } } })], undefined, true],
    ['StringEquals on the namespace that the association has', [allow({ Action: 'sts:*', Condition: { StringEquals: { 'aws:RequestTag/kubernetes-namespace': ['web', 'jobs'] } } })], jobs, true],
    ['StringEquals on another namespace', [allow({ Action: 'sts:*', Condition: { StringEquals: { 'aws:RequestTag/kubernetes-namespace': 'web' } } })], jobs, false],
    ['StringLike on the service account', [allow({ Action: 'sts:*', Condition: { StringLike: { 'aws:RequestTag/kubernetes-service-account': 'work*' } } })], jobs, true],
    ['StringNotEquals on the cluster name', [allow({ Action: 'sts:*', Condition: { StringNotEquals: { 'aws:RequestTag/eks-cluster-name': 'my-cluster' } } })], jobs, false],
    ['StringEqualsIfExists, as the tags are always sent', [allow({ Action: 'sts:*', Condition: { StringEqualsIfExists: { 'AWS:RequestTag/Kubernetes-Namespace': 'web' } } })], jobs, false],
    ['a condition on another key (may hold)', [allow({ Action: 'sts:*', Condition: { StringEquals: { 'aws:SourceAccount': '222222222222' } } })], jobs, true],
    ['a set operator (may hold)', [allow({ Action: 'sts:*', Condition: { 'ForAnyValue:StringEquals': { 'aws:RequestTag/kubernetes-namespace': 'web' } } })], jobs, true],
    ['one statement that admits the association among some that do not', [
      allow({ Action: 'sts:*', Condition: { StringEquals: { 'aws:RequestTag/kubernetes-namespace': 'web' } } }),
      allow({ Action: 'sts:*', Condition: { StringEquals: { 'aws:RequestTag/kubernetes-namespace': 'jobs' } } }),
    ], jobs, true],
  ])('%s', (_name, statements, tags, expected) => {
    const document = { Version: '2012-10-17', Statement: statements };
    expect(POD_IDENTITY_ACTIONS.every(action => trustAllows(document, action, tags))).toBe(expected);
  });

  test('a single statement that is not in a list', () => {
    expect(trustAllows({ Statement: both }, 'sts:TagSession')).toBe(true);
  });
});

describe('trustAnswer, with what doctor knows of the live request', () => {
  const arn = 'arn:aws:eks:eu-west-1:111122223333:cluster/my-cluster';
  const live: SessionTags = { ...jobs, clusterArn: arn };
  const first = 'arn:aws:iam::111122223333:role/first';
  const answer = (statements: any[], tags: SessionTags, request: TrustRequest = {}) =>
    POD_IDENTITY_ACTIONS.map(action => trustAnswer({ Statement: statements }, action, tags, request));

  test.each<[string, any[], SessionTags, TrustRequest, TrustAnswer]>([
    ['an unconditional trust', [both], live, {}, 'yes'],
    ['ArnLike on eks-cluster-arn that matches', [allow({ Action: 'sts:*', Condition: { ArnLike: { 'aws:RequestTag/eks-cluster-arn': 'arn:aws:eks:*:111122223333:cluster/my-*' } } })], live, {}, 'yes'],
    ['ArnEquals on eks-cluster-arn of another cluster', [allow({ Action: 'sts:*', Condition: { ArnEquals: { 'aws:RequestTag/eks-cluster-arn': 'arn:aws:eks:eu-west-1:111122223333:cluster/prod' } } })], live, {}, 'no'],
    ['StringLike on the pod name, which is per pod', [allow({ Action: 'sts:*', Condition: { StringLike: { 'aws:RequestTag/kubernetes-pod-name': 'web-*' } } })], live, {}, 'maybe'],
    ['StringLike on the pod name of a known pod', [allow({ Action: 'sts:*', Condition: { StringLike: { 'aws:RequestTag/kubernetes-pod-name': 'web-*' } } })], { ...live, podName: 'jobs-1' }, {}, 'no'],
    ['aws:SourceAccount of this account', [allow({ Action: 'sts:*', Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } })], live, { sourceAccount: '111122223333' }, 'yes'],
    ['aws:SourceAccount of another account', [allow({ Action: 'sts:*', Condition: { StringEquals: { 'aws:SourceAccount': '222222222222' } } })], live, { sourceAccount: '111122223333' }, 'no'],
    ['a condition on a key doctor does not know', [allow({ Action: 'sts:*', Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:eks:*' } } })], live, {}, 'maybe'],
    ['session tags disabled: StringEquals on a tag', [allow({ Action: 'sts:*', Condition: { StringEquals: { 'aws:RequestTag/kubernetes-namespace': 'jobs' } } })], { ...live, disabled: true }, {}, 'no'],
    ['session tags disabled: StringEqualsIfExists on a tag', [allow({ Action: 'sts:*', Condition: { StringEqualsIfExists: { 'aws:RequestTag/kubernetes-namespace': 'web' } } })], { ...live, disabled: true }, {}, 'yes'],
    ['session tags disabled: Null true on a tag', [allow({ Action: 'sts:*', Condition: { Null: { 'aws:RequestTag/kubernetes-namespace': 'true' } } })], { ...live, disabled: true }, {}, 'yes'],
    ['session tags disabled: StringNotEquals on a tag (an absent key: true)', [allow({ Action: 'sts:*', Condition: { StringNotEquals: { 'aws:RequestTag/kubernetes-namespace': 'web' } } })], { ...live, disabled: true }, {}, 'yes'],
    ['session tags disabled: ArnNotLike on a tag (an absent key: true)', [allow({ Action: 'sts:*', Condition: { ArnNotLike: { 'aws:RequestTag/eks-cluster-arn': 'arn:aws:eks:*:*:cluster/prod-*' } } })], { ...live, disabled: true }, {}, 'yes'],
    ['ArnLike: a * does not cross a colon', [allow({ Action: 'sts:*', Condition: { ArnLike: { 'aws:RequestTag/eks-cluster-arn': 'arn:aws:eks:*:cluster/my-cluster' } } })], live, {}, 'no'],
    ['ArnLike: a pattern with fewer than six components matches nothing', [allow({ Action: 'sts:*', Condition: { ArnLike: { 'aws:RequestTag/eks-cluster-arn': 'arn:aws:*' } } })], live, {}, 'no'],
    ['StringLike: a * crosses colons', [allow({ Action: 'sts:*', Condition: { StringLike: { 'aws:RequestTag/eks-cluster-arn': 'arn:aws:eks:*:cluster/my-cluster' } } })], live, {}, 'yes'],
    ['a policy variable in a condition value', [allow({ Action: 'sts:*', Condition: { StringEquals: { 'aws:RequestTag/kubernetes-namespace': '${aws:PrincipalTag/team}' } } })], live, {}, 'maybe'],
    ['a conditional Deny that may apply makes an Allow uncertain', [both, { Effect: 'Deny', Principal: '*', Action: 'sts:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }], live, {}, 'maybe'],
    ['a role chain: the account as principal and aws:PrincipalArn of the first role', [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: { ArnEquals: { 'aws:PrincipalARN': first } } }], live, { principalArn: first }, 'yes'],
    ['a role chain: the bare account ID as principal', [{ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'sts:*' }], live, { principalArn: first }, 'yes'],
    ['a role chain: aws:PrincipalArn of another role', [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:*', Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/other' } } }], live, { principalArn: first }, 'no'],
    ['a role chain: another account as principal', [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:*' }], live, { principalArn: first }, 'no'],
    ['a role chain: the service principal does not admit a role', [both], live, { principalArn: first }, 'no'],
    ['a role chain with tags off: sts:ExternalId that matches', [{ Effect: 'Allow', Principal: { AWS: first }, Action: 'sts:*', Condition: { StringEquals: { 'sts:ExternalId': 'eu-west-1/111122223333/my-cluster/jobs/worker' } } }], { disabled: true }, { principalArn: first, externalId: 'eu-west-1/111122223333/my-cluster/jobs/worker' }, 'yes'],
    ['a role chain with tags on: sts:ExternalId is not sent', [{ Effect: 'Allow', Principal: { AWS: first }, Action: 'sts:*', Condition: { StringEquals: { 'sts:ExternalId': 'x' } } }], live, { principalArn: first }, 'no'],
  ])('%s', (_name, statements, tags, request, expected) => {
    expect(answer(statements, tags, request)).toEqual([expected, expected]);
  });

  test('trustAllows is trustAnswer other than no', () => {
    const maybe = [allow({ Action: 'sts:*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } })];
    expect(trustAllows({ Statement: maybe }, 'sts:AssumeRole', live)).toBe(true);
    expect(trustAnswer({ Statement: maybe }, 'sts:AssumeRole', live)).toBe('maybe');
  });
});
