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
  /** `createServiceAccount`: the service account goes into the manifest. */
  readonly createServiceAccount: boolean;
}

/**
 * An entry of `iam.serviceAccounts` (IRSA), which `migrateIrsa` turns into a pod identity
 * association: `attachRoleARN` as `roleArn`, `attachPolicyARNs` as `permissionPolicyArns`,
 * `attachPolicy` as `permissionPolicy`, `permissionsBoundary` as `permissionsBoundaryArn`.
 */
export interface EksctlIrsaServiceAccountSpec extends EksctlRoleSpec {
  /** `metadata.namespace`, `default` when unset (as in eksctl). */
  readonly namespace: string;
  /** Where the entry is, for messages: `iam.serviceAccounts[0] (line 12 of f.yaml)`. */
  readonly where: string;
  /** Where `attachRoleARN` is, when set. */
  readonly roleArnWhere?: string;
}

/** The IRSA settings of an add-on, which `migrateIrsa` turns into an association of the add-on. */
export interface EksctlAddonIrsaSpec {
  /** Where the add-on is, for messages. */
  readonly where: string;
  /** `serviceAccountRoleARN`: an existing role. */
  readonly roleArn?: string;
  /** Where `serviceAccountRoleARN` is, when set. */
  readonly roleArnWhere?: string;
  /** The IRSA role's policies, when no `roleArn`. */
  readonly permissionPolicyArns: string[];
  readonly permissionPolicy?: PolicyJson;
  readonly wellKnownPolicies: WellKnownPolicyKey[];
  readonly permissionsBoundaryArn?: string;
  /** The service accounts of the add-on that the recommended table knows for its version. */
  readonly serviceAccounts: string[];
  /** The namespace of the add-on's service accounts, if known. */
  readonly namespace?: string;
}

/** An IRSA setting of the file, which `apply` refuses without `migrateIrsa`. */
export interface EksctlIrsaSetting {
  /** `iam.serviceAccounts[0] (line 12 of f.yaml)`. */
  readonly where: string;
  /** Its line, to list the settings in the file's order. */
  readonly line: number;
  /** What it is, e.g. `is an IRSA service account`. */
  readonly problem: string;
  /** What `migrateIrsa` makes of it, e.g. `make it a pod identity association with a new role that has the same permissions`. */
  readonly conversion: string;
}

/** A setting that eksctl accepts and does not use either, which a warning names. */
export interface EksctlUnusedSetting {
  /** `addons[0].permissionsBoundary (line 8 of f.yaml)`. */
  readonly where: string;
  /** Why it has no effect, in eksctl as here. */
  readonly reason: string;
  /** What to do instead. */
  readonly fix: string;
}

/** An entry of `addons[].podIdentityAssociations`. */
export interface EksctlAddonAssociationSpec extends EksctlRoleSpec {
  /** The namespace of the service account, which the role trusts (required, as in eksctl). */
  readonly namespace: string;
}

/**
 * How the add-on version of the file becomes `AddonVersion`: as written (a full EKS version), unset
 * where the file has none (eksctl and EKS both take EKS's default version), or unset where eksctl
 * asks the EKS API for the newest version (`latest`), the newest build of a release written without
 * it (`1.7.5`), or the newest that contains a part (`1.7`).
 */
export type EksctlAddonVersionResolution = 'exact' | 'default' | 'newest' | 'newest-build' | 'newest-matching';

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
  /** IRSA settings (`serviceAccountRoleARN`, `attachPolicyARNs`, `attachPolicy`, `wellKnownPolicies`), if any. */
  readonly irsa?: EksctlAddonIrsaSpec;
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
  /** `metadata.tags`: eksctl tags every CloudFormation stack it creates with them, so every role it creates. */
  readonly tags?: { [key: string]: string };
  /** `kubernetesNetworkConfig.ipFamily`. */
  readonly ipFamily?: IpFamily;
  /** `iam.withOIDC`. */
  readonly withOidc: boolean;
  /** Where the file sets `outpost` (a local cluster on AWS Outposts), if it does. */
  readonly outpostWhere?: string;
  /** Where the file sets `karpenter`, if it does. */
  readonly karpenterWhere?: string;
  readonly associations: EksctlAssociationSpec[];
  /** `iam.serviceAccounts`. */
  readonly irsaServiceAccounts: EksctlIrsaServiceAccountSpec[];
  readonly addons: EksctlAddonSpec[];
  /** Every IRSA setting, in the file's order. */
  readonly irsaSettings: EksctlIrsaSetting[];
  /** The settings eksctl accepts and does not use, in the file's order. */
  readonly unusedSettings: EksctlUnusedSetting[];
}
