import { PodIdentityCheck } from '../../check-id';
import { describeCluster, Finding, Rule } from '../rule';

// Pods on Windows EC2 nodes cannot use pod identity.
// Source: awsdocs/amazon-eks-user-guide latest/ug/manage-access/aws-access/pod-identities.adoc @ ff45201 (checked 2026-12-01)
// The Windows AMI types of managed node groups all start with WINDOWS_ (WINDOWS_CORE_2019_x86_64 ... WINDOWS_FULL_2025_x86_64).
// Source: aws/aws-sdk-js-v3 clients/client-eks/src/models/enums.ts AMITypes @ v3.1169.0 (checked 2026-12-01)
const WINDOWS_PREFIX = 'WINDOWS_';

/**
 * A managed node group with a Windows AMI type in a cluster with associations. The cluster can still run
 * its pods of pod identity on Linux nodes, so this is a warning: pods scheduled on the Windows nodes get
 * no credentials. Self-managed Windows nodes (an Auto Scaling group) are not recognised.
 */
export const windowsNodes: Rule = {
  id: PodIdentityCheck.WINDOWS_NODES,
  level: 'warning',
  check: context => {
    const findings: Finding[] = [];
    const associations = new Map<string, string>();
    for (const record of context.inventory.associations) {
      if (!associations.has(record.clusterKey)) associations.set(record.clusterKey, record.clusterName);
    }
    for (const nodegroup of context.inventory.nodegroups) {
      const clusterName = associations.get(nodegroup.clusterKey);
      if (clusterName === undefined || !nodegroup.amiType?.startsWith(WINDOWS_PREFIX)) continue;
      findings.push({
        on: nodegroup.reportOn,
        message: `Node group '${nodegroup.reportOn.node.path}' runs Windows (${nodegroup.amiType}) in cluster ${describeCluster(clusterName, context, nodegroup.clusterKey)}, which has pod identity associations, and EKS Pod Identity does not work for pods on Windows nodes. Keep the pods that use pod identity on Linux nodes (nodeSelector kubernetes.io/os: linux), or use IAM roles for service accounts (IRSA) for Windows pods`,
      });
    }
    return findings;
  },
};
