import { IClusterRef } from 'aws-cdk-lib/aws-eks';
import { WellKnownPolicy } from '../policies/well-known-policy';

/**
 * An eksctl ClusterConfig that has been read: `EksctlConfig`.
 */
export interface IEksctlConfig {
  /** The name of the cluster the file describes (`metadata.name`). */
  readonly clusterName: string;

  /** The region of the cluster the file describes (`metadata.region`). */
  readonly region: string;
}

/**
 * Options of `EksctlConfig.apply`.
 */
export interface EksctlApplyOptions {
  /**
   * The cluster the file describes: an `eks.Cluster`, a `CfnCluster`, or
   * `CfnCluster.fromClusterName(...)`. Its name must be the file's `metadata.name`, and its
   * region the file's `metadata.region`, when they are known at synth time.
   */
  readonly cluster: IClusterRef;

  /**
   * Policies to attach instead of eksctl's for keys of `wellKnownPolicies`, by key (`imageBuilder`,
   * `autoScaler`, `awsLoadBalancerController`, `externalDNS`, `certManager`, `ebsCSIController`,
   * `efsCSIController`). `config.catalogueWellKnownPolicies()` gives this library's tighter or
   * newer policy for every key; pick the keys you want from it, or give your own `WellKnownPolicy`.
   *
   * @default - eksctl's policies for every key, as eksctl would attach them
   */
  readonly wellKnownPolicies?: { [key: string]: WellKnownPolicy };

  /**
   * Turn the file's IRSA settings into pod identity, as `eksctl utils migrate-to-pod-identity` does:
   * each entry of `iam.serviceAccounts` becomes a pod identity association with a new role that has
   * the same permissions (or the role of `attachRoleARN`), and an add-on's `attachPolicyARNs`,
   * `attachPolicy`, `wellKnownPolicies` or `serviceAccountRoleARN` an association of the add-on, on
   * its service account.
   *
   * Without it, each of these settings is an error that names the field and its line.
   *
   * @default false
   */
  readonly migrateIrsa?: boolean;

  /**
   * Whether the manifest of `createServiceAccount: true` holds a Namespace for each namespace of
   * those service accounts that Kubernetes does not create itself, as eksctl creates a missing
   * namespace. Set it to false when the namespaces are managed elsewhere, in particular with
   * `applyWith`, which deletes what it applied when the stack is deleted.
   *
   * @default true
   */
  readonly createNamespaces?: boolean;
}
