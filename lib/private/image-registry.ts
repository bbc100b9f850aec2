import { Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { IConstruct } from 'constructs';
import { PodIdentityError, quote } from './errors';

/**
 * The agent image tag the self-managed DaemonSet uses unless told otherwise: the newest agent release,
 * the first with local token validation (the release script tags `v<version.txt>`).
 */
// Source: https://github.com/aws/eks-pod-identity-agent/pull/156 (bump version to 0.2.1 for local validation, merged 2026-06) @ v0.2.1 (checked 2026-12-01)
// Source: aws/eks-pod-identity-agent hack/tag-release.sh (tags v<version.txt>) @ b62eea22705ac16f588f9d4b6ba3ad91f2d64592 (checked 2026-12-01)
export const DEFAULT_AGENT_IMAGE_TAG = 'v0.2.1';

/** The repository of the agent image inside each regional EKS registry. */
export const AGENT_IMAGE_REPOSITORY = 'eks/eks-pod-identity-agent';

/** The account of the EKS registry in most commercial regions (same source as the table below). */
const DEFAULT_REGISTRY_ACCOUNT = '602401143452';

/**
 * The account of the regional EKS image registry (`<account>.dkr.ecr.<region>.amazonaws.com`) per region.
 *
 * Only regions of the `aws` partition are listed: EKS Pod Identity is not available in China or AWS
 * GovCloud (US), and the guide's `eusc-de-east-1` (AWS European Sovereign Cloud, `amazonaws.eu`) is left
 * out until pod identity is documented there. The guide writes ap-east-2's registry host with `ap-east-1`,
 * a typo: awslabs/amazon-eks-ami `get-ecr-uri.sh` and the GuardDuty guide pull from ap-east-2 itself. A region that is missing here fails with an error that
 * asks for an `image` override.
 */
// Source: awsdocs/amazon-eks-user-guide latest/ug/workloads/add-ons-images.adoc @ 1cc6ebb4a163f7f42689fdb6860cc4e93a03d24e (checked 2026-12-01)
// Source: https://docs.amazonaws.cn/en_us/eks/latest/userguide/add-ons-images.md (ap-southeast-5 151610086707, not yet in the adoc above) @ stored copy (checked 2026-12-01)
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
 * `602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/eks-pod-identity-agent:v0.2.1`,
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
