import { quote } from '../../private/errors';
import { validateNamespace, validateServiceAccount } from '../../private/names';
import { arn, boolean, checkArn, describe, entryMapping, isSet, roleTags, string, stringList, stringMap, unknownField } from './fields';
import { EksctlAddonAssociationSpec, EksctlAssociationSpec, EksctlRoleSpec, EksctlUnusedSetting, PolicyJson, WellKnownPolicyKey } from './model';
import { checkPolicyDocument, checkSessionPolicy } from './policies';
import { DEFAULT_PERMISSION_POLICY_NAME, eksctlInlinePolicyNames, WELL_KNOWN_POLICY_KEYS } from './well-known-policies';
import { EksctlSource, fieldPath, isYamlMap, itemPath, YamlMap } from './yaml-source';

// Reading the pod identity associations of a ClusterConfig (`iam.podIdentityAssociations` and an
// add-on's `podIdentityAssociations`) and the role each one names or describes.

/** IAM policy names: https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html */
const IAM_POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
export const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;
export const POLICY_ARN = /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/.+$/;

/** The fields of an association that describe a role to create, not allowed with `roleARN`. */
const ROLE_CREATION_FIELDS = ['roleName', 'permissionsBoundaryARN', 'permissionPolicyARNs', 'permissionPolicy', 'permissionPolicyName', 'wellKnownPolicies'];

/** An entry of `iam.podIdentityAssociations`. */
export function readAssociation(source: EksctlSource, path: string, entry: unknown): EksctlAssociationSpec {
  const item = entryMapping(source, path, entry, 'iam.podIdentityAssociations[]', 'a pod identity association');
  const namespace = string(source, item, 'namespace', path, true)!;
  source.check(fieldPath(path, 'namespace'), scope => validateNamespace(scope, namespace));
  const role = readRole(source, path, item, { allowNoPermissions: item.targetRoleARN !== undefined && item.targetRoleARN !== null });
  // A target role may be in the account of roleARN or in another one: EKS allows both, and current
  // eksctl has no rule against it (its podidentityassociation/validation.go is called nowhere).
  // Source: CreatePodIdentityAssociation targetRoleArn ("the same or a different account"), https://docs.aws.amazon.com/eks/latest/APIReference/API_CreatePodIdentityAssociation.html @ API 2017-11-01 (checked 2026-12-01)
  const targetRoleArn = arn(source, item, 'targetRoleARN', path, ROLE_ARN, 'an IAM role');
  const disableSessionTags = boolean(source, item, 'disableSessionTags', path) ?? false;
  const policy = item.policy === undefined || item.policy === null ? undefined
    : checkSessionPolicy(source, fieldPath(path, 'policy'), item.policy);
  // Source: CreatePodIdentityAssociation policy ("disableSessionTags must be set to true"), https://docs.aws.amazon.com/eks/latest/APIReference/API_CreatePodIdentityAssociation.html @ API 2017-11-01 (checked 2026-12-01)
  if (policy !== undefined && !disableSessionTags) {
    source.fail('eksctl-policy-needs-session-tags-off', fieldPath(path, 'policy'),
      'is set but disableSessionTags is not true; EKS accepts a session policy only on an association with session tags disabled',
      'Add `disableSessionTags: true`, or remove `policy` and narrow the role\'s own policy instead');
  }
  // eksctl creates the service account, and its namespace when missing, before the association.
  // Source: eksctl-io/eksctl pkg/actions/podidentityassociation/creator.go CreateTasks (pia.CreateServiceAccount: MaybeCreateServiceAccountOrUpdateMetadata) @ 12201b653b60df90e065c26dee072d6cb0e7d8d9 (checked 2026-12-01)
  const createServiceAccount = boolean(source, item, 'createServiceAccount', path) ?? false;
  return { ...role, namespace, targetRoleArn, disableSessionTags, sessionPolicy: policy, createServiceAccount };
}

