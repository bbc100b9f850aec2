/**
 * The rules of `PodIdentityChecks`. Each finding carries its id, `cdk-eks-pod-identity:<id>`, and can
 * be acknowledged with `PodIdentityChecks.acknowledge(scope, id, reason)`.
 */
export enum PodIdentityCheck {
  /** Two associations (standalone or of add-ons) for one cluster, namespace and service account. Error. */
  DUPLICATE_ASSOCIATION = 'duplicate-association',
  /** Associations for a cluster with no Pod Identity Agent in the app and no record of one elsewhere. Warning. */
  AGENT_MISSING = 'agent-missing',
  /** A cluster in a region without pod identity (China, isolated regions; AWS GovCloud (US) has it). Error. */
  UNSUPPORTED_REGION = 'unsupported-region',
  /** A cluster whose Kubernetes version is older than the first with pod identity (1.24). Error. */
  KUBERNETES_VERSION = 'kubernetes-version',
  /** Associations or an agent for a local cluster on AWS Outposts (an outpost config): pod identity is not available there. Error. */
  OUTPOSTS_CLUSTER = 'outposts-cluster',
  /**
   * A Fargate profile selector without labels that takes the namespace of an association: every pod of it
   * runs on Fargate, where pod identity does not work (a `FargateCluster`'s default profile takes `default`
   * and `kube-system`). Error.
   */
  FARGATE_CLUSTER = 'fargate-cluster',
  /** A Fargate profile selector with labels that takes the namespace of an association: the pods with those labels run on Fargate. Warning. */
  FARGATE_PROFILE = 'fargate-profile',
  /** A managed node group with a Windows AMI type in a cluster with associations: pods on it get no credentials. Warning. */
  WINDOWS_NODES = 'windows-nodes',
  /**
   * An association's role whose trust policy, as IAM evaluates it, does not let `pods.eks.amazonaws.com`
   * call `sts:AssumeRole` and `sts:TagSession`, or only under session-tag conditions the association never meets. Error.
   */
  ROLE_TRUST = 'role-trust',
  /** A service account with a pod identity association that still carries the IRSA annotation. Warning. */
  IRSA_ANNOTATION = 'irsa-annotation',
  /** An association whose logical ID changed since the last deployed templates. Error. */
  LOGICAL_ID_CHANGE = 'logical-id-change',
}
