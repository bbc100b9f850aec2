import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PodIdentityAssociation, PodIdentityRole } from '../../lib';
import { givenStack } from '../util';

describe('PodIdentityAssociation validation', () => {
  let app: App;
  let stack: Stack;
  let cluster: eks.IClusterRef;

  beforeEach(() => {
    ({ app, stack, cluster } = givenStack());
  });

  test.each([
    ['Default', 'upper case'],
    ['-team', 'leading hyphen'],
    ['team_a', 'underscore'],
    ['a'.repeat(64), 'longer than 63'],
    ['', 'empty'],
  ])('rejects namespace %j (%s)', (namespace) => {
    expect(() => new PodIdentityAssociation(stack, 'App', { cluster, namespace, serviceAccount: 'my-sa' })).toThrow(
      `[cdk-eks-pod-identity:invalid-namespace] Stack/App: namespace '${namespace}' is not a valid Kubernetes namespace (an RFC 1123 label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit). Use the name of the namespace exactly as Kubernetes shows it, e.g. 'default' or 'team-a'`,
    );
  });

  test.each([
    ['My-SA', 'upper case'],
    ['sa.', 'trailing dot'],
    ['sa_1', 'underscore'],
    ['a'.repeat(254), 'longer than 253'],
  ])('rejects service account %j (%s)', (serviceAccount) => {
    expect(() => new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount })).toThrow(
      `[cdk-eks-pod-identity:invalid-service-account] Stack/App: service account '${serviceAccount}' is not a valid Kubernetes service account name (an RFC 1123 subdomain: at most 253 lowercase letters, digits, '-' and '.', each part starting and ending with a letter or digit). Use the name of the service account exactly as in its manifest, e.g. 'my-service-account'`,
    );
  });

  test.each(['a', 'my.service-account', 'a'.repeat(253)])('accepts service account %j', (serviceAccount) => {
    expect(() => new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount })).not.toThrow();
  });

  test('rejects an empty cluster name', () => {
    const empty = eks.CfnCluster.fromClusterName(stack, 'Empty', '');
    expect(() => new PodIdentityAssociation(stack, 'App', { cluster: empty, namespace: 'default', serviceAccount: 'my-sa' })).toThrow(
      "[cdk-eks-pod-identity:empty-cluster-name] Stack/App: the cluster name is empty. Pass the cluster as an eks.Cluster, a CfnCluster, or CfnCluster.fromClusterName(scope, id, 'my-cluster') with the real name",
    );
  });

  test('rejects a cluster name EKS would not accept', () => {
    const bad = eks.CfnCluster.fromClusterName(stack, 'Bad', 'my cluster');
    expect(() => new PodIdentityAssociation(stack, 'App', { cluster: bad, namespace: 'default', serviceAccount: 'my-sa' })).toThrow(
      "[cdk-eks-pod-identity:invalid-cluster-name] Stack/App: cluster name 'my cluster' is not a valid EKS cluster name (1 to 100 letters, digits, '-' and '_', starting with a letter or digit). Pass the name exactly as the EKS console or `aws eks list-clusters` shows it",
    );
  });

  test('rejects a role from another account than the cluster', () => {
    const role = iam.Role.fromRoleArn(stack, 'Elsewhere', 'arn:aws:iam::222222222222:role/elsewhere');
    expect(() => new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', role })).toThrow(
      "[cdk-eks-pod-identity:role-in-other-account] Stack/App: role 'arn:aws:iam::222222222222:role/elsewhere' is in account '222222222222' but the cluster is in account '111111111111'; EKS only accepts a role from the cluster's account. Pass that role as `targetRole` instead (EKS assumes a role in the cluster's account, then chains into it), and leave `role` unset or give a role from the cluster's account",
    );
  });

  test('does not compare accounts when the cluster account is unknown', () => {
    const agnostic = givenStack('agnostic');
    const role = iam.Role.fromRoleArn(agnostic.stack, 'Elsewhere', 'arn:aws:iam::222222222222:role/elsewhere');
    expect(() => new PodIdentityAssociation(agnostic.stack, 'App', { cluster: agnostic.cluster, namespace: 'default', serviceAccount: 'my-sa', role })).not.toThrow();
  });

  test('rejects a second association for the same cluster, namespace and service account', () => {
    new PodIdentityAssociation(stack, 'First', { cluster, namespace: 'default', serviceAccount: 'my-sa' });
    expect(() => new PodIdentityAssociation(stack, 'Second', { cluster, namespace: 'default', serviceAccount: 'my-sa' })).toThrow(
      "[cdk-eks-pod-identity:duplicate-association] Stack/Second: service account 'default/my-sa' of this cluster already has a pod identity association, made by 'Stack/First'; EKS allows one association per service account per cluster. Reuse that association (grant to it, or give it the role you want), or use another service account",
    );
  });

  test('finds the duplicate across stacks and cluster imports of one app', () => {
    new PodIdentityAssociation(stack, 'First', { cluster, namespace: 'default', serviceAccount: 'my-sa' });
    const other = new Stack(app, 'Other', { env: { account: '111111111111', region: 'eu-west-1' } });
    const sameCluster = eks.CfnCluster.fromClusterName(other, 'Cluster', 'my-cluster');
    expect(() => new PodIdentityAssociation(other, 'Second', { cluster: sameCluster, namespace: 'default', serviceAccount: 'my-sa' }))
      .toThrow(/made by 'Stack\/First'/);
  });

  test('two apps do not see each other', () => {
    new PodIdentityAssociation(stack, 'First', { cluster, namespace: 'default', serviceAccount: 'my-sa' });
    const second = givenStack();
    expect(() => new PodIdentityAssociation(second.stack, 'First', { cluster: second.cluster, namespace: 'default', serviceAccount: 'my-sa' })).not.toThrow();
  });
});

