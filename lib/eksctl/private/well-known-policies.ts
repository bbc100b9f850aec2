import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { allow } from '../../private/allow';
import { WellKnownPolicyKey } from './model';

// The policies eksctl gives a pod identity role for each key of `wellKnownPolicies`, as data, so
// that an imported file gets the role eksctl would create. Private to EksctlConfig.

/** What eksctl attaches for one key: AWS managed policies by name, and inline policies by name. */
export interface EksctlWellKnownPolicy {
  readonly managedPolicyNames: string[];
  readonly inlinePolicies: { readonly [policyName: string]: iam.PolicyStatement[] };
}

/** `arn:<partition>:<service>:<rest>`, partition-aware as eksctl's `addARNPartitionPrefix`. */
function partitionArn(rest: string): string {
  return `arn:${Aws.PARTITION}:${rest}`;
}

// Source: eksctl-io/eksctl pkg/cfn/builder/statement.go changeSetStatements @ 16d928869cdd08420794578c21f9b61845b9aa01 (checked 2026-12-01)
const changeSet = (): iam.PolicyStatement[] => [
  allow(['route53:ChangeResourceRecordSets'], [partitionArn('route53:::hostedzone/*')]),
];

// Source: eksctl-io/eksctl pkg/cfn/builder/statement.go autoScalerStatements @ 16d928869cdd08420794578c21f9b61845b9aa01 (checked 2026-12-01)
const autoScaler = (): iam.PolicyStatement[] => [
  allow([
    'autoscaling:DescribeAutoScalingGroups',
    'autoscaling:DescribeAutoScalingInstances',
    'autoscaling:DescribeLaunchConfigurations',
    'autoscaling:DescribeScalingActivities',
    'autoscaling:DescribeTags',
    'ec2:DescribeInstanceTypes',
    'ec2:DescribeLaunchTemplateVersions',
  ], ['*']),
  // No tag condition: eksctl lets the autoscaler resize any Auto Scaling group of the account.
  allow([
    'autoscaling:SetDesiredCapacity',
    'autoscaling:TerminateInstanceInAutoScalingGroup',
    'ec2:DescribeImages',
    'ec2:GetInstanceTypesFromInstanceRequirements',
    'eks:DescribeNodegroup',
  ], ['*']),
];

const ELB_CLUSTER_TAG = 'elbv2.k8s.aws/cluster';
const LOAD_BALANCERS_AND_TARGET_GROUPS = [
  'elasticloadbalancing:*:*:targetgroup/*/*',
  'elasticloadbalancing:*:*:loadbalancer/net/*/*',
  'elasticloadbalancing:*:*:loadbalancer/app/*/*',
].map(partitionArn);
const SECURITY_GROUPS = [partitionArn('ec2:*:*:security-group/*')];

