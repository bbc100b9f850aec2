import { AspectPriority, Aspects, CfnResource, IAspect, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The id of the placeholder, a direct child of the stack. */
export const PLACEHOLDER_ID = 'PodIdentityAgentPlaceholder';

// The stacks that already have the aspect.
const guarded = new WeakSet<Stack>();

/**
 * Makes sure the stack of `scope` deploys even when it holds nothing but a manifest file asset (a
 * self-managed agent's, or an eksctl config's service accounts) and its output.
 *
 * Such a stack's template has the manifest's URL as an output and no resources, and CloudFormation rejects
 * a template without resources (aws-cdk-lib's template validation flags it too), so `cdk deploy` could not
 * publish the manifest. At synth, once every construct is in the tree, an aspect looks at the stack: when
 * nothing in it renders a resource, it adds an `AWS::CloudFormation::WaitConditionHandle`, a resource that
 * creates nothing, costs nothing and needs no permissions. A stack with any other resource is left as it is.
 *
 * The aspect runs with read-only priority, after the mutating and default aspects of the same construct,
 * so that resources they add count. A resource added later still, by an aspect deeper in the tree, only
 * leaves the placeholder beside it, which does no harm.
 */
export function ensureStackHasResources(scope: IConstruct): void {
  const stack = Stack.of(scope);
  if (guarded.has(stack)) return;
  guarded.add(stack);
  Aspects.of(stack).add(new NonEmptyStack(stack), { priority: AspectPriority.READONLY });
}

class NonEmptyStack implements IAspect {
  constructor(private readonly stack: Stack) {}

  public visit(node: IConstruct): void {
    if (node !== this.stack || hasResources(this.stack)) return;
    new CfnResource(this.stack, PLACEHOLDER_ID, { type: 'AWS::CloudFormation::WaitConditionHandle' });
  }
}

/** Whether anything renders into the stack's own Resources (a nested stack's resources are its own). */
function hasResources(stack: Stack): boolean {
  return stack.node.findAll().some(construct => CfnResource.isCfnResource(construct) && Stack.of(construct) === stack);
}
