/**
 * Where EKS Auth is: the region and the endpoint URL.
 */
import { loadConfig, NODE_REGION_CONFIG_FILE_OPTIONS, NODE_REGION_CONFIG_OPTIONS } from '@smithy/core/config';

// The endpoint rule set has one rule per partition: https://eks-auth.{Region}.{dualStackDnsSuffix}
// (every partition supports dual stack), or the configured endpoint as it is.
// Source: boto/botocore botocore/data/eks-auth/2023-11-26/endpoint-rule-set-1.json, botocore/data/partitions.json @ 1.44.8 (checked 2026-12-01)
const DUAL_STACK_SUFFIXES: Array<[RegExp, string]> = [
  [/^cn-\w+-\d+$/, 'api.amazonwebservices.com.cn'],
  [/^eusc-(de)-\w+-\d+$/, 'api.amazonwebservices.eu'],
  [/^us-iso-\w+-\d+$/, 'api.aws.ic.gov'],
  [/^us-isob-\w+-\d+$/, 'api.aws.scloud'],
  [/^eu-isoe-\w+-\d+$/, 'api.cloud-aws.adc-e.uk'],
  [/^us-isof-\w+-\d+$/, 'api.aws.hci.ic.gov'],
];
const DEFAULT_SUFFIX = 'api.aws';

/** The endpoint EKS Auth answers on in a region. */
export function defaultEndpoint(region: string): string {
  const suffix = DUAL_STACK_SUFFIXES.find(([pattern]) => pattern.test(region))?.[1] ?? DEFAULT_SUFFIX;
  return `https://eks-auth.${region}.${suffix}`;
}

/**
 * The region: the one given, then AWS_REGION, then AWS_DEFAULT_REGION, then the `region` of the profile
 * in the shared config file (as the SDK reads it). Undefined when none says.
 */
export async function resolveRegion(given: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (given) return given;
  if (env.AWS_REGION) return env.AWS_REGION;
  if (env.AWS_DEFAULT_REGION) return env.AWS_DEFAULT_REGION;
  try {
    return await loadConfig(NODE_REGION_CONFIG_OPTIONS, NODE_REGION_CONFIG_FILE_OPTIONS)();
  } catch {
    return undefined;
  }
}

/** A region name as AWS spells them, so that a typo does not become a host name. */
export function isRegionName(region: string): boolean {
  return /^[a-z]{2,4}(-[a-z]+)+-\d+$/.test(region);
}
