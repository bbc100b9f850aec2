import * as fs from 'fs';
import * as path from 'path';
import { PodIdentityCheck } from '../../check-id';
import { Finding, Rule } from '../rule';

/**
 * A new logical ID for the same service account makes CloudFormation create the new association
 * before deleting the old one; EKS allows one per service account, so the create fails. Compared
 * with the templates of the last deployment, when the user points to them.
 */
export const logicalIdChange: Rule = {
  id: PodIdentityCheck.LOGICAL_ID_CHANGE,
  level: 'error',
  check: ({ inventory, previousTemplatesDir }) => {
    if (!previousTemplatesDir || !fs.existsSync(previousTemplatesDir)) return [];
    const previous = previousAssociations(previousTemplatesDir);
    const findings: Finding[] = [];
    for (const record of inventory.associations) {
      if (record.owner !== 'association') continue;
      const stack = record.stack;
      // Compared as the template carries them: an intrinsic object would otherwise read '[object Object]'.
      const key = [stack.templateFile, ...[record.clusterName, record.namespace, record.serviceAccount].map(value => JSON.stringify(stack.resolve(value)))].join('\u0000');
      const before = previous.get(key);
      const now = stack.resolve(record.resource.logicalId);
      if (!before || before === now) continue;
      findings.push({
        on: record.reportOn,
        message: `The association of '${record.namespace}/${record.serviceAccount}' was '${before}' in the last deployed template and is '${now}' now. CloudFormation would create the new one before deleting the old one, and EKS allows one association per service account, so the deploy would fail. Keep the old logical ID (association.node.defaultChild.overrideLogicalId('${before}')), or deploy the removal first`,
      });
    }
    return findings;
  },
};

function previousAssociations(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.template.json'))) {
    const template = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf-8'));
    for (const [logicalId, resource] of Object.entries<any>(template.Resources ?? {})) {
      if (resource.Type !== 'AWS::EKS::PodIdentityAssociation') continue;
      const p = resource.Properties ?? {};
      found.set([file, ...[p.ClusterName, p.Namespace, p.ServiceAccount].map(value => JSON.stringify(value))].join('\u0000'), logicalId);
    }
  }
  return found;
}
