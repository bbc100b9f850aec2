import { Annotations, Lazy, Names, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { compareEnvironments } from '../private/environment';
import { LIBRARY_ID, PodIdentityError, quote } from '../private/errors';
import { PodIdentityRoleBaseProps } from './role-base-props';

/**
 * Properties of a PodIdentityTargetRole.
 */
export interface PodIdentityTargetRoleProps extends PodIdentityRoleBaseProps {
  /**
   * A name for the role. Associations refer to the target role by this name, so it must be known
   * at synth time.
   *
   * @default - a name made from the construct path, unique within the app
   */
  readonly roleName?: string;

  /**
   * The ExternalId of the one association that chains into this role, when CloudFormation cannot
   * pass it (the association is in another account or region).
   *
   * @default - each association's own ExternalId: its `ExternalId` attribute when it is in this
   * role's account and region, else its `targetRoleExternalId`; otherwise no `sts:ExternalId`
   * condition for it (and a warning)
   * @deprecated An ExternalId belongs to one association. Give it to that association as
   * `targetRoleExternalId`; this value is used only for an association whose ExternalId is otherwise
   * unknown, and only one association may use a role that sets it.
   */
  readonly externalId?: string;

}

/**
 * An association that chains into a target role, as the target role's trust needs to know it.
 */
export interface TargetRoleSource {
  /**
   * The association's own role, which EKS assumes first and which then assumes the target role.
   */
  readonly role: iam.IRole;

  /**
   * The association's ExternalId, which EKS passes as `sts:ExternalId` when it assumes the target
   * role: its `ExternalId` attribute, or the value read after it was deployed.
   *
   * @default - none: the trust statement for this association has no `sts:ExternalId` condition,
   * and a warning says so
   */
  readonly externalId?: string;

  /**
   * The association, for its stack and for messages.
   *
   * @default - the role
   */
  readonly construct?: IConstruct;
}

const TARGET_BRAND = Symbol.for('cdk-eks-pod-identity.PodIdentityTargetRole');

// What STS accepts as sts:ExternalId: 2 to 1,224 letters, digits and + = , . @ : / - (IAM User Guide,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_externalid).
// Source: awsdocs/iam-user-guide doc_source/reference_policies_iam-condition-keys.md @ 0bd4e4f (checked 2026-12-01)
const EXTERNAL_ID = /^[A-Za-z0-9+=,.@:/-]{2,1224}$/;

// The trust is filled in by the associations that use the role, after construction.
class NoTrustYet extends iam.PrincipalBase implements iam.IAssumeRolePrincipal {
  public readonly policyFragment = new iam.PrincipalPolicyFragment({});
  public addToAssumeRolePolicy(_document: iam.PolicyDocument): void {}
  public dedupeString(): string | undefined {
    return undefined;
  }
  public toString(): string {
    return 'NoTrustYet';
  }
}

/**
 * A role in another account (or the same one) that pod identity associations chain into with
 * `targetRole`. EKS first assumes the association's role, then this one, with the association's
 * ExternalId; the pods receive this role's credentials.
 *
 * The trust policy is written by the associations that use the role, in the shape of the EKS User
 * Guide. Each association gets its own statement: the account of its role may call `sts:AssumeRole`
 * when the caller is that role (`aws:PrincipalArn`) and passes that association's `sts:ExternalId`.
 * One more statement per account allows `sts:TagSession` to the associations' roles. Naming the
 * account, not the role, lets this role deploy before the association's role exists, and keeps
 * matching when that role is recreated.
 */
export class PodIdentityTargetRole extends iam.Role {
  /**
   * Whether `x` is a PodIdentityTargetRole (works across copies of this library).
   */
  public static isPodIdentityTargetRole(x: any): x is PodIdentityTargetRole {
    return x !== null && typeof x === 'object' && TARGET_BRAND in x;
  }

  /**
   * The role's ARN built from its name, without a reference to the role resource, so that an
   * association and its target role can refer to each other without a dependency cycle.
   */
  public readonly roleArnByName: string;

  private readonly sharedExternalId?: string;
  private readonly trusted: IConstruct[] = [];
  // The roles allowed sts:TagSession, by account: one statement for each account.
  private readonly tagSessionRoles = new Map<string, string[]>();

  constructor(scope: Construct, id: string, props: PodIdentityTargetRoleProps = {}) {
    // The generated name needs `this`, which super() must come before: fill it in right after.
    const generated: { name?: string } = {};
    const roleName = props.roleName ?? Lazy.string({ produce: () => generated.name });
    super(scope, id, {
      assumedBy: new NoTrustYet(),
      roleName,
      description: props.description,
      managedPolicies: props.managedPolicies,
      inlinePolicies: props.inlinePolicies,
      permissionsBoundary: props.permissionsBoundary,
      maxSessionDuration: props.maxSessionDuration,
    });
    generated.name = Names.uniqueResourceName(this, { maxLength: 64, separator: '-' });
    Object.defineProperty(this, TARGET_BRAND, { value: true });
    if (props.externalId !== undefined) validateExternalId(this, props.externalId);
    this.sharedExternalId = props.externalId;
    this.roleArnByName = Stack.of(this).formatArn({ service: 'iam', region: '', resource: 'role', resourceName: roleName });
    this.node.addValidation({
      validate: () => this.trusted.length > 0 ? [] : [
        `[${LIBRARY_ID}:target-role-unused] ${this.node.path}: no pod identity association uses this target role, so nothing may assume it. Pass it as \`targetRole\` to a PodIdentityAssociation`,
      ],
    });
  }

  /**
   * Let an association's role assume this role, with that association's ExternalId.
   * `PodIdentityAssociation` calls this for you when given this role as `targetRole`; call it
   * yourself for an association managed elsewhere.
   */
  public trustAssociation(source: TargetRoleSource): void {
    const association = source.construct ?? source.role;
    if (this.sharedExternalId !== undefined && this.trusted.length > 0) {
      throw new PodIdentityError('target-role-external-id-shared', this,
        `\`externalId\` is set on this target role, but a second association, ${quote(association.node.path)}, chains into it after ${quote(this.trusted[0].node.path)}; an ExternalId belongs to one association, so EKS would be refused for one of them`,
        'Remove `externalId` from the role and give each association its own `targetRoleExternalId`');
    }
    if (source.externalId !== undefined) validateExternalId(association, source.externalId);
    const externalId = source.externalId ?? this.sharedExternalId;

    // The shape of the EKS User Guide (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html):
    // the account of the association's role as principal, narrowed with ArnEquals aws:PrincipalARN; the
    // ExternalId on sts:AssumeRole. The ExternalId is per association, so each gets its own statement
    // (CloudFormation AWS::EKS::PodIdentityAssociation ExternalId: "use independent statements").
    // Source: awsdocs/amazon-eks-user-guide latest/ug/manage-access/aws-access/pod-id-assign-target-role.adoc @ 06e01eb (checked 2026-12-01)
    // Source: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-eks-podidentityassociation.html @ as in aws-cdk-lib 2.276.0 CfnPodIdentityAssociation.attrExternalId (checked 2026-12-01)
    const account = source.role.principalAccount ?? Stack.of(source.role).account;
    const assume = new iam.PolicyStatement({
      principals: [new iam.AccountPrincipal(account)],
      actions: ['sts:AssumeRole'],
      conditions: { ArnEquals: { 'aws:PrincipalArn': source.role.roleArn } },
    });
    if (externalId !== undefined) {
      assume.addCondition('StringEquals', { 'sts:ExternalId': externalId });
    } else {
      warnWithoutExternalId(association, this);
    }
    this.assumeRolePolicy!.addStatements(assume);
    this.allowTagSession(account, source.role.roleArn);
    this.trusted.push(association);
  }

  // sts:TagSession in its own statement, without sts:ExternalId: that key is documented for AssumeRole,
  // and TagSession's condition keys are aws:TagKeys, aws:PrincipalTag, aws:RequestTag and
  // sts:TransitiveTagKeys (Service Authorization Reference, list_awssecuritytokenservice.html, read
  // through a generated copy of its table). One statement per account lists the roles of all its
  // associations, which keeps the trust policy within its size quota longer.
  // Source: frami-xyz/well-know-stacks src/aws/iam/policy/sts.ts @ 14d63aa (checked 2026-12-01)
  private allowTagSession(account: string, roleArn: string): void {
    const known = this.tagSessionRoles.get(account);
    if (known) {
      if (!known.includes(roleArn)) known.push(roleArn);
      return;
    }
    const roleArns = [roleArn];
    this.tagSessionRoles.set(account, roleArns);
    this.assumeRolePolicy!.addStatements(new iam.PolicyStatement({
      principals: [new iam.AccountPrincipal(account)],
      actions: ['sts:TagSession'],
      conditions: { ArnEquals: { 'aws:PrincipalArn': Lazy.list({ produce: () => roleArns }) } },
    }));
  }
}

function validateExternalId(scope: IConstruct, externalId: string): void {
  if (Token.isUnresolved(externalId) || EXTERNAL_ID.test(externalId)) return;
  throw new PodIdentityError('invalid-external-id', scope,
    `ExternalId ${quote(externalId)} is not one STS accepts (2 to 1,224 letters, digits and + = , . @ : / -)`,
    'Copy the association\'s ExternalId exactly as `aws eks describe-pod-identity-association` shows it');
}

// One warning per association, on the association, so that each can be acknowledged on its own.
function warnWithoutExternalId(association: IConstruct, role: PodIdentityTargetRole): void {
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
        `No ExternalId is known for this association (none was given, and its stack or its target role's stack has no account or region), so the trust statement of ${quote(role.node.path)} for it has no sts:ExternalId condition. Give both stacks an \`env\`, or pass the association's ExternalId as \`targetRoleExternalId\` to the association (\`externalId\` of \`trustAssociation\` for an association made elsewhere)`);
  }
}
