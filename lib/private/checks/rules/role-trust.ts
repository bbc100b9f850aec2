import { CfnResource, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PodIdentityCheck } from '../../../checks/check-id';
import { PodIdentityRole } from '../../../role/pod-identity-role';
import { Finding, Rule } from '../rule';

const SERVICE = 'pods.eks.amazonaws.com';

/**
 * EKS refuses, at deploy time, a role that `pods.eks.amazonaws.com` cannot assume with session tags
 * ("Trust policy of the role provided is invalid", aws-cdk #31522). Roles defined in the same stack
 * are checked; imported roles cannot be.
 */
export const roleTrust: Rule = {
  id: PodIdentityCheck.ROLE_TRUST,
  level: 'error',
  check: ({ inventory }) => {
    const findings: Finding[] = [];
    let roles: Map<Stack, Map<string, iam.CfnRole>> | undefined;
    for (const record of inventory.associations) {
      // A PodIdentityRole's trust is right by construction: skip the cost of resolving it.
      if (PodIdentityRole.isPodIdentityRole((record.reportOn as any).role)) continue;
      roles ??= rolesByLogicalId(inventory.resources);
      const role = roleOf(record.stack, record.stack.resolve(record.roleArn), roles);
      if (!role || PodIdentityRole.isPodIdentityRole(role.node.scope)) continue;
      const document = record.stack.resolve(role.assumeRolePolicyDocument);
      if (trustsPodIdentity(document)) continue;
      findings.push({
        on: record.reportOn,
        message: `The trust policy of role '${role.node.path}' does not let ${SERVICE} call both sts:AssumeRole and sts:TagSession, so EKS rejects the association at deploy time ("Trust policy of the role provided is invalid"). Use a PodIdentityRole, or trust new iam.ServicePrincipal('${SERVICE}').withSessionTags()`,
      });
    }
    return findings;
  },
};

// Roles by stack and logical ID, resolved once: apps may have thousands of associations.
function rolesByLogicalId(resources: CfnResource[]): Map<Stack, Map<string, iam.CfnRole>> {
  const roles = new Map<Stack, Map<string, iam.CfnRole>>();
  for (const resource of resources) {
    if (!(resource instanceof iam.CfnRole)) continue;
    const stack = Stack.of(resource);
    if (!roles.has(stack)) roles.set(stack, new Map());
    roles.get(stack)!.set(stack.resolve(resource.logicalId), resource);
  }
  return roles;
}

function roleOf(stack: Stack, roleArn: any, roles: Map<Stack, Map<string, iam.CfnRole>>): iam.CfnRole | undefined {
  const getAtt = roleArn?.['Fn::GetAtt'];
  if (!Array.isArray(getAtt) || getAtt[1] !== 'Arn') return undefined;
  return roles.get(stack)?.get(getAtt[0]);
}

function trustsPodIdentity(document: any): boolean {
  const statements: any[] = [].concat(document?.Statement ?? []);
  return statements.some(statement => {
    if ((statement.Effect ?? 'Allow') !== 'Allow') return false;
    const services: string[] = [].concat(statement.Principal?.Service ?? []);
    if (!services.includes(SERVICE)) return false;
    const actions: string[] = [].concat(statement.Action ?? []);
    const allows = (action: string) => actions.some(a => a === action || a === 'sts:*' || a === '*');
    return allows('sts:AssumeRole') && allows('sts:TagSession');
  });
}
