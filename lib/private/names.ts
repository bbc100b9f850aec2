import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { code, ref, staticCall } from './code';
import { PodIdentityError, quote } from './errors';

// Kubernetes naming rules (k8s.io/apimachinery validation: IsDNS1123Label, IsDNS1123Subdomain).
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// EKS cluster names (EKS API CreateCluster / EKS Auth): 1-100 characters.
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]*$/;

/** Throws unless `namespace` is an RFC 1123 label; tokens pass. */
export function validateNamespace(scope: IConstruct, namespace: string): void {
  if (Token.isUnresolved(namespace)) return;
  if (namespace.length > 63 || !DNS1123_LABEL.test(namespace)) {
    throw new PodIdentityError('invalid-namespace', scope,
      `namespace ${quote(namespace)} is not a valid Kubernetes namespace (an RFC 1123 label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit)`,
      'Use the name of the namespace exactly as Kubernetes shows it, e.g. \'default\' or \'team-a\'');
  }
}

/** Throws unless `serviceAccount` is an RFC 1123 subdomain; tokens pass. */
export function validateServiceAccount(scope: IConstruct, serviceAccount: string): void {
  if (Token.isUnresolved(serviceAccount)) return;
  if (serviceAccount.length > 253 || !DNS1123_SUBDOMAIN.test(serviceAccount)) {
    throw new PodIdentityError('invalid-service-account', scope,
      `service account ${quote(serviceAccount)} is not a valid Kubernetes service account name (an RFC 1123 subdomain: at most 253 lowercase letters, digits, '-' and '.', each part starting and ending with a letter or digit)`,
      'Use the name of the service account exactly as in its manifest, e.g. \'my-service-account\'');
  }
}

/**
 * Throws unless `pattern` can match a valid namespace. A pattern with `*` (any run of characters)
 * or `?` (one character), as IAM's `StringLike` reads them, is checked as far as its literal parts
 * go; a value without either must be a namespace itself (`validateNamespace`). Tokens pass.
 */
export function validateNamespacePattern(scope: IConstruct, pattern: string): void {
  if (Token.isUnresolved(pattern)) return;
  if (!WILDCARD.test(pattern)) return validateNamespace(scope, pattern);
  const shortest = shortestMatch(pattern);
  if (shortest.length > 63 || !DNS1123_LABEL.test(shortest)) {
    throw new PodIdentityError('invalid-namespace', scope,
      `namespace pattern ${quote(pattern)} matches no valid Kubernetes namespace (an RFC 1123 label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit; in a pattern \`*\` stands for any run of them and \`?\` for one)`,
      'Use the name of the namespace exactly as Kubernetes shows it, e.g. \'default\' or \'team-a\', or a pattern of such names, e.g. \'team-*\'');
  }
}

/**
 * Throws unless `pattern` can match a valid service account name: the counterpart of
 * `validateNamespacePattern` for `validateServiceAccount`. Tokens pass.
 */
export function validateServiceAccountPattern(scope: IConstruct, pattern: string): void {
  if (Token.isUnresolved(pattern)) return;
  if (!WILDCARD.test(pattern)) return validateServiceAccount(scope, pattern);
  const shortest = shortestMatch(pattern);
  if (shortest.length > 253 || !DNS1123_SUBDOMAIN.test(shortest)) {
    throw new PodIdentityError('invalid-service-account', scope,
      `service account pattern ${quote(pattern)} matches no valid Kubernetes service account name (an RFC 1123 subdomain: at most 253 lowercase letters, digits, '-' and '.', each part starting and ending with a letter or digit; in a pattern \`*\` stands for any run of them and \`?\` for one)`,
      'Use the name of the service account exactly as in its manifest, e.g. \'my-service-account\', or a pattern of such names, e.g. \'app-*\'');
  }
}

// The wildcards of IAM's StringLike: `*` any run of characters (none too), `?` exactly one.
// Source: awsdocs/iam-user-guide doc_source/reference_policies_elements_condition_operators.md @ 0727b4d (checked 2026-12-01)
const WILDCARD = /[*?]/;

/**
 * The shortest string `pattern` matches that is best placed to be a name: each `?` an 'a', each
 * `*` nothing, unless nothing would leave a part between dots empty or with '-' at an end, then an
 * 'a'. A letter never makes a name invalid where nothing was valid, so if this string is not a
 * valid name, no string the pattern matches is: the literal parts decide.
 */
function shortestMatch(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '?') {
      out += 'a';
    } else if (c !== '*') {
      out += c;
    } else {
      const before = out.length === 0 ? '.' : out[out.length - 1];
      const after = nextLiteral(pattern, i + 1);
      if ((before === '.' && (after === '.' || after === '-')) || (before === '-' && after === '.')) out += 'a';
    }
  }
  return out;
}

// The next character the pattern fixes after `from`, skipping `*`; a `?` reads as a letter, the end as a dot.
function nextLiteral(pattern: string, from: number): string {
  for (let i = from; i < pattern.length; i++) {
    if (pattern[i] === '?') return 'a';
    if (pattern[i] !== '*') return pattern[i];
  }
  return '.';
}

/** Throws unless `clusterName` is a valid EKS cluster name; tokens pass. */
export function validateClusterName(scope: IConstruct, clusterName: string): void {
  if (Token.isUnresolved(clusterName)) return;
  if (clusterName.length === 0) {
    throw new PodIdentityError('empty-cluster-name', scope,
      'the cluster name is empty',
      `Pass the cluster as an eks.Cluster, a CfnCluster, or ${code(staticCall({ name: 'CfnCluster', module: { typescript: '', python: 'eks', go: 'awseks' } }, 'fromClusterName', [ref('scope'), ref('id'), 'my-cluster']))} with the real name`);
  }
  if (clusterName.length > 100 || !CLUSTER_NAME.test(clusterName)) {
    throw new PodIdentityError('invalid-cluster-name', scope,
      `cluster name ${quote(clusterName)} is not a valid EKS cluster name (1 to 100 letters, digits, '-' and '_', starting with a letter or digit)`,
      'Pass the name exactly as the EKS console or `aws eks list-clusters` shows it');
  }
}
