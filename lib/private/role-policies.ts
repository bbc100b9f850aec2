import { CfnResource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Dependable, IDependable } from 'constructs';

/**
 * What a resource that hands out `role` should wait for: the role's policies, found when the app is
 * prepared (so that grants made after construction count), without the role itself, which a `GetAtt` of
 * its ARN already waits for (cfn-lint W3005).
 */
export function policiesOf(role: iam.IRole): IDependable {
  const dependable: IDependable = {};
  Dependable.implement(dependable, {
    get dependencyRoots() {
      const own = role.node.defaultChild;
      return role.node.children.filter(child => child !== own && !(CfnResource.isCfnResource(child) && child.cfnResourceType === 'AWS::IAM::Role'));
    },
  });
  return dependable;
}
