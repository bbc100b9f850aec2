/**
 * Regenerates lib/addon/recommended-defaults.ts, the add-on table PodIdentityAddon uses for its
 * recommended pod identity associations, from the EKS API.
 *
 * Run by a maintainer with AWS credentials (read-only `eks:DescribeAddonVersions` and
 * `eks:DescribeAddonConfiguration`); never run by the tests:
 *
 *   AWS_REGION=us-east-1 npx ts-node -P tsconfig.dev.json --transpile-only scripts/refresh-addon-defaults.ts
 *
 * It records the API responses in test/fixtures/describe-addon-responses.json and writes the table
 * from that recording, so the tests can check that the committed table is what this script makes
 * of the committed recording. Review both diffs before committing.
 */
import * as fs from 'fs';
import * as path from 'path';
import { compareAddonVersions, parseAddonVersion } from '../lib/addon/addon-version';
import { RecommendedAddon, RecommendedServiceAccount } from '../lib/addon/recommended-addon';

// The parts of the EKS responses this script reads: a structural subset of @aws-sdk/client-eks's
// DescribeAddonVersionsResponse and DescribeAddonConfigurationResponse, so the transformation
// below needs no SDK.

/** `addons[].addonVersions[]` of DescribeAddonVersions. */
export interface AddonVersionInfoShape {
  readonly addonVersion?: string;
  readonly requiresIamPermissions?: boolean;
}

/** `addons[]` of DescribeAddonVersions. */
export interface AddonInfoShape {
  readonly addonName?: string;
  readonly owner?: string;
  readonly defaultNamespace?: string;
  readonly addonVersions?: readonly AddonVersionInfoShape[];
}

/** One page of DescribeAddonVersions. */
export interface DescribeAddonVersionsShape {
  readonly addons?: readonly AddonInfoShape[];
  readonly nextToken?: string;
}

/** A DescribeAddonConfiguration response (without its `configurationSchema`). */
export interface DescribeAddonConfigurationShape {
  readonly addonName?: string;
  readonly addonVersion?: string;
  readonly podIdentityConfiguration?: readonly {
    readonly serviceAccount?: string;
    readonly recommendedManagedPolicies?: readonly string[];
  }[];
}

/** What one run of the script asked and got: the content of the committed fixture. */
export interface AddonApiRecording {
  /** The day of the recording, `YYYY-MM-DD`. */
  readonly recordedAt: string;
  /** The region the API was called in. */
  readonly region: string;
  /** Anything a reader of the recording should know. */
  readonly note?: string;
  /**
   * Written by hand, only in a seed that is not a live recording: by add-on, where its facts come
   * from (`<document> @ <version> (checked <date>)`), one `// Source:` line each in the table.
   * A live recording has none: its rows cite the recording itself.
   */
  readonly sources?: { readonly [addonName: string]: readonly string[] };
  /** Every page of DescribeAddonVersions, in order. */
  readonly describeAddonVersions: readonly DescribeAddonVersionsShape[];
  /** The DescribeAddonConfiguration responses the script asked for. */
  readonly describeAddonConfiguration: readonly DescribeAddonConfigurationShape[];
}

/**
 * Policies of this library that replace the recommended managed policies on IPv6 clusters, by
 * add-on and service account. The API does not say this; the EKS User Guide does.
 */
// Source: https://docs.aws.amazon.com/eks/latest/userguide/workloads-add-ons-available-eks.html#add-ons-vpc-cni @ awsdocs/amazon-eks-user-guide commit 027430e0 (checked 2026-12-01)
export const IPV6_POLICIES: { readonly [addonName: string]: { readonly [serviceAccount: string]: string } } = {
  'vpc-cni': { 'aws-node': 'vpc-cni-ipv6' },
};

/** Add-on owners left out of the table: Marketplace add-ons document their own permissions. */
export const EXCLUDED_OWNERS: readonly string[] = ['aws-marketplace'];

const AWS_MANAGED_POLICY_ARN = /^arn:[^:]+:iam::aws:policy\/(.+)$/;

