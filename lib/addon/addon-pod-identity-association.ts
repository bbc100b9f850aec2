import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * A pod identity association of an EKS add-on: the role one of its service accounts receives.
 */
export interface AddonPodIdentityAssociation {
  /**
   * The name of the add-on's service account, e.g. `ebs-csi-controller-sa`. It lives in the
   * add-on's namespace.
   */
  readonly serviceAccount: string;

  /**
   * The role the service account receives. It must be in the cluster's account and trust
   * `pods.eks.amazonaws.com`; give its permissions yourself.
   *
   * @default - a new PodIdentityRole that only this cluster, the add-on's namespace and this
   * service account can assume, with `managedPolicies` and `statements`
   */
  readonly role?: iam.IRole;

  /**
   * Managed policies for the new role. Not allowed together with `role`.
   *
   * @default - none
   */
  readonly managedPolicies?: iam.IManagedPolicy[];

  /**
   * Statements of an inline policy of the new role. Not allowed together with `role`.
   *
   * @default - none
   */
  readonly statements?: iam.PolicyStatement[];
}
