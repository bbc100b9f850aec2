import { PhysicalName, Stack, Token } from 'aws-cdk-lib';
import { IClusterRef } from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { WellKnownPolicy } from '../policies/well-known-policy';
import { validateNamespacePattern, validateServiceAccountPattern } from '../private/names';
import { podIdentityPrincipal } from '../private/principal';
import { validatePassedRoleProps } from './private/role-props';
import { PodIdentityRoleBaseProps } from './role-base-props';
import { SessionTag } from './session-tag';

/**
 * Properties of a PodIdentityRole.
 */
export interface PodIdentityRoleProps extends PodIdentityRoleBaseProps {
  /**
   * Only sessions for these clusters may assume the role (session tag `eks-cluster-arn`).
   *
   * @default - any cluster in this account
   */
  readonly clusters?: IClusterRef[];

  /**
   * Only sessions for these namespaces may assume the role (session tag `kubernetes-namespace`).
   * A value with `*` or `?` is matched with `StringLike`. Each value must be a valid namespace, or
   * a pattern that can match one (`team-*`); a value that no namespace can be is an error.
   *
   * @default - any namespace
   */
  readonly namespaces?: string[];

  /**
   * Only sessions for these service accounts may assume the role (session tag `kubernetes-service-account`).
   * A value with `*` or `?` is matched with `StringLike`. Each value must be a valid service account
   * name, or a pattern that can match one (`app-*`); a value that no service account can be is an error.
   *
   * @default - any service account
   */
  readonly serviceAccounts?: string[];

  /**
   * Ready policies for the controller the pods run (AWS Load Balancer Controller, ExternalDNS, ...),
   * added to the role's default policy.
   *
   * @default - none
   */
  readonly wellKnownPolicies?: WellKnownPolicy[];

  /**
   * A name for the role.
   *
   * @default - CloudFormation generates a unique name; where a stack in another account or region
   * names the role (a target role's trust does), the CDK generates one at synth (`PhysicalName.GENERATE_IF_NEEDED`)
   */
  readonly roleName?: string;

  /**
   * The path of the role.
   *
   * @default '/'
   */
  readonly path?: string;

}

const ROLE_BRAND = Symbol.for('cdk-eks-pod-identity.PodIdentityRole');

/**
 * An IAM role that EKS Pod Identity can hand to pods.
 *
 * Its trust policy is one statement: `pods.eks.amazonaws.com` may call `sts:AssumeRole` and
 * `sts:TagSession`, from this stack's account only, optionally narrowed to clusters, namespaces
 * and service accounts through the session tags EKS sets.
 *
 * Import an existing role with `PodIdentityRole.fromRoleArn(...)` (inherited from `iam.Role`).
 */
export class PodIdentityRole extends iam.Role {
  /**
   * Whether `x` is a PodIdentityRole (works across copies of this library).
   */
  public static isPodIdentityRole(x: any): x is PodIdentityRole {
    return x !== null && typeof x === 'object' && ROLE_BRAND in x;
  }

  /**
   * Whether the trust policy tests session tags. Such a role cannot be assumed by an
   * association that turns session tags off.
   */
  public readonly scopedBySessionTags: boolean;

  /**
   * The clusters whose sessions the trust admits (session tag `eks-cluster-arn`).
   *
   * @default - any cluster in this account
   */
  public readonly trustedClusters?: IClusterRef[];

  /**
   * The namespaces whose sessions the trust admits (session tag `kubernetes-namespace`).
   *
   * @default - any namespace
   */
  public readonly trustedNamespaces?: string[];

  /**
   * The service accounts whose sessions the trust admits (session tag `kubernetes-service-account`).
   *
   * @default - any service account
   */
  public readonly trustedServiceAccounts?: string[];

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps = {}) {
    validatePassedRoleProps(scope, id, props);
    const conditions = SessionTag.trustConditions({
      clusterArns: (props.clusters ?? []).map(cluster => cluster.clusterRef.clusterArn),
      namespaces: props.namespaces ?? [],
      serviceAccounts: props.serviceAccounts ?? [],
    });
    super(scope, id, {
      assumedBy: podIdentityPrincipal(Stack.of(scope).account, conditions),
      // A name generated when a stack in another environment names the role (a target role's trust in
      // another account does): CloudFormation can share no ARN across accounts otherwise.
      roleName: props.roleName ?? PhysicalName.GENERATE_IF_NEEDED,
      description: props.description,
      path: props.path,
      managedPolicies: props.managedPolicies,
      inlinePolicies: props.inlinePolicies,
      permissionsBoundary: props.permissionsBoundary,
      maxSessionDuration: props.maxSessionDuration,
    });
    Object.defineProperty(this, ROLE_BRAND, { value: true });
    // A value no pod can carry would make a role nobody can assume: the association's name checks.
    for (const namespace of props.namespaces ?? []) {
      if (checkable(namespace)) validateNamespacePattern(this, namespace);
    }
    for (const serviceAccount of props.serviceAccounts ?? []) {
      if (checkable(serviceAccount)) validateServiceAccountPattern(this, serviceAccount);
    }
    this.scopedBySessionTags = Object.keys(conditions).length > 0;
    this.trustedClusters = nonEmpty(props.clusters);
    this.trustedNamespaces = nonEmpty(props.namespaces);
    this.trustedServiceAccounts = nonEmpty(props.serviceAccounts);
    for (const policy of props.wellKnownPolicies ?? []) policy.attachTo(this);
  }
}

// Neither a token nor a value with a policy variable (`${aws:PrincipalTag/team}`, which IAM fills in
// per request) can be checked here.
function checkable(value: string): boolean {
  return !Token.isUnresolved(value) && !/\$\{[^}]+\}/.test(value);
}

// An empty list puts no condition in the trust, so it admits any value.
function nonEmpty<T>(values: T[] | undefined): T[] | undefined {
  return values && values.length > 0 ? [...values] : undefined;
}