// Source: eksctl-io/eksctl pkg/cfn/builder/statement.go loadBalancerControllerStatements @ 16d928869cdd08420794578c21f9b61845b9aa01 (checked 2026-12-01)
const loadBalancerController = (): iam.PolicyStatement[] => [
  allow(['iam:CreateServiceLinkedRole'], ['*'], { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } }),
  allow([
    'ec2:DescribeAccountAttributes', 'ec2:DescribeAddresses', 'ec2:DescribeAvailabilityZones', 'ec2:DescribeInternetGateways',
    'ec2:DescribeVpcs', 'ec2:DescribeVpcPeeringConnections', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups',
    'ec2:DescribeInstances', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeTags', 'ec2:GetCoipPoolUsage', 'ec2:DescribeCoipPools',
    'elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeLoadBalancerAttributes',
    'elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeListenerCertificates',
    'elasticloadbalancing:DescribeSSLPolicies', 'elasticloadbalancing:DescribeRules', 'elasticloadbalancing:DescribeTargetGroups',
    'elasticloadbalancing:DescribeTargetGroupAttributes', 'elasticloadbalancing:DescribeTargetHealth', 'elasticloadbalancing:DescribeTags',
  ], ['*']),
  allow([
    'cognito-idp:DescribeUserPoolClient', 'acm:ListCertificates', 'acm:DescribeCertificate', 'iam:ListServerCertificates',
    'iam:GetServerCertificate', 'waf-regional:GetWebACL', 'waf-regional:GetWebACLForResource', 'waf-regional:AssociateWebACL',
    'waf-regional:DisassociateWebACL', 'wafv2:GetWebACL', 'wafv2:GetWebACLForResource', 'wafv2:AssociateWebACL',
    'wafv2:DisassociateWebACL', 'shield:GetSubscriptionState', 'shield:DescribeProtection', 'shield:CreateProtection',
    'shield:DeleteProtection',
  ], ['*']),
  allow(['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'], ['*']),
  allow(['ec2:CreateSecurityGroup'], ['*']),
  allow(['ec2:CreateTags'], SECURITY_GROUPS, {
    StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' },
    Null: { [`aws:RequestTag/${ELB_CLUSTER_TAG}`]: 'false' },
  }),
  allow(['ec2:CreateTags', 'ec2:DeleteTags'], SECURITY_GROUPS, {
    Null: { [`aws:RequestTag/${ELB_CLUSTER_TAG}`]: 'true', [`aws:ResourceTag/${ELB_CLUSTER_TAG}`]: 'false' },
  }),
  allow(['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:DeleteSecurityGroup'], ['*'], {
    Null: { [`aws:ResourceTag/${ELB_CLUSTER_TAG}`]: 'false' },
  }),
  allow(['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'], ['*'], {
    Null: { [`aws:RequestTag/${ELB_CLUSTER_TAG}`]: 'false' },
  }),
  allow([
    'elasticloadbalancing:CreateListener', 'elasticloadbalancing:DeleteListener',
    'elasticloadbalancing:CreateRule', 'elasticloadbalancing:DeleteRule',
  ], ['*']),
  allow(['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'], LOAD_BALANCERS_AND_TARGET_GROUPS, {
    Null: { [`aws:RequestTag/${ELB_CLUSTER_TAG}`]: 'true', [`aws:ResourceTag/${ELB_CLUSTER_TAG}`]: 'false' },
  }),
  allow(['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'], [
    'elasticloadbalancing:*:*:listener/net/*/*/*',
    'elasticloadbalancing:*:*:listener/app/*/*/*',
    'elasticloadbalancing:*:*:listener-rule/net/*/*/*',
    'elasticloadbalancing:*:*:listener-rule/app/*/*/*',
  ].map(partitionArn)),
  allow([
    'elasticloadbalancing:ModifyLoadBalancerAttributes', 'elasticloadbalancing:SetIpAddressType',
    'elasticloadbalancing:SetSecurityGroups', 'elasticloadbalancing:SetSubnets', 'elasticloadbalancing:DeleteLoadBalancer',
    'elasticloadbalancing:ModifyTargetGroup', 'elasticloadbalancing:ModifyTargetGroupAttributes',
    'elasticloadbalancing:DeleteTargetGroup',
  ], ['*'], { Null: { [`aws:ResourceTag/${ELB_CLUSTER_TAG}`]: 'false' } }),
  allow(['elasticloadbalancing:AddTags'], LOAD_BALANCERS_AND_TARGET_GROUPS, {
    StringEquals: { 'elasticloadbalancing:CreateAction': ['CreateTargetGroup', 'CreateLoadBalancer'] },
    Null: { [`aws:RequestTag/${ELB_CLUSTER_TAG}`]: 'false' },
  }),
  allow(['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
    [partitionArn('elasticloadbalancing:*:*:targetgroup/*/*')]),
  allow([
    'elasticloadbalancing:SetWebAcl', 'elasticloadbalancing:ModifyListener', 'elasticloadbalancing:AddListenerCertificates',
    'elasticloadbalancing:RemoveListenerCertificates', 'elasticloadbalancing:ModifyRule',
  ], ['*']),
];

