import { MANAGED_BY_LABELS } from '../../private/k8s-manifest';

// The Kubernetes objects of `createServiceAccount: true`: one ServiceAccount per association that
// asks for one, and the Namespace of each when eksctl would create it. They carry no IRSA
// annotation: pod identity needs none.

/** The namespaces every cluster has from the start: eksctl never needs to create them. */
// Source: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/ ("Initial namespaces": default, kube-node-lease, kube-public, kube-system) @ as published (checked 2026-12-01)
export const INITIAL_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/** A service account to create. */
export interface ServiceAccountToCreate {
  readonly namespace: string;
  readonly serviceAccount: string;
}

/**
 * The manifest: the Namespaces first (eksctl creates a missing namespace before the service account),
 * then the ServiceAccounts, each labelled `app.kubernetes.io/managed-by: cdk-eks-pod-identity`.
 * A Namespace carries its name only, as eksctl's does: `kubectl apply` on a namespace that exists
 * already (one of Helm's, say) would otherwise set our label on it.
 */
// Source: eksctl-io/eksctl pkg/kubernetes/namespace.go NewNamespace (metadata: name only), MaybeCreateNamespace @ 125b723a07c3b55f6aa9c7fdf680c369bcf3d849 (checked 2026-12-01)
// Source: eksctl-io/eksctl pkg/kubernetes/serviceaccount.go MaybeCreateServiceAccountOrUpdateMetadata (MaybeCreateNamespace, then the service account with name and namespace only) @ b4e5b4b39162691bdbc4d3d4fc3fdf948df13a74 (checked 2026-12-01)
export function renderServiceAccounts(accounts: readonly ServiceAccountToCreate[], createNamespaces: boolean): any[] {
  const namespaces = createNamespaces
    ? [...new Set(accounts.map(account => account.namespace))].filter(namespace => !INITIAL_NAMESPACES.includes(namespace))
    : [];
  return [
    ...namespaces.map(name => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })),
    ...accounts.map(account => ({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: account.serviceAccount, namespace: account.namespace, labels: { ...MANAGED_BY_LABELS } },
    })),
  ];
}
