import { Stack, StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { PodIdentityAssociation } from '../lib';
import { privateCluster } from './shared';

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

    this.cluster = privateCluster(this);

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