/** An entry of an add-on's `podIdentityAssociations`; the fields it may not have are refused by the field table. */
export function readAddonAssociation(source: EksctlSource, path: string, entry: unknown, addonName: string,
  addonNamespace: string | undefined, unusedSettings: EksctlUnusedSetting[]): EksctlAddonAssociationSpec {
  const item = entryMapping(source, path, entry, 'addons[].podIdentityAssociations[]', 'a pod identity association');
  // eksctl's code requires the namespace, though its user guide shows add-on associations without one.
  // Source: eksctl-io/eksctl pkg/apis/eksctl.io/v1alpha5/addon.go Addon.Validate ("podIdentityAssociations[%d].namespace must be set") @ c29b52152bb7187cda15619c997fe08fc3495f00 (checked 2026-12-01)
  // Source: eksctl-io/eksctl userdocs/src/usage/pod-identity-associations.md (add-on examples without namespace) @ main as indexed (file id 6473169145; commit not shown) (checked 2026-12-01)
  const namespace = string(source, item, 'namespace', path, true)!;
  source.check(fieldPath(path, 'namespace'), scope => validateNamespace(scope, namespace));
  if (addonNamespace !== undefined && namespace !== addonNamespace) {
    source.fail('eksctl-addon-namespace-mismatch', fieldPath(path, 'namespace'),
      `is ${quote(namespace)}, but add-on ${quote(addonName)} runs in namespace ${quote(addonNamespace)}`,
      `Set it to ${quote(addonNamespace)}: an add-on's service accounts are in the add-on's namespace`);
  }
  const role = readRole(source, path, item, { allowNoPermissions: false });
  if (role.roleArn !== undefined && role.tags !== undefined) {
    // eksctl puts the tags on the role it creates (as its stack's tags); an add-on's associations have none of their own.
    // Source: eksctl-io/eksctl pkg/actions/addon/create.go Manager.Create (iamRoleCreator.Create only when pia.RoleARN is empty) @ main as indexed (file id 6332049854; commit not shown) (checked 2026-12-01)
    unusedSettings.push({
      where: source.where(fieldPath(path, 'tags')),
      reason: 'is not used: eksctl tags only the role it creates for an add-on\'s association, roleARN names an existing role, and an add-on\'s associations have no tags of their own (AWS::EKS::Addon PodIdentityAssociations), in eksctl either',
      fix: 'Tag the role where it is defined, or remove tags',
    });
  }
  return { ...role, namespace };
}

/** The role part, shared by both kinds of association, with eksctl's rules on roleARN. */
function readRole(source: EksctlSource, path: string, item: YamlMap, options: { readonly allowNoPermissions: boolean }): EksctlRoleSpec {
  const serviceAccount = string(source, item, 'serviceAccountName', path, true)!;
  source.check(fieldPath(path, 'serviceAccountName'), scope => validateServiceAccount(scope, serviceAccount));
  const roleArn = arn(source, item, 'roleARN', path, ROLE_ARN, 'an IAM role');
  if (roleArn !== undefined) {
    // eksctl rejects the policy fields with roleARN; it ignores roleName, permissionsBoundaryARN and
    // permissionPolicyName then, which is an error here.
    // Source: eksctl-io/eksctl pkg/ctl/cmdutils/pod_identity_association.go validatePodIdentityAssociationsForConfig ("cannot be specified when %s.roleARN is set") @ main as indexed (file id 6097873321; commit not shown) (checked 2026-12-01)
    rejectRoleCreationFields(source, path, item, 'roleARN', ROLE_CREATION_FIELDS, 'a role created here');
  }
  const permissionPolicyArns = readPolicyArns(source, item, 'permissionPolicyARNs', path);
  const permissionPolicy: PolicyJson | undefined = isSet(item.permissionPolicy)
    ? checkPolicyDocument(source, fieldPath(path, 'permissionPolicy'), item.permissionPolicy) : undefined;
  const permissionPolicyName = string(source, item, 'permissionPolicyName', path);
  if (permissionPolicyName !== undefined && permissionPolicy === undefined) {
    source.fail('eksctl-invalid-value', fieldPath(path, 'permissionPolicyName'),
      'names the inline policy made from permissionPolicy, but permissionPolicy is not set',
      'Add permissionPolicy, or remove permissionPolicyName');
  }
  const wellKnownPolicies = readWellKnownPolicies(source, fieldPath(path, 'wellKnownPolicies'), item.wellKnownPolicies);
  if (permissionPolicyName !== undefined) checkPermissionPolicyName(source, fieldPath(path, 'permissionPolicyName'), permissionPolicyName, wellKnownPolicies);
  if (roleArn === undefined && permissionPolicy === undefined && permissionPolicyArns.length === 0
    && wellKnownPolicies.length === 0 && !options.allowNoPermissions) {
    // Source: eksctl-io/eksctl pkg/ctl/cmdutils/pod_identity_association.go and pkg/apis/eksctl.io/v1alpha5/addon.go Addon.Validate ("at least one of the following must be specified") @ c29b52152bb7187cda15619c997fe08fc3495f00 (checked 2026-12-01)
    source.fail('eksctl-no-permissions', path,
      'gives the pods no permissions: at least one of roleARN, permissionPolicy, permissionPolicyARNs and wellKnownPolicies must be set',
      'Add the policies the pods need, or roleARN to use an existing role');
  }
  return {
    path,
    serviceAccount,
    roleArn,
    roleName: string(source, item, 'roleName', path),
    permissionsBoundaryArn: arn(source, item, 'permissionsBoundaryARN', path, POLICY_ARN, 'an IAM policy'),
    permissionPolicyArns,
    permissionPolicy,
    permissionPolicyName,
    wellKnownPolicies,
    // With roleARN no role is created, and the tags go to the association only, which checks them itself.
    tags: roleArn === undefined ? roleTags(source, item, 'tags', path) : stringMap(source, item, 'tags', path),
  };
}

