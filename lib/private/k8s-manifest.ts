import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IClusterRef } from 'aws-cdk-lib/aws-eks';
import { Construct, IConstruct } from 'constructs';
import type * as YAML from 'yaml';
import { PodIdentityError, quote } from './errors';

// Kubernetes manifests written as YAML file assets, without a Lambda: the self-managed agent's
// DaemonSet and the service accounts of an eksctl config.

/** The label of every Kubernetes object this library renders. */
export const MANAGED_BY_LABELS: { readonly [key: string]: string } = { 'app.kubernetes.io/managed-by': 'cdk-eks-pod-identity' };

/**
 * The `yaml` package, loaded on first use: only the self-managed agent, the eksctl import and add-on
 * configuration values need it, so that an app that only makes associations does not pay for loading it.
 */
export function yamlModule(): typeof YAML {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('yaml');
}

/**
 * The objects as one multi-document YAML stream (`---` between documents), in YAML 1.1 so that
 * Kubernetes' parser reads every string as a string (`"on"`, `"0755"` are quoted), without line folding
 * or anchors.
 */
export function toYamlStream(objects: any[]): string {
  const { stringify } = yamlModule();
  return objects
    .map(object => stringify(object, { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false }))
    .join('---\n');
}

/** Writes the YAML to a fresh temporary directory as `fileName` and returns the file's path (the name is stable, for the asset hash). */
export function writeManifestFile(yaml: string, fileName: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-eks-pod-identity-'));
  const file = path.join(dir, fileName);
  fs.writeFileSync(file, yaml);
  return file;
}

/** A cluster that applies manifests through its kubectl provider (aws-eks, or aws-eks-v2 with kubectl). */
export interface KubectlCluster extends IClusterRef {
  addManifest(id: string, ...manifest: any[]): Construct;
}

/**
 * The cluster of `applyWith()`, once: throws if `scope` applied its manifest already, or if the cluster
 * cannot apply manifests.
 */
export function kubectlClusterFor(scope: IConstruct, cluster: IClusterRef, applied: IConstruct | undefined): KubectlCluster {
  if (applied) {
    throw new PodIdentityError('already-applied', scope,
      `the manifest is already applied by ${quote(applied.node.path)}`,
      'Call applyWith() once');
  }
  if (typeof (cluster as Partial<KubectlCluster>).addManifest !== 'function') {
    throw new PodIdentityError('cluster-without-kubectl', scope,
      `cluster ${quote(cluster.node.path)} cannot apply manifests (it is not an eks.Cluster with kubectl)`,
      'Pass an eks.Cluster (aws-eks, or aws-eks-v2 with kubectlProviderOptions), or apply manifestYaml with `kubectl apply -f` or GitOps');
  }
  return cluster as KubectlCluster;
}
