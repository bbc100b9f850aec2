import { Fn, Lazy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { VpcCniIpFamily, WellKnownPolicy } from '../../lib';
import { givenRole } from './helpers';

const P = '[cdk-eks-pod-identity:';
const AT = '] Stack/Role: ';

function bucket(stack: Stack) {
  return s3.Bucket.fromBucketName(stack, 'Bucket', 'data');
}
function vpc(stack: Stack) {
  return ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['eu-west-1a'] });
}
function nodeRole(stack: Stack) {
  return iam.Role.fromRoleName(stack, 'NodeRole', 'KarpenterNodeRole');
}
/** The message of the error `fn` throws. */
function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

const TOKEN = Lazy.string({ produce: () => 'my-cluster' });

const CASES: [string, (stack: Stack) => WellKnownPolicy, string][] = [
  ['cluster-autoscaler without cluster names',
    () => WellKnownPolicy.clusterAutoscaler({ clusterNames: [] }),
    `${P}policy-no-cluster-names${AT}well-known policy 'cluster-autoscaler' needs at least one cluster name in \`clusterNames\`. Pass the names of the clusters whose Auto Scaling groups the autoscaler manages, e.g. \`clusterNames: ['my-cluster']\``],
  ['cluster-autoscaler with a token for a cluster name',
    () => WellKnownPolicy.clusterAutoscaler({ clusterNames: [TOKEN] }),
    `${P}policy-unresolved-cluster-name${AT}well-known policy 'cluster-autoscaler' needs the cluster name as a literal string, because it becomes part of an IAM condition key, but got a token. Pass the name as written, e.g. 'my-cluster' (give the cluster an explicit \`clusterName\` and repeat it here)`],
  ['cluster-autoscaler with an invalid cluster name',
    () => WellKnownPolicy.clusterAutoscaler({ clusterNames: ['my cluster'] }),
    `${P}invalid-cluster-name${AT}cluster name 'my cluster' is not a valid EKS cluster name (1 to 100 letters, digits, '-' and '_', starting with a letter or digit). Pass the name exactly as the EKS console or \`aws eks list-clusters\` shows it`],
  ['karpenter with a token for the cluster name',
    stack => WellKnownPolicy.karpenter({ clusterName: TOKEN, nodeRole: nodeRole(stack) }),
    `${P}policy-unresolved-cluster-name${AT}well-known policy 'karpenter' needs the cluster name as a literal string, because it becomes part of an IAM condition key, but got a token. Pass the name as written, e.g. 'my-cluster' (give the cluster an explicit \`clusterName\` and repeat it here)`],
  ['karpenter with an empty cluster name',
    stack => WellKnownPolicy.karpenter({ clusterName: '', nodeRole: nodeRole(stack) }),
    `${P}empty-cluster-name${AT}the cluster name is empty. Pass the cluster as an eks.Cluster, a CfnCluster, or CfnCluster.fromClusterName(scope, id, 'my-cluster') with the real name`],
  ['aws-load-balancer-controller with an invalid cluster name',
    () => WellKnownPolicy.awsLoadBalancerController({ clusterName: 'my/cluster' }),
    `${P}invalid-cluster-name${AT}cluster name 'my/cluster' is not a valid EKS cluster name (1 to 100 letters, digits, '-' and '_', starting with a letter or digit). Pass the name exactly as the EKS console or \`aws eks list-clusters\` shows it`],
  ['aws-load-balancer-controller-target-group-binding without target groups',
    () => WellKnownPolicy.awsLoadBalancerControllerTargetGroupBinding({}),
    `${P}policy-no-target-groups${AT}well-known policy 'aws-load-balancer-controller-target-group-binding' needs at least one target group in \`targetGroups\` or \`targetGroupArns\`. Pass the target groups your TargetGroupBinding resources reference, e.g. \`targetGroups: [targetGroup]\``],
  ['external-dns without hosted zones',
    () => WellKnownPolicy.externalDns({}),
    `${P}policy-no-hosted-zones${AT}well-known policy 'external-dns' needs at least one hosted zone in \`hostedZones\` or \`hostedZoneArns\`. Pass the zones ExternalDNS manages, e.g. \`hostedZones: [zone]\``],
  ['cert-manager with empty lists of hosted zones',
    () => WellKnownPolicy.certManager({ hostedZones: [], hostedZoneArns: [] }),
    `${P}policy-no-hosted-zones${AT}well-known policy 'cert-manager' needs at least one hosted zone in \`hostedZones\` or \`hostedZoneArns\`. Pass the zones of the domains cert-manager issues certificates for, e.g. \`hostedZones: [zone]\``],
  ['mountpoint-s3-csi-driver without buckets',
    () => WellKnownPolicy.mountpointS3CsiDriver({ buckets: [] }),
    `${P}policy-no-buckets${AT}well-known policy 'mountpoint-s3-csi-driver' needs at least one bucket in \`buckets\`. Pass the buckets your persistent volumes mount, e.g. \`buckets: [bucket]\``],
  ['mountpoint-s3-csi-driver with a prefix without a trailing slash',
    stack => WellKnownPolicy.mountpointS3CsiDriver({ buckets: [bucket(stack)], prefixes: ['data'] }),
    `${P}policy-invalid-prefix${AT}well-known policy 'mountpoint-s3-csi-driver' got the S3 key prefix 'data', which does not end with '/'. Pass the prefix as the controller is configured with it, e.g. 'data/', or leave it unset for the whole bucket`],
  ['mountpoint-s3-csi-driver with a prefix with a leading slash',
    stack => WellKnownPolicy.mountpointS3CsiDriver({ buckets: [bucket(stack)], prefixes: ['/data/'] }),
    `${P}policy-invalid-prefix${AT}well-known policy 'mountpoint-s3-csi-driver' got the S3 key prefix '/data/', which starts with '/'. Pass the prefix as the controller is configured with it, e.g. 'data/', or leave it unset for the whole bucket`],
  ['velero with a prefix with a trailing slash',
    stack => WellKnownPolicy.velero({ bucket: bucket(stack), prefix: 'cluster-a/' }),
    `${P}policy-invalid-prefix${AT}well-known policy 'velero' got the S3 key prefix 'cluster-a/', which ends with '/'. Pass the prefix as the controller is configured with it, e.g. 'cluster-a', or leave it unset for the whole bucket`],
  ['velero with a wildcard in the prefix',
    stack => WellKnownPolicy.velero({ bucket: bucket(stack), prefix: 'cluster-*' }),
    `${P}policy-invalid-prefix${AT}well-known policy 'velero' got the S3 key prefix 'cluster-*', which contains a wildcard. Pass the prefix as the controller is configured with it, e.g. 'cluster-a', or leave it unset for the whole bucket`],
  ['velero with an empty prefix',
    stack => WellKnownPolicy.velero({ bucket: bucket(stack), prefix: '' }),
    `${P}policy-invalid-prefix${AT}well-known policy 'velero' got the S3 key prefix '', which is empty. Pass the prefix as the controller is configured with it, e.g. 'cluster-a', or leave it unset for the whole bucket`],
  ['external-secrets with only keys',
    stack => WellKnownPolicy.externalSecrets({ kmsKeys: [new kms.Key(stack, 'Key')] }),
    `${P}policy-no-secrets${AT}well-known policy 'external-secrets' needs at least one parameter or secret in \`ssmParameters\`, \`ssmParameterArns\`, \`secrets\` or \`secretArns\`. Pass what your ExternalSecrets read, e.g. \`secrets: [secret]\` or \`ssmParameterArns: ['arn:aws:ssm:eu-west-1:111111111111:parameter/app/*']\``],
  ['amazon-managed-prometheus without workspaces',
    () => WellKnownPolicy.amazonManagedPrometheus({}),
    `${P}policy-no-workspaces${AT}well-known policy 'amazon-managed-prometheus' needs at least one workspace in \`workspaces\` or \`workspaceArns\`. Pass the workspaces the collector writes to, e.g. \`workspaceArns: [workspace.attrArn]\``],
  ['node-termination-handler without queues',
    () => WellKnownPolicy.nodeTerminationHandler({}),
    `${P}policy-no-queues${AT}well-known policy 'node-termination-handler' needs at least one queue in \`queues\` or \`queueArns\`. Pass the queue the handler polls (its \`queueURL\` setting), e.g. \`queues: [queue]\``],
  ['private-ca-issuer without certificate authorities',
    () => WellKnownPolicy.privateCaIssuer({}),
    `${P}policy-no-certificate-authorities${AT}well-known policy 'private-ca-issuer' needs at least one certificate authority in \`certificateAuthorities\` or \`certificateAuthorityArns\`. Pass the CAs your AWSPCAIssuer or AWSPCAClusterIssuer resources name, e.g. \`certificateAuthorities: [ca]\``],
  ['image-builder without repositories',
    () => WellKnownPolicy.imageBuilder({ repositories: [] }),
    `${P}policy-no-repositories${AT}well-known policy 'image-builder' needs at least one repository in \`repositories\` or \`repositoryArns\`. Pass the repositories the builder pushes to, e.g. \`repositories: [repository]\``],
  ['vpc-cni with a cluster name but no VPC',
    () => WellKnownPolicy.vpcCni({ clusterName: 'my-cluster' }),
    `${P}policy-incomplete-vpc-cni-scope${AT}well-known policy 'vpc-cni' got only \`clusterName\`, but scoping the policy to a cluster needs both. Pass both \`clusterName\` and \`vpc\`, or neither`],
  ['vpc-cni with a VPC but no cluster name',
    stack => WellKnownPolicy.vpcCni({ vpc: vpc(stack) }),
    `${P}policy-incomplete-vpc-cni-scope${AT}well-known policy 'vpc-cni' got only \`vpc\`, but scoping the policy to a cluster needs both. Pass both \`clusterName\` and \`vpc\`, or neither`],
  ['vpc-cni scoped to a cluster with IPv6',
    stack => WellKnownPolicy.vpcCni({ ipFamily: VpcCniIpFamily.IPV6, clusterName: 'my-cluster', vpc: vpc(stack) }),
    `${P}policy-vpc-cni-scope-ipv6${AT}well-known policy 'vpc-cni' can only scope the IPv4 policy to a cluster, but \`ipFamily\` is IPV6. Leave \`clusterName\` and \`vpc\` unset for an IPv6 cluster`],
];

