import { CfnResource, Lazy, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { parseJsonText, renderJsonText } from './json-text';
import { codeSpan, constructElided } from '../../private/code';
import { PodIdentityError, quote } from '../../private/errors';

/** The annotation that points a service account at its IRSA role. */
export const IRSA_ANNOTATION = 'eks.amazonaws.com/role-arn';

// The custom resource of aws-eks's and aws-eks-v2's `KubernetesManifest`, which `ServiceAccount` writes its object with.
// Source: aws/aws-cdk packages/aws-cdk-lib/aws-eks/lib/service-account.ts @ 07a95783df95c1d73aec3be34ef41af451fbff38 (checked 2026-12-01)
// Source: aws/aws-cdk packages/aws-cdk-lib/aws-eks-v2/lib/service-account.ts @ 112e21872b66d0d1dc51ac4a58dd531304370ac9 (checked 2026-12-01)
const KUBERNETES_RESOURCE = 'Custom::AWSCDK-EKS-KubernetesResource';

/**
 * The L1 of the manifest an aws-eks or aws-eks-v2 `ServiceAccount` applies its Kubernetes object with.
 */
export function serviceAccountManifest(owner: IConstruct, serviceAccount: IConstruct): CfnResource {
  const found = serviceAccount.node.findAll()
    .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && c.cfnResourceType === KUBERNETES_RESOURCE);
  if (found.length !== 1) {
    throw new PodIdentityError('migration-manifest-not-found', owner,
      `service account ${quote(serviceAccount.node.path)} has ${found.length} Kubernetes manifests, not the one its annotation is written in`,
      `Pass an aws-eks or aws-eks-v2 ServiceAccount, or use ${codeSpan(constructElided('IrsaMigration'))} and remove the annotation where the service account is defined`);
  }
  return found[0];
}

/**
 * Renders the manifest without the IRSA annotation from now on: the template itself no longer carries
 * it, so an update of the manifest applies the object without it (`kubectl apply` drops it from the live
 * object), and nothing puts it back.
 */
// The manifest's handler creates with `kubectl create --save-config` and updates with `kubectl apply`, whose
// three-way merge deletes what the last applied manifest had and the new one has not.
// Source: aws/aws-cdk packages/@aws-cdk/custom-resource-handlers/lib/aws-eks/kubectl-handler/apply/__init__.py @ 332fe3a012ef8a2d0d0b486a9aae62cfe82a91b4 (checked 2026-12-01)
export function removeIrsaAnnotation(owner: IConstruct, manifest: CfnResource): void {
  // The manifest as the ServiceAccount wrote it. `cfnProperties` is protected API of CfnResource (what
  // rendering itself reads); the override below does not change it, so reading it here cannot loop.
  const original = (manifest as unknown as { cfnProperties: Record<string, unknown> }).cfnProperties.Manifest;
  manifest.addPropertyOverride('Manifest', Lazy.any({
    produce: () => {
      const json = parseJsonText(Stack.of(manifest).resolve(original));
      if (!json || !Array.isArray(json.value)) {
        throw new PodIdentityError('migration-manifest-unreadable', owner,
          `the manifest of ${quote(manifest.node.path)} is not a JSON list of Kubernetes objects this library can read`,
          `Remove the annotation where the service account is defined, and use ${codeSpan(constructElided('IrsaMigration'))}`);
      }
      for (const object of json.value) {
        const annotations = object?.kind === 'ServiceAccount' ? object.metadata?.annotations : undefined;
        if (typeof annotations !== 'object' || annotations === null) continue;
        delete annotations[IRSA_ANNOTATION];
        if (Object.keys(annotations).length === 0) delete object.metadata.annotations;
      }
      return renderJsonText(json);
    },
  }));
}
