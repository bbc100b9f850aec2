import { Stack, StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PodIdentityAssociation } from '../lib';

/**
 * An EKS cluster made in the same app (the `aws-eks-v2` L2, Auto Mode, so the Pod Identity Agent
 * is preinstalled) with two workloads, each with its own association and least-privilege role.
 */
export class FullClusterStack extends Stack {
  public readonly cluster: eks.Cluster;
  public readonly orders: PodIdentityAssociation;
  public readonly worker: PodIdentityAssociation;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.cluster = new eks.Cluster(this, 'Cluster', {
      version: eks.KubernetesVersion.V1_34,
      endpointAccess: eks.EndpointAccess.PRIVATE,
      clusterLogging: [
        eks.ClusterLoggingTypes.API,
        eks.ClusterLoggingTypes.AUDIT,
        eks.ClusterLoggingTypes.AUTHENTICATOR,
        eks.ClusterLoggingTypes.CONTROLLER_MANAGER,
        eks.ClusterLoggingTypes.SCHEDULER,
      ],
    });

    const table = new dynamodb.TableV2(this, 'Orders', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    });
    const jobs = new sqs.Queue(this, 'Jobs', { enforceSSL: true });

    // The web tier reads and writes orders.
    this.orders = new PodIdentityAssociation(this, 'OrdersApi', {
      cluster: this.cluster,
      namespace: 'shop',
      serviceAccount: 'orders-api',
    });
    table.grantReadWriteData(this.orders);
    jobs.grantSendMessages(this.orders);

    // The worker only consumes the queue.
    this.worker = new PodIdentityAssociation(this, 'Worker', {
      cluster: this.cluster,
      namespace: 'shop',
      serviceAccount: 'worker',
    });
    jobs.grantConsumeMessages(this.worker);
  }
}
