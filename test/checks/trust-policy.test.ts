import { POD_IDENTITY_ACTIONS, SessionTags, trustAllows } from '../../lib/checks/private/trust-policy';

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
