import { CfnResource, Reference, Stack, Token, Tokenization } from 'aws-cdk-lib';
import { PodIdentityCheck } from '../../check-id';
import { PodIdentityRole } from '../../../role/pod-identity-role';
import { cfnPropertiesOf } from '../cfn-properties';
import { AssociationRecord } from '../inventory';
import { Finding, Rule } from '../rule';
import { POD_IDENTITY_ACTIONS, POD_IDENTITY_SERVICE, SessionTags, trustAllows } from '../trust-policy';

const ROLE = 'AWS::IAM::Role';

/**
 * EKS refuses, at deploy time, a role that `pods.eks.amazonaws.com` cannot assume with session tags
 * ("Trust policy of the role provided is invalid", aws-cdk #31522); a trust whose conditions on the
 * session tags exclude the association's service account gives its pods no credentials. The policy is
 * judged as IAM would: all Allow statements together, wildcards, Deny. Roles defined in the app are
 * checked; imported roles cannot be.
 */
export const roleTrust: Rule = {
  id: PodIdentityCheck.ROLE_TRUST,
  level: 'error',
  check: ({ inventory }) => {
    const findings: Finding[] = [];
    let roles: Map<Stack, Map<string, CfnResource>> | undefined;
    for (const record of inventory.associations) {
      // Our association checked its PodIdentityRole's scope when it was made: skip the cost of resolving
      // it, unless an override points its L1 to another role. A raw L1 association that uses a
      // PodIdentityRole is judged like any other.
      const ownRole = (record.reportOn as any).role;
      if (PodIdentityRole.isPodIdentityRole(ownRole) && record.roleArn === ownRole.roleArn) continue;
      roles ??= rolesByLogicalId(inventory.resources);
      const role = roleOf(record, roles);
      if (!role) continue;
      const document = Stack.of(role).resolve(cfnPropertiesOf(role).AssumeRolePolicyDocument);
      // An intrinsic (Fn::If, a JSON string) is only known at deploy time.
      if (!isPolicyDocument(document)) continue;
      const path = role.node.path;
      if (!POD_IDENTITY_ACTIONS.every(action => trustAllows(document, action))) {
        findings.push({
          on: record.reportOn,
          message: `The trust policy of role '${path}' does not let ${POD_IDENTITY_SERVICE} call both sts:AssumeRole and sts:TagSession, so EKS rejects the association at deploy time ("Trust policy of the role provided is invalid"), or its pods get no credentials. Use a PodIdentityRole, or trust new iam.ServicePrincipal('${POD_IDENTITY_SERVICE}').withSessionTags()`,
        });
        continue;
      }
      const tags = sessionTagsOf(record);
      if (POD_IDENTITY_ACTIONS.every(action => trustAllows(document, action, tags))) continue;
      findings.push({
        on: record.reportOn,
        message: `The trust policy of role '${path}' lets ${POD_IDENTITY_SERVICE} in only under conditions on session tags that this association never sends (${describeTags(tags)}), so its pods get no credentials. Widen the conditions of the trust policy, or use another role`,
      });
    }
    return findings;
  },
};

// Roles by stack and logical ID, resolved once: apps may have thousands of associations.
function rolesByLogicalId(resources: CfnResource[]): Map<Stack, Map<string, CfnResource>> {
  const roles = new Map<Stack, Map<string, CfnResource>>();
  for (const resource of resources) {
    if (resource.cfnResourceType !== ROLE) continue;
    const stack = Stack.of(resource);
    if (!roles.has(stack)) roles.set(stack, new Map());
    roles.get(stack)!.set(stack.resolve(resource.logicalId), resource);
  }
  return roles;
}

function roleOf(record: AssociationRecord, roles: Map<Stack, Map<string, CfnResource>>): CfnResource | undefined {
  // A token of the role's ARN points to the role itself, in whichever stack it is.
  if (typeof record.roleArn === 'string' && Token.isUnresolved(record.roleArn)) {
    const token = Tokenization.reverseString(record.roleArn).firstToken;
    const target = Reference.isReference(token) ? token.target : undefined;
    if (target && CfnResource.isCfnResource(target)) return target.cfnResourceType === ROLE ? target : undefined;
  }
  // Otherwise (an add-on's rendered list): { 'Fn::GetAtt': [logicalId, 'Arn'] } in the association's stack.
  const getAtt = record.stack.resolve(record.roleArn)?.['Fn::GetAtt'];
  if (!Array.isArray(getAtt) || getAtt[1] !== 'Arn') return undefined;
  return roles.get(record.stack)?.get(getAtt[0]);
}

function isPolicyDocument(document: any): boolean {
  const statement = document?.Statement;
  return typeof document === 'object' && (Array.isArray(statement) || (typeof statement === 'object' && statement !== null));
}

function sessionTagsOf(record: AssociationRecord): SessionTags {
  const literal = (value: unknown) => typeof value === 'string' && !Token.isUnresolved(value) ? value : undefined;
  return { namespace: literal(record.namespace), serviceAccount: literal(record.serviceAccount), clusterName: literal(record.clusterName) };
}

function describeTags(tags: SessionTags): string {
  const parts: string[] = [];
  if (tags.clusterName !== undefined) parts.push(`eks-cluster-name '${tags.clusterName}'`);
  if (tags.namespace !== undefined) parts.push(`kubernetes-namespace '${tags.namespace}'`);
  if (tags.serviceAccount !== undefined) parts.push(`kubernetes-service-account '${tags.serviceAccount}'`);
  return parts.join(', ');
}
