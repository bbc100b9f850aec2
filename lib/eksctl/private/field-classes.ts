// What becomes of every field of an eksctl ClusterConfig, as data: the parser checks each mapping it
// reads against this table (an unknown field is an error, a field of class `error` that is set is an
// error with the reason below), the README lists the classes, and a test sets every `honoured` and
// `converted` field and proves that each one changes the result.

/**
 * The class of a field:
 * - `honoured`: it becomes part of what `apply` creates, or is checked against the cluster;
 * - `converted`: an IRSA setting, turned into pod identity with `migrateIrsa: true`, and an error without it;
 * - `ignored`: accepted and not read, because it describes the cluster itself or something eksctl does
 *   outside pod identity (its contents are not checked);
 * - `error`: setting it is an error, because this library cannot do what it asks (the reason is in `ERROR_FIELDS`).
 */
export type FieldClass = 'honoured' | 'converted' | 'ignored' | 'error';

/** A mapping of the file whose own fields are classified in another section of the table. */
export const SECTION = 'section';

/** A field's class, or `SECTION` for a mapping (or list of mappings) classified field by field. */
export type FieldUse = FieldClass | typeof SECTION;

/** The fields of one mapping of the file. */
export type FieldTable = { readonly [field: string]: FieldUse };

// Source: eksctl-io/eksctl pkg/apis/eksctl.io/v1alpha5/assets/schema.json (ClusterConfig, ClusterMeta, KubernetesNetworkConfig, ClusterIAM, ClusterIAMServiceAccount, ClusterIAMMeta, PodIdentityAssociation, Addon, AddonNamespaceConfig, AddonsConfig) @ 009491b21c67635c70cc8bf3ecd266d39c63feda (checked 2026-12-01)
// Source: eksctl-io/eksctl examples/46-deletion-protection-example.yaml (top-level deletionProtection, newer than that schema) @ 7a6c62c135bf3e62cbd50857d2c6218867194028 (checked 2026-12-01)
// Source: eksctl-io/eksctl userdocs/src/usage/control-plane-component-config.md (kubeAPIServerConfig, kubeSchedulerConfig, kubeControllerManagerConfig) @ 8f1de2ade7afddd0ce0bdb05a0221e016926906b (checked 2026-12-01)
export const FIELD_CLASSES: { readonly [section: string]: FieldTable } = {
  '': {
    'apiVersion': 'honoured',
    'kind': 'honoured',
    'metadata': SECTION,
    'kubernetesNetworkConfig': SECTION,
    'iam': SECTION,
    'addons': SECTION,
    'addonsConfig': SECTION,
    // The cluster itself: eksctl's, not pod identity.
    'accessConfig': 'ignored',
    'autoModeConfig': 'ignored',
    'availabilityZones': 'ignored',
    'capabilities': 'ignored',
    'cloudWatch': 'ignored',
    'controlPlaneScalingConfig': 'ignored',
    'deletionProtection': 'ignored',
    'fargateProfiles': 'ignored',
    'gitops': 'ignored',
    'iamIdentityMappings': 'ignored',
    'identityProviders': 'ignored',
    'karpenter': 'ignored',
    'kubeAPIServerConfig': 'ignored',
    'kubeControllerManagerConfig': 'ignored',
    'kubeSchedulerConfig': 'ignored',
    'localZones': 'ignored',
    'managedNodeGroups': 'ignored',
    'nodeGroups': 'ignored',
    'outpost': 'ignored',
    'privateCluster': 'ignored',
    'remoteNetworkConfig': 'ignored',
    'secretsEncryption': 'ignored',
    'upgradePolicy': 'ignored',
    'vpc': 'ignored',
    'zonalShiftConfig': 'ignored',
  },
  'metadata': {
    name: 'honoured',
    region: 'honoured',
    version: 'ignored',
    forceUpdateVersion: 'ignored',
    rollbackConfig: 'ignored',
    // The tags of every role created, as eksctl tags the stacks of its roles.
    tags: 'honoured',
    annotations: 'ignored',
  },
  'kubernetesNetworkConfig': {
    ipFamily: 'honoured',
    serviceIPv4CIDR: 'ignored',
    serviceIPv6CIDR: 'ignored',
  },
  'iam': {
    podIdentityAssociations: SECTION,
    serviceAccounts: SECTION,
    // It turns on IRSA (an OIDC provider), which pod identity does not need: an info message says so.
    withOIDC: 'ignored',
    serviceRoleARN: 'ignored',
    serviceRolePermissionsBoundary: 'ignored',
    fargatePodExecutionRoleARN: 'ignored',
    fargatePodExecutionRolePermissionsBoundary: 'ignored',
    vpcResourceControllerPolicy: 'ignored',
  },
  'iam.podIdentityAssociations[]': {
    namespace: 'honoured',
    serviceAccountName: 'honoured',
    roleARN: 'honoured',
    createServiceAccount: 'honoured',
    roleName: 'honoured',
    permissionsBoundaryARN: 'honoured',
    permissionPolicyARNs: 'honoured',
    permissionPolicyName: 'honoured',
    permissionPolicy: 'honoured',
    wellKnownPolicies: 'honoured',
    tags: 'honoured',
    targetRoleARN: 'honoured',
    disableSessionTags: 'honoured',
    policy: 'honoured',
  },
  'iam.serviceAccounts[]': {
    metadata: SECTION,
    attachPolicyARNs: 'converted',
    wellKnownPolicies: 'converted',
    attachPolicy: 'converted',
    attachRoleARN: 'converted',
    permissionsBoundary: 'converted',
    roleName: 'converted',
    tags: 'converted',
    // What eksctl does with the Kubernetes service account, which exists already; and eksctl's output.
    roleOnly: 'ignored',
    status: 'ignored',
    subjectPattern: 'error',
  },
  'iam.serviceAccounts[].metadata': {
    name: 'converted',
    namespace: 'converted',
    labels: 'ignored',
    annotations: 'ignored',
  },
  'addons[]': {
    name: 'honoured',
    version: 'honoured',
    serviceAccountRoleARN: 'converted',
    attachPolicyARNs: 'converted',
    attachPolicy: 'converted',
    permissionsBoundary: 'converted',
    wellKnownPolicies: 'converted',
    tags: 'honoured',
    resolveConflicts: 'honoured',
    podIdentityAssociations: SECTION,
    useDefaultPodIdentityAssociations: 'honoured',
    configurationValues: 'honoured',
    namespaceConfig: SECTION,
    // Filters of `eksctl utils describe-addon-versions`, not settings of the add-on.
    publishers: 'ignored',
    types: 'ignored',
    owners: 'ignored',
  },
  'addons[].namespaceConfig': {
    namespace: 'honoured',
  },
  // eksctl makes the role of an add-on's association as it makes any pod identity role: with the
  // entry's wellKnownPolicies, and with its tags as the tags of the role's stack (so of the role).
  // Source: eksctl-io/eksctl pkg/apis/eksctl.io/v1alpha5/addon.go Addon.Validate (wellKnownPolicies among "at least one of") @ c29b52152bb7187cda15619c997fe08fc3495f00 (checked 2026-12-01)
  // Source: eksctl-io/eksctl pkg/actions/addon/create.go Manager.Create (iamRoleCreator.Create(&pia, addon.Name) for an entry without roleARN) @ main as indexed (file id 6332049854; commit not shown) (checked 2026-12-01)
  // Source: eksctl-io/eksctl pkg/cfn/builder/iam.go NewIAMRoleResourceSetForPodIdentity (wellKnownPolicies: spec.WellKnownPolicies) @ main as indexed (file id 6243763194; commit not shown) (checked 2026-12-01)
  // Source: eksctl-io/eksctl pkg/actions/podidentityassociation/iam_role_creator.go IAMRoleCreator.Create (CreateStack with podIdentityAssociation.Tags) @ dda4a326cc36860b6f58d517c183971ece49ed80 (checked 2026-12-01)
  'addons[].podIdentityAssociations[]': {
    namespace: 'honoured',
    serviceAccountName: 'honoured',
    roleARN: 'honoured',
    roleName: 'honoured',
    permissionsBoundaryARN: 'honoured',
    permissionPolicyARNs: 'honoured',
    permissionPolicyName: 'honoured',
    permissionPolicy: 'honoured',
    wellKnownPolicies: 'honoured',
    tags: 'honoured',
    targetRoleARN: 'error',
    policy: 'error',
    disableSessionTags: 'error',
    createServiceAccount: 'error',
  },
  'addonsConfig': {
    autoApplyPodIdentityAssociations: 'honoured',
    disableDefaultAddons: 'ignored',
  },
};

