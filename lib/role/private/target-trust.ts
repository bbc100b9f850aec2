import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { compareEnvironments } from '../../private/environment';
import { CDK_CORE, codeSpan, enumMember, propSpan, setting } from '../../private/code';
import { LIBRARY_ID, PodIdentityError, quote } from '../../private/errors';
import { SessionTag } from '../session-tag';
import { omittedConditionOf, ScopingCondition } from '../../private/omitted-conditions';

// The trust statements a PodIdentityTargetRole writes for one association, in the two shapes of the
// EKS User Guide (pod-id-assign-target-role). awsdocs PR #1059 (merged 2025-07) rewrote that page: with
// session tags on, the trust tests the session tags EKS sends; only with session tags disabled does EKS
// also set sts:ExternalId. Its author on the ExternalId-for-every-association text it replaced: "the
// information is wrong, externalid is not for this usecase at all".

/** What the trust statement for an association with session tags on tests, besides its role. */
export interface TaggedSession {
  readonly clusterArn?: string;
  readonly namespace?: string;
  readonly serviceAccount?: string;
}

/**
 * Session tags on: one statement, as the guide shows it. The account of the association's role may
 * call sts:AssumeRole and sts:TagSession when the caller is that role (ArnEquals aws:PrincipalArn)
 * and the request carries the association's session tags (aws:RequestTag/...). No sts:ExternalId.
 */
// Source: awsdocs/amazon-eks-user-guide latest/ug/manage-access/aws-access/pod-id-assign-target-role.adoc @ 06e01eb (checked 2026-12-01)
// Source: https://github.com/awsdocs/amazon-eks-user-guide/pull/1059 @ merged 2025-07 (checked 2026-12-01)
export function taggedTrustStatement(account: string, roleArn: string, session: TaggedSession): iam.PolicyStatement {
  const tags: { [key: string]: string } = {};
  const require = (tag: string, value: string | undefined) => {
    if (value !== undefined) tags[`aws:RequestTag/${tag}`] = value;
  };
  require(SessionTag.CLUSTER_ARN, session.clusterArn);
  require(SessionTag.NAMESPACE, session.namespace);
  require(SessionTag.SERVICE_ACCOUNT, session.serviceAccount);
  return new iam.PolicyStatement({
    principals: [new iam.AccountPrincipal(account)],
    actions: ['sts:AssumeRole', 'sts:TagSession'],
    conditions: {
      ...(Object.keys(tags).length > 0 ? { StringEquals: tags } : {}),
      ArnEquals: { 'aws:PrincipalArn': roleArn },
    },
  });
}

/**
 * Session tags off: sts:AssumeRole for the association's role, with its ExternalId when one is known.
 * The ExternalId is per association, so each gets its own statement (CloudFormation
 * AWS::EKS::PodIdentityAssociation ExternalId: "use independent statements"). sts:TagSession goes in a
 * statement of its own, without the ExternalId (the guide's second statement).
 */
// Source: awsdocs/amazon-eks-user-guide latest/ug/manage-access/aws-access/pod-id-assign-target-role.adoc @ 06e01eb (checked 2026-12-01)
// Source: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-eks-podidentityassociation.html @ as in aws-cdk-lib 2.276.0 CfnPodIdentityAssociation.attrExternalId (checked 2026-12-01)
export function externalIdTrustStatement(account: string, roleArn: string, externalId: string | undefined): iam.PolicyStatement {
  const statement = new iam.PolicyStatement({
    principals: [new iam.AccountPrincipal(account)],
    actions: ['sts:AssumeRole'],
    conditions: { ArnEquals: { 'aws:PrincipalArn': roleArn } },
  });
  if (externalId !== undefined) statement.addCondition('StringEquals', { 'sts:ExternalId': externalId });
  return statement;
}

// What STS accepts as sts:ExternalId: 2 to 1,224 letters, digits and + = , . @ : / - (IAM User Guide,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_externalid).
// Source: awsdocs/iam-user-guide doc_source/reference_policies_iam-condition-keys.md @ 0bd4e4f (checked 2026-12-01)
const EXTERNAL_ID = /^[A-Za-z0-9+=,.@:/-]{2,1224}$/;

export function validateExternalId(scope: IConstruct, externalId: string): void {
  if (Token.isUnresolved(externalId) || EXTERNAL_ID.test(externalId)) return;
  throw new PodIdentityError('invalid-external-id', scope,
    `ExternalId ${quote(externalId)} is not one STS accepts (2 to 1,224 letters, digits and + = , . @ : / -)`,
    'Copy the association\'s ExternalId exactly as `aws eks describe-pod-identity-association` shows it');
}

/** Session tags off only: one warning per association, on the association, so each can be acknowledged on its own. */
export function warnWithoutExternalId(association: IConstruct, role: IConstruct): void {
  const here = Stack.of(association);
  const there = Stack.of(role);
  const after = `so the trust statement of ${quote(role.node.path)} for it has no sts:ExternalId condition. After the association is deployed, read its ExternalId (a stack output of \`association.externalId\`, or \`aws eks describe-pod-identity-association\`) and pass it as \`targetRoleExternalId\` to the association`;
  switch (compareEnvironments(here, there)) {
    case 'other-account':
      Annotations.of(association).addWarningV2(`${LIBRARY_ID}:target-role-external-id-other-account`,
        `This association is in account ${quote(here.account)} and its target role in account ${quote(there.account)}: CloudFormation cannot pass the association's ExternalId across accounts, ${after}`);
      return;
    case 'other-region':
      Annotations.of(association).addWarningV2(`${LIBRARY_ID}:target-role-external-id-other-region`,
        `This association's stack is in region ${quote(here.region)} and its target role's stack in region ${quote(there.region)}: CloudFormation cannot pass the association's ExternalId across regions, ${after}`);
      return;
    default:
      Annotations.of(association).addWarningV2(`${LIBRARY_ID}:target-role-without-external-id`,
        `No ExternalId is known for this association (none was given, and its stack or its target role's stack has no account or region), so the trust statement of ${quote(role.node.path)} for it has no sts:ExternalId condition. Give both stacks an ${propSpan('env')}, or pass the association's ExternalId as ${propSpan('targetRoleExternalId')} to the association (${propSpan('externalId')} of ${propSpan('trustAssociation')} for an association made elsewhere)`);
  }
}