// Source: eksctl-io/eksctl pkg/cfn/builder/statement.go externalDNSHostedZonesStatements @ 16d928869cdd08420794578c21f9b61845b9aa01 (checked 2026-12-01)
const externalDnsHostedZones = (): iam.PolicyStatement[] => [
  allow(['route53:ListHostedZones', 'route53:ListResourceRecordSets', 'route53:ListTagsForResource'], ['*']),
];

// Source: eksctl-io/eksctl pkg/cfn/builder/statement.go certManagerGetChangeStatements, certManagerHostedZonesStatements @ 16d928869cdd08420794578c21f9b61845b9aa01 (checked 2026-12-01)
const certManagerGetChange = (): iam.PolicyStatement[] => [allow(['route53:GetChange'], [partitionArn('route53:::change/*')])];
const certManagerHostedZones = (): iam.PolicyStatement[] => [
  allow(['route53:ListResourceRecordSets', 'route53:ListHostedZonesByName'], ['*']),
];

const VOLUMES_AND_SNAPSHOTS = ['ec2:*:*:volume/*', 'ec2:*:*:snapshot/*'].map(partitionArn);

// Source: eksctl-io/eksctl pkg/cfn/builder/statement.go ebsStatements @ 16d928869cdd08420794578c21f9b61845b9aa01 (checked 2026-12-01)
const ebsCsiController = (): iam.PolicyStatement[] => [
  allow([
    'ec2:CreateSnapshot', 'ec2:AttachVolume', 'ec2:DetachVolume', 'ec2:ModifyVolume', 'ec2:DescribeAvailabilityZones',
    'ec2:DescribeInstances', 'ec2:DescribeSnapshots', 'ec2:DescribeTags', 'ec2:DescribeVolumes', 'ec2:DescribeVolumesModifications',
  ], ['*']),
  allow(['ec2:CreateTags'], VOLUMES_AND_SNAPSHOTS, { StringEquals: { 'ec2:CreateAction': ['CreateVolume', 'CreateSnapshot'] } }),
  allow(['ec2:DeleteTags'], VOLUMES_AND_SNAPSHOTS),
  allow(['ec2:CreateVolume'], ['*'], { StringLike: { 'aws:RequestTag/ebs.csi.aws.com/cluster': 'true' } }),
  allow(['ec2:CreateVolume'], ['*'], { StringLike: { 'aws:RequestTag/CSIVolumeName': '*' } }),
  allow(['ec2:DeleteVolume'], ['*'], { StringLike: { 'ec2:ResourceTag/ebs.csi.aws.com/cluster': 'true' } }),
  allow(['ec2:DeleteVolume'], ['*'], { StringLike: { 'ec2:ResourceTag/CSIVolumeName': '*' } }),
  allow(['ec2:DeleteVolume'], ['*'], { StringLike: { 'ec2:ResourceTag/kubernetes.io/created-for/pvc/name': '*' } }),
  allow(['ec2:DeleteSnapshot'], ['*'], { StringLike: { 'ec2:ResourceTag/CSIVolumeSnapshotName': '*' } }),
  allow(['ec2:DeleteSnapshot'], ['*'], { StringLike: { 'ec2:ResourceTag/ebs.csi.aws.com/cluster': 'true' } }),
];

// Source: eksctl-io/eksctl pkg/cfn/builder/statement.go efsCSIControllerStatements @ 16d928869cdd08420794578c21f9b61845b9aa01 (checked 2026-12-01)
const efsCsiController = (): iam.PolicyStatement[] => [
  allow(['elasticfilesystem:DescribeAccessPoints', 'elasticfilesystem:DescribeFileSystems'], ['*']),
  allow(['elasticfilesystem:CreateAccessPoint'], ['*'], { StringLike: { 'aws:RequestTag/efs.csi.aws.com/cluster': 'true' } }),
  allow(['elasticfilesystem:TagResource'], ['*'], { StringLike: { 'aws:RequestTag/efs.csi.aws.com/cluster': 'true' } }),
  allow(['elasticfilesystem:DeleteAccessPoint'], ['*'], { StringLike: { 'aws:ResourceTag/efs.csi.aws.com/cluster': 'true' } }),
];

