// The shape of the bundled add-on defaults table (recommended-defaults.ts). Private to this library:
// the table is data that scripts/refresh-addon-defaults.ts regenerates, not public API.

/**
 * What EKS recommends for one service account of an add-on
 * (DescribeAddonConfiguration `podIdentityConfiguration[]`).
 */
export interface RecommendedServiceAccount {
  /** The name of the service account the add-on runs under. */
  readonly serviceAccount: string;

  /**
   * AWS managed policies by name, path included (`service-role/AmazonEBSCSIDriverPolicy`), taken
   * from `recommendedManagedPolicies`. Rendered with `iam.ManagedPolicy.fromAwsManagedPolicyName`.
   */
  readonly managedPolicies: readonly string[];

  /**
   * The id of a policy of this library (see custom-policies.ts) that replaces `managedPolicies`
   * on an IPv6 cluster. Not part of the API: the refresh script adds it from the EKS User Guide.
   */
  readonly ipv6Policy?: string;

  /**
   * The first add-on version whose pod identity configuration lists this service account, when
   * it came later than the add-on's first version with pod identity; EKS refuses an association
   * for a service account the chosen version does not list. Unset: every version with pod
   * identity lists it.
   */
  readonly minimumVersion?: string;
}

/**
 * The pod identity facts of one add-on (DescribeAddonVersions `addons[]` and
 * DescribeAddonConfiguration).
 */
export interface RecommendedAddon {
  /** The add-on name, as `CreateAddon` takes it. */
  readonly addonName: string;

  /** The namespace the add-on and its service accounts are installed in (`defaultNamespace`). */
  readonly namespace?: string;

  /** Whether the newest version needs AWS permissions (`requiresIamPermissions`). */
  readonly requiresIamPermissions: boolean;

  /**
   * The first version with a pod identity configuration; unset when every recorded version has
   * one, or when no source gives the first version (then no version is refused).
   */
  readonly minimumVersion?: string;

  /** The service accounts to associate, and their recommended policies (newest version). */
  readonly serviceAccounts: readonly RecommendedServiceAccount[];
}
