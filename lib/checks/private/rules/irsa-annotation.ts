import { Stack } from 'aws-cdk-lib';
import { PodIdentityCheck } from '../../check-id';
import { cfnPropertiesOf } from '../cfn-properties';
import { keyOf } from '../inventory';
import { Finding, Rule } from '../rule';

const ANNOTATION = 'eks.amazonaws.com/role-arn';
// The kubectl-backed manifest resources of aws-eks and aws-eks-v2.
const MANIFEST_TYPES = ['Custom::AWSCDK-EKS-KubernetesResource'];

/**
 * A service account with both an IRSA annotation and a pod identity association: EKS's webhook gives the pods it
 * creates after the association only the container-credential variables, so the annotation is a leftover; pods
 * created before the association keep IRSA's variables until they are restarted.
 */
// The webhook's container-credentials configuration takes precedence over the role-arn annotation.
// Source: aws/amazon-eks-pod-identity-webhook pkg/handler/handler.go (buildPodPatchConfig: "Container credentials method takes precedence") and pkg/handler/testdata/containercredentials/rawPodWithRoleArn.pod.yaml @ 3bf80a348116483b2162190e43232e4d243f76c4 (checked 2026-12-07)
export const irsaAnnotation: Rule = {
  id: PodIdentityCheck.IRSA_ANNOTATION,
  level: 'warning',
  check: ({ inventory }) => {
    const findings: Finding[] = [];
    for (const resource of inventory.resources) {
      if (!MANIFEST_TYPES.includes(resource.cfnResourceType)) continue;
      const stack = Stack.of(resource);
      const properties = cfnPropertiesOf(resource);
      const manifest = JSON.stringify(stack.resolve(properties.Manifest) ?? '');
      if (!manifest.includes(ANNOTATION) || !/\\"kind\\":\\"ServiceAccount\\"/.test(manifest)) continue;
      const name = /\\"name\\":\\"([^\\"]+)\\"/.exec(manifest)?.[1];
      const namespace = /\\"namespace\\":\\"([^\\"]+)\\"/.exec(manifest)?.[1] ?? 'default';
      // Unresolved, a cluster's name keeps its token, as the associations' cluster keys do.
      const clusterName = properties.ClusterName;
      const record = inventory.associations.find(r => r.serviceAccount === name && r.namespace === namespace
        && (typeof clusterName !== 'string' || r.clusterKey === keyOf(stack, clusterName)));
      if (!record) continue;
      findings.push({
        // On the manifest construct around the L1; a raw L1 in a stack is its own.
        on: resource.node.scope && !Stack.isStack(resource.node.scope) ? resource.node.scope : resource,
        message: `Service account '${namespace}/${name}' has a pod identity association (${record.reportOn.node.path}) and also the IRSA annotation '${ANNOTATION}'; EKS gives pods created after the association only the pod identity variables, but pods created before it keep IRSA's until they restart, and the annotation misleads readers. Remove the annotation (IrsaMigration step REMOVE_IRSA_ANNOTATION does it)`,
      });
    }
    return findings;
  },
};
