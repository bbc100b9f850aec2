import { validateNamespace, validateServiceAccount } from '../../private/names';
import { arn, checkFields, entryMapping, isSet, mapping, roleTags, string } from './fields';
import { EksctlIrsaServiceAccountSpec, EksctlIrsaSetting, PolicyJson } from './model';
import { POLICY_ARN, readPolicyArns, readWellKnownPolicies, rejectRoleCreationFields, ROLE_ARN } from './parse-role';
import { checkPolicyDocument } from './policies';
import { EksctlSource, fieldPath } from './yaml-source';

// Reading `iam.serviceAccounts`, eksctl's IAM roles for service accounts (IRSA), which `migrateIrsa`
// turns into pod identity associations as `eksctl utils migrate-to-pod-identity` does.

/** The fields that give the role of `attachRoleARN` permissions, which eksctl refuses with it. */
const ROLE_CREATION_FIELDS = ['attachPolicyARNs', 'attachPolicy', 'wellKnownPolicies', 'permissionsBoundary', 'roleName'];

/** An entry of `iam.serviceAccounts`; it is recorded in `irsaSettings` too. */
export function readIrsaServiceAccount(source: EksctlSource, path: string, entry: unknown,
  irsaSettings: EksctlIrsaSetting[]): EksctlIrsaServiceAccountSpec {
  const item = entryMapping(source, path, entry, 'iam.serviceAccounts[]', 'an IAM service account');
  const metadataPath = fieldPath(path, 'metadata');
  const metadata = mapping(source, item, 'metadata', path, true)!;
  checkFields(source, metadataPath, metadata, 'iam.serviceAccounts[].metadata', 'the metadata of an IAM service account');
  const serviceAccount = string(source, metadata, 'name', metadataPath, true)!;
  source.check(fieldPath(metadataPath, 'name'), scope => validateServiceAccount(scope, serviceAccount));
  // eksctl puts a service account without a namespace in `default`.
  // Source: eksctl-io/eksctl examples/13-iamserviceaccounts.yaml ("if no namespace is set, \"default\" will be used") @ 04f328a3f3a4f8a16528b4659b418a66e20a287d (checked 2026-12-01)
  const namespace = string(source, metadata, 'namespace', metadataPath) ?? 'default';
  source.check(fieldPath(metadataPath, 'namespace'), scope => validateNamespace(scope, namespace));

  const roleArn = arn(source, item, 'attachRoleARN', path, ROLE_ARN, 'an IAM role');
  if (roleArn !== undefined) {
    // Source: eksctl-io/eksctl pkg/ctl/cmdutils create iamserviceaccount flags ("cannot provide --attach-role-arn and specify polices to attach", "cannot provide --role-name or --role-only when --attach-role-arn is configured") @ main as indexed (file id 5828120019; commit not shown) (checked 2026-12-01)
    rejectRoleCreationFields(source, path, item, 'attachRoleARN', ROLE_CREATION_FIELDS, 'a role created for the service account');
  }
  const permissionPolicyArns = readPolicyArns(source, item, 'attachPolicyARNs', path);
  const permissionPolicy: PolicyJson | undefined = isSet(item.attachPolicy)
    ? checkPolicyDocument(source, fieldPath(path, 'attachPolicy'), item.attachPolicy) : undefined;
  const wellKnownPolicies = readWellKnownPolicies(source, fieldPath(path, 'wellKnownPolicies'), item.wellKnownPolicies);
  if (roleArn === undefined && permissionPolicy === undefined && permissionPolicyArns.length === 0 && wellKnownPolicies.length === 0) {
    // Source: eksctl-io/eksctl pkg/ctl/cmdutils create iamserviceaccount flags ("--attach-policy-arn or --attach-role-arn" must be set) @ main as indexed (file id 5828120019; commit not shown) (checked 2026-12-01)
    source.fail('eksctl-no-permissions', path,
      'gives the service account no permissions: at least one of attachRoleARN, attachPolicyARNs, attachPolicy and wellKnownPolicies must be set',
      'Add the policies the pods need, or attachRoleARN to use an existing role');
  }
  const where = source.where(path);
  irsaSettings.push(roleArn !== undefined ? {
    where,
    line: source.lineOf(path) ?? 0,
    problem: 'is an IRSA service account with the role of attachRoleARN',
    conversion: 'make it a pod identity association with that role (its trust policy must then allow pods.eks.amazonaws.com)',
  } : {
    where,
    line: source.lineOf(path) ?? 0,
    problem: 'is an IRSA service account: eksctl would create an IAM role for service accounts, which this library does not do',
    conversion: 'make it a pod identity association with a new role that has the same permissions',
  });
  return {
    path,
    where,
    roleArnWhere: roleArn !== undefined ? source.where(fieldPath(path, 'attachRoleARN')) : undefined,
    serviceAccount,
    namespace,
    roleArn,
    roleName: string(source, item, 'roleName', path),
    permissionsBoundaryArn: arn(source, item, 'permissionsBoundary', path, POLICY_ARN, 'an IAM policy'),
    permissionPolicyArns,
    permissionPolicy,
    wellKnownPolicies,
    tags: roleTags(source, item, 'tags', path),
  };
}