/** Why a field of class `error` cannot be set, and what to do instead. */
export interface FieldError {
  readonly problem: string;
  readonly fix: string;
}

const ADDON_ASSOCIATION_IS_TWO_FIELDS = 'EKS takes only a service account and a role for it (AWS::EKS::Addon PodIdentityAssociations)';

/** The reason of every field of class `error`, by `<section>.<field>`. */
export const ERROR_FIELDS: { readonly [path: string]: FieldError } = {
  'iam.serviceAccounts[].subjectPattern': {
    problem: 'matches service accounts by pattern in an IRSA trust policy; a pod identity association is for one service account, named',
    fix: 'Remove subjectPattern and give one entry per service account (metadata.name), or associate each service account yourself',
  },
  'addons[].podIdentityAssociations[].targetRoleARN': {
    problem: `is not supported on an add-on's association: ${ADDON_ASSOCIATION_IS_TWO_FIELDS}`,
    fix: 'Remove targetRoleARN, or manage this service account with an entry of iam.podIdentityAssociations and no association on the add-on',
  },
  'addons[].podIdentityAssociations[].policy': {
    problem: `is not supported on an add-on's association: ${ADDON_ASSOCIATION_IS_TWO_FIELDS}`,
    fix: 'Remove policy, or manage this service account with an entry of iam.podIdentityAssociations and no association on the add-on',
  },
  'addons[].podIdentityAssociations[].disableSessionTags': {
    problem: 'is true, but an add-on\'s association always has session tags: EKS takes only a service account and a role for it',
    fix: 'Remove disableSessionTags',
  },
  'addons[].podIdentityAssociations[].createServiceAccount': {
    problem: 'is true, but an add-on creates its own service accounts',
    fix: 'Remove createServiceAccount',
  },
};

/** The fields of `section`. */
export function fieldsOf(section: string): FieldTable {
  const fields = FIELD_CLASSES[section];
  if (fields === undefined) throw new Error(`no section ${section} in FIELD_CLASSES`);
  return fields;
}

/** Every field of the table with its class, by `<section>.<field>` (the top level without a section). */
export function allFields(): { readonly path: string; readonly use: FieldUse }[] {
  return Object.entries(FIELD_CLASSES).flatMap(([section, fields]) =>
    Object.entries(fields).map(([field, use]) => ({ path: section === '' ? field : `${section}.${field}`, use })));
}
