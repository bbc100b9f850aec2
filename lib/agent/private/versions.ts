import { Token } from 'aws-cdk-lib';

/**
 * The first agent release that validates pod tokens itself: its pods call the Kubernetes API (a mounted
 * service account token), cache the API server's keys on disk, and may watch the pods of their node.
 */
// Source: https://github.com/aws/eks-pod-identity-agent/pull/156 (bump version to 0.2.1 for local validation introduction) @ v0.2.1 (checked 2026-12-01)
export const LOCAL_VALIDATION_AGENT_VERSION = 'v0.2.1';

/**
 * The first agent release with `--metrics-port`, which every DaemonSet this library renders passes: an older
 * agent exits on it as an unknown flag.
 */
// Source: aws/eks-pod-identity-agent commit dbfb48f (2024-09-20, adds --metrics-port and --metrics-address), first in tag v0.1.17 @ dbfb48f (checked 2026-12-07)
export const METRICS_PORT_AGENT_VERSION = 'v0.1.17';

// Agent release tags: v0.2.1, also without the v (the chart's early tags were 0.1.6).
const AGENT_TAG = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/;
// EKS add-on versions look like v1.3.10-eksbuild.2 (DescribeAddonVersions).
const ADDON_VERSION = /^v(\d+)\.(\d+)\.(\d+)-eksbuild\.(\d+)$/;

/** Whether `version` looks like an EKS add-on version (`v1.3.10-eksbuild.2`). */
export function isAddonVersion(version: string): boolean {
  return ADDON_VERSION.test(version);
}

/** Whether add-on version `version` is older than `minimum`; both must be add-on versions. */
export function isOlderAddonVersion(version: string, minimum: string): boolean {
  return compare(numbers(ADDON_VERSION, version)!, numbers(ADDON_VERSION, minimum)!) < 0;
}

/**
 * Whether the agent image runs an agent older than `minimum`, read from its tag. `undefined` when the
 * tag cannot be read as an agent version (a token, a digest, `latest`, a tag of your own).
 */
export function isOlderAgent(image: string, minimum: string): boolean | undefined {
  const tag = imageTag(image);
  const version = tag === undefined ? undefined : numbers(AGENT_TAG, tag);
  return version === undefined ? undefined : compare(version, numbers(AGENT_TAG, minimum)!) < 0;
}

/** The tag of an image reference (`registry/repository:tag`, optionally `@digest`), if any. */
function imageTag(image: string): string | undefined {
  if (Token.isUnresolved(image)) return undefined;
  const withoutDigest = image.split('@')[0];
  const colon = withoutDigest.lastIndexOf(':');
  return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(colon + 1) : undefined;
}

function numbers(pattern: RegExp, value: string): number[] | undefined {
  const match = pattern.exec(value);
  return match ? match.slice(1).map(Number) : undefined;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
