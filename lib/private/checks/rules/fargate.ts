import { Stack } from 'aws-cdk-lib';
import * as eksv1 from 'aws-cdk-lib/aws-eks';
import * as eksv2 from 'aws-cdk-lib/aws-eks-v2';
import { PodIdentityCheck } from '../../../checks/check-id';
import { keyOf } from '../inventory';
import { describeCluster, Finding, Rule } from '../rule';

/** Pod identity does not work for pods on Fargate: a FargateCluster runs every pod there. */
export const fargateCluster: Rule = {
  id: PodIdentityCheck.FARGATE_CLUSTER,
  level: 'error',
  check: context => {
    const findings: Finding[] = [];
    for (const record of context.inventory.associations) {
      const cluster = context.inventory.l2Clusters.get(record.clusterKey);
      if (!(cluster instanceof eksv1.FargateCluster || cluster instanceof eksv2.FargateCluster)) continue;
      findings.push({
        on: record.reportOn,
        message: `Cluster ${describeCluster(record.clusterName, context, record.clusterKey)} is a FargateCluster, and EKS Pod Identity does not work for pods on Fargate. Use IAM roles for service accounts (IRSA) there, or run these pods on EC2 nodes`,
      });
    }
    return findings;
  },
};

/** A Fargate profile that takes the namespace of an association moves its pods where pod identity does not work. */
export const fargateProfile: Rule = {
  id: PodIdentityCheck.FARGATE_PROFILE,
  level: 'warning',
  check: ({ inventory }) => {
    const findings: Finding[] = [];
    for (const profile of inventory.fargateProfiles) {
      const stack = Stack.of(profile);
      const selectors: any[] = stack.resolve(profile.selectors) ?? [];
      const key = keyOf(stack, profile.clusterName);
      for (const record of inventory.associations) {
        if (record.clusterKey !== key || record.namespace === undefined) continue;
        const selector = selectors.find(s => matches(s.namespace, record.namespace!));
        if (!selector) continue;
        findings.push({
          on: record.reportOn,
          message: `Fargate profile '${profile.node.path}' selects namespace '${selector.namespace}', so pods of '${record.namespace}/${record.serviceAccount}' that match it run on Fargate, where EKS Pod Identity does not work. Narrow the profile's selectors (labels), or use IRSA for those pods`,
        });
      }
    }
    return findings;
  },
};

// Fargate selectors take * and ? wildcards in the namespace.
function matches(pattern: string, namespace: string): boolean {
  if (typeof pattern !== 'string') return false;
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return regex.test(namespace);
}
