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
}
