import { IpFamily } from 'aws-cdk-lib/aws-eks';
import { AddonConflictResolution } from '../addon/addon-conflict-resolution';

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
  /** The namespace the role trusts: the add-on's, when known. */
  readonly namespace?: string;
}

/** An entry of `addons`. */
export interface EksctlAddonSpec {
  readonly path: string;
  readonly name: string;
  readonly version?: string;
  readonly configurationValues?: { [key: string]: unknown };
  readonly resolveConflicts?: AddonConflictResolution;
  readonly tags?: { [key: string]: string };
  /** `namespaceConfig.namespace`. */
  readonly namespace?: string;
  readonly serviceAccountRoleArn?: string;
  /** Explicit associations; `undefined` when the field is absent, `[]` when it is an empty list. */
  readonly podIdentityAssociations?: EksctlAddonAssociationSpec[];
  /** Whether the recommended associations apply (`useDefaultPodIdentityAssociations`, or `addonsConfig.autoApplyPodIdentityAssociations`). */
  readonly useRecommended: boolean;
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
  readonly associations: EksctlAssociationSpec[];
  readonly addons: EksctlAddonSpec[];
}