describe('PodIdentityAssociation with a PodIdentityRole scoped elsewhere', () => {
  let stack: Stack;
  let cluster: eks.IClusterRef;

  beforeEach(() => {
    ({ stack, cluster } = givenStack());
  });

  const FIX = "Add this association's values to the role's `clusters`, `namespaces` or `serviceAccounts`, or give the association a role whose scope includes them";

  test.each([true, false])('a namespace outside the role\'s namespaces is an error (sessionTags: %s)', (sessionTags) => {
    const role = new PodIdentityRole(stack, 'Scoped', { namespaces: ['team-a', 'team-b'] });
    expect(() => new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', role, sessionTags })).toThrow(
      `[cdk-eks-pod-identity:role-scope-excludes-association] Stack/App: role 'Stack/Scoped' trusts only sessions within its scope, and its namespaces 'team-a', 'team-b' (session tag kubernetes-namespace) do not include this association's namespace 'default', so EKS could never assume it for these pods. ${FIX}`,
    );
  });

  test('a service account outside the role\'s service accounts is an error', () => {
    const role = new PodIdentityRole(stack, 'Scoped', { serviceAccounts: ['api'] });
    expect(() => new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'worker', role })).toThrow(
      `[cdk-eks-pod-identity:role-scope-excludes-association] Stack/App: role 'Stack/Scoped' trusts only sessions within its scope, and its service accounts 'api' (session tag kubernetes-service-account) do not include this association's service account 'worker', so EKS could never assume it for these pods. ${FIX}`,
    );
  });

  test('another cluster than the role\'s clusters is an error, and every miss is named', () => {
    const other = eks.CfnCluster.fromClusterName(stack, 'Other', 'other-cluster');
    const role = new PodIdentityRole(stack, 'Scoped', { clusters: [other], namespaces: ['team-a'] });
    expect(() => new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', role })).toThrow(
      `[cdk-eks-pod-identity:role-scope-excludes-association] Stack/App: role 'Stack/Scoped' trusts only sessions within its scope, and its clusters 'other-cluster' (session tag eks-cluster-arn) do not include this association's cluster 'my-cluster'; its namespaces 'team-a' (session tag kubernetes-namespace) do not include this association's namespace 'default', so EKS could never assume it for these pods. ${FIX}`,
    );
  });

  test('a wildcard value that cannot match is an error; one that matches is not', () => {
    const role = new PodIdentityRole(stack, 'Scoped', { namespaces: ['team-?'], serviceAccounts: ['app-*'] });
    expect(() => new PodIdentityAssociation(stack, 'Ok', { cluster, namespace: 'team-a', serviceAccount: 'app-web', role })).not.toThrow();
    expect(() => new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'team-ab', serviceAccount: 'app', role }))
      .toThrow(`[cdk-eks-pod-identity:role-scope-excludes-association] Stack/App: role 'Stack/Scoped' trusts only sessions within its scope, and its namespaces 'team-?' (session tag kubernetes-namespace) do not include this association's namespace 'team-ab'; its service accounts 'app-*' (session tag kubernetes-service-account) do not include this association's service account 'app', so EKS could never assume it for these pods. ${FIX}`);
  });

  test('the same cluster imported twice, and the role\'s own values, are accepted', () => {
    const again = eks.CfnCluster.fromClusterName(stack, 'Again', 'my-cluster');
    const role = new PodIdentityRole(stack, 'Scoped', { clusters: [again], namespaces: ['default'], serviceAccounts: ['my-sa'] });
    expect(() => new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', role })).not.toThrow();
  });

  test('values known only at deploy time are not compared', () => {
    const namespace = new CfnParameter(stack, 'Namespace').valueAsString;
    const tokenRole = new PodIdentityRole(stack, 'FromParameter', { namespaces: [namespace] });
    const fixedRole = new PodIdentityRole(stack, 'Fixed', { namespaces: ['team-a'] });
    const variableRole = new PodIdentityRole(stack, 'Variable', { namespaces: ['${aws:PrincipalTag/team}'] });
    expect(() => new PodIdentityAssociation(stack, 'A', { cluster, namespace: 'default', serviceAccount: 'a', role: tokenRole })).not.toThrow();
    expect(() => new PodIdentityAssociation(stack, 'B', { cluster, namespace, serviceAccount: 'b', role: fixedRole })).not.toThrow();
    expect(() => new PodIdentityAssociation(stack, 'C', { cluster, namespace: 'default', serviceAccount: 'c', role: variableRole })).not.toThrow();
  });
  // Found by fuzzing (test/fuzz/constructs.fuzz.latest-cdk.test.ts): tags CloudFormation's schema or EKS refuse
  // reached the template, and failed only at deploy.
  test.each([
    [{ '': 'v' }, "`tags` has the key '', which AWS::EKS::PodIdentityAssociation does not take (a key has 1 to 128 characters)"],
    [{ ['k'.repeat(129)]: 'v' }, `\`tags\` has the key '${'k'.repeat(60)}... (129 characters)', which AWS::EKS::PodIdentityAssociation does not take (a key has 1 to 128 characters)`],
    [{ 'AWS:team': 'v' }, "`tags` has the key 'AWS:team', which AWS::EKS::PodIdentityAssociation does not take (the prefix aws: is reserved for AWS)"],
    [{ team: 'v'.repeat(257) }, "`tags` gives the key 'team' a value of 257 characters; AWS::EKS::PodIdentityAssociation takes 0 to 256"],
    [Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])), '`tags` holds 51 tags; EKS takes at most 50 per resource'],
    // Found by cfn-lint on a sample of fuzzed templates (test/langs/fuzz-cfn-lint.langs.ts): JSON.stringify writes
    // DEL and the C1 controls raw, and a YAML reader of the template refuses them.
    [{ '\x18\x99\x8f': 'v' }, '`tags` has the key "\\u0018\\u0099\\u008f", which holds the control character U+0099, which readers of the template as YAML (cfn-lint among them) refuse'],
    [{ team: 'a\x7f' }, '`tags` has the value of the key \'team\' "a\\u007f", which holds the control character U+007F, which readers of the template as YAML (cfn-lint among them) refuse'],
    [{ team: 'x -1.2345678901e+289' }, '`tags` has the value of the key \'team\' "x -1.2345678901e+289", which aws-cdk-lib reads as an encoded number token (it writes them as -1.<10 to 16 digits>e+289) though it is none, so the template could not be written'],
    [{ team: 'a\uffff' }, '`tags` has the value of the key \'team\' "a\\uffff", which holds the noncharacter U+FFFF, which readers of the template as YAML (cfn-lint among them) refuse'],
  ])('rejects tags %#: %s', (tags, problem) => {
    expect(() => new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', tags })).toThrow(
      `[cdk-eks-pod-identity:invalid-tags] Stack/App: ${problem}. Give at most 50 tags, each key of 1 to 128 characters not starting with 'aws:', each value of 0 to 256`,
    );
  });

  test('accepts an empty tag value, 50 tags and keys and values at the limits', () => {
    const tags = { 'team': '', ['k'.repeat(128)]: 'v'.repeat(256), ...Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`k${i}`, 'v'])) };
    expect(() => new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'my-sa', tags })).not.toThrow();
  });
});
