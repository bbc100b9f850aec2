import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as eksv2 from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ENV } from '../util';

export const ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE';
export const PROVIDER_ARN = `arn:aws:iam::111111111111:oidc-provider/${ISSUER}`;

/**
 * An app (checks off unless asked) with an imported aws-eks cluster that has kubectl and an OIDC provider.
 */
export function givenCluster(options: { checks?: boolean; stackId?: string } = {}) {
  const app = new App({ context: { 'cdk-eks-pod-identity:checks': options.checks ?? false } });
  const stack = new Stack(app, options.stackId ?? 'Stack', { env: ENV });
  const provider = iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, 'Oidc', PROVIDER_ARN);
  const cluster = eks.Cluster.fromClusterAttributes(stack, 'Cluster', {
    clusterName: 'my-cluster',
    kubectlRoleArn: 'arn:aws:iam::111111111111:role/kubectl',
    openIdConnectProvider: provider,
    kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', 'arn:aws:lambda:eu-west-1:111111111111:layer:kubectl:1'),
  });
  return { app, stack, cluster, provider };
}

/** The same, with an IRSA service account `media/uploader` that may write to a bucket. */
export function givenIrsaServiceAccount(options: { checks?: boolean } = {}) {
  const given = givenCluster(options);
  const serviceAccount = given.cluster.addServiceAccount('Uploader', {
    name: 'uploader',
    namespace: 'media',
    annotations: { 'example.com/team': 'media' },
    labels: { tier: 'backend' },
  });
  serviceAccount.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: ['*'] }));
  return { ...given, serviceAccount };
}

/** An imported aws-eks-v2 cluster with a kubectl provider and an OIDC provider. */
export function givenV2Cluster() {
  const app = new App({ context: { 'cdk-eks-pod-identity:checks': false } });
  const stack = new Stack(app, 'Stack', { env: ENV });
  const provider = iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, 'Oidc', PROVIDER_ARN);
  const kubectlProvider = eksv2.KubectlProvider.fromKubectlProviderAttributes(stack, 'KubectlProvider', {
    serviceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:kubectl',
    role: iam.Role.fromRoleArn(stack, 'KubectlRole', 'arn:aws:iam::111111111111:role/kubectl'),
  });
  const cluster = eksv2.Cluster.fromClusterAttributes(stack, 'Cluster', {
    clusterName: 'my-cluster',
    openIdConnectProvider: provider,
    kubectlProvider,
  });
  return { app, stack, cluster, provider };
}

/** The statements of the trust policy of the one role whose logical ID starts with `prefix`. */
export function trustOf(stack: Stack, prefix: string): any[] {
  const roles = Template.fromStack(stack).findResources('AWS::IAM::Role');
  const matches = Object.entries<any>(roles).filter(([id]) => id.startsWith(prefix));
  if (matches.length !== 1) throw new Error(`expected one role ${prefix}*, found ${matches.map(([id]) => id).join(', ')}`);
  return matches[0][1].Properties.AssumeRolePolicyDocument.Statement;
}

/** The one resource of `type` as it is in the template, with its logical ID. */
export function onlyResource(stack: Stack, type: string): { id: string; resource: any } {
  const found = Object.entries<any>(Template.fromStack(stack).findResources(type));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return { id: found[0][0], resource: found[0][1] };
}

/** The pod identity trust statement of the migration, for the service account `namespace/name`. */
export function podIdentityStatement(namespace: string, name: string) {
  return expect.objectContaining({
    Effect: 'Allow',
    Principal: { Service: 'pods.eks.amazonaws.com' },
    Action: ['sts:AssumeRole', 'sts:TagSession'],
    Condition: {
      StringEquals: expect.objectContaining({
        'aws:SourceAccount': '111111111111',
        'aws:RequestTag/kubernetes-namespace': [namespace],
        'aws:RequestTag/kubernetes-service-account': [name],
      }),
    },
  });
}
