/**
 * The rules of `PodIdentityChecks`. Each finding carries its id, `cdk-eks-pod-identity:<id>`, and can
 * be acknowledged with `PodIdentityChecks.acknowledge(scope, id, reason)`.
 */
export enum PodIdentityCheck {
  /** Two associations (standalone or of add-ons) for one cluster, namespace and service account. Error. */
  DUPLICATE_ASSOCIATION = 'duplicate-association',
  /** Associations for a cluster with no Pod Identity Agent in the app and no record of one elsewhere. Warning. */
  AGENT_MISSING = 'agent-missing',
  /** A cluster in a region without pod identity (China, GovCloud, isolated regions). Error. */
  UNSUPPORTED_REGION = 'unsupported-region',
  /** A cluster whose Kubernetes version is older than the first with pod identity (1.24). Error. */
  KUBERNETES_VERSION = 'kubernetes-version',
  /** Associations on a `FargateCluster`: pod identity does not work on Fargate. Error. */
  FARGATE_CLUSTER = 'fargate-cluster',
  /** A Fargate profile that selects the namespace of an association. Warning. */
  FARGATE_PROFILE = 'fargate-profile',
  /** An association's role that does not let `pods.eks.amazonaws.com` call `sts:AssumeRole` and `sts:TagSession`. Error. */
  ROLE_TRUST = 'role-trust',
  /** A service account with a pod identity association that still carries the IRSA annotation. Warning. */
  IRSA_ANNOTATION = 'irsa-annotation',
  /** An association whose logical ID changed since the last deployed templates. Error. */
  LOGICAL_ID_CHANGE = 'logical-id-change',
}
