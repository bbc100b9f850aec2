import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { AddonPodIdentityAssociation } from './addon-pod-identity-association';
import { compareAddonVersions, parseAddonVersion } from './addon-version';
import { customPolicyStatements } from './custom-policies';
import { RecommendedAddon, RecommendedServiceAccount } from './recommended-addon';
import { RECOMMENDED_ADDONS } from './recommended-defaults';

/** The bundled table's row for `addonName`, if it has one. */
export function findRecommendedAddon(addonName: string): RecommendedAddon | undefined {
  return RECOMMENDED_ADDONS.find(row => row.addonName === addonName);
}

/**
 * The recommended service accounts of `addon` that `addonVersion` lists: a service account added
 * in a later version is left out, because EKS refuses an association for it. All of them when the
 * version is not given, a token, or not an add-on version.
 */
export function recommendedServiceAccounts(addon: RecommendedAddon, addonVersion: string | undefined): RecommendedServiceAccount[] {
  const version = addonVersion === undefined || Token.isUnresolved(addonVersion) ? undefined : parseAddonVersion(addonVersion);
  return addon.serviceAccounts.filter(account => version === undefined || account.minimumVersion === undefined
    || compareAddonVersions(version, parseAddonVersion(account.minimumVersion)!) >= 0);
}

/**
 * One association per service account in `accounts`, with the recommended AWS managed policies,
 * or the service account's IPv6 policy on an IPv6 cluster (rendered for `scope`).
 */
export function recommendedAssociations(accounts: readonly RecommendedServiceAccount[], ipv6: boolean, scope: IConstruct): AddonPodIdentityAssociation[] {
  return accounts.map(account => (ipv6 && account.ipv6Policy !== undefined
    ? { serviceAccount: account.serviceAccount, statements: customPolicyStatements(account.ipv6Policy, scope) }
    : {
      serviceAccount: account.serviceAccount,
      managedPolicies: account.managedPolicies.map(name => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
    }));
}
