/**
 * An association an EKS add-on owns (its `ownerArn`): the add-on's version against the first version of that add-on
 * with pod identity, from the table the library's add-on defaults use.
 */
import { compareAddonVersions, parseAddonVersion } from '../../lib/addon/addon-version';
import { RECOMMENDED_ADDONS } from '../../lib/addon/recommended-defaults';
import { AwsClient } from './aws';
import { Association, ClusterFacts } from './chain';
import { Finding } from './findings';

/** Each add-on's version, read once: in a cluster, an add-on may own several associations. */
export type AddonVersions = Map<string, Promise<string | undefined>>;

// An add-on's association has ownerArn arn:<partition>:eks:<region>:<account>:addon/<cluster>/<add-on>/<id>.
// Source: https://docs.aws.amazon.com/eks/latest/APIReference/API_PodIdentityAssociation.html (ownerArn: "the ARN of the EKS add-on that manages this association") @ API 2017-11-01 (checked 2026-12-07)
// Source: https://docs.aws.amazon.com/eks/latest/APIReference/API_Addon.html (addonArn) @ API 2017-11-01 (checked 2026-12-07)
export async function checkAddonOwner(aws: AwsClient, versions: AddonVersions, association: Association, cluster: ClusterFacts): Promise<Finding[]> {
  const addonName = /:addon\/[^/]+\/([^/]+)(\/|$)/.exec(association.ownerArn ?? '')?.[1];
  const row = addonName === undefined ? undefined : RECOMMENDED_ADDONS.find(addon => addon.addonName === addonName);
  if (!row) return [];
  const minimum = row.serviceAccounts.find(account => account.serviceAccount === association.serviceAccount)?.minimumVersion ?? row.minimumVersion;
  if (!versions.has(addonName!)) {
    versions.set(addonName!, aws.eks('DescribeAddon', `clusters/${encodeURIComponent(cluster.name)}/addons/${encodeURIComponent(addonName!)}`, true)
      .then(data => data?.addon?.addonVersion));
  }
  const version = await versions.get(addonName!);
  const [have, need] = [parseAddonVersion(version ?? ''), parseAddonVersion(minimum ?? '')];
  if (!have || !need || compareAddonVersions(have, need) >= 0) return [];
  return [{
    id: 'addon-version', level: 'error', subject: `${association.namespace}/${association.serviceAccount}`,
    seen: `the association belongs to add-on ${addonName} ${version}, older than ${minimum}, its first version with pod identity`,
    why: 'this add-on version does not support EKS Pod Identity',
    fix: `aws eks update-addon --cluster-name ${cluster.name} --addon-name ${addonName} --addon-version ${minimum} (or later)`,
  }];
}
