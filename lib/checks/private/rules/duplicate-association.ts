import { PodIdentityCheck } from '../../check-id';
import { AssociationRecord } from '../inventory';
import { Finding, Rule } from '../rule';

/** EKS allows one association per cluster, namespace and service account, whoever declares it. */
export const duplicateAssociation: Rule = {
  id: PodIdentityCheck.DUPLICATE_ASSOCIATION,
  level: 'error',
  check: ({ inventory }) => {
    const first = new Map<string, AssociationRecord>();
    const findings: Finding[] = [];
    for (const record of inventory.associations) {
      // An intrinsic object (a raw L1's or an override's `{ 'Fn::Sub': ... }`) is only known at deploy time.
      if (typeof record.namespace !== 'string' || typeof record.serviceAccount !== 'string') continue;
      const key = [record.clusterKey, record.namespace, record.serviceAccount].join('\u0000');
      const previous = first.get(key);
      if (!previous) {
        first.set(key, record);
        continue;
      }
      findings.push({
        on: record.reportOn,
        message: `Service account '${record.namespace}/${record.serviceAccount}' already has a pod identity association on this cluster, declared by ${describeOwner(previous)}; EKS allows one per service account and the deploy would fail. Keep one of them`,
      });
    }
    return findings;
  },
};

function describeOwner(record: AssociationRecord): string {
  const what = record.owner === 'association' ? '' : ` (add-on '${record.owner}')`;
  return `'${record.reportOn.node.path}'${what}`;
}
