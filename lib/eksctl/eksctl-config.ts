import * as fs from 'fs';
import { IClusterRef } from 'aws-cdk-lib/aws-eks';
import { Construct } from 'constructs';
import { quote } from '../private/errors';
import { EksctlModel } from '../private/eksctl-model';
import { parseClusterConfig } from '../private/eksctl-parse';
import { failConfig } from '../private/eksctl-yaml';
import { EksctlResources } from './eksctl-resources';

/**
 * Options of `EksctlConfig.apply`.
 */
export interface EksctlApplyOptions {
  /**
   * The cluster the file describes: an `eks.Cluster`, a `CfnCluster`, or
   * `CfnCluster.fromClusterName(...)`. Its name must be the file's `metadata.name`, and its
   * region the file's `metadata.region`, when they are known at synth time.
   */
  readonly cluster: IClusterRef;
}

/**
 * The pod identity part of an eksctl `ClusterConfig` file (`apiVersion: eksctl.io/v1alpha5`):
 * `iam.podIdentityAssociations`, `addons` with their pod identity settings, and
 * `addonsConfig.autoApplyPodIdentityAssociations`.
 *
 * Reading checks the file the way eksctl does, and more strictly where eksctl would silently
 * ignore a setting: an unknown field, a field this library cannot honour (such as
 * `createServiceAccount: true`), or a combination eksctl rejects (such as `roleARN` with
 * `permissionPolicyARNs`) is a `PodIdentityError` that names the field's path in the file and its
 * line. The sections that describe the cluster itself (`vpc`, `managedNodeGroups`, ...) are
 * accepted and ignored. `apply` then creates the associations and add-ons for a cluster.
 */
export class EksctlConfig {
  /**
   * Reads a ClusterConfig from YAML (or JSON) text.
   *
   * @param text the contents of an eksctl config file
   */
  public static fromYaml(text: string): EksctlConfig {
    return new EksctlConfig(parseClusterConfig(text));
  }

  /**
   * Reads a ClusterConfig from a file. Error messages name the file as given here.
   *
   * @param filePath the path of the file; a relative path is resolved from the current directory
   */
  public static fromFile(filePath: string): EksctlConfig {
    let text: string;
    try {
      text = fs.readFileSync(filePath, 'utf-8');
    } catch (error) {
      failConfig('eksctl-unreadable-file', `cannot read ${quote(filePath)}: ${(error as Error).message}`,
        'Check the path; a relative path is resolved from the current directory, so use `path.join(__dirname, ...)` for a file next to your code');
    }
    return new EksctlConfig(parseClusterConfig(text, filePath));
  }

  /** The name of the cluster the file describes (`metadata.name`). */
  public readonly clusterName: string;

  /** The region of the cluster the file describes (`metadata.region`). */
  public readonly region: string;

  /**
   * What was read from the file.
   *
   * @internal
   */
  public readonly _model: EksctlModel;

  private constructor(model: EksctlModel) {
    this._model = model;
    this.clusterName = model.clusterName;
    this.region = model.region;
  }

  /**
   * Creates the file's pod identity associations and add-ons for `options.cluster`, in a new
   * construct `id` under `scope`.
   */
  public apply(scope: Construct, id: string, options: EksctlApplyOptions): EksctlResources {
    return new EksctlResources(scope, id, { ...options, config: this });
  }
}