/** The add-ons of the recording that the table covers, in the order the API listed them. */
export function includedAddons(pages: readonly DescribeAddonVersionsShape[]): AddonInfoShape[] {
  return pages.flatMap(page => page.addons ?? [])
    .filter(addon => addon.addonName && !EXCLUDED_OWNERS.includes(addon.owner ?? ''));
}

/** The versions of `addon`, oldest first. Throws on a version this library cannot compare. */
export function sortedVersions(addon: AddonInfoShape): string[] {
  return (addon.addonVersions ?? []).map(info => info.addonVersion ?? '')
    .sort((a, b) => compareAddonVersions(parse(addon.addonName!, a), parse(addon.addonName!, b)));
}

/**
 * The transformation: API responses in, table rows out (sorted by add-on name).
 *
 * - `namespace` is the add-on's `defaultNamespace`; `requiresIamPermissions` that of its newest version.
 * - `serviceAccounts` come from the newest recorded configuration; managed policy ARNs become names.
 * - `minimumVersion` is the oldest recorded version with a pod identity configuration, when an
 *   older recorded version has none; unset when pod identity was there from the oldest recorded
 *   version (so a seed that records no version without pod identity sets no minimum).
 * - A service account's `minimumVersion` is the oldest recorded version that lists it, when an
 *   older recorded version with pod identity does not.
 */
export function toRecommendedAddons(recording: AddonApiRecording): RecommendedAddon[] {
  const seen = new Set<string>();
  const rows = includedAddons(recording.describeAddonVersions).map(addon => {
    const addonName = addon.addonName!;
    if (seen.has(addonName)) throw new Error(`${addonName}: listed twice by DescribeAddonVersions`);
    seen.add(addonName);

    const versions = sortedVersions(addon);
    const newest = versions[versions.length - 1];
    const newestInfo = (addon.addonVersions ?? []).find(info => info.addonVersion === newest);
    const configurations = recording.describeAddonConfiguration
      .filter(configuration => configuration.addonName === addonName)
      .map(configuration => ({ configuration, version: parse(addonName, configuration.addonVersion ?? '') }))
      .sort((a, b) => compareAddonVersions(a.version, b.version));
    const withPodIdentity = configurations.filter(({ configuration }) => hasPodIdentity(configuration));
    const latest = configurations[configurations.length - 1]?.configuration;
    const first = withPodIdentity[0];
    const olderWithout = first && configurations.some(({ configuration, version }) =>
      !hasPodIdentity(configuration) && compareAddonVersions(version, first.version) < 0);

    const row: RecommendedAddon = {
      addonName,
      namespace: addon.defaultNamespace,
      requiresIamPermissions: newestInfo?.requiresIamPermissions ?? false,
      minimumVersion: olderWithout ? first.configuration.addonVersion : undefined,
      serviceAccounts: (latest?.podIdentityConfiguration ?? []).map(config => {
        const account = serviceAccountRow(addonName, config);
        const firstListing = withPodIdentity.find(({ configuration }) => lists(configuration, account.serviceAccount));
        const olderWithoutIt = firstListing && withPodIdentity.some(({ configuration, version }) =>
          !lists(configuration, account.serviceAccount) && compareAddonVersions(version, firstListing.version) < 0);
        return olderWithoutIt ? { ...account, minimumVersion: firstListing.configuration.addonVersion } : account;
      }),
    };
    return row;
  });
  return rows.sort((a, b) => (a.addonName < b.addonName ? -1 : a.addonName > b.addonName ? 1 : 0));
}

