import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
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
import { actionsOf, givenRole, plain, policyStatements } from './helpers';

// Every factory with every option that adds statements, so the checks below see all of them.
const CATALOGUE: { [factory: string]: (stack: Stack) => WellKnownPolicy } = {
  awsLoadBalancerController: () => WellKnownPolicy.awsLoadBalancerController({ clusterName: 'my-cluster' }),
  awsLoadBalancerControllerTargetGroupBinding: stack => WellKnownPolicy.awsLoadBalancerControllerTargetGroupBinding({
    targetGroupArns: [`arn:${stack.partition}:elasticloadbalancing:${stack.region}:${stack.account}:targetgroup/web/0123456789abcdef`],
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
  vpcCni: stack => WellKnownPolicy.vpcCni({
    clusterName: 'my-cluster',
    vpc: ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['eu-west-1a'] }),
  }),
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
  }),
  imageBuilder: stack => WellKnownPolicy.imageBuilder({ repositories: [new ecr.Repository(stack, 'Repository')] }),
};

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

/** Attaches the entry to a role and returns the stack, the policy and the role's statements. */
function attach(factory: string) {
  const { stack, role } = givenRole();
  const policy = CATALOGUE[factory](stack);
  policy.attachTo(role).assertSuccess();
  return { stack, policy, statements: policyStatements(stack) };
}

/** The id of the entry, built in a fresh stack. */
function nameOf(factory: string): string {
  return CATALOGUE[factory](givenRole().stack).name;
}

const FACTORIES = Object.keys(CATALOGUE);

describe('the WellKnownPolicy catalogue', () => {
  test('every static factory of WellKnownPolicy is in this table', () => {
    const factories = Object.getOwnPropertyNames(WellKnownPolicy)
      .filter(name => typeof (WellKnownPolicy as any)[name] === 'function');

    expect(factories.sort()).toEqual([...FACTORIES].sort());
  });

  test('manifest: the exact ids of the catalogue', () => {
    expect(FACTORIES.map(nameOf)).toEqual([
      'aws-load-balancer-controller',
      'aws-load-balancer-controller-target-group-binding',
      'cluster-autoscaler',
      'external-dns',
      'cert-manager',
      'ebs-csi-driver',
      'efs-csi-driver',
      'fsx-lustre-csi-driver',
      'mountpoint-s3-csi-driver',
      'external-secrets',
      'velero',
      'amazon-managed-prometheus',
      'cloudwatch-observability',
      'vpc-cni',
      'node-termination-handler',
      'private-ca-issuer',
      'app-mesh-controller',
      'app-mesh-envoy-proxy',
      'gateway-api-controller',
      'karpenter',
      'image-builder',
    ]);
  });

  test.each(FACTORIES)('%s grants no wildcard action', (factory) => {
    const actions = actionsOf(attach(factory).statements);

    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter(action => action === '*' || action.endsWith(':*'))).toEqual([]);
    // Stricter than the rule: no action family such as kms:ReEncrypt* either.
    expect(actions.filter(action => action.includes('*'))).toEqual([]);
    expect(actions.filter(action => !/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(action))).toEqual([]);
  });

  test.each(FACTORIES)('%s writes no literal partition', (factory) => {
    const { stack } = attach(factory);

    expect(JSON.stringify(Template.fromStack(stack).toJSON())).not.toMatch(/arn:aws[a-z-]*:/);
  });

  test.each(FACTORIES)('%s only allows, and names resources in every statement', (factory) => {
    for (const statement of attach(factory).statements) {
      expect(statement.Effect).toBe('Allow');
      expect(statement.Resource).toBeDefined();
      expect(statement).not.toHaveProperty('NotAction');
      expect(statement).not.toHaveProperty('NotResource');
    }
  });

  test.each(FACTORIES)('%s fits in one managed policy (6,144 characters)', (factory) => {
    const { stack, policy } = attach(factory);
    const document = plain(stack.resolve(policy.toPolicyDocument(stack).toJSON()));
    const size = JSON.stringify(document)
      .replace(/\$\{AWS::Partition\}/g, 'aws')
      .replace(/\$\{AWS::Region\}/g, 'ap-southeast-2')
      .replace(/\$\{AWS::AccountId\}/g, '111111111111').length;

    expect(size).toBeLessThan(6144);
  });

  test('the ids are unique kebab-case names', () => {
    const names = FACTORIES.map(nameOf);

    expect(new Set(names).size).toBe(names.length);
    expect(names.filter(name => !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name))).toEqual([]);
  });
});
