import { IpFamily } from 'aws-cdk-lib/aws-eks';
import { AddonConflictResolution } from '../../addon/addon-conflict-resolution';

// What EksctlConfig keeps of a ClusterConfig once it has been read and checked: only the pod
// identity part, as plain data. EksctlResources turns it into constructs. Private to this library.

/** The keys of eksctl's `wellKnownPolicies` (pkg/apis/eksctl.io/v1alpha5 WellKnownPolicies). */
export type WellKnownPolicyKey =
  | 'imageBuilder'
  | 'autoScaler'
  | 'awsLoadBalancerController'
  | 'externalDNS'
  | 'certManager'
  | 'ebsCSIController'
  | 'efsCSIController';

/** A policy document as JSON (`{ Version, Statement: [...] }`), already checked. */
export type PolicyJson = { [key: string]: unknown };

/** The role part of an eksctl pod identity association: an existing role, or one to create. */
export interface EksctlRoleSpec {
  /** The path of the entry in the file, e.g. `iam.podIdentityAssociations[0]`. */
  readonly path: string;
  readonly serviceAccount: string;
  readonly roleArn?: string;
  readonly roleName?: string;
  readonly permissionsBoundaryArn?: string;
  readonly permissionPolicyArns: string[];
  readonly permissionPolicy?: PolicyJson;
  readonly permissionPolicyName?: string;
  readonly wellKnownPolicies: WellKnownPolicyKey[];
  /** Tags of the association (for `iam.podIdentityAssociations`) and of the role made for it. */
  readonly tags?: { [key: string]: string };
}

/** An entry of `iam.podIdentityAssociations`. */
export interface EksctlAssociationSpec extends EksctlRoleSpec {
  readonly namespace: string;
  readonly targetRoleArn?: string;
  readonly disableSessionTags: boolean;
  readonly sessionPolicy?: PolicyJson;
}

/** An entry of `addons[].podIdentityAssociations`. */
export interface EksctlAddonAssociationSpec extends EksctlRoleSpec {
  /** The namespace of the service account, which the role trusts (required, as in eksctl). */
  readonly namespace: string;
}

/**
 * How the add-on version of the file becomes `AddonVersion`: as written (a full EKS version), the
 * first EKS build of a release written without it (`1.7.5`), or unset where eksctl asks the EKS API
 * for the newest version (no version, or `latest`).
 */
export type EksctlAddonVersionResolution = 'exact' | 'first-build' | 'newest';

/** An entry of `addons`. */
export interface EksctlAddonSpec {
  readonly path: string;
  readonly name: string;
  /** The version to render, if any. */
  readonly version?: string;
  /** `version` as the file writes it, if set. */
  readonly writtenVersion?: string;
  readonly versionResolution: EksctlAddonVersionResolution;
  readonly configurationValues?: { [key: string]: unknown };
  readonly resolveConflicts?: AddonConflictResolution;
  readonly tags?: { [key: string]: string };
  /** `namespaceConfig.namespace`. */
  readonly namespace?: string;
  readonly serviceAccountRoleArn?: string;
  /** Explicit associations: at least one, or `undefined` (eksctl's `HasPodIDsSet` ignores an empty list). */
  readonly podIdentityAssociations?: EksctlAddonAssociationSpec[];
  /** Whether the recommended associations apply (`useDefaultPodIdentityAssociations`, or `addonsConfig.autoApplyPodIdentityAssociations`). */
  readonly useRecommended: boolean;
  /** Whether eksctl would create an IRSA role with the recommended policies, which this library does not. */
  readonly eksctlWouldCreateIrsaRole: boolean;
}

/** The pod identity part of a ClusterConfig. */
export interface EksctlModel {
  /** The file name, for messages. */
  readonly sourceName?: string;
  /** `metadata.name`. */
  readonly clusterName: string;
  /** `metadata.region`. */
  readonly region: string;
  /** `kubernetesNetworkConfig.ipFamily`. */
  readonly ipFamily?: IpFamily;
  /** `iam.withOIDC`. */
  readonly withOidc: boolean;
  readonly associations: EksctlAssociationSpec[];
  readonly addons: EksctlAddonSpec[];
}
