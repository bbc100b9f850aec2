import { Stack, StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { PodIdentityAssociation } from '../lib';

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
    const key = new kms.Key(this, 'Key', { enableKeyRotation: true });
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'OnlyAwsServicesCreateGrants',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    }));
    key.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`));
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', { encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR });

    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      ],
      flowLogs: { all: { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs) } },
    });

    this.cluster = new eks.Cluster(this, 'Cluster', {
      version: eks.KubernetesVersion.V1_34,
      vpc,
      endpointAccess: eks.EndpointAccess.PRIVATE,
      secretsEncryptionKey: key,
      clusterLogging: [
        eks.ClusterLoggingTypes.API,
        eks.ClusterLoggingTypes.AUDIT,
        eks.ClusterLoggingTypes.AUTHENTICATOR,
        eks.ClusterLoggingTypes.CONTROLLER_MANAGER,
        eks.ClusterLoggingTypes.SCHEDULER,
      ],
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
