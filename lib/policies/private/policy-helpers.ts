import { Aws, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { IConstruct } from 'constructs';
import { allow } from '../../private/allow';
import { PodIdentityError, quote } from '../../private/errors';
import { validateClusterName } from '../../private/names';
import { propSpan } from '../../private/code';

// Helpers shared by the well-known policies in lib/policies. Never exported from the package.

// One Allow-statement helper for the catalogue and the eksctl import's policies, re-exported for the catalogue's files.
export { allow };

/**
 * `arn:<partition>:<service>:<region>:<account>:<resource>`, with the partition as the
 * `AWS::Partition` token so the statement works in every partition.
 */
export function arn(service: string, region: string, account: string, resource: string): string {
  return `arn:${Aws.PARTITION}:${service}:${region}:${account}:${resource}`;
}

/** Whether a list option holds something: a non-empty list, or a list token. */
export function hasEntries(list: readonly unknown[] | undefined): boolean {
  if (list === undefined) return false;
  if (Token.isUnresolved(list)) return true;
  return list.length > 0;
}

/**
 * Throws unless at least one of `lists` holds something.
 *
 * @param code the stable error code
 * @param policyName the id of the well-known policy, for the message
 * @param what what is missing, e.g. "a hosted zone in `hostedZones` or `hostedZoneArns`"
 * @param fix how to fix it
 */
export function requireSome(scope: IConstruct, code: string, policyName: string, what: string, fix: string,
  ...lists: (readonly unknown[] | undefined)[]): void {
  if (lists.some(hasEntries)) return;
  throw new PodIdentityError(code, scope, `well-known policy ${quote(policyName)} needs ${what}`, fix);
}

/**
 * Returns `clusterName` after checking that it can be part of a condition key such as
 * `aws:ResourceTag/kubernetes.io/cluster/<name>`: CloudFormation cannot compute a key, so the
 * name must be a literal, and a valid EKS cluster name.
 */
export function literalClusterName(scope: IConstruct, policyName: string, clusterName: string): string {
  if (Token.isUnresolved(clusterName)) {
    throw new PodIdentityError('policy-unresolved-cluster-name', scope,
      `well-known policy ${quote(policyName)} needs the cluster name as a literal string, because it becomes part of an IAM condition key, but got a token`,
      `Pass the name as written, e.g. 'my-cluster' (give the cluster an explicit ${propSpan('clusterName')} and repeat it here)`);
  }
  validateClusterName(scope, clusterName);
  return clusterName;
}

/** Checks that an S3 key prefix given to a well-known policy is plain: no leading '/' and no wildcard. */
export function validateKeyPrefix(scope: IConstruct, policyName: string, prefix: string, mustEndWithSlash: boolean): void {
  if (Token.isUnresolved(prefix)) return;
  const problem = prefix.length === 0 ? 'is empty'
    : prefix.startsWith('/') ? 'starts with \'/\''
      : /[*?]/.test(prefix) ? 'contains a wildcard'
        : mustEndWithSlash && !prefix.endsWith('/') ? 'does not end with \'/\''
          : !mustEndWithSlash && prefix.endsWith('/') ? 'ends with \'/\''
            : undefined;
  if (problem === undefined) return;
  const example = mustEndWithSlash ? '\'data/\'' : '\'cluster-a\'';
  throw new PodIdentityError('policy-invalid-prefix', scope,
    `well-known policy ${quote(policyName)} got the S3 key prefix ${quote(prefix)}, which ${problem}`,
    `Pass the prefix as the controller is configured with it, e.g. ${example}, or leave it unset for the whole bucket`);
}

/** The ARNs of `keys` followed by `keyArns`. */
export function keyArnsOf(keys: kms.IKey[] | undefined, keyArns: string[] | undefined): string[] {
  return [...(keys ?? []).map(key => key.keyArn), ...(keyArns ?? [])];
}

/**
 * What an AWS service needs to encrypt a resource (an EBS volume, an S3 object) with a customer
 * managed key on the principal's behalf: grants for AWS resources only, and the key's crypto
 * operations. The `ReEncrypt*` and `GenerateDataKey*` families are spelled out.
 */
export function kmsForAwsResources(keyArns: string[]): iam.PolicyStatement[] {
  if (keyArns.length === 0) return [];
  return [
    allow(['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'], keyArns,
      { Bool: { 'kms:GrantIsForAWSResource': 'true' } }),
    allow([
      'kms:Encrypt',
      'kms:Decrypt',
      'kms:ReEncryptFrom',
      'kms:ReEncryptTo',
      'kms:GenerateDataKey',
      'kms:GenerateDataKeyWithoutPlaintext',
      'kms:DescribeKey',
    ], keyArns),
  ];
}

/** Merges condition blocks, joining the keys of the same operator. */
export function mergeConditions(...blocks: iam.Conditions[]): iam.Conditions {
  const result: { [operator: string]: { [key: string]: unknown } } = {};
  for (const block of blocks) {
    for (const [operator, keys] of Object.entries(block)) {
      result[operator] = { ...(result[operator] ?? {}), ...(keys as object) };
    }
  }
  return result;
}

/** The ARNs of `zones` followed by `zoneArns`. */
export function hostedZoneArnsOf(zones: route53.IHostedZone[] | undefined, zoneArns: string[] | undefined): string[] {
  return [...(zones ?? []).map(zone => zone.hostedZoneArn), ...(zoneArns ?? [])];
}