/** The list of policy ARNs `key` of `item` (empty when unset). */
export function readPolicyArns(source: EksctlSource, item: YamlMap, key: string, path: string): string[] {
  const arns = stringList(source, item, key, path) ?? [];
  arns.forEach((value, index) => checkArn(source, itemPath(fieldPath(path, key), index), value, POLICY_ARN, 'an IAM policy'));
  return arns;
}

function checkPermissionPolicyName(source: EksctlSource, path: string, name: string, wellKnownPolicies: WellKnownPolicyKey[]): void {
  if (!IAM_POLICY_NAME.test(name)) {
    source.fail('eksctl-invalid-value', path, `is ${quote(name)}, not an IAM policy name (1 to 128 letters, digits and '+=,.@_-')`,
      'Remove the other characters, e.g. spaces');
  }
  // eksctl makes each inline policy a resource of its template, named after the policy with only its
  // letters and digits (a CloudFormation logical ID), so `Policy-AutoScaling` would be the resource
  // `PolicyAutoScaling` of wellKnownPolicies.autoScaler, and one of the two policies would be lost.
  // Refusing the name is this library's rule.
  // Source: eksctl-io/eksctl pkg/cfn/builder/iam.go IAMRoleResourceSet.AddAllResources (well-known inline policies and the permission policy as template resources named after the policy) @ main as indexed (file id 6243763194; commit not shown) (checked 2026-12-01)
  // Source: https://github.com/eksctl-io/eksctl/pull/8675 (permissionPolicyName names the inline policy, "Policy1" when empty) @ merged 2026-02-11 (checked 2026-12-01)
  // Source: none found (for keeping only letters and digits in the logical ID, sanitizeResourceName of newer eksctl pkg/cfn/template/iam_helpers.go as this project's review read it: the indexed iam_helpers.go @ 9654c3a4b54ba0397e6612318ca7022d3b68b611 predates it; CloudFormation logical IDs are alphanumeric) (checked 2026-12-01)
  const logicalId = eksctlLogicalId(name);
  const clash = wellKnownPolicies.find(key => eksctlInlinePolicyNames(key).includes(logicalId));
  if (clash !== undefined) {
    const sameName = logicalId === name ? `the name of the inline policy of wellKnownPolicies.${clash}`
      : `which eksctl names ${quote(logicalId)} in its CloudFormation template (letters and digits only), the name of the inline policy of wellKnownPolicies.${clash}`;
    source.fail('eksctl-invalid-value', path, `is ${quote(name)}, ${sameName}: in eksctl's template one of the two policies would replace the other`,
      'Give permissionPolicy another name');
  }
}

/** The CloudFormation logical ID eksctl gives an inline policy: its letters and digits, or `Policy1` when none. */
function eksctlLogicalId(name: string): string {
  const alphanumeric = name.replace(/[^A-Za-z0-9]/g, '');
  return alphanumeric === '' ? DEFAULT_PERMISSION_POLICY_NAME : alphanumeric;
}

/** The keys set to true of a `wellKnownPolicies` mapping (at `path`). */
export function readWellKnownPolicies(source: EksctlSource, path: string, value: unknown): WellKnownPolicyKey[] {
  if (!isSet(value)) return [];
  if (!isYamlMap(value)) {
    source.fail('eksctl-invalid-value', path, `is ${describe(value)}, not a mapping`,
      `Give a mapping of policy names to true, e.g. \`wellKnownPolicies: { ebsCSIController: true }\`; the names are ${WELL_KNOWN_POLICY_KEYS.join(', ')}`);
  }
  const keys: WellKnownPolicyKey[] = [];
  for (const key of Object.keys(value)) {
    const known = WELL_KNOWN_POLICY_KEYS.find(candidate => candidate === key);
    if (known === undefined) unknownField(source, fieldPath(path, key), key, WELL_KNOWN_POLICY_KEYS, 'wellKnownPolicies');
    if (boolean(source, value, key, path) !== true) continue;
    keys.push(known);
  }
  return keys;
}

/**
 * An existing role (`roleARN`, `attachRoleARN`) excludes the fields that only shape a role created for the
 * entry: fails on the first one set.
 */
export function rejectRoleCreationFields(source: EksctlSource, path: string, item: YamlMap, roleField: string,
  creationFields: readonly string[], createdRole: string): void {
  const conflicting = creationFields.find(field => isSet(item[field]));
  if (conflicting === undefined) return;
  source.fail('eksctl-role-arn-and-policies', fieldPath(path, conflicting),
    `cannot be set when ${roleField} is set: ${roleField} names an existing role, and this field only applies to ${createdRole}`,
    `Remove ${roleField} to create a role with ${conflicting}, or remove ${conflicting} and give the existing role its permissions yourself`);
}