describe('WellKnownPolicy validation', () => {
  test.each(CASES)('%s', (_name, build, message) => {
    // GIVEN
    const { stack, role } = givenRole();
    const policy = build(stack);

    // THEN
    expect(messageOf(() => policy.attachTo(role))).toBe(message);
    expect(messageOf(() => policy.statements(role))).toBe(message);
    expect(messageOf(() => policy.toPolicyDocument(role))).toBe(message);
  });

  test('the errors are PodIdentityErrors with the code', () => {
    const { role } = givenRole();

    expect(() => WellKnownPolicy.externalDns({}).attachTo(role)).toThrow(expect.objectContaining({
      name: 'PodIdentityError',
      code: 'policy-no-hosted-zones',
    }));
  });

  test('the factories themselves do not throw: the options are checked when rendered', () => {
    expect(() => WellKnownPolicy.clusterAutoscaler({ clusterNames: [] })).not.toThrow();
  });

  test('tokens pass where a value may be computed', () => {
    const { stack, role } = givenRole();

    expect(() => WellKnownPolicy.awsLoadBalancerController({ clusterName: TOKEN }).attachTo(role)).not.toThrow();
    expect(() => WellKnownPolicy.externalDns({ hostedZoneArns: Fn.split(',', Lazy.string({ produce: () => 'a,b' })) }).attachTo(role)).not.toThrow();
    expect(() => WellKnownPolicy.mountpointS3CsiDriver({ buckets: [bucket(stack)], prefixes: [TOKEN] }).attachTo(role)).not.toThrow();
  });
});
