import { Stack } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as aps from 'aws-cdk-lib/aws-aps';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { WellKnownPolicy } from '../../lib';

// Every factory with every option that adds statements, so the catalogue tests see all of them.
export const CATALOGUE: { [factory: string]: (stack: Stack) => WellKnownPolicy } = {
  awsLoadBalancerController: () => WellKnownPolicy.awsLoadBalancerController({ clusterName: 'my-cluster' }),
  awsLoadBalancerControllerTargetGroupBinding: stack => WellKnownPolicy.awsLoadBalancerControllerTargetGroupBinding({
    targetGroupArns: [`arn:${stack.partition}:elasticloadbalancing:${stack.region}:${stack.account}:targetgroup/web/0123456789abcdef`],
    securityGroupRulesVpc: vpc(stack),
  }),
  clusterAutoscaler: () => WellKnownPolicy.clusterAutoscaler({ clusterNames: ['blue', 'green'] }),
  externalDns: stack => WellKnownPolicy.externalDns({ hostedZones: [zone(stack)] }),
  certManager: stack => WellKnownPolicy.certManager({ hostedZones: [zone(stack)] }),
  ebsCsiDriver: stack => WellKnownPolicy.ebsCsiDriver({ kmsKeys: [key(stack)] }),
  efsCsiDriver: () => WellKnownPolicy.efsCsiDriver(),
  fsxLustreCsiDriver: stack => WellKnownPolicy.fsxLustreCsiDriver({ dataRepositoryBuckets: [bucket(stack)] }),
  mountpointS3CsiDriver: stack => WellKnownPolicy.mountpointS3CsiDriver({ buckets: [bucket(stack)], prefixes: ['data/'], kmsKeys: [key(stack)] }),
  externalSecrets: stack => WellKnownPolicy.externalSecrets({
    ssmParameters: [ssm.StringParameter.fromStringParameterName(stack, 'Parameter', 'app-config')],
    secrets: [secretsmanager.Secret.fromSecretNameV2(stack, 'Secret', 'app/db')],
    kmsKeys: [key(stack)],
    allowPushSecrets: true,
  }),
  velero: stack => WellKnownPolicy.velero({ bucket: bucket(stack), prefix: 'cluster-a', kmsKeys: [key(stack)] }),
  amazonManagedPrometheus: stack => WellKnownPolicy.amazonManagedPrometheus({ workspaces: [new aps.CfnWorkspace(stack, 'Workspace')] }),
  cloudWatchObservability: () => WellKnownPolicy.cloudWatchObservability(),
  vpcCni: stack => WellKnownPolicy.vpcCni({ clusterName: 'my-cluster', vpc: vpc(stack) }),
  nodeTerminationHandler: stack => WellKnownPolicy.nodeTerminationHandler({ queues: [new sqs.Queue(stack, 'Queue')] }),
  privateCaIssuer: stack => WellKnownPolicy.privateCaIssuer({ certificateAuthorities: [ca(stack)] }),
  appMeshController: () => WellKnownPolicy.appMeshController(),
  appMeshEnvoyProxy: stack => WellKnownPolicy.appMeshEnvoyProxy({
    certificates: [acm.Certificate.fromCertificateArn(stack, 'Certificate',
      `arn:${stack.partition}:acm:${stack.region}:${stack.account}:certificate/11111111-2222-3333-4444-555555555555`)],
    certificateAuthorities: [ca(stack)],
  }),
  gatewayApiController: () => WellKnownPolicy.gatewayApiController(),
  karpenter: stack => WellKnownPolicy.karpenter({
    clusterName: 'my-cluster',
    nodeRole: new iam.Role(stack, 'NodeRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') }),
    interruptionQueue: new sqs.Queue(stack, 'Interruptions'),
    zonalShift: true,
  }),
  imageBuilder: stack => WellKnownPolicy.imageBuilder({ repositories: [new ecr.Repository(stack, 'Repository')] }),
};

function vpc(stack: Stack) {
  return (stack.node.tryFindChild('Vpc') as ec2.IVpc | undefined)
    ?? ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['eu-west-1a'] });
}
function zone(stack: Stack) {
  return route53.HostedZone.fromHostedZoneId(stack, 'Zone', 'Z0123456789');
}
function key(stack: Stack) {
  return (stack.node.tryFindChild('Key') as kms.IKey | undefined) ?? new kms.Key(stack, 'Key');
}
function bucket(stack: Stack) {
  return new s3.Bucket(stack, 'Bucket');
}
function ca(stack: Stack) {
  return (stack.node.tryFindChild('Ca') as acmpca.ICertificateAuthority | undefined)
    ?? acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'Ca',
      `arn:${stack.partition}:acm-pca:${stack.region}:${stack.account}:certificate-authority/11111111-2222-3333-4444-555555555555`);
}