// What each scoping condition of a tagged trust statement names, for the warnings.
const SCOPES: { readonly [condition in ScopingCondition]: { readonly tag: string; readonly id: string; readonly value: string; readonly admits: string } } = {
  clusterArn: { tag: SessionTag.CLUSTER_ARN, id: 'cluster-arn', value: 'cluster ARN', admits: 'from any cluster whose association uses that role' },
  namespace: { tag: SessionTag.NAMESPACE, id: 'namespace', value: 'namespace', admits: 'for any namespace' },
  serviceAccount: { tag: SessionTag.SERVICE_ACCOUNT, id: 'service-account', value: 'service account', admits: 'for any service account' },
};

/**
 * Session tags on: one warning per scoping condition the trust statement for an association leaves out,
 * on the association (so that each can be acknowledged on its own), saying why and how to get it.
 */
export function warnOmittedConditions(association: IConstruct, role: IConstruct, roleArn: string, session: TaggedSession): void {
  const principal = Token.isUnresolved(roleArn) ? 'the association\'s role' : `role ${quote(roleArn)}`;
  for (const condition of ['clusterArn', 'namespace', 'serviceAccount'] as const) {
    if (session[condition] !== undefined) continue;
    const scope = SCOPES[condition];
    const omitted = omittedConditionOf(association, condition) ?? {
      why: `no \`${condition}\` was given to \`trustAssociation\``,
      fix: `Pass the association's ${scope.value} as \`${condition}\` to \`trustAssociation\``,
    };
    Annotations.of(association).addWarningV2(`${LIBRARY_ID}:target-role-trust-without-${scope.id}`,
      `The trust statement of ${quote(role.node.path)} for this association does not test the session tag ${scope.tag}, because ${omitted.why}; it admits ${principal} ${scope.admits}. ${omitted.fix}`);
  }
}

/**
 * A target role's trust names the association's role by its ARN. For a role of this app in another
 * environment, aws-cdk-lib can write that ARN only if the role has a name, and otherwise fails at synth
 * with its own CannotUseCrossEnvironment error; this says so at construction, with the fix.
 */
export function validateRoleNameAcrossEnvironments(association: IConstruct, role: iam.IRole, target: IConstruct): void {
  if (!(role instanceof iam.Role)) return;
  const relation = compareEnvironments(Stack.of(role), Stack.of(target));
  if (relation === 'same' || relation === 'unknown') return;
  // A stack with crossRegionReferences reads a value of another region through aws-cdk-lib's export reader.
  // Source: aws-cdk-lib core/lib/resource.js @ 2.257.0 and 2.276.0 as installed (cross-environment when `this.stack.account!==consumingStack.account||this.stack.region!==consumingStack.region&&!consumingStack._crossRegionReferences`) (checked 2026-12-07)
  if (relation === 'other-region' && (Stack.of(target) as unknown as { _crossRegionReferences?: unknown })._crossRegionReferences === true) return;
  const where = relation === 'other-account' ? 'another account' : 'another region';
  const across = relation === 'other-account' ? 'accounts' : 'regions';
  const fix = `Give the role ${codeSpan(setting('roleName', enumMember({ name: 'PhysicalName', module: CDK_CORE }, 'GENERATE_IF_NEEDED')))}, or a name of your own (a PodIdentityRole has a generated name by default)`;
  // aws-cdk-lib's own test, a private field of Resource: false without a name, or with one only known at deploy
  // time. Read only when it is a boolean, so that a renamed field leaves aws-cdk-lib's error, not a false one.
  // Source: aws-cdk-lib core/lib/resource.js @ 2.257.0 and 2.276.0 as installed (`this._physicalNameMode="deploy-time",this._allowCrossEnvironment=!1`; `if(!this._allowCrossEnvironment)throw ... CannotUseCrossEnvironment`) (checked 2026-12-07)
  if ((role as unknown as { _allowCrossEnvironment?: unknown })._allowCrossEnvironment === false) {
    throw new PodIdentityError('role-name-needed', association,
      `role ${quote(role.node.path)} has no name known at synth, and target role ${quote(target.node.path)} is in ${where}, whose trust must name the role's ARN: CloudFormation can only give that ARN across ${across} for a role with a name`,
      fix);
  }
  // A name generated in a nested stack starts with the nested stack's name, a token: the ARN would hold the token.
  // Source: aws-cdk-lib core/lib/private/physical-name-generator.js @ 2.257.0 and 2.276.0 as installed (generatePhysicalName reads stack.stackName), and aws/aws-cdk#20039 (checked 2026-12-07)
  if (Stack.of(role).nested && Token.isUnresolved((role as unknown as { physicalName?: string }).physicalName)) {
    throw new PodIdentityError('role-name-needed', association,
      `role ${quote(role.node.path)} is in a nested stack, whose name is known only at deploy time, so aws-cdk-lib cannot generate a name for it, and target role ${quote(target.node.path)} is in ${where}, whose trust must name the role's ARN`,
      'Give the role a roleName of your own, or make it in a stack that is not nested');
  }
}
