import { PodIdentityCheck } from '../../check-id';
import { isPodIdentityUndocumented, isPodIdentityUnavailable, undocumentedRegionMessage } from '../../../private/image-registry';
import { Finding, Rule } from '../rule';

/**
 * Pod identity does not exist in the China regions: the association would fail to create (an error). No public
 * source says whether the isolated regions have it: a warning there. AWS GovCloud (US) has it (see
 * `isPodIdentityUnavailable` and `isPodIdentityUndocumented` for all the sources).
 */
// Source: https://docs.amazonaws.cn/en_us/eks/latest/userguide/pod-identities.html ("Pod Identity is not available in China Regions") @ stored copy (checked 2026-12-07)
// Source: awsdocs/amazon-eks-user-guide latest/ug/manage-access/aws-access/pod-identities.adoc (restrictions name neither China nor GovCloud) @ 0be0c9b481d452db875d6a8fb8eb7f2ba7f49da5 (checked 2026-12-07)
// Source: https://docs.aws.amazon.com/general/latest/gr/eks.html (EKS Auth endpoints eks-auth.us-gov-east-1.api.aws and eks-auth.us-gov-west-1.api.aws) @ stored copy (checked 2026-12-07)
export const unsupportedRegion: Rule = {
  id: PodIdentityCheck.UNSUPPORTED_REGION,
  level: 'error',
  check: ({ inventory }) => {
    const findings: Finding[] = [];
    for (const record of inventory.associations) {
      const region = record.stack.region;
      if (isPodIdentityUnavailable(region)) {
        findings.push({
          on: record.reportOn,
          message: `EKS Pod Identity is not available in region '${region}' (the China regions do not have it). Use IAM roles for service accounts (IRSA) there`,
        });
      } else if (isPodIdentityUndocumented(region)) {
        findings.push({ on: record.reportOn, message: undocumentedRegionMessage(region!), level: 'warning' });
      }
    }
    return findings;
  },
};
