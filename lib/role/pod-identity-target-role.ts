import { Annotations, Lazy, Names, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { codeSpan, propSpan, setting } from '../private/code';
import { LIBRARY_ID, PodIdentityError, quote } from '../private/errors';
import { validateNamespace, validateServiceAccount } from '../private/names';
import { isMarkedTargetRole, markTargetRole } from '../private/target-role-brand';
import { validatePassedRoleProps } from './private/role-props';
import { TaggedTrust } from './private/tagged-trust';
import { externalIdTrustStatement, validateExternalId, validateRoleNameAcrossEnvironments, warnOmittedConditions, warnWithoutExternalId } from './private/target-trust';
import { estimateTrustPolicySize, TRUST_POLICY_DEFAULT_QUOTA, TRUST_POLICY_MAXIMUM_QUOTA, TRUST_POLICY_QUOTA_CODE } from './private/trust-size';
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
   * The ExternalId of the one association that chains into this role with session tags off, when
   * CloudFormation cannot pass it (the association is in another account or region).
   *
   * @default - each association with session tags off uses its own ExternalId: its `ExternalId`
   * attribute when it is in this role's account and region, else its `targetRoleExternalId`;
   * otherwise no `sts:ExternalId` condition for it (and a warning)
   * @deprecated An ExternalId belongs to one association, and EKS passes it only when that
   * association has session tags off. Give it to that association as `targetRoleExternalId`. This
   * value is used only for an association with session tags off whose ExternalId is otherwise
   * unknown; only one association may use a role that sets it, and an association with session
   * tags on is an error.
   */
  readonly externalId?: string;

  /**
   * The account's IAM quota "Role trust policy length" (Service Quotas code L-C07B4B0D), in
   * characters, when it was raised from its default. Synth fails when the trust policy the
   * associations write could be longer: each association with session tags on adds about 400 to 500
   * characters, so with the default about four fit. Any whole number from 2,048 is accepted; one above
   * 8,192, the largest IAM documents, draws a warning.
   *
   * @default 2048
   */
  readonly trustPolicyQuota?: number;
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
   * Whether the association keeps EKS's session tags on (it does unless it sets
   * `DisableSessionTags`). This decides the trust statement: with session tags on, it tests the
   * session tags `namespace`, `serviceAccount` and `clusterArn`; with them off, the `externalId`.
   *
   * @default true
   */
  readonly sessionTags?: boolean;

  /**
   * The association's namespace, tested as the session tag `kubernetes-namespace` (`StringEquals`).
   * Only with session tags on.
   *
   * @default - the trust statement for this association does not test the namespace, and a
   * warning says so
   */
  readonly namespace?: string;

  /**
   * The association's service account, tested as the session tag `kubernetes-service-account`
   * (`StringEquals`). Only with session tags on.
   *
   * @default - the trust statement for this association does not test the service account, and a
   * warning says so
   */
  readonly serviceAccount?: string;

  /**
   * The ARN of the association's cluster, tested as the session tag `eks-cluster-arn`
   * (`StringEquals`). Only with session tags on. It must be usable in the target role's stack: a
   * literal, or a value of that stack.
   *
   * @default - the trust statement for this association does not test the cluster, and a warning
   * says so; the condition on `role` still admits only that role, in the cluster's account
   */
  readonly clusterArn?: string;

  /**
   * The association's ExternalId, which EKS passes as `sts:ExternalId` when it assumes the target
   * role of an association with session tags off: its `ExternalId` attribute, or the value read
   * after it was deployed. Only with `sessionTags: false`.
   *
   * @default - none: with session tags off, the trust statement for this association has no
   * `sts:ExternalId` condition, and a warning says so
   */
  readonly externalId?: string;

  /**
   * The association, for its stack and for messages.
   *
   * @default - the role
   */
  readonly construct?: IConstruct;
}

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
 * `targetRole`. EKS first assumes the association's role, then this one; the pods receive this
 * role's credentials.
 *
 * The trust policy is written by the associations that use the role, in the shapes of the EKS User
 * Guide ("Access AWS Resources using EKS Pod Identity Target IAM Roles"). Each association gets its
 * own statement (associations that differ in one value only share one that lists it), whose principal
 * is the account of the association's role, narrowed to that role with `ArnEquals` on
 * `aws:PrincipalArn`:
 *
 * - session tags on (the default): `sts:AssumeRole` and `sts:TagSession` when the request carries
 *   the association's session tags `kubernetes-namespace`, `kubernetes-service-account` and, where
 *   it can be written without a reference to another stack, `eks-cluster-arn`;
 * - session tags off: `sts:AssumeRole` with the association's `sts:ExternalId`, which EKS passes
 *   only then. `sts:TagSession` is allowed in one more statement per account, without the ExternalId.
 *
 * Naming the account, not the role, lets this role deploy before the association's role exists,
 * and keeps matching when that role is recreated.
 *
 * Synth warns on each association whose statement leaves out a session tag it could test, and fails
 * when the trust policy could exceed IAM's quota "Role trust policy length" (`trustPolicyQuota`).
 */
