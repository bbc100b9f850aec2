import { Duration, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { PodIdentityRole, PodIdentityTargetRole, PodIdentityTargetRoleProps } from '../../lib';
import { givenStack } from '../util';

const NAMESPACE_RULE = "(an RFC 1123 label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit)";
const NAMESPACE_FIX = "Use the name of the namespace exactly as Kubernetes shows it, e.g. 'default' or 'team-a'";
const SERVICE_ACCOUNT_RULE = "(an RFC 1123 subdomain: at most 253 lowercase letters, digits, '-' and '.', each part starting and ending with a letter or digit)";
const SERVICE_ACCOUNT_FIX = "Use the name of the service account exactly as in its manifest, e.g. 'my-service-account'";

/** The message of the PodIdentityError that `run` throws, to compare whole. */
function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect((error as Error).name).toBe('PodIdentityError');
    return (error as Error).message;
  }
  throw new Error('expected an error, but none was thrown');
}

describe('PodIdentityRole: namespaces and service accounts it trusts', () => {
  let stack: Stack;

  beforeEach(() => {
    ({ stack } = givenStack());
  });

  test.each([
    ['Team_A'],
    ['a\nb'],
    ['\u0000'],
    [''],
    ['team-a-'],
    ['a'.repeat(64)],
  ])('namespace %j is an error, as on an association', (namespace) => {
    expect(errorOf(() => new PodIdentityRole(stack, 'Role', { namespaces: ['team-a', namespace] }))).toBe(
      `[cdk-eks-pod-identity:invalid-namespace] Stack/Role: namespace '${namespace}' is not a valid Kubernetes namespace ${NAMESPACE_RULE}. ${NAMESPACE_FIX}`,
    );
  });

  test.each([
    ['My_App'],
    ['app\tx'],
    ['app..x'],
    ['-app'],
    ['a'.repeat(254)],
  ])('service account %j is an error, as on an association', (serviceAccount) => {
    expect(errorOf(() => new PodIdentityRole(stack, 'Role', { serviceAccounts: [serviceAccount] }))).toBe(
      `[cdk-eks-pod-identity:invalid-service-account] Stack/Role: service account '${serviceAccount}' is not a valid Kubernetes service account name ${SERVICE_ACCOUNT_RULE}. ${SERVICE_ACCOUNT_FIX}`,
    );
  });

  test('the exact message of a namespace with a newline', () => {
    expect(errorOf(() => new PodIdentityRole(stack, 'Role', { namespaces: ['a\nb'] }))).toBe(
      "[cdk-eks-pod-identity:invalid-namespace] Stack/Role: namespace 'a\nb' is not a valid Kubernetes namespace (an RFC 1123 label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit). Use the name of the namespace exactly as Kubernetes shows it, e.g. 'default' or 'team-a'",
    );
  });

  test.each([
    ['Team_*', 'upper case and \'_\''],
    ['team_?', 'underscore'],
    ['-*', 'a leading dash'],
    ['*-', 'a trailing dash'],
    ['team.*', 'a dot'],
    [`${'a'.repeat(63)}?`, 'at least 64 characters'],
  ])('namespace pattern %j matches no namespace (%s): an error', (pattern) => {
    expect(errorOf(() => new PodIdentityRole(stack, 'Role', { namespaces: [pattern] }))).toBe(
      `[cdk-eks-pod-identity:invalid-namespace] Stack/Role: namespace pattern '${pattern}' matches no valid Kubernetes namespace (an RFC 1123 label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit; in a pattern \`*\` stands for any run of them and \`?\` for one). Use the name of the namespace exactly as Kubernetes shows it, e.g. 'default' or 'team-a', or a pattern of such names, e.g. 'team-*'`,
    );
  });

  test.each([
    ['App_*'],
    ['app.*.'],
    ['*..x'],
    ['x-.*'],
  ])('service account pattern %j matches no service account: an error', (pattern) => {
    expect(errorOf(() => new PodIdentityRole(stack, 'Role', { serviceAccounts: [pattern] }))).toBe(
      `[cdk-eks-pod-identity:invalid-service-account] Stack/Role: service account pattern '${pattern}' matches no valid Kubernetes service account name (an RFC 1123 subdomain: at most 253 lowercase letters, digits, '-' and '.', each part starting and ending with a letter or digit; in a pattern \`*\` stands for any run of them and \`?\` for one). Use the name of the service account exactly as in its manifest, e.g. 'my-service-account', or a pattern of such names, e.g. 'app-*'`,
    );
  });

  test('patterns that can match a name are accepted and rendered with StringLike', () => {
    // WHEN
    new PodIdentityRole(stack, 'Role', {
      namespaces: ['team-*', '*', '?', '*-a', 'a-*', 'team-?', `${'a'.repeat(62)}?`],
      serviceAccounts: ['app-*', '*.svc', 'x.*.y', 'x-*.y', '*'],
    });

    // THEN
    const roles = Template.fromStack(stack).findResources('AWS::IAM::Role');
    const [condition] = Object.values(roles).map((role: any) => role.Properties.AssumeRolePolicyDocument.Statement[0].Condition);
    expect(condition.StringLike).toEqual({
      'aws:RequestTag/kubernetes-namespace': ['team-*', '*', '?', '*-a', 'a-*', 'team-?', `${'a'.repeat(62)}?`],
      'aws:RequestTag/kubernetes-service-account': ['app-*', '*.svc', 'x.*.y', 'x-*.y', '*'],
    });
  });

  test('tokens and IAM policy variables are not checked', () => {
    const fromParameter = ssm.StringParameter.valueForStringParameter(stack, '/team/namespace');
    expect(Token.isUnresolved(fromParameter)).toBe(true);

    expect(() => new PodIdentityRole(stack, 'Role', {
      namespaces: [fromParameter, '${aws:PrincipalTag/team}'],
      serviceAccounts: [`${fromParameter}-Sa`],
    })).not.toThrow();
  });
});

