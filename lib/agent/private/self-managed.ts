import { Token, TokenComparison } from 'aws-cdk-lib';
import { IClusterRef } from 'aws-cdk-lib/aws-eks';
import { IConstruct } from 'constructs';
import { SelfManagedAgentOptions } from '../agent-options';
import { CDK_CORE, code, propName, struct } from '../../private/code';
import { PodIdentityError, quote } from '../../private/errors';
import { agentDeployment } from '../../private/fix-code';
import { toYamlStream, writeManifestFile as writeFile } from '../../private/k8s-manifest';
import { validateClusterName, validateNamespace } from '../../private/names';
import { assertPodIdentityAvailable, DEFAULT_AGENT_IMAGE_TAG, knownImageRegions, regionalAgentImage } from '../../private/image-registry';
import { renderAgentArgs } from './agent-args';
import { clusterIpFamily, literalClusterName } from '../../private/cluster-resource';
import { hybridDaemonSets } from './hybrid';
import { AGENT_NAME, renderAgentManifest } from './manifest';
import { renderResources, renderTolerations, validateNodeSelector } from './scheduling';
import { isOlderAgent, LOCAL_VALIDATION_AGENT_VERSION, METRICS_PORT_AGENT_VERSION } from './versions';

// Docker image tag grammar (distribution/reference): at most 128 characters.
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** The self-managed agent, rendered. */
export interface RenderedAgent {
  readonly image: string;
  readonly region: string;
  readonly clusterName: string;
  readonly manifest: any[];
  readonly manifestYaml: string;
}

/**
 * Validates the options and renders the agent's manifest. Every value must be known at synth time,
 * because the manifest is written to a file.
 */
export function renderSelfManagedAgent(scope: IConstruct, cluster: IClusterRef, options: SelfManagedAgentOptions): RenderedAgent {
  const region = resolveRegion(scope, cluster, options.region);
  const clusterName = resolveClusterName(scope, cluster, options.clusterName);
  const namespace = options.namespace ?? 'kube-system';
  validateNamespace(scope, namespace);
  const image = resolveImage(scope, region, options);
  if (isOlderAgent(image, METRICS_PORT_AGENT_VERSION) === true) {
    throw new PodIdentityError('agent-version-too-old', scope,
      `image ${quote(image)} runs an agent older than ${METRICS_PORT_AGENT_VERSION}, which exits on the '--metrics-port' flag that the DaemonSet passes`,
      `Use ${METRICS_PORT_AGENT_VERSION} or later, e.g. imageTag '${DEFAULT_AGENT_IMAGE_TAG}'`);
  }
  if (options.nodeSelector) validateNodeSelector(scope, options.nodeSelector);

  const manifest = renderAgentManifest({
    clusterName,
    region,
    image,
    namespace,
    args: renderAgentArgs(scope, options, undefined, clusterIpFamily(cluster)),
    tolerations: options.tolerations && renderTolerations(scope, options.tolerations),
    nodeSelector: options.nodeSelector,
    resources: options.resources && renderResources(scope, options.resources),
    // An image whose tag is no agent version gets the current shape: agents before v0.2.1 run with it too (its
    // extra RBAC and mounts go unused), where the earlier shape would leave a newer agent without API access.
    localValidation: isOlderAgent(image, LOCAL_VALIDATION_AGENT_VERSION) !== true,
    advertiseProxyPort: options.advertiseProxyPort ?? true,
    hybrid: hybridDaemonSets(options.hybridNodes),
  });
  assertConcrete(scope, manifest, '');
  return { image, region, clusterName, manifest, manifestYaml: toYamlStream(manifest) };
}

/** Writes the agent's YAML as a file named after the agent and returns its path. */
export function writeManifestFile(yaml: string): string {
  return writeFile(yaml, `${AGENT_NAME}.yaml`);
}

function resolveRegion(scope: IConstruct, cluster: IClusterRef, option: string | undefined): string {
  const clusterRegion = cluster.env.region;
  if (option !== undefined) {
    if (Token.compareStrings(option, clusterRegion) === TokenComparison.DIFFERENT) {
      throw new PodIdentityError('region-mismatch', scope,
        `region ${quote(option)} differs from the cluster's region ${quote(clusterRegion)}`,
        `Leave \`${code(propName('region'))}\` unset; it is only needed when the stack is environment-agnostic`);
    }
    assertPodIdentityAvailable(scope, option);
    if (!Token.isUnresolved(option)) return option;
  }
  if (Token.isUnresolved(clusterRegion)) {
    throw new PodIdentityError('unresolved-region', scope,
      'the cluster\'s region is only known at deploy time (an environment-agnostic stack), but the self-managed agent\'s manifest is a file written at synth time: it needs the region for the image registry and AWS_REGION',
      `Give the stack an explicit env (${code(struct({ name: 'Environment', module: CDK_CORE }, { region: 'eu-west-1' }))}), or pass \`${code(propName('region'))}\` to ${code(agentDeployment('selfManaged'))}`);
  }
  return clusterRegion;
}

