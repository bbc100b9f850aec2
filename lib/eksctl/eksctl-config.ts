import * as fs from 'fs';
import { Construct } from 'constructs';
import { WellKnownPolicy } from '../policies/well-known-policy';
import { quote } from '../private/errors';
import { EksctlApplyOptions, IEksctlConfig } from './eksctl-apply-options';
import { EksctlResources } from './eksctl-resources';
import { recordModel } from './private/config-registry';
import { EksctlModel } from './private/model';
import type * as Parse from './private/parse';
import { cataloguePolicyOf } from './private/policies';
import { WELL_KNOWN_POLICY_KEYS } from './private/well-known-policies';
import { failConfig } from './private/yaml-source';

/** The reader of eksctl files, loaded on first use, so that an app that does not read one does not load it. */
function parser(): typeof Parse {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./private/parse');
}

/**
 * The pod identity part of an eksctl `ClusterConfig` file (`apiVersion: eksctl.io/v1alpha5`):
 * `iam.podIdentityAssociations`, `addons` with their pod identity settings,
 * `addonsConfig.autoApplyPodIdentityAssociations`, and the IRSA settings (`iam.serviceAccounts`,
 * an add-on's IRSA role or policies) that `apply` converts with `migrateIrsa: true`.
 *
 * Every field of the file is honoured, converted, ignored or refused, never dropped silently.
 * Reading checks the file the way eksctl does, and more strictly where eksctl would silently
 * ignore a setting: an unknown field, a field this library cannot honour (such as an IRSA service
 * account's `subjectPattern`), or a combination eksctl rejects (such as `roleARN` with
 * `permissionPolicyARNs`) is a `PodIdentityError` that names the field's path in the file and its
 * line. The sections that describe the cluster itself (`vpc`, `managedNodeGroups`, ...) are
 * accepted and ignored. `apply` then creates the associations, service accounts and add-ons for a
 * cluster: what eksctl would create from the same file, and where this library does otherwise (it
 * makes no AWS API calls at synth, and scopes the trust of the roles it creates), a warning says so.
 */
export class EksctlConfig implements IEksctlConfig {
  /**
   * Reads a ClusterConfig from YAML (or JSON) text.
   *
   * @param text the contents of an eksctl config file
   */
  public static fromYaml(text: string): EksctlConfig {
    return new EksctlConfig(parser().parseClusterConfig(text));
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
        `Check the path; a relative path is resolved from the current directory of the process (${quote(process.cwd())}), not from your source file, so for a file next to your code give an absolute path built from your source file's location`);
    }
    return new EksctlConfig(parser().parseClusterConfig(text, filePath));
  }

  /** The name of the cluster the file describes (`metadata.name`). */
  public readonly clusterName: string;

  /** The region of the cluster the file describes (`metadata.region`). */
  public readonly region: string;

  private constructor(model: EksctlModel) {
    recordModel(this, model);
    this.clusterName = model.clusterName;
    this.region = model.region;
  }

  /**
   * This library's `WellKnownPolicy` for each key of eksctl's `wellKnownPolicies`, for this file's
   * cluster: tighter than eksctl's (the autoscaler may only resize the cluster's Auto Scaling
   * groups tagged `k8s.io/cluster-autoscaler/<name>: owned`; the image builder gets the actions of
   * pushing and pulling on the account's repositories instead of `AmazonEC2ContainerRegistryPowerUser`),
   * or following a newer upstream policy (load balancer controller, EBS and EFS CSI drivers).
   * Pass them, or some of them, as `wellKnownPolicies` of `apply` to use them instead of eksctl's.
   */
  public catalogueWellKnownPolicies(): { [key: string]: WellKnownPolicy } {
    return Object.fromEntries(WELL_KNOWN_POLICY_KEYS.map(key => [key, cataloguePolicyOf(key, this.clusterName)]));
  }

  /**
   * Creates the file's pod identity associations and add-ons for `options.cluster`, in a new
   * construct `id` under `scope`.
   */
  public apply(scope: Construct, id: string, options: EksctlApplyOptions): EksctlResources {
    return new EksctlResources(scope, id, { ...options, config: this });
  }
}
