// The checks of an add-on's pod identity associations against the bundled add-on table: one
// implementation for PodIdentityAddon and IrsaAddonMigration, which both give an AWS::EKS::Addon
// associations that EKS would refuse otherwise. Private to this library.
import { Annotations, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { propSpan } from '../private/code';
import { LIBRARY_ID, PodIdentityError, quote } from '../private/errors';
import { compareAddonVersions, parseAddonVersion } from './addon-version';
import { findRecommendedAddon } from './recommended-associations';

/** The add-on whose associations EKS refuses: it is the component that serves them. */
export const AGENT_ADDON = 'eks-pod-identity-agent';

/** What to check: an add-on, its version, and the service accounts it gives associations to. */
export interface AddonPodIdentityCheck {
  /** The add-on's name, as `CreateAddon` takes it. */
  readonly addonName: string;

  /** The add-on's version, when given. */
  readonly addonVersion?: string;

  /** The service accounts that get an association; none: only the version's form is checked. */
  readonly serviceAccounts: readonly string[];

  /** How the user can do without pod identity on this construct: the end of the fix of a version error. */
  readonly withoutPodIdentity: string;
}

/**
 * Checks what EKS checks when it creates or updates the add-on with pod identity associations.
 *
 * - `eks-pod-identity-agent` takes no association (error).
 * - A known add-on's `addonVersion` must look like `v1.2.3-eksbuild.1` (error), and, with associations, be
 *   at least the first version with pod identity (error). EKS answers `Pod Identity feature is not
 *   supported for addon version`.
 * - A service account that the table records from a later version than `addonVersion` (error), or that the
 *   table does not list for the add-on (warning: the table is a snapshot, a newer version may list it).
 *   EKS answers `Service account <name> in pod identity configuration is not supported for addon <name>`.
 *
 * Add-ons missing from the table, and tokens, are not checked.
 */
// Source: https://github.com/terraform-aws-modules/terraform-aws-eks/issues/3520 (the two EKS InvalidParameterException messages, quoted from UpdateAddon) @ issue of 2025-09-18 (checked 2026-12-07)
export function validateAddonPodIdentity(scope: IConstruct, check: AddonPodIdentityCheck): void {
  const { addonName, addonVersion } = check;
  if (Token.isUnresolved(addonName)) return;
  const serviceAccounts = check.serviceAccounts.filter(serviceAccount => !Token.isUnresolved(serviceAccount));
  if (check.serviceAccounts.length > 0 && addonName === AGENT_ADDON) {
    throw new PodIdentityError('addon-agent-associations', scope,
      `add-on ${quote(AGENT_ADDON)} cannot have pod identity associations: it is the agent that hands out their credentials`,
      `Remove ${propSpan('podIdentityAssociations')} from this add-on`);
  }
  const row = findRecommendedAddon(addonName);
  if (!row) return;
  const version = addonVersion === undefined || Token.isUnresolved(addonVersion) ? undefined : parseAddonVersion(addonVersion);
  if (addonVersion !== undefined && !Token.isUnresolved(addonVersion) && !version) {
    throw new PodIdentityError('addon-invalid-version', scope,
      `addonVersion ${quote(addonVersion)} is not an EKS add-on version`,
      `Use a version that \`aws eks describe-addon-versions --addon-name ${addonName}\` lists, like 'v1.2.3-eksbuild.1'`);
  }
  if (check.serviceAccounts.length === 0) return;

  const minimum = row.minimumVersion;
  if (version && minimum !== undefined && compareAddonVersions(version, parseAddonVersion(minimum)!) < 0) {
    throw new PodIdentityError('addon-version-without-pod-identity', scope,
      `add-on ${quote(addonName)} supports pod identity associations from version ${quote(minimum)}, but addonVersion is ${quote(addonVersion!)}`,
      `Use version ${quote(minimum)} or later, or ${check.withoutPodIdentity}`);
  }
  const known = row.serviceAccounts.map(account => account.serviceAccount);
  for (const serviceAccount of serviceAccounts) {
    const account = row.serviceAccounts.find(candidate => candidate.serviceAccount === serviceAccount);
    if (!account) {
      Annotations.of(scope).addWarningV2(`${LIBRARY_ID}:addon-service-account-not-listed`,
        `Service account ${quote(serviceAccount)} is not one that add-on ${quote(addonName)} takes pod identity associations for, as far as this library's table knows (${known.length > 0 ? known.map(quote).join(', ') : 'none'}); EKS refuses an association for a service account the add-on's version does not list. Use one of those names (\`aws eks describe-addon-configuration --addon-name ${addonName}\` lists them), or acknowledge this warning if the version you deploy lists this one`);
    } else if (version && account.minimumVersion !== undefined && compareAddonVersions(version, parseAddonVersion(account.minimumVersion)!) < 0) {
      throw new PodIdentityError('addon-version-predates-service-account', scope,
        `add-on ${quote(addonName)} takes pod identity associations for service account ${quote(serviceAccount)} from version ${quote(account.minimumVersion)}, but addonVersion is ${quote(addonVersion!)}`,
        `Use version ${quote(account.minimumVersion)} or later, or the service account this version has`);
    }
  }
}