function resolveClusterName(scope: IConstruct, cluster: IClusterRef, option: string | undefined): string {
  // A cluster made in the app names itself by a Ref to its resource, whose literal name is known here.
  const clusterName = literalClusterName(cluster) ?? cluster.clusterRef.clusterName;
  if (option !== undefined) {
    if (Token.compareStrings(option, clusterName) === TokenComparison.DIFFERENT) {
      throw new PodIdentityError('cluster-name-mismatch', scope,
        `clusterName ${quote(option)} differs from the cluster's name ${quote(clusterName)}`,
        `Leave \`${code(propName('clusterName'))}\` unset; it is only needed when the cluster's name is known at deploy time only`);
    }
    validateClusterName(scope, option);
    if (!Token.isUnresolved(option)) return option;
  }
  if (Token.isUnresolved(clusterName)) {
    throw new PodIdentityError('unresolved-cluster-name', scope,
      'the cluster\'s name is only known at deploy time, but the self-managed agent\'s manifest is a file written at synth time: it needs the name for --cluster-name',
      `Give the cluster a \`${code(propName('clusterName'))}\`, or pass \`${code(propName('clusterName'))}\` to ${code(agentDeployment('selfManaged'))}`);
  }
  return clusterName;
}

function resolveImage(scope: IConstruct, region: string, options: SelfManagedAgentOptions): string {
  if (options.image !== undefined) {
    if (options.imageTag !== undefined) {
      throw new PodIdentityError('conflicting-image-options', scope,
        `both image ${quote(options.image)} and imageTag ${quote(options.imageTag)} are set; image already names its tag`,
        `Set the tag inside \`${code(propName('image'))}\`, and remove \`${code(propName('imageTag'))}\``);
    }
    if (!Token.isUnresolved(options.image) && (options.image.trim() === '' || /\s/.test(options.image))) {
      throw new PodIdentityError('invalid-image', scope,
        `image ${quote(options.image)} is not an image reference`,
        `Pass a full image reference, e.g. '111111111111.dkr.ecr.eu-west-1.amazonaws.com/mirror/eks-pod-identity-agent:${DEFAULT_AGENT_IMAGE_TAG}'`);
    }
    return options.image;
  }
  const tag = options.imageTag ?? DEFAULT_AGENT_IMAGE_TAG;
  if (!Token.isUnresolved(tag) && !IMAGE_TAG.test(tag)) {
    throw new PodIdentityError('invalid-image-tag', scope,
      `imageTag ${quote(tag)} is not an image tag (letters, digits, '_', '.' and '-', at most 128, not starting with '.' or '-')`,
      `Use an agent release tag such as '${DEFAULT_AGENT_IMAGE_TAG}', or leave \`${code(propName('imageTag'))}\` unset`);
  }
  const image = regionalAgentImage(region, tag);
  if (image === undefined) {
    throw new PodIdentityError('unknown-image-region', scope,
      `this library does not know the EKS image registry of region ${quote(region)} (it knows ${knownImageRegions().join(', ')})`,
      `Pass \`${code(propName('image'))}\` to ${code(agentDeployment('selfManaged'))} with the agent image for that region or a private mirror, `
      + 'e.g. \'<account>.dkr.ecr.<region>.amazonaws.com/eks/eks-pod-identity-agent:' + DEFAULT_AGENT_IMAGE_TAG + '\' '
      + `(see "Amazon container image registries" in the EKS User Guide), or use ${code(agentDeployment('managedAddon'))}`);
  }
  return image;
}

/** Throws if any value of the rendered objects is a token: a file asset cannot hold deploy-time values. */
function assertConcrete(scope: IConstruct, value: any, where: string): void {
  if (Token.isUnresolved(value)) {
    throw new PodIdentityError('unresolved-manifest-value', scope,
      `the manifest value at ${quote(where || '/')} is only known at deploy time, but the self-managed agent's manifest is a file written at synth time`,
      `Pass a literal value (not a reference to another resource) in ${code(agentDeployment('selfManaged'))}`);
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertConcrete(scope, item, `${where}/${index}`));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      assertConcrete(scope, key, `${where}/${key}`);
      assertConcrete(scope, item, `${where}/${key}`);
    }
  }
}
