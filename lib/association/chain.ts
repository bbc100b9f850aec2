import * as iam from 'aws-cdk-lib/aws-iam';
import { PodIdentityTargetRole } from '../role/pod-identity-target-role';

/**
 * Lets the association's role chain into `target`, and returns the ARN the association names.
 *
 * A PodIdentityTargetRole is named by an ARN built from its name: its trust refers to the
 * association's ExternalId, so a reference back to the role would be a cycle.
 */
export function chainTo(association: { readonly role: iam.IRole }, target: iam.IRole): string {
  const targetRoleArn = PodIdentityTargetRole.isPodIdentityTargetRole(target) ? target.roleArnByName : target.roleArn;
  association.role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['sts:AssumeRole', 'sts:TagSession'],
    resources: [targetRoleArn],
  }));
  return targetRoleArn;
}
