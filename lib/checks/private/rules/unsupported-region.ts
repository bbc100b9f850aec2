import { PodIdentityCheck } from '../../check-id';
import { isPodIdentityUnavailable } from '../../../private/image-registry';
import { Finding, Rule } from '../rule';

/** Pod identity does not exist in some partitions: the association would fail to create. */
export const unsupportedRegion: Rule = {
  id: PodIdentityCheck.UNSUPPORTED_REGION,
  level: 'error',
  check: ({ inventory }) => {
    const findings: Finding[] = [];
    for (const record of inventory.associations) {
      const region = record.stack.region;
      if (!isPodIdentityUnavailable(region)) continue;
      findings.push({
        on: record.reportOn,
        message: `EKS Pod Identity is not available in region '${region}' (China, AWS GovCloud (US) and the isolated regions do not have it). Use IAM roles for service accounts (IRSA) there`,
      });
    }
    return findings;
  },
};
