import { Stack, StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { PodIdentityAssociation } from '../lib';
import { ALL_CLUSTER_LOGS, clusterVpc, guardedKey } from './shared';

/**
 * An EKS cluster made in the same app (the `aws-eks-v2` L2 in Auto Mode, where the Pod Identity
 * Agent is preinstalled) with two workloads, each with its own association and least-privilege role.
 */
export class FullClusterStack extends Stack {
  public readonly cluster: eks.Cluster;
  public readonly ordersApi: PodIdentityAssociation;
  public readonly reports: PodIdentityAssociation;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // One customer managed key for Kubernetes secrets and the VPC flow logs.
    const key = guardedKey(this, 'Key');
    const vpc = clusterVpc(this, key);

    this.cluster = new eks.Cluster(this, 'Cluster', {
      version: eks.KubernetesVersion.V1_34,
      vpc,
      endpointAccess: eks.EndpointAccess.PRIVATE,
      secretsEncryptionKey: key,
      clusterLogging: ALL_CLUSTER_LOGS,
    });
    NagSuppressions.addResourceSuppressions(this.cluster, [{
      id: 'AwsSolutions-IAM4',
      reason: 'The EKS cluster role and the Auto Mode node role need the AWS managed EKS policies that the EKS User Guide prescribes; they are maintained by AWS as the service changes.',
    }], true);

    const orders = new dynamodb.TableV2(this, 'Orders', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    });

    // The web tier reads and writes orders.
    this.ordersApi = new PodIdentityAssociation(this, 'OrdersApi', {
      cluster: this.cluster,
      namespace: 'shop',
      serviceAccount: 'orders-api',
    });
    orders.grantReadWriteData(this.ordersApi);

    // The reporting job only reads them.
    this.reports = new PodIdentityAssociation(this, 'Reports', {
      cluster: this.cluster,
      namespace: 'shop',
      serviceAccount: 'reports',
    });
    orders.grantReadData(this.reports);
  }
}
