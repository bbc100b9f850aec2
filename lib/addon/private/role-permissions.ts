// Whether a role of this app has been given any permissions, read when the app is synthesized, so that
// grants made after the role's construction count. Private to this library.
import { CfnResource, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

const POLICY_TYPES = ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'];

/**
 * Whether `role` has permissions: managed or inline policies of its own (`addManagedPolicy`,
 * `inlinePolicies`), a policy inside it (where `grant*` and `addToPrincipalPolicy` put their statements),
 * or a policy of its stack that names it (`attachInlinePolicy`, `new iam.ManagedPolicy(..., { roles })`).
 * A policy in another stack that names the role is not seen.
 */
export function hasPermissions(role: iam.IRole): boolean {
  const stack = Stack.of(role);
  const resource = role.node.defaultChild;
  if (CfnResource.isCfnResource(resource) && resource.cfnResourceType === 'AWS::IAM::Role') {
    const cfnRole = resource as iam.CfnRole;
    if (nonEmpty(stack.resolve(cfnRole.managedPolicyArns)) || nonEmpty(stack.resolve(cfnRole.policies))) return true;
  }
  if (role.node.findAll().some(isPolicy)) return true;
  const roleName = JSON.stringify(stack.resolve(role.roleName));
  return stack.node.findAll().some(construct => isPolicy(construct) && Stack.of(construct) === stack
    && asList(stack.resolve((construct as iam.CfnPolicy | iam.CfnManagedPolicy).roles)).some(name => JSON.stringify(name) === roleName));
}

function isPolicy(construct: unknown): construct is CfnResource {
  return CfnResource.isCfnResource(construct) && POLICY_TYPES.includes(construct.cfnResourceType);
}

function nonEmpty(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
