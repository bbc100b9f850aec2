import { Annotations, Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { IConstruct } from 'constructs';
import { LIBRARY_ID, PodIdentityError, quote } from './errors';

/**
 * The agent image tag the self-managed DaemonSet uses unless told otherwise: the newest agent release tag
 * whose image is seen published. v0.2.1 (local token validation, aws/eks-pod-identity-agent PR #156) has no
 * tag in the repository and no image was found: it stays opt-in (`imageTag: 'v0.2.1'`) until one is, and
 * this is the one line to change then.
 */
// The image is seen published: public GitHub content in the search index shows the managed add-on's DaemonSet in
// ap-northeast-2 (2026-04-12) running `<account>.dkr.ecr.ap-northeast-2.amazonaws.com/eks/eks-pod-identity-agent:v0.1.37`,
// whose log says "Pod Identity Agent version 0.1.37". That is one commercial region: that the tag is in every
// regional registry (GovCloud's included) is assumed, as for any tag, since EKS replicates its add-on images.
// Source: aws/eks-pod-identity-agent version.txt (0.1.37, the newest release tag; ../shared/upstream/README.md) @ v0.1.37 (checked 2026-12-07)
// Source: public GitHub content (a dump of the managed add-on's DaemonSet and agent log, ap-northeast-2), search index @ stored copy (checked 2026-12-07)
export const DEFAULT_AGENT_IMAGE_TAG = 'v0.1.37';

/** The repository of the agent image inside each regional EKS registry. */
export const AGENT_IMAGE_REPOSITORY = 'eks/eks-pod-identity-agent';

/** The account of the EKS registry in most commercial regions (same source as the table below). */
const DEFAULT_REGISTRY_ACCOUNT = '602401143452';

/**
 * The account of the regional EKS image registry (`<account>.dkr.ecr.<region>.amazonaws.com`) per region.
 *
 * Regions of the `aws` and `aws-us-gov` partitions are listed (the GovCloud registries are on
 * `amazonaws.com` too). The guide's China registries are left out, as EKS Pod Identity is not available in
 * China, and so is its `eusc-de-east-1` (AWS European Sovereign Cloud, `amazonaws.eu`) until pod identity is
 * documented there. The guide writes ap-east-2's registry host with `ap-east-1`,
 * a typo: awslabs/amazon-eks-ami `get-ecr-uri.sh` and the GuardDuty guide pull from ap-east-2 itself. A region that is missing here fails with an error that
 * asks for an `image` override.
 */
// Source: awsdocs/amazon-eks-user-guide latest/ug/workloads/add-ons-images.adoc (us-gov-east-1 151742754352 and us-gov-west-1 013241004608, both on amazonaws.com) @ 1cc6ebb4a163f7f42689fdb6860cc4e93a03d24e (checked 2026-12-07)
// Source: awsdocs/amazon-eks-user-guide latest/ug/manage-access/aws-access/pod-id-agent-setup.adoc ("The container image for the add-on is in the registries listed in" add-ons-images) @ 390223ef50785e42bd70f41d6d5216d8261b1627 (checked 2026-12-07)
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
  'us-gov-east-1': '151742754352',
  'us-gov-west-1': '013241004608',
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
  // The listed regions are in the `aws` and `aws-us-gov` partitions, both on amazonaws.com; the suffix comes from the region database all the same.
  const domainSuffix = RegionInfo.get(region).domainSuffix ?? 'amazonaws.com';
  return `${account}.dkr.ecr.${region}.${domainSuffix}/${AGENT_IMAGE_REPOSITORY}:${tag}`;
}

/**
 * Whether EKS Pod Identity is known to be unavailable in the region: the China regions, where the EKS guide
 * says so. AWS GovCloud (US) is not among them: the EKS guide dropped it from its restrictions in 2024-08, EKS
 * Auth has endpoints there, and the GovCloud guide's EKS differences name no pod identity restriction; no
 * current source says otherwise, so no warning either. Unresolved regions are not judged.
 */