/**
 * What eksctl attaches for each key, with eksctl's inline policy names. The managed policy ARN is
 * partition-aware, as eksctl's `makePolicyARN` (pkg/cfn/builder/partition.go).
 */
// Source: eksctl-io/eksctl pkg/cfn/builder/iam_helper.go createWellKnownPolicies @ main as indexed (file id 6232251296; commit not shown) (checked 2026-12-01)
// Source: eksctl-io/eksctl pkg/cfn/builder/iam.go IAMRoleResourceSet.AddAllResources (well-known managed and custom policies of a pod identity role) @ main as indexed (file id 6243763194; commit not shown) (checked 2026-12-01)
const EKSCTL_WELL_KNOWN: { readonly [key in WellKnownPolicyKey]: () => EksctlWellKnownPolicy } = {
  imageBuilder: () => ({ managedPolicyNames: ['AmazonEC2ContainerRegistryPowerUser'], inlinePolicies: {} }),
  autoScaler: () => ({ managedPolicyNames: [], inlinePolicies: { PolicyAutoScaling: autoScaler() } }),
  awsLoadBalancerController: () => ({
    managedPolicyNames: [],
    inlinePolicies: { PolicyAWSLoadBalancerController: loadBalancerController() },
  }),
  externalDNS: () => ({
    managedPolicyNames: [],
    inlinePolicies: { PolicyExternalDNSChangeSet: changeSet(), PolicyExternalDNSHostedZones: externalDnsHostedZones() },
  }),
  certManager: () => ({
    managedPolicyNames: [],
    inlinePolicies: {
      PolicyCertManagerChangeSet: changeSet(),
      PolicyCertManagerGetChange: certManagerGetChange(),
      PolicyCertManagerHostedZones: certManagerHostedZones(),
    },
  }),
  ebsCSIController: () => ({ managedPolicyNames: [], inlinePolicies: { PolicyEBSCSIController: ebsCsiController() } }),
  efsCSIController: () => ({ managedPolicyNames: [], inlinePolicies: { PolicyEFSCSIController: efsCsiController() } }),
};

/**
 * The name of the inline policy made from `permissionPolicy` (or an IRSA `attachPolicy`) without
 * `permissionPolicyName`: the name of eksctl's CloudFormation resource. eksctl's IAM name adds its
 * stack's name in front (`<stack>-Policy1`).
 */
// Source: eksctl-io/eksctl pkg/cfn/builder/iam.go IAMRoleResourceSet.AddAllResources (AttachPolicy("Policy1", ...)) @ main as indexed (file id 6243763194; commit not shown) (checked 2026-12-01)
// Source: eksctl-io/eksctl pkg/cfn/builder/iam_test.go ("Policy1", PolicyName { "Fn::Sub": "${AWS::StackName}-Policy1" }) @ 78e6a945a0558aa4ceaffb16e95de7363aa3212f (checked 2026-12-01)
export const DEFAULT_PERMISSION_POLICY_NAME = 'Policy1';

/** The keys eksctl accepts in `wellKnownPolicies`, in the order of eksctl's `WellKnownPolicies` type. */
export const WELL_KNOWN_POLICY_KEYS = Object.keys(EKSCTL_WELL_KNOWN) as WellKnownPolicyKey[];

/** The policies eksctl attaches to a pod identity role for `key`. */
export function eksctlWellKnownPolicy(key: WellKnownPolicyKey): EksctlWellKnownPolicy {
  return EKSCTL_WELL_KNOWN[key]();
}

/** The names of the inline policies eksctl makes for `key`, without rendering them. */
export function eksctlInlinePolicyNames(key: WellKnownPolicyKey): string[] {
  return Object.keys(EKSCTL_WELL_KNOWN[key]().inlinePolicies);
}
