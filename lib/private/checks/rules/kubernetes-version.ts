import { Token } from 'aws-cdk-lib';
import { PodIdentityCheck } from '../../../checks/check-id';
import { describeCluster, Finding, Rule } from '../rule';

// EKS User Guide: pod identity needs Kubernetes 1.24 or later (and a minimum platform version per release).
const MINIMUM = [1, 24];

/** A cluster too old for pod identity cannot serve the associations made for it. */
export const kubernetesVersion: Rule = {
  id: PodIdentityCheck.KUBERNETES_VERSION,
  level: 'error',
  check: context => {
    const findings: Finding[] = [];
    const reported = new Set<string>();
    for (const record of context.inventory.associations) {
      const cluster = context.inventory.clusters.get(record.clusterKey);
      const version = cluster?.version;
      if (!cluster || !version || Token.isUnresolved(version) || reported.has(record.clusterKey)) continue;
      const [major, minor] = version.split('.').map(Number);
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
