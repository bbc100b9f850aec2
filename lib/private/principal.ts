import * as iam from 'aws-cdk-lib/aws-iam';

/** The service principal of EKS Pod Identity. */
export const POD_IDENTITY_SERVICE = 'pods.eks.amazonaws.com';

/**
 * `pods.eks.amazonaws.com` with `sts:AssumeRole` and `sts:TagSession` in one trust statement,
 * restricted to `sourceAccount` and to the given extra conditions.
 */
export function podIdentityPrincipal(sourceAccount: string, conditions: iam.Conditions = {}): iam.IPrincipal {
  const merged: { [operator: string]: any } = { ...conditions };
  merged.StringEquals = { 'aws:SourceAccount': sourceAccount, ...(conditions.StringEquals ?? {}) };
  return new iam.ServicePrincipal(POD_IDENTITY_SERVICE, { conditions: merged }).withSessionTags();
}
