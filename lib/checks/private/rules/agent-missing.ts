import { code } from '../../../private/code';
import { agentDeployment, agentOf, declareAgent } from '../../../private/fix-code';
import { PodIdentityCheck } from '../../check-id';
import { describeCluster, Finding, Rule } from '../rule';

/** Without the agent on the node, pods get no credentials from their association. */
export const agentMissing: Rule = {
  id: PodIdentityCheck.AGENT_MISSING,
  level: 'warning',
  check: context => {
    const findings: Finding[] = [];
    const reported = new Set<string>();
    for (const record of context.inventory.associations) {
      if (context.inventory.clustersWithAgent.has(record.clusterKey) || reported.has(record.clusterKey)) continue;
      reported.add(record.clusterKey);
      findings.push({
        on: record.reportOn,
        message: `No Pod Identity Agent is declared in this app for cluster ${describeCluster(record.clusterName, context, record.clusterKey)}, so its pods may get no credentials. Add ${code(agentOf())}, or, when the agent is installed elsewhere (EKS Auto Mode, another app), record it with ${code(declareAgent(agentDeployment('none')))}`,
      });
    }
    return findings;
  },
};