/** The TypeScript source of lib/addon/recommended-defaults.ts for `rows`. */
export function renderRecommendedDefaults(rows: readonly RecommendedAddon[], recording: AddonApiRecording): string {
  const lines = [
    '// Generated by scripts/refresh-addon-defaults.ts: do not edit by hand, run the script instead.',
    `// From test/fixtures/describe-addon-responses.json (${recording.region}, ${recording.recordedAt});`,
    '// each row names its source. IPv6 policies: see custom-policies.ts.',
    ...(recording.note ? wrap(`Note: ${recording.note}`, 96).map(line => `// ${line}`) : []),
    'import { RecommendedAddon } from \'./recommended-addon\';',
    '',
    '/** The pod identity facts of the EKS add-ons, sorted by add-on name. */',
    'export const RECOMMENDED_ADDONS: readonly RecommendedAddon[] = [',
  ];
  for (const row of rows) {
    for (const source of sourcesOf(row.addonName, recording)) lines.push(`  // Source: ${source}`);
    lines.push('  {');
    lines.push(`    addonName: ${quote(row.addonName)},`);
    if (row.namespace !== undefined) lines.push(`    namespace: ${quote(row.namespace)},`);
    lines.push(`    requiresIamPermissions: ${row.requiresIamPermissions},`);
    if (row.minimumVersion !== undefined) lines.push(`    minimumVersion: ${quote(row.minimumVersion)},`);
    if (row.serviceAccounts.length === 0) {
      lines.push('    serviceAccounts: [],');
    } else {
      lines.push('    serviceAccounts: [');
      for (const account of row.serviceAccounts) {
        const policies = account.managedPolicies.map(quote).join(', ');
        const ipv6 = account.ipv6Policy !== undefined ? `, ipv6Policy: ${quote(account.ipv6Policy)}` : '';
        const minimum = account.minimumVersion !== undefined ? `, minimumVersion: ${quote(account.minimumVersion)}` : '';
        lines.push(`      { serviceAccount: ${quote(account.serviceAccount)}, managedPolicies: [${policies}]${ipv6}${minimum} },`);
      }
      lines.push('    ],');
    }
    lines.push('  },');
  }
  lines.push('];', '');
  return lines.join('\n');
}

/**
 * Asks `describe` for the configuration of as few versions (oldest first) as it takes to find the
 * newest version's service accounts and the first version with pod identity: the newest version,
 * then a binary search (pod identity support, once added, stays), then the version just before the
 * first one with it, then, for each newer service account, a binary search for the first version
 * that lists it. Returns the responses in the order they were asked for.
 */
export async function probeConfigurations(
  versions: readonly string[],
  describe: (version: string) => Promise<DescribeAddonConfigurationShape>,
): Promise<DescribeAddonConfigurationShape[]> {
  const asked = new Map<string, DescribeAddonConfigurationShape>();
  const ask = async (version: string) => {
    if (!asked.has(version)) asked.set(version, await describe(version));
    return hasPodIdentity(asked.get(version)!);
  };
  if (versions.length === 0 || !await ask(versions[versions.length - 1])) return [...asked.values()];
  let low = 0;
  let high = versions.length - 1; // the lowest index known to have pod identity
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (await ask(versions[middle])) high = middle;
    else low = middle + 1;
  }
  if (high > 0) await ask(versions[high - 1]);
  // A service account of the newest version that the first version with pod identity does not
  // list came later: find the first version that lists it (and so the one before it).
  const newest = versions.length - 1;
  for (const account of asked.get(versions[newest])!.podIdentityConfiguration ?? []) {
    const name = account.serviceAccount ?? '';
    if (lists(asked.get(versions[high])!, name)) continue;
    let without = high; // known not to list it
    let withIt = newest; // known to list it
    while (withIt - without > 1) {
      const middle = Math.floor((without + withIt) / 2);
      await ask(versions[middle]);
      if (lists(asked.get(versions[middle])!, name)) withIt = middle;
      else without = middle;
    }
  }
  return [...asked.values()];
}

