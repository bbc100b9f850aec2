import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';

/** Every control-plane log type, as the validators ask of a cluster. */
export const ALL_CLUSTER_LOGS = [
  eks.ClusterLoggingTypes.API,
  eks.ClusterLoggingTypes.AUDIT,
  eks.ClusterLoggingTypes.AUTHENTICATOR,
  eks.ClusterLoggingTypes.CONTROLLER_MANAGER,
  eks.ClusterLoggingTypes.SCHEDULER,
];

/**
 * A customer managed key with rotation, on which only AWS services may create grants
 * (cfn-guard's kms_create_grant_aws_service_check).
 */
export function guardedKey(scope: Construct, id: string, props: kms.KeyProps = {}): kms.Key {
  const key = new kms.Key(scope, id, { enableKeyRotation: true, ...props });
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'OnlyAwsServicesCreateGrants',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  }));
  return key;
}

/** A two-AZ VPC for a private cluster, with flow logs to a log group encrypted with `key`. */
export function clusterVpc(scope: Construct, key: kms.IKey): ec2.Vpc {
  key.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${Stack.of(scope).region}.amazonaws.com`));
  const flowLogs = new logs.LogGroup(scope, 'FlowLogs', { encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR });
  return new ec2.Vpc(scope, 'Vpc', {
    maxAzs: 2,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
      { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    ],
    flowLogs: { all: { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs) } },
  });
}

/**
 * A private `aws-eks-v2` cluster that passes the validators: secrets and flow logs encrypted with a
 * guarded key, every log type. Auto Mode unless `defaultCapacityType` says otherwise.
 */
export function privateCluster(scope: Construct, props: { defaultCapacityType?: eks.DefaultCapacityType; defaultCapacity?: number } = {}): eks.Cluster {
  // One customer managed key for Kubernetes secrets and the VPC flow logs.
  const key = guardedKey(scope, 'Key');
  const cluster = new eks.Cluster(scope, 'Cluster', {
    version: eks.KubernetesVersion.V1_34,
    vpc: clusterVpc(scope, key),
    endpointAccess: eks.EndpointAccess.PRIVATE,
    secretsEncryptionKey: key,
    clusterLogging: ALL_CLUSTER_LOGS,
    ...props,
  });
  NagSuppressions.addResourceSuppressions(cluster, [{
    id: 'AwsSolutions-IAM4',
    reason: 'The EKS cluster role and the node role need the AWS managed EKS policies that the EKS User Guide prescribes; AWS maintains them as the service changes.',
  }], true);
  return cluster;
}
