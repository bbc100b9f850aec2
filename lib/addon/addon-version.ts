// EKS add-on versions look like `v1.26.0-eksbuild.1`: a semantic version with a `v` prefix and an
// EKS build number (DescribeAddonVersions `addonVersions[].addonVersion`). Private to this library.
const ADDON_VERSION = /^v(\d+)\.(\d+)\.(\d+)-eksbuild\.(\d+)$/;

/**
 * The numeric parts of an add-on version (major, minor, patch, EKS build), or `undefined` when
 * `version` is not an EKS add-on version.
 */
export function parseAddonVersion(version: string): number[] | undefined {
  const match = ADDON_VERSION.exec(version);
  return match ? match.slice(1).map(Number) : undefined;
}

/**
 * Orders two parsed add-on versions: negative when `a` is older than `b`, 0 when equal, positive
 * when newer.
 */
export function compareAddonVersions(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return 0;
}