/** Calls the EKS API (the only part of this script that does) and returns what it answered. */
export async function recordAddonApi(region: string, recordedAt: string): Promise<AddonApiRecording> {
  // Imported here, so that the tests load this module without the SDK or credentials.
  const { EKSClient, DescribeAddonVersionsCommand, DescribeAddonConfigurationCommand } = await import('@aws-sdk/client-eks');
  const client = new EKSClient({ region });

  const pages: DescribeAddonVersionsShape[] = [];
  let nextToken: string | undefined;
  do {
    const response = await client.send(new DescribeAddonVersionsCommand({ maxResults: 100, nextToken }));
    pages.push({ addons: response.addons, nextToken: response.nextToken });
    nextToken = response.nextToken;
  } while (nextToken);

  const configurations: DescribeAddonConfigurationShape[] = [];
  for (const addon of includedAddons(pages)) {
    if (!(addon.addonVersions ?? []).some(info => info.requiresIamPermissions)) continue;
    configurations.push(...await probeConfigurations(sortedVersions(addon), async addonVersion => {
      const response = await client.send(new DescribeAddonConfigurationCommand({ addonName: addon.addonName, addonVersion }));
      return { addonName: response.addonName, addonVersion: response.addonVersion, podIdentityConfiguration: response.podIdentityConfiguration };
    }));
  }
  return {
    recordedAt,
    region,
    describeAddonVersions: pages,
    describeAddonConfiguration: configurations,
  };
}

async function main(): Promise<void> {
  const root = path.join(__dirname, '..');
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const recording = await recordAddonApi(region, new Date().toISOString().slice(0, 10));
  const rows = toRecommendedAddons(recording);
  fs.writeFileSync(path.join(root, 'test/fixtures/describe-addon-responses.json'), `${JSON.stringify(recording, undefined, 2)}\n`);
  fs.writeFileSync(path.join(root, 'lib/addon/recommended-defaults.ts'), renderRecommendedDefaults(rows, recording));
  console.log(`Wrote ${rows.length} add-ons (${rows.filter(row => row.serviceAccounts.length > 0).length} with pod identity) from ${region}.`);
}

/**
 * Where the facts of `addonName` come from: the seed's hand-written sources, or else the recording
 * itself (a live recording is its own source).
 */
export function sourcesOf(addonName: string, recording: AddonApiRecording): readonly string[] {
  const sources = recording.sources?.[addonName] ?? [];
  return sources.length > 0 ? sources
    : [`Amazon EKS DescribeAddonVersions and DescribeAddonConfiguration in ${recording.region} @ recording of ${recording.recordedAt} (checked ${recording.recordedAt})`];
}

function hasPodIdentity(configuration: DescribeAddonConfigurationShape): boolean {
  return (configuration.podIdentityConfiguration ?? []).length > 0;
}

function lists(configuration: DescribeAddonConfigurationShape, serviceAccount: string): boolean {
  return (configuration.podIdentityConfiguration ?? []).some(config => config.serviceAccount === serviceAccount);
}

function serviceAccountRow(
  addonName: string,
  config: { readonly serviceAccount?: string; readonly recommendedManagedPolicies?: readonly string[] },
): RecommendedServiceAccount {
  const serviceAccount = config.serviceAccount ?? '';
  if (!serviceAccount) throw new Error(`${addonName}: a podIdentityConfiguration entry has no serviceAccount`);
  const managedPolicies = (config.recommendedManagedPolicies ?? []).map(arn => {
    const match = AWS_MANAGED_POLICY_ARN.exec(arn);
    if (!match) throw new Error(`${addonName}/${serviceAccount}: recommended policy '${arn}' is not an AWS managed policy ARN`);
    return match[1];
  });
  const ipv6Policy = IPV6_POLICIES[addonName]?.[serviceAccount];
  return ipv6Policy ? { serviceAccount, managedPolicies, ipv6Policy } : { serviceAccount, managedPolicies };
}

function parse(addonName: string, version: string): number[] {
  const parsed = parseAddonVersion(version);
  if (!parsed) throw new Error(`${addonName}: '${version}' is not an EKS add-on version (like v1.2.3-eksbuild.1)`);
  return parsed;
}

function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, '\\\'')}'`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

if (require.main === module) {
  main().catch(error => {
    console.error(error);
    process.exit(1);
  });
}
