import { Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { IConstruct } from 'constructs';
import { PodIdentityError, quote } from '../errors';

/**
 * The agent image tag the self-managed DaemonSet uses unless told otherwise: the agent version that
 * the `eks-pod-identity-agent` add-on v1.3.10 runs (gathered 2026-11).
 */
export const DEFAULT_AGENT_IMAGE_TAG = 'v0.1.37';

/** The repository of the agent image inside each regional EKS registry. */
export const AGENT_IMAGE_REPOSITORY = 'eks/eks-pod-identity-agent';

/** The account of the EKS registry in most commercial regions. */
const DEFAULT_REGISTRY_ACCOUNT = '602401143452';

/**
 * The account of the regional EKS image registry (`<account>.dkr.ecr.<region>.amazonaws.com`) per region.
 *
 * Source: EKS User Guide, "View Amazon container image registries for Amazon EKS add-ons"
 * (docs.aws.amazon.com/eks/latest/userguide/add-ons-images.html), cross-checked with
 * awslabs/amazon-eks-ami `get-ecr-uri.sh`; gathered 2026-11. Only regions of the `aws` partition are
 * listed: EKS Pod Identity is not available in China, AWS GovCloud (US) or the isolated regions.
 * A region that is missing here fails with an error that asks for an `image` override.
 */
const REGISTRY_ACCOUNTS: { readonly [region: string]: string } = {
  'af-south-1': '877085696533',
  'ap-east-1': '800184023465',
  'ap-east-2': '533267051163',
  'ap-northeast-1': DEFAULT_REGISTRY_ACCOUNT,
  'ap-northeast-2': DEFAULT_REGISTRY_ACCOUNT,
  'ap-northeast-3': DEFAULT_REGISTRY_ACCOUNT,
  'ap-south-1': DEFAULT_REGISTRY_ACCOUNT,
  'ap-south-2': '900889452093',
  'ap-southeast-1': DEFAULT_REGISTRY_ACCOUNT,
  'ap-southeast-2': DEFAULT_REGISTRY_ACCOUNT,
  'ap-southeast-3': '296578399912',
  'ap-southeast-4': '491585149902',
  'ap-southeast-5': '151610086707',
  'ap-southeast-6': '333609536671',
  'ap-southeast-7': '121268973566',
  'ca-central-1': DEFAULT_REGISTRY_ACCOUNT,
  'ca-west-1': '761377655185',
  'eu-central-1': DEFAULT_REGISTRY_ACCOUNT,
  'eu-central-2': '900612956339',
  'eu-north-1': DEFAULT_REGISTRY_ACCOUNT,
  'eu-south-1': '590381155156',
  'eu-south-2': '455263428931',
  'eu-west-1': DEFAULT_REGISTRY_ACCOUNT,
  'eu-west-2': DEFAULT_REGISTRY_ACCOUNT,
  'eu-west-3': DEFAULT_REGISTRY_ACCOUNT,
  'il-central-1': '066635153087',
  'me-central-1': '759879836304',
  'me-south-1': '558608220178',
  'mx-central-1': '730335286997',
  'sa-east-1': DEFAULT_REGISTRY_ACCOUNT,
  'us-east-1': DEFAULT_REGISTRY_ACCOUNT,
  'us-east-2': DEFAULT_REGISTRY_ACCOUNT,
  'us-west-1': DEFAULT_REGISTRY_ACCOUNT,
  'us-west-2': DEFAULT_REGISTRY_ACCOUNT,
};

/** Every region with a known agent image registry, sorted. */
export function knownImageRegions(): string[] {
  return Object.keys(REGISTRY_ACCOUNTS).sort();
}

/**
 * The agent image in the region's EKS registry, e.g.
 * `602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/eks-pod-identity-agent:v0.1.37`,
 * or `undefined` when the region is not in the table.
 */
export function regionalAgentImage(region: string, tag: string): string | undefined {
  const account = REGISTRY_ACCOUNTS[region];
  if (!account) return undefined;
  // All listed regions are in the `aws` partition; the suffix comes from the region database all the same.
  const domainSuffix = RegionInfo.get(region).domainSuffix ?? 'amazonaws.com';
  return `${account}.dkr.ecr.${region}.${domainSuffix}/${AGENT_IMAGE_REPOSITORY}:${tag}`;
}

/**
 * Whether EKS Pod Identity is known to be unavailable in the region: China, AWS GovCloud (US) and the
 * isolated partitions (EKS User Guide, "EKS Pod Identity restrictions"). Unresolved regions are not judged.
 */
export function isPodIdentityUnavailable(region: string | undefined): boolean {
  if (region === undefined || Token.isUnresolved(region)) return false;
  const partition = RegionInfo.get(region).partition;
  if (partition !== undefined) {
    return partition === 'aws-cn' || partition === 'aws-us-gov' || partition.startsWith('aws-iso');
  }
  return /^(cn|us-gov|us-iso[a-z]*|eu-iso[a-z]*)-/.test(region);
}

/** Throws if EKS Pod Identity is known to be unavailable in the region; unresolved regions pass. */
export function assertPodIdentityAvailable(scope: IConstruct, region: string | undefined): void {
  if (isPodIdentityUnavailable(region)) {
    throw new PodIdentityError('pod-identity-unavailable', scope,
      `EKS Pod Identity is not available in region ${quote(region!)} (it is not offered in China, AWS GovCloud (US) or the isolated regions), so there is no agent to install`,
      'Use IAM roles for service accounts (IRSA) for clusters in this region');
  }
}