// Source: https://docs.amazonaws.cn/en_us/eks/latest/userguide/pod-identities.html ("Pod Identity is not available in China Regions. Use IAM roles for service accounts.") @ stored copy (checked 2026-12-07)
// Source: awsdocs/amazon-eks-user-guide latest/ug/manage-access/aws-access/pod-identities.adoc (restrictions: Outposts, EKS Anywhere, self-built Kubernetes on EC2, Fargate, Windows; neither China nor GovCloud) @ 0be0c9b481d452db875d6a8fb8eb7f2ba7f49da5 (checked 2026-12-07)
// Source: awsdocs/amazon-eks-user-guide doc_source/pod-identities.md (2024-08-14: "AWS GovCloud (US)" removed from "aren't available on"; China was removed the week before, commit 61d770306bcd89ee3396c8527cc6714db20262b4) @ d4c9c4b743f2b42aa50d77c22a1e5fa9bc69e572 (checked 2026-12-07)
// Source: https://docs.aws.amazon.com/general/latest/gr/eks.html (EKS Auth endpoints eks-auth.us-gov-east-1.api.aws and eks-auth.us-gov-west-1.api.aws) @ stored copy (checked 2026-12-07)
// Source: https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/govcloud-eks.html ("How Amazon EKS differs": Fargate, Managed Prometheus, Mountpoint S3 add-on, EKS Anywhere, Hybrid Nodes; no pod identity) @ stored copy (checked 2026-12-07)
export function isPodIdentityUnavailable(region: string | undefined): boolean {
  if (region === undefined || Token.isUnresolved(region)) return false;
  const partition = RegionInfo.get(region).partition;
  if (partition !== undefined) return partition === 'aws-cn';
  return /^cn-/.test(region);
}

/**
 * Whether the region is in an isolated partition (`aws-iso*`), where no public source says whether EKS Pod
 * Identity is offered: not refused, but warned about. Unresolved regions are not judged.
 */
// Source: none found that says pod identity is available or unavailable in the isolated partitions: the EKS
// guide's restrictions do not name them, and no public EKS guide or endpoint list covers them (searched the docs
// and code corpora for EKS Pod Identity and eks-auth in aws-iso*, us-iso-east-1) (checked 2026-12-07)
export function isPodIdentityUndocumented(region: string | undefined): boolean {
  if (region === undefined || Token.isUnresolved(region)) return false;
  const partition = RegionInfo.get(region).partition;
  if (partition !== undefined) return partition.startsWith('aws-iso');
  return /^(us|eu)-iso[a-z]*-/.test(region);
}

/**
 * Throws if EKS Pod Identity is known to be unavailable in the region, and warns on `scope` where no source
 * says whether it is offered (the isolated regions); unresolved regions pass.
 */
export function assertPodIdentityAvailable(scope: IConstruct, region: string | undefined): void {
  if (isPodIdentityUnavailable(region)) {
    throw new PodIdentityError('pod-identity-unavailable', scope,
      `EKS Pod Identity is not available in region ${quote(region!)} (it is not offered in the China regions), so there is no agent to install`,
      'Use IAM roles for service accounts (IRSA) for clusters in this region');
  }
  if (isPodIdentityUndocumented(region)) {
    Annotations.of(scope).addWarningV2(`${LIBRARY_ID}:pod-identity-undocumented-region`, undocumentedRegionMessage(region!));
  }
}

/** The message for a region where no public source says whether pod identity is offered. */
export function undocumentedRegionMessage(region: string): string {
  return `Region ${quote(region)} is in an isolated partition, for which no public AWS documentation says whether EKS Pod Identity (its agent, EKS Auth and pod identity associations) is offered, so this library does not know whether it works there. Check with the region's own documentation before you deploy, or use IAM roles for service accounts (IRSA)`;
}
