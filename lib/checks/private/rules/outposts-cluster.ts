import { PodIdentityCheck } from '../../check-id';
import { AssociationRecord } from '../inventory';
import { describeCluster, Finding, Rule } from '../rule';

// EKS Pod Identity is not available on AWS Outposts.
// Source: awsdocs/amazon-eks-user-guide latest/ug/manage-access/aws-access/pod-identities.adoc @ ff45201 (checked 2026-12-01)

/**
 * Associations or an agent for a local cluster on AWS Outposts (a cluster with an outpost config), where
 * pod identity does not exist: none of its pods can get credentials from it.
 */
export const outpostsCluster: Rule = {
  id: PodIdentityCheck.OUTPOSTS_CLUSTER,
  level: 'error',
  check: context => {
    const findings: Finding[] = [];
    const onOutposts = (key: string) => context.inventory.clusters.get(key)?.outposts === true;
    for (const record of context.inventory.associations) {
      if (!onOutposts(record.clusterKey)) continue;
      findings.push({
        on: record.reportOn,
        message: `Cluster ${describeCluster(record.clusterName, context, record.clusterKey)} is a local cluster on AWS Outposts, where EKS Pod Identity is not available, so the pods of ${describeServiceAccount(record)} would get no credentials. Use IAM roles for service accounts (IRSA) there`,
      });
    }
    for (const agent of context.inventory.agents) {
      if (!onOutposts(agent.clusterKey)) continue;
      findings.push({
        on: agent.reportOn,
        message: `Cluster ${describeCluster(agent.clusterName, context, agent.clusterKey)} is a local cluster on AWS Outposts, where EKS Pod Identity is not available, so the Pod Identity Agent has nothing to serve. Remove it, and use IAM roles for service accounts (IRSA) there`,
      });
    }
    return findings;
  },
};

function describeServiceAccount(record: AssociationRecord): string {
  return record.namespace === undefined ? `service account '${record.serviceAccount}'` : `'${record.namespace}/${record.serviceAccount}'`;
}
