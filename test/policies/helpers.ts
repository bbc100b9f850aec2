import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { WellKnownPolicy } from '../../lib';
import { givenStack } from '../util';

/** A statement as it reads in the template, with intrinsics written as `${...}` (see `plain`). */
export interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: { [operator: string]: { [key: string]: unknown } };
}

/**
 * Makes intrinsics readable: `{ Ref: 'AWS::Partition' }` becomes `'${AWS::Partition}'`, a
 * `Fn::GetAtt` becomes `'${Logical.Attribute}'` and a `Fn::Join` the joined string.
 */
export function plain(value: any): any {
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== 'object') return value;
  if ('Ref' in value) return `\${${value.Ref}}`;
  if ('Fn::GetAtt' in value) return `\${${value['Fn::GetAtt'].join('.')}}`;
  if ('Fn::Join' in value) {
    const [separator, parts] = value['Fn::Join'];
    return plain(parts).join(separator);
  }
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plain(inner)]));
}

/** A role in a fresh stack (the env of `test/util.ts`) that pods could assume. */
export function givenRole(): { stack: Stack; role: iam.Role } {
  const { stack } = givenStack();
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com') });
  return { stack, role };
}

/** The statements of the one `AWS::IAM::Policy` in the stack, made `plain`. */
export function policyStatements(stack: Stack): Statement[] {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  const documents = Object.values(policies).map((policy: any) => policy.Properties.PolicyDocument);
  expect(documents).toHaveLength(1);
  return plain(documents[0].Statement);
}

/**
 * Attaches `policy` to a new role (the stack can be prepared with `given`), synthesizes and returns
 * the role's statements.
 */
export function statementsOf(policy: WellKnownPolicy | ((stack: Stack) => WellKnownPolicy)): Statement[] {
  const { stack, role } = givenRole();
  const wellKnown = policy instanceof WellKnownPolicy ? policy : policy(stack);
  wellKnown.attachTo(role).assertSuccess();
  return policyStatements(stack);
}

/** An Allow statement as CDK renders it: one action or resource is a string, more are a list. */
export function allow(actions: string[], resources: string[], condition?: Statement['Condition']): Statement {
  return {
    Effect: 'Allow',
    Action: actions.length === 1 ? actions[0] : actions,
    Resource: resources.length === 1 ? resources[0] : resources,
    ...(condition ? { Condition: condition } : {}),
  };
}

/** `arn:${AWS::Partition}:<rest>`, as `plain` renders an ARN built with the partition token. */
export function arn(rest: string): string {
  return `arn:\${AWS::Partition}:${rest}`;
}

/** Every action of every statement. */
export function actionsOf(statements: Statement[]): string[] {
  return statements.flatMap(statement => typeof statement.Action === 'string' ? [statement.Action] : statement.Action);
}
