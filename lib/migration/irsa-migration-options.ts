import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * How far a service account has moved from IRSA to pod identity. Each step includes the ones before.
 */
export enum IrsaMigrationStep {
  /**
   * The Pod Identity Agent is installed if the app declares none, the role trusts pod identity too, and
   * the association exists. Pods running now keep IRSA; pods created from then on get pod identity (EKS's webhook
   * gives the container-credential variables precedence over the IRSA annotation), which the role now trusts
   * too. Safe to deploy any time.
   */
  ADD_POD_IDENTITY = 'ADD_POD_IDENTITY',

  /**
   * The IRSA annotation is removed from the service account (an add-on gets its pod identity
   * association instead of its IRSA role), once the association and the agent exist. Pods started from
   * now on use pod identity; restart them (`kubectl rollout restart`). The OIDC trust stays, so pods
   * not yet restarted keep working.
   */
  REMOVE_IRSA_ANNOTATION = 'REMOVE_IRSA_ANNOTATION',

  /**
   * The role's web-identity (`sts:AssumeRoleWithWebIdentity`) trust of this service account on this
   * cluster's OIDC provider is removed; its trust of other service accounts, clusters and providers
   * stays. Deploy only after every pod has restarted without the annotation.
   */
  REMOVE_IRSA_TRUST = 'REMOVE_IRSA_TRUST',
}

/**
 * Options of a migration from IRSA to pod identity.
 */
export interface IrsaMigrationOptions {
  /**
   * How far to go.
   *
   * @default IrsaMigrationStep.ADD_POD_IDENTITY
   */
  readonly step?: IrsaMigrationStep;

  /**
   * The IAM OIDC provider of the cluster. Step `REMOVE_IRSA_TRUST` removes the role's web-identity trust
   * of the service account on this provider only.
   *
   * @default - the cluster's `openIdConnectProvider`, for an aws-eks or aws-eks-v2 `Cluster` that has
   * one (made in the app, or given on import); needed at step `REMOVE_IRSA_TRUST` otherwise
   */
  readonly openIdConnectProvider?: iam.IOpenIdConnectProvider;
}