export class PodIdentityTargetRole extends iam.Role {
  /**
   * Whether `x` is a PodIdentityTargetRole (works across copies of this library).
   */
  public static isPodIdentityTargetRole(x: any): x is PodIdentityTargetRole {
    return isMarkedTargetRole(x);
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
  private readonly taggedTrust: TaggedTrust;

  constructor(scope: Construct, id: string, props: PodIdentityTargetRoleProps = {}) {
    validatePassedRoleProps(scope, id, props);
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
    markTargetRole(this);
    if (props.externalId !== undefined) validateExternalId(this, props.externalId);
    this.sharedExternalId = props.externalId;
    this.roleArnByName = Stack.of(this).formatArn({ service: 'iam', region: '', resource: 'role', resourceName: roleName });
    this.taggedTrust = new TaggedTrust(this.assumeRolePolicy!);
    const quota = props.trustPolicyQuota ?? TRUST_POLICY_DEFAULT_QUOTA;
    validateQuota(this, quota);
    this.node.addValidation({
      validate: () => this.trusted.length > 0 ? validateTrustPolicySize(this, quota, this.trusted.length) : [
        `[${LIBRARY_ID}:target-role-unused] ${this.node.path}: no pod identity association uses this target role, so nothing may assume it. Pass it as ${propSpan('targetRole')} to a PodIdentityAssociation`,
      ],
    });
  }

  /**
   * Let an association's role assume this role: with its session tags, or (session tags off) with
   * its ExternalId. `PodIdentityAssociation` calls this for you when given this role as
   * `targetRole`; call it yourself for an association managed elsewhere.
   */
  public trustAssociation(source: TargetRoleSource): void {
    const association = source.construct ?? source.role;
    const sessionTags = source.sessionTags ?? true;
    validateSource(association, source, sessionTags);
    validateRoleNameAcrossEnvironments(association, source.role, this);
    const account = source.role.principalAccount ?? Stack.of(source.role).account;
    const roleArn = source.role.roleArn;
    if (sessionTags) {
      if (this.sharedExternalId !== undefined) {
        throw new PodIdentityError('target-role-external-id-with-session-tags', this,
          `${propSpan('externalId')} is set on this target role, but association ${quote(association.node.path)} chains into it with session tags on, and EKS passes an ExternalId to a target role only for an association with session tags off; the trust statement for it tests the session tags instead`,
          `Remove ${propSpan('externalId')} from the role, or set ${codeSpan(setting('sessionTags', false))} on that association`);
      }
      warnOmittedConditions(association, this, roleArn, source);
      this.taggedTrust.admit(account, roleArn, source);
    } else {
      if (this.sharedExternalId !== undefined && this.trusted.length > 0) {
        throw new PodIdentityError('target-role-external-id-shared', this,
          `${propSpan('externalId')} is set on this target role, but a second association, ${quote(association.node.path)}, chains into it after ${quote(this.trusted[0].node.path)}; an ExternalId belongs to one association, so EKS would be refused for one of them`,
          `Remove ${propSpan('externalId')} from the role and give each association its own ${propSpan('targetRoleExternalId')}`);
      }
      const externalId = source.externalId ?? this.sharedExternalId;
      if (externalId === undefined) warnWithoutExternalId(association, this);
      this.assumeRolePolicy!.addStatements(externalIdTrustStatement(account, roleArn, externalId));
      this.allowTagSession(account, roleArn);
    }
    this.trusted.push(association);
  }

  // Session tags off: sts:TagSession in its own statement, without sts:ExternalId, which is documented
  // for AssumeRole; TagSession's condition keys are aws:TagKeys, aws:PrincipalTag, aws:RequestTag and
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

// IAM takes a quota from its default up; a quota only known at deploy time cannot be compared. One above
// the documented maximum is not refused (IAM has raised that maximum before, and the account's applied
// quota is what counts), but warned about, as it may be a typo.
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html (see private/trust-size.ts for what was read) @ stored copy (checked 2026-12-07)
function validateQuota(role: PodIdentityTargetRole, quota: number): void {
  if (Token.isUnresolved(quota) || !Number.isInteger(quota) || quota < TRUST_POLICY_DEFAULT_QUOTA) {
    throw new PodIdentityError('invalid-trust-policy-quota', role,
      `${propSpan('trustPolicyQuota')} is ${Token.isUnresolved(quota) ? 'a value known only at deploy time' : quota}, but IAM's quota "Role trust policy length" (${TRUST_POLICY_QUOTA_CODE}) is a whole number of characters, at least ${TRUST_POLICY_DEFAULT_QUOTA} (the default)`,
      `Give the quota applied to the target role's account as a literal, as Service Quotas shows it (\`aws service-quotas get-service-quota --service-code iam --quota-code ${TRUST_POLICY_QUOTA_CODE} --region us-east-1\`)`);
  }
  if (quota > TRUST_POLICY_MAXIMUM_QUOTA) {
    Annotations.of(role).addWarningV2(`${LIBRARY_ID}:target-role-quota-above-maximum`,
      `${propSpan('trustPolicyQuota')} is ${quota}, above the ${TRUST_POLICY_MAXIMUM_QUOTA} characters that IAM documents as the largest "Role trust policy length" (${TRUST_POLICY_QUOTA_CODE}); the size check uses ${quota}, so it passes trust policies that IAM refuses if the account's quota is lower. Make sure it is the quota applied to the target role's account, as Service Quotas shows it (\`aws service-quotas get-service-quota --service-code iam --quota-code ${TRUST_POLICY_QUOTA_CODE} --region us-east-1\`)`);
  }
}

// Synth fails when CloudFormation could not create the role: its trust policy may be longer than the
// quota. Values known only at deploy time count at their longest plausible length (private/trust-size.ts).
function validateTrustPolicySize(role: PodIdentityTargetRole, quota: number, associations: number): string[] {
  const size = estimateTrustPolicySize(role);
  if (size === undefined) return [];
  if (size.unknown.length > 0) {
    Annotations.of(role).addWarningV2(`${LIBRARY_ID}:target-role-trust-size-unknown`,
      `The size of this role's trust policy is estimated at ${size.characters} of ${quota} characters without ${size.unknown.length} value${size.unknown.length > 1 ? 's' : ''} known only at deploy time whose length is not bounded (${size.unknown.join(', ')}), so the check of IAM's quota "Role trust policy length" (${TRUST_POLICY_QUOTA_CODE}) may pass a policy that IAM refuses. Use literal values where you can, or keep well below the quota`);
  }
  if (size.characters <= quota) return [];
  return [new PodIdentityError('target-role-trust-too-large', role,
    `the trust policy written for the ${associations} association${associations > 1 ? 's' : ''} that use${associations > 1 ? '' : 's'} this target role may be up to ${size.characters} characters (without white space, each value known only at deploy time at its longest plausible length), more than the ${quota} of IAM's quota "Role trust policy length" (${TRUST_POLICY_QUOTA_CODE})${quota === TRUST_POLICY_DEFAULT_QUOTA ? ' at its default' : ''}, so CloudFormation would fail to create or update the role`,
    `Split the associations across several target roles, or raise the quota ${TRUST_POLICY_QUOTA_CODE} in Service Quotas (region us-east-1; documented up to ${TRUST_POLICY_MAXIMUM_QUOTA}) for the target role's account and state it as ${propSpan('trustPolicyQuota')}. Associations that share their role and differ in one value only (the service account, the namespace or the cluster) share one statement`).message];
}

// Values the trust for this association would never use are errors, as unused inputs are elsewhere.
function validateSource(association: IConstruct, source: TargetRoleSource, sessionTags: boolean): void {
  if (sessionTags && source.externalId !== undefined) {
    throw new PodIdentityError('external-id-with-session-tags', association,
      `an ExternalId is given, but ${propSpan('sessionTags')} is not false, and EKS passes an ExternalId to a target role only for an association with session tags off; the trust statement for this association tests the session tags instead, so the ExternalId would be used nowhere`,
      `Remove ${propSpan('externalId')}, or set ${codeSpan(setting('sessionTags', false))} if the association disables session tags`);
  }
  const tagValues = (['namespace', 'serviceAccount', 'clusterArn'] as const).filter(key => source[key] !== undefined);
  if (!sessionTags && tagValues.length > 0) {
    throw new PodIdentityError('session-tag-values-without-session-tags', association,
      `${tagValues.map(key => `\`${key}\``).join(', ')} ${tagValues.length > 1 ? 'are' : 'is'} given with ${codeSpan(setting('sessionTags', false))}, but EKS sets no session tags for such an association, so a trust that tested them could never match`,
      'Leave them out for an association with session tags off, or keep its session tags on');
  }
  if (source.externalId !== undefined) validateExternalId(association, source.externalId);
  // The trust tests them with StringEquals, so they are exact names; a value that no namespace or
  // service account can have would write a statement that never matches.
  if (source.namespace !== undefined) validateNamespace(association, source.namespace);
  if (source.serviceAccount !== undefined) validateServiceAccount(association, source.serviceAccount);
}
