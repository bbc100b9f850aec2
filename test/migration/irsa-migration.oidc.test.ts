import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as eksv2 from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IrsaMigration, IrsaMigrationStep } from '../../lib';
import { ENV } from '../util';
import { ISSUER, PROVIDER_ARN, podIdentityStatement, trustOf } from './fixtures';

/** An aws-eks-v2 cluster made in the app, with kubectl. */
function givenV2ClusterInApp(nativeOidcProvider = false) {
  const app = new App({ context: { 'cdk-eks-pod-identity:checks': false, '@aws-cdk/aws-eks:useNativeOidcProvider': nativeOidcProvider } });
  const stack = new Stack(app, 'Stack', { env: ENV });
  const cluster = new eksv2.Cluster(stack, 'Cluster', {
    version: eksv2.KubernetesVersion.V1_32,
    kubectlProviderOptions: { kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', 'arn:aws:lambda:eu-west-1:111111111111:layer:kubectl:1') },
  });
  return { app, stack, cluster };
}

function legacyRole(stack: Stack) {
  return new iam.Role(stack, 'Legacy', {
    assumedBy: new iam.FederatedPrincipal(PROVIDER_ARN, { StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:legacy:worker' } }, 'sts:AssumeRoleWithWebIdentity'),
  });
}

describe('IrsaMigration: the cluster\'s OIDC provider', () => {
  test.each([false, true])('of an aws-eks-v2 cluster made in the app (native provider: %s), whose ServiceAccount trusts it with its issuer token', (native) => {
    const { stack, cluster } = givenV2ClusterInApp(native);
    const serviceAccount = cluster.addServiceAccount('Uploader', { name: 'uploader', namespace: 'media' });

    IrsaMigration.fromServiceAccountV2(stack, 'Migrate', cluster, serviceAccount, { step: IrsaMigrationStep.REMOVE_IRSA_TRUST });

    expect(trustOf(stack, 'ClusterUploaderRole')).toEqual([podIdentityStatement('media', 'uploader')]);
  });

  test('a cluster made in the app that has none is not given one: the provider must be passed', () => {
    const { stack, cluster } = givenV2ClusterInApp();
    const role = legacyRole(stack);

    expect(() => new IrsaMigration(stack, 'Migrate', { cluster, role, namespace: 'legacy', serviceAccount: 'worker', step: IrsaMigrationStep.REMOVE_IRSA_TRUST })).toThrow(
      /^\[cdk-eks-pod-identity:migration-oidc-provider-unknown\] Stack\/Migrate: the IAM OIDC provider of cluster 'Stack\/Cluster' is not known/,
    );
    expect(cluster.node.tryFindChild('OpenIdConnectProvider') ?? cluster.node.tryFindChild('OidcProviderNative')).toBeUndefined();
  });

  test('`openIdConnectProvider` names it', () => {
    const { stack, cluster } = givenV2ClusterInApp();
    const role = legacyRole(stack);
    const provider = iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, 'Oidc', PROVIDER_ARN);

    new IrsaMigration(stack, 'Migrate', { cluster, role, namespace: 'legacy', serviceAccount: 'worker', step: IrsaMigrationStep.REMOVE_IRSA_TRUST, openIdConnectProvider: provider });

    expect(trustOf(stack, 'Legacy')).toEqual([podIdentityStatement('legacy', 'worker')]);
    Template.fromStack(stack).resourceCountIs('Custom::AWSCDKOpenIdConnectProvider', 0);
  });

  test('an imported cluster without one', () => {
    const app = new App({ context: { 'cdk-eks-pod-identity:checks': false } });
    const stack = new Stack(app, 'Stack', { env: ENV });
    const cluster = eks.Cluster.fromClusterAttributes(stack, 'Cluster', { clusterName: 'my-cluster' });

    expect(() => new IrsaMigration(stack, 'Migrate', { cluster, role: legacyRole(stack), namespace: 'legacy', serviceAccount: 'worker', step: IrsaMigrationStep.REMOVE_IRSA_TRUST })).toThrow(
      /^\[cdk-eks-pod-identity:migration-oidc-provider-unknown\] Stack\/Migrate: the IAM OIDC provider of cluster 'Stack\/Cluster' is not known/,
    );
  });
});
