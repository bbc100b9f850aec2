import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';

// Kubernetes manifests written as YAML file assets, without a Lambda: the self-managed agent's
// DaemonSet and the service accounts of an eksctl config.

/** The label of every Kubernetes object this library renders. */
export const MANAGED_BY_LABELS: { readonly [key: string]: string } = { 'app.kubernetes.io/managed-by': 'cdk-eks-pod-identity' };

/**
 * The objects as one multi-document YAML stream (`---` between documents), in YAML 1.1 so that
 * Kubernetes' parser reads every string as a string (`"on"`, `"0755"` are quoted), without line folding
 * or anchors.
 */
export function toYamlStream(objects: any[]): string {
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
