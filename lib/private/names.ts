import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
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

/** Throws unless `clusterName` is a valid EKS cluster name; tokens pass. */
export function validateClusterName(scope: IConstruct, clusterName: string): void {
  if (Token.isUnresolved(clusterName)) return;
  if (clusterName.length === 0) {
    throw new PodIdentityError('empty-cluster-name', scope,
      'the cluster name is empty',
      'Pass the cluster as an eks.Cluster, a CfnCluster, or CfnCluster.fromClusterName(scope, id, \'my-cluster\') with the real name');
  }
  if (clusterName.length > 100 || !CLUSTER_NAME.test(clusterName)) {
    throw new PodIdentityError('invalid-cluster-name', scope,
      `cluster name ${quote(clusterName)} is not a valid EKS cluster name (1 to 100 letters, digits, '-' and '_', starting with a letter or digit)`,
      'Pass the name exactly as the EKS console or `aws eks list-clusters` shows it');
  }
}
