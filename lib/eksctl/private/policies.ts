import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { WellKnownPolicy } from '../../policies/well-known-policy';
import { PolicyJson, WellKnownPolicyKey } from './model';
import { EksctlSource, fieldPath, isYamlMap, itemPath } from './yaml-source';

// The policies of an eksctl ClusterConfig: inline documents (`permissionPolicy`, `policy`), and the
// catalogue's alternatives to eksctl's `wellKnownPolicies`. Private to EksctlConfig.

const DOCUMENT_FIELDS = ['Version', 'Id', 'Statement'];
const STATEMENT_FIELDS = ['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition', 'Principal', 'NotPrincipal'];
const VERSIONS = ['2012-10-17', '2008-10-17'];

/**
 * Checks that `value` (at `path`) is an identity policy document and returns it as JSON, with a
 * single statement turned into a list and YAML dates turned back into strings.
 */
export function checkPolicyDocument(source: EksctlSource, path: string, value: unknown): PolicyJson {
  const document = undate(value);
  if (!isYamlMap(document)) {
    source.fail('eksctl-invalid-value', path, 'is not an IAM policy document',
      'Give a mapping with `Version: "2012-10-17"` and a `Statement` list');
  }
  checkKeys(source, path, document, DOCUMENT_FIELDS, 'a policy document');
  if (document.Version !== undefined && !VERSIONS.includes(document.Version as string)) {
    source.fail('eksctl-invalid-value', fieldPath(path, 'Version'), `is ${JSON.stringify(document.Version)}, not a policy language version`,
      'Use `Version: "2012-10-17"`');
  }
  const statements = Array.isArray(document.Statement) ? document.Statement
    : document.Statement === undefined || document.Statement === null ? [] : [document.Statement];
  if (statements.length === 0) {
    source.fail('eksctl-invalid-value', fieldPath(path, 'Statement'), 'is missing or empty, so the policy allows nothing',
      'Give at least one statement with `Effect`, `Action` and `Resource`');
  }
  statements.forEach((statement, index) => checkStatement(source, Array.isArray(document.Statement)
    ? itemPath(fieldPath(path, 'Statement'), index) : fieldPath(path, 'Statement'), statement));
  return { ...document, Statement: statements };
}

/** Checks the JSON text of a session policy (`policy`) and returns the document. */
export function checkSessionPolicy(source: EksctlSource, path: string, value: unknown): PolicyJson {
  if (typeof value !== 'string') {
    source.fail('eksctl-invalid-value', path, 'is not a string; eksctl takes the session policy as JSON text',
      'Write the policy as a JSON string, e.g. `policy: \'{"Version":"2012-10-17","Statement":[...]}\'`');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    source.fail('eksctl-invalid-value', path, `is not valid JSON (${(error as Error).message})`,
      'Write the session policy as a JSON policy document');
  }
  return checkPolicyDocument(source, path, parsed);
}

/** A new PolicyDocument from checked JSON. */
export function policyDocumentOf(json: PolicyJson): iam.PolicyDocument {
  return iam.PolicyDocument.fromJson(json);
}

/** Every hosted zone of the account: the scope of eksctl's `externalDNS` and `certManager`. */
const ALL_HOSTED_ZONES = `arn:${Aws.PARTITION}:route53:::hostedzone/*`;

/** Every repository of the account and region, for the catalogue's `imageBuilder`. */
const ALL_REPOSITORIES = `arn:${Aws.PARTITION}:ecr:${Aws.REGION}:${Aws.ACCOUNT_ID}:repository/*`;

/**
 * The catalogue's policy for each eksctl `wellKnownPolicies` key: this library's tighter or newer
 * alternative to eksctl's own (see well-known-policies.ts), which a user opts into with
 * `EksctlApplyOptions.wellKnownPolicies`. Hosted zones and repositories keep eksctl's breadth, as
 * the file does not name them.
 */
const CATALOGUE: { readonly [key in WellKnownPolicyKey]: (clusterName: string) => WellKnownPolicy } = {
  imageBuilder: () => WellKnownPolicy.imageBuilder({ repositoryArns: [ALL_REPOSITORIES] }),
  autoScaler: clusterName => WellKnownPolicy.clusterAutoscaler({ clusterNames: [clusterName] }),
  awsLoadBalancerController: () => WellKnownPolicy.awsLoadBalancerController(),
  externalDNS: () => WellKnownPolicy.externalDns({ hostedZoneArns: [ALL_HOSTED_ZONES] }),
  certManager: () => WellKnownPolicy.certManager({ hostedZoneArns: [ALL_HOSTED_ZONES] }),
  ebsCSIController: () => WellKnownPolicy.ebsCsiDriver(),
  efsCSIController: () => WellKnownPolicy.efsCsiDriver(),
};

/** The catalogue's policy for `key`, for the cluster `clusterName`. */
export function cataloguePolicyOf(key: WellKnownPolicyKey, clusterName: string): WellKnownPolicy {
  return CATALOGUE[key](clusterName);
}

function checkStatement(source: EksctlSource, path: string, statement: unknown): void {
  if (!isYamlMap(statement)) {
    source.fail('eksctl-invalid-value', path, 'is not a policy statement',
      'Give a mapping with `Effect`, `Action` and `Resource`');
  }
  checkKeys(source, path, statement, STATEMENT_FIELDS, 'a policy statement');
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
    source.fail('eksctl-invalid-value', fieldPath(path, 'Effect'), `is ${JSON.stringify(statement.Effect ?? null)}`,
      'Use `Effect: Allow` or `Effect: Deny`');
  }
  let errors: string[];
  try {
    errors = iam.PolicyStatement.fromJson(statement).validateForIdentityPolicy();
  } catch (error) {
    errors = [(error as Error).message];
  }
  if (errors.length > 0) {
    source.fail('eksctl-invalid-policy', path, `is not a valid statement of an identity policy: ${errors.join(' ')}`,
      'Fix the statement: an action is `service:Action`, and a statement of a role\'s policy names resources and no principal');
  }
}

function checkKeys(source: EksctlSource, path: string, value: { [key: string]: unknown }, known: string[], what: string): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      const suggestion = known.find(candidate => candidate.toLowerCase() === key.toLowerCase());
      source.fail('eksctl-unknown-field', fieldPath(path, key), `is not a field of ${what}`,
        suggestion !== undefined ? `Did you mean '${suggestion}'? Policy element names are case-sensitive`
          : `Remove it; the fields of ${what} are ${known.map(k => `'${k}'`).join(', ')}`);
    }
  }
}

/** YAML 1.1 reads an unquoted `2012-10-17` as a date; policies want the string back. */
function undate(value: unknown): unknown {
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (Array.isArray(value)) return value.map(undate);
  if (isYamlMap(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, undate(inner)]));
  return value;
}
