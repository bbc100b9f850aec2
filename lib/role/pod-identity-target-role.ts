import { Annotations, Lazy, Names, Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { LIBRARY_ID } from '../private/errors';
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
   * The ExternalId of the association that chains into this role, when CloudFormation cannot pass it
   * (the association is in another account). Read it after the association is deployed, with
   * `aws eks describe-pod-identity-association`, or from a stack output of `association.externalId`.
   *
   * @default - the association's `ExternalId` attribute when it is in this role's account; otherwise
   * no `sts:ExternalId` condition (and a warning)
   */
  readonly externalId?: string;

}

/**
 * What a target role needs to know of an association that chains into it.
 */
export interface TargetRoleSource {
  /**
   * The association's own role, which EKS assumes first.
   */
  readonly role: iam.IRole;

  /**
   * The association's `ExternalId` attribute.
   */
  readonly externalId: string;

  /**
   * The association construct (for its stack and messages).
   */
  readonly construct: IConstruct;
}

const TARGET_BRAND = Symbol.for('cdk-eks-pod-identity.PodIdentityTargetRole');

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
 * The trust policy is written by the associations that use the role: each adds one statement that
 * lets its role call `sts:AssumeRole` and `sts:TagSession`, with `sts:ExternalId` when known.
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

  private readonly externalIdOverride?: string;
  private trusted = 0;

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
    this.externalIdOverride = props.externalId;
    this.roleArnByName = Stack.of(this).formatArn({ service: 'iam', region: '', resource: 'role', resourceName: roleName });
    this.node.addValidation({
      validate: () => this.trusted > 0 ? [] : [
        `[${LIBRARY_ID}:target-role-unused] ${this.node.path}: no pod identity association uses this target role, so nothing may assume it. Pass it as \`targetRole\` to a PodIdentityAssociation`,
      ],
    });
  }

  /**
   * Let an association's role assume this role. `PodIdentityAssociation` calls this for you when
   * given this role as `targetRole`.
   */
  public trustAssociation(source: TargetRoleSource): void {
    const statement = new iam.PolicyStatement({
      principals: [new iam.ArnPrincipal(source.role.roleArn)],
      actions: ['sts:AssumeRole', 'sts:TagSession'],
    });
    const externalId = this.externalIdOverride ?? this.externalIdFrom(source);
    if (externalId) {
      statement.addCondition('StringEquals', { 'sts:ExternalId': externalId });
    } else {
      Annotations.of(this).addWarningV2(`${LIBRARY_ID}:target-role-without-external-id`,
        `The association ${source.construct.node.path} is in another account, so CloudFormation cannot pass its ExternalId here and the trust has no sts:ExternalId condition. After the first deploy, pass the association's ExternalId as \`externalId\` to this role`);
    }
    this.assumeRolePolicy!.addStatements(statement);
    this.trusted++;
  }

  private externalIdFrom(source: TargetRoleSource): string | undefined {
    const here = Stack.of(this);
    const there = Stack.of(source.construct);
    if (here === there) return source.externalId;
    // A cross-stack reference works only within one account and region.
    const sameAccount = Token.compareStrings(here.account, there.account);
    const sameRegion = Token.compareStrings(here.region, there.region);
    const same = (c: TokenComparison) => c === TokenComparison.SAME || c === TokenComparison.BOTH_UNRESOLVED;
    return same(sameAccount) && same(sameRegion) ? source.externalId : undefined;
  }
}
