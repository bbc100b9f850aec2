import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * What a trust policy can require of the session tags EKS Pod Identity sets.
 */
export interface SessionTagScope {
  /**
   * Allowed values of `eks-cluster-arn`.
   *
   * @default - any
   */
  readonly clusterArns?: string[];

  /**
   * Allowed values of `kubernetes-namespace`.
   *
   * @default - any
   */
  readonly namespaces?: string[];

  /**
   * Allowed values of `kubernetes-service-account`.
   *
   * @default - any
   */
  readonly serviceAccounts?: string[];
}

/**
 * The session tags EKS Pod Identity adds to every role session, unless the association turns them off.
 */
export class SessionTag {
  /** ARN of the cluster. */
  public static readonly CLUSTER_ARN = 'eks-cluster-arn';
  /** Name of the cluster. */
  public static readonly CLUSTER_NAME = 'eks-cluster-name';
  /** Namespace of the pod. */
  public static readonly NAMESPACE = 'kubernetes-namespace';
  /** Service account of the pod. */
  public static readonly SERVICE_ACCOUNT = 'kubernetes-service-account';
  /** Name of the pod. */
  public static readonly POD_NAME = 'kubernetes-pod-name';
  /** UID of the pod. */
  public static readonly POD_UID = 'kubernetes-pod-uid';

  /**
   * Trust-policy conditions (`aws:RequestTag/...`) that admit only sessions within `scope`.
   *
   * Values with `*` or `?` make that tag's test `StringLike`; the others use `StringEquals`.
   */
  public static trustConditions(scope: SessionTagScope): iam.Conditions {
    return tagConditions('aws:RequestTag', scope);
  }

  /**
   * Permission-policy conditions (`aws:PrincipalTag/...`) that hold only for sessions within `scope`,
   * for one role shared by several clusters, namespaces or service accounts (ABAC).
   *
   * Values with `*` or `?` make that tag's test `StringLike`; the others use `StringEquals`.
   */
  public static principalConditions(scope: SessionTagScope): iam.Conditions {
    return tagConditions('aws:PrincipalTag', scope);
  }

  /**
   * The IAM policy variable that stands for a session tag's value, e.g.
   * `${aws:PrincipalTag/kubernetes-namespace}`, for use in resource ARNs and condition values.
   */
  public static policyVariable(tag: string): string {
    return `\${aws:PrincipalTag/${tag}}`;
  }

  /**
   * A condition that holds when the resource's tag `resourceTagKey` equals the session's tag `tag`,
   * e.g. a secret tagged `kubernetes-namespace=team-a` is readable only by pods of `team-a`.
   *
   * @param tag the session tag, e.g. `SessionTag.NAMESPACE`
   * @param resourceTagKey the resource tag to compare; defaults to the session tag's name
   */
  public static resourceTagMatches(tag: string, resourceTagKey?: string): iam.Conditions {
    return { StringEquals: { [`aws:ResourceTag/${resourceTagKey ?? tag}`]: SessionTag.policyVariable(tag) } };
  }

  private constructor() {}
}

function tagConditions(prefix: string, scope: SessionTagScope): iam.Conditions {
  const conditions: { [operator: string]: { [key: string]: string[] } } = {};
  const add = (tag: string, values: string[] | undefined) => {
    if (!values || values.length === 0) return;
    const operator = values.some(hasWildcard) ? 'StringLike' : 'StringEquals';
    (conditions[operator] ??= {})[`${prefix}/${tag}`] = values;
  };
  add(SessionTag.CLUSTER_ARN, scope.clusterArns);
  add(SessionTag.NAMESPACE, scope.namespaces);
  add(SessionTag.SERVICE_ACCOUNT, scope.serviceAccounts);
  return conditions;
}

function hasWildcard(value: string): boolean {
  return !Token.isUnresolved(value) && /[*?]/.test(value);
}
