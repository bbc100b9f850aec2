import { Token } from 'aws-cdk-lib';
import { PodIdentityCheck } from '../../check-id';
import { AssociationRecord, FargateProfileRecord, FargateSelector, Inventory } from '../inventory';
import { Finding, Rule, RuleContext } from '../rule';

// Pods on Fargate cannot use pod identity. A pod runs on Fargate when a selector of a profile matches
// its namespace and all of the selector's labels; a selector with no labels takes every pod there.
// Source: awsdocs/amazon-eks-user-guide latest/ug/manage-access/aws-access/pod-identities.adoc @ ff45201 (checked 2026-12-01)
// Source: awsdocs/amazon-eks-user-guide latest/ug/nodes/fargate-profile.adoc @ 1fe584b (checked 2026-12-01)

/**
 * A Fargate profile selector without labels that matches the namespace of an association: every pod of
 * that service account runs on Fargate, where it gets no credentials. The default profile of a
 * `FargateCluster` does this for `default` and `kube-system`; pods of other namespaces may run on EC2
 * nodes, and are not reported.
 */
export const fargateCluster: Rule = {
  id: PodIdentityCheck.FARGATE_CLUSTER,
  level: 'error',
  check: context => findFargatePods(context, false),
};

/**
 * A Fargate profile selector with labels that matches the namespace of an association: the pods that carry
 * those labels run on Fargate. Whether the pods of the service account do is not known at synth time.
 * Likewise for an add-on's service account in a namespace a profile takes whole: Fargate runs no
 * DaemonSet, so an add-on's DaemonSet pods (vpc-cni's aws-node, CSI node plugins) stay on EC2 nodes,
 * while its Deployment pods run on Fargate.
 */
export const fargateProfile: Rule = {
  id: PodIdentityCheck.FARGATE_PROFILE,
  level: 'warning',
  check: context => findFargatePods(context, true),
};

interface Match {
  readonly profile: FargateProfileRecord;
  readonly selector: FargateSelector;
}

function findFargatePods({ inventory }: RuleContext, labelled: boolean): Finding[] {
  const findings: Finding[] = [];
  if (inventory.fargateProfiles.length === 0) return findings;
  for (const record of inventory.associations) {
    const matches = matchesOf(inventory, record);
    const everyPod = matches.find(match => !match.selector.labelled);
    // Fargate runs no DaemonSet, and this library does not know which add-on service accounts belong to one.
    // Source: https://docs.aws.amazon.com/eks/latest/userguide/fargate.html ("Daemonsets aren't supported on Fargate") @ page as published (checked 2026-12-01)
    const addonOwned = record.owner !== 'association';
    if (labelled && everyPod && addonOwned) {
      findings.push({
        on: record.reportOn,
        message: `Fargate profile '${everyPod.profile.reportOn.node.path}' takes every pod of namespace '${record.namespace}', so the pods of add-on '${record.owner}' that use '${record.namespace}/${record.serviceAccount}' run on Fargate, where EKS Pod Identity does not work, unless they belong to a DaemonSet (Fargate runs none, so those stay on EC2 nodes). Run the add-on's other pods on EC2 nodes, or use IRSA for the add-on`,
      });
    }
    if (!labelled && everyPod && !addonOwned) {
      findings.push({
        on: record.reportOn,
        message: `Fargate profile '${everyPod.profile.reportOn.node.path}' takes every pod of namespace '${record.namespace}' (its selector '${everyPod.selector.namespace}' has no labels), so the pods of '${record.namespace}/${record.serviceAccount}' run on Fargate, where EKS Pod Identity does not work. Use IAM roles for service accounts (IRSA) for them, or run them in a namespace that no Fargate profile takes whole`,
      });
    }
    const somePods = everyPod ? undefined : matches.find(match => match.selector.labelled);
    if (labelled && somePods) {
      findings.push({
        on: record.reportOn,
        message: `Fargate profile '${somePods.profile.reportOn.node.path}' takes the pods of namespace '${record.namespace}' that carry the labels of its selector '${somePods.selector.namespace}', so pods of '${record.namespace}/${record.serviceAccount}' with those labels run on Fargate, where EKS Pod Identity does not work. Keep those labels off these pods, or use IRSA for them`,
      });
    }
  }
  return findings;
}

function matchesOf(inventory: Inventory, record: AssociationRecord): Match[] {
  const namespace = record.namespace;
  if (typeof namespace !== 'string' || Token.isUnresolved(namespace)) return [];
  const matches: Match[] = [];
  for (const profile of inventory.fargateProfiles) {
    if (profile.clusterKey !== record.clusterKey) continue;
    for (const selector of profile.selectors) {
      if (selector.namespace !== undefined && wildcardMatch(selector.namespace, namespace)) matches.push({ profile, selector });
    }
  }
  return matches;
}

// Fargate selectors take * (any run of characters) and ? (one character) in the namespace.
function wildcardMatch(pattern: string, namespace: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return regex.test(namespace);
}
