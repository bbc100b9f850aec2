import { Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { PodIdentityRole } from '../../lib';
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