// Found by fuzzing (test/fuzz/constructs.fuzz.test.ts): these props reached iam.Role, which threw its own
// error (or, for a description of characters IAM refuses, nothing until CloudFormation failed the deploy).
describe('PodIdentityRole and PodIdentityTargetRole: the props IAM takes as they are', () => {
  let stack: Stack;

  beforeEach(() => {
    ({ stack } = givenStack());
  });

  test.each([
    ['roleName', { roleName: 'has space' }, "[cdk-eks-pod-identity:invalid-role-name] Stack/Role: roleName 'has space' is not an IAM role name (1 to 64 letters, digits and the characters _+=,.@-). Give a name of those characters, or leave `roleName` unset to have CloudFormation generate one"],
    ['roleName', { roleName: 'a'.repeat(65) }, `[cdk-eks-pod-identity:invalid-role-name] Stack/Role: roleName '${'a'.repeat(65)}' is not an IAM role name (1 to 64 letters, digits and the characters _+=,.@-). Give a name of those characters, or leave \`roleName\` unset to have CloudFormation generate one`],
    ['path', { path: '' }, "[cdk-eks-pod-identity:invalid-role-path] Stack/Role: path '' is not an IAM path ('/' alone, or at most 512 characters that start and end with '/', each from '!' to '~', no spaces). Give a path such as '/team-a/', or leave `path` unset for '/'"],
    ['path', { path: '/a b/' }, "[cdk-eks-pod-identity:invalid-role-path] Stack/Role: path '/a b/' is not an IAM path ('/' alone, or at most 512 characters that start and end with '/', each from '!' to '~', no spaces). Give a path such as '/team-a/', or leave `path` unset for '/'"],
    ['description', { description: 'team\u0000a' }, '[cdk-eks-pod-identity:invalid-role-description] Stack/Role: description holds the character U+0000, which IAM does not accept in a role description (only tab, line feed, carriage return, printable ASCII and U+00A1 to U+00FF). Shorten the description, or write it with those characters'],
    ['description', { description: 'rôle ✓' }, '[cdk-eks-pod-identity:invalid-role-description] Stack/Role: description holds the character U+2713, which IAM does not accept in a role description (only tab, line feed, carriage return, printable ASCII and U+00A1 to U+00FF). Shorten the description, or write it with those characters'],
    ['description', { description: 'x'.repeat(1001) }, '[cdk-eks-pod-identity:invalid-role-description] Stack/Role: description is 1001 characters long; IAM accepts at most 1000. Shorten the description, or write it with those characters'],
    ['maxSessionDuration', { maxSessionDuration: Duration.minutes(30) }, '[cdk-eks-pod-identity:invalid-max-session-duration] Stack/Role: maxSessionDuration is 1800 seconds; IAM accepts 3600 to 43200 (1 to 12 hours). Give a duration from Duration.hours(1) to Duration.hours(12), or leave `maxSessionDuration` unset for 1 hour'],
  ])('%s %j is a PodIdentityError naming the prop and the value', (_prop, props, message) => {
    expect(errorOf(() => new PodIdentityRole(stack, 'Role', props))).toBe(message);
    expect(errorOf(() => new PodIdentityTargetRole(stack, 'Role', props as PodIdentityTargetRoleProps))).toBe(message);
  });

  test('valid values and tokens pass', () => {
    const fromParameter = ssm.StringParameter.valueForStringParameter(stack, '/team/role-name');

    expect(() => new PodIdentityRole(stack, 'Role', {
      roleName: fromParameter, path: '/team-a/', description: 'Rôle de l\'équipe\tA', maxSessionDuration: Duration.hours(12),
    })).not.toThrow();
    expect(() => new PodIdentityTargetRole(stack, 'Target', { roleName: 'a'.repeat(64), maxSessionDuration: Duration.hours(1) })).not.toThrow();
  });
});
