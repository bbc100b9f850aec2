import * as iam from 'aws-cdk-lib/aws-iam';
import { AddonPodIdentityAssociation } from './addon-pod-identity-association';
import { customPolicyStatements } from './custom-policies';
import { RecommendedAddon } from './recommended-addon';
import { RECOMMENDED_ADDONS } from './recommended-defaults';

/** The bundled table's row for `addonName`, if it has one. */
export function findRecommendedAddon(addonName: string): RecommendedAddon | undefined {
  return RECOMMENDED_ADDONS.find(row => row.addonName === addonName);
}

/**
 * One association per recommended service account of `addon`, with the recommended AWS managed
 * policies, or the service account's IPv6 policy on an IPv6 cluster.
 */
export function recommendedAssociations(addon: RecommendedAddon, ipv6: boolean): AddonPodIdentityAssociation[] {
  return addon.serviceAccounts.map(account => (ipv6 && account.ipv6Policy !== undefined
    ? { serviceAccount: account.serviceAccount, statements: customPolicyStatements(account.ipv6Policy) }
    : {
      serviceAccount: account.serviceAccount,
      managedPolicies: account.managedPolicies.map(name => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
    }));
}
