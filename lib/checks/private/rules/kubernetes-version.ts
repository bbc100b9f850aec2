import { PodIdentityCheck } from '../../check-id';
import { describeCluster, Finding, Rule } from '../rule';

// Pod identity needs Kubernetes 1.24 or later (and a minimum platform version per release): the oldest row
// of the table "EKS Pod Identity cluster versions".
// Source: awsdocs/amazon-eks-user-guide latest/ug/manage-access/aws-access/pod-identities.adoc @ ff45201 (checked 2026-12-01)
const MINIMUM = [1, 24];

/** A cluster too old for pod identity cannot serve the associations made for it. */
export const kubernetesVersion: Rule = {
  id: PodIdentityCheck.KUBERNETES_VERSION,
  level: 'error',
  check: context => {
    const findings: Finding[] = [];
    const reported = new Set<string>();
    for (const record of context.inventory.associations) {
      const version = context.inventory.clusters.get(record.clusterKey)?.version;
      if (version === undefined || reported.has(record.clusterKey)) continue;
      const [major, minor] = version.split('.').map(Number);
      if (Number.isNaN(major) || Number.isNaN(minor)) continue;
      if (major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1])) continue;
      reported.add(record.clusterKey);
      findings.push({
        on: record.reportOn,
        message: `Cluster ${describeCluster(record.clusterName, context, record.clusterKey)} runs Kubernetes ${version}, but EKS Pod Identity needs ${MINIMUM.join('.')} or later. Upgrade the cluster first, or keep IRSA until then`,
      });
    }
    return findings;
  },
};
