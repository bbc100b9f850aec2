import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { EksctlConfig } from '../../lib';
import { clusterConfig, errorOf, givenShop, oneAddon, oneAssociation } from './eksctl-util';

// What eksctl would create from the same file (pkg/actions/addon/create.go,
// pkg/apis/eksctl.io/v1alpha5/addon.go), and the warnings where this library does otherwise.

const ROLE = 'arn:aws:iam::111122223333:role/my-app';

function applied(text: string): { stack: Stack; template: Template } {
  const { stack, cluster } = givenShop();
  EksctlConfig.fromYaml(text).apply(stack, 'Eksctl', { cluster });
  return { stack, template: Template.fromStack(stack) };
}

function warningsOf(stack: Stack, id: string): string[] {
  return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(`\\[ack: cdk-eks-pod-identity:${id}\\]`))
    .map(warning => String(warning.entry.data));
}

describe('add-on associations as eksctl creates them', () => {
  test('podIdentityAssociations: [] with autoApplyPodIdentityAssociations gets the recommended associations', () => {
    const { template } = applied(clusterConfig('addonsConfig: { autoApplyPodIdentityAssociations: true }',
      'addons:', '  - name: vpc-cni', '    podIdentityAssociations: []'));
    template.hasResourceProperties('AWS::EKS::Addon', {
      AddonName: 'vpc-cni',
      PodIdentityAssociations: [Match.objectLike({ ServiceAccount: 'aws-node' })],
    });
  });

  test('podIdentityAssociations: [] with useDefaultPodIdentityAssociations gets the recommended associations', () => {
    const { template } = applied(oneAddon('vpc-cni', 'useDefaultPodIdentityAssociations: true', 'podIdentityAssociations: []'));
    template.hasResourceProperties('AWS::EKS::Addon', {
      AddonName: 'vpc-cni',
      PodIdentityAssociations: [Match.objectLike({ ServiceAccount: 'aws-node' })],
    });
  });

  test('podIdentityAssociations: [] alone gives no association', () => {
    const { template } = applied(oneAddon('vpc-cni', 'podIdentityAssociations: []'));
    template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'vpc-cni', PodIdentityAssociations: Match.absent() });
    template.resourceCountIs('AWS::IAM::Role', 0);
  });

  test('the agent add-on is recognised in any case: the associations wait for it, and it gets no association', () => {
    const { stack, template } = applied(clusterConfig('addonsConfig: { autoApplyPodIdentityAssociations: true }',
      'addons:', '  - name: EKS-Pod-Identity-Agent',
      'iam:', '  podIdentityAssociations:', `    - { namespace: default, serviceAccountName: my-app, roleARN: "${ROLE}" }`));
    const agent = Object.keys(template.findResources('AWS::EKS::Addon', { Properties: { AddonName: 'EKS-Pod-Identity-Agent' } }));
    expect(agent).toHaveLength(1);
    template.hasResource('AWS::EKS::PodIdentityAssociation', { DependsOn: Match.arrayWith(agent) });
    template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'EKS-Pod-Identity-Agent', PodIdentityAssociations: Match.absent() });
    expect(warningsOf(stack, 'addon-permissions-unknown')).toEqual([]);
  });

  test('a target role in the account of roleARN goes to the association', () => {
    const { template } = applied(oneAssociation(`roleARN: ${ROLE}`, 'targetRoleARN: arn:aws:iam::111122223333:role/other'));
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      RoleArn: ROLE,
      TargetRoleArn: 'arn:aws:iam::111122223333:role/other',
    });
  });

  test('wellKnownPolicies on an add-on association give its new role eksctl\'s policies, as eksctl does', () => {
    const { template } = applied(oneAddon('aws-ebs-csi-driver', 'podIdentityAssociations:', '  - serviceAccountName: ebs-csi-controller-sa',
      '    namespace: kube-system', '    wellKnownPolicies: { ebsCSIController: true }'));
    template.hasResourceProperties('AWS::IAM::Role', {
      Policies: [Match.objectLike({ PolicyName: 'PolicyEBSCSIController' })],
    });
    template.hasResourceProperties('AWS::EKS::Addon', {
      AddonName: 'aws-ebs-csi-driver',
      PodIdentityAssociations: [Match.objectLike({ ServiceAccount: 'ebs-csi-controller-sa' })],
    });
  });

  test('tags on an add-on association tag its new role, as eksctl tags the role\'s stack', () => {
    const { stack, template } = applied(oneAddon('aws-ebs-csi-driver', 'podIdentityAssociations:', '  - serviceAccountName: ebs-csi-controller-sa',
      '    namespace: kube-system', '    permissionPolicyARNs: [arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy]', '    tags: { team: storage }'));
    template.hasResourceProperties('AWS::IAM::Role', { Tags: Match.arrayWith([{ Key: 'team', Value: 'storage' }]) });
    expect(warningsOf(stack, 'eksctl-setting-unused')).toEqual([]);
  });

  test('tags on an add-on association with roleARN tag nothing, in eksctl either: a warning says so', () => {
    const { stack, template } = applied(oneAddon('aws-ebs-csi-driver', 'podIdentityAssociations:', '  - serviceAccountName: ebs-csi-controller-sa',
      '    namespace: kube-system', `    roleARN: ${ROLE}`, '    tags: { team: storage }'));
    template.resourceCountIs('AWS::IAM::Role', 0);
    expect(warningsOf(stack, 'eksctl-setting-unused')).toEqual([
      'addons[0].podIdentityAssociations[0].tags (line 12) is not used: eksctl tags only the role it creates for an add-on\'s association, roleARN names an existing role, and an add-on\'s associations have no tags of their own (AWS::EKS::Addon PodIdentityAssociations), in eksctl either. Tag the role where it is defined, or remove tags [ack: cdk-eks-pod-identity:eksctl-setting-unused]',
    ]);
  });

  const BOUNDARY = 'permissionsBoundary: arn:aws:iam::111122223333:policy/boundary';
  const UNUSED_BOUNDARY = 'addons[0].permissionsBoundary (line 8) is not used: eksctl puts an add-on\'s permissionsBoundary only on an IRSA role that it creates for the add-on, the add-on has no attachPolicyARNs, attachPolicy or wellKnownPolicies for this library to make a role of, and the roles of its pod identity associations do not take it, in eksctl either. Set permissionsBoundaryARN on the add-on\'s podIdentityAssociations to bound their roles, or remove permissionsBoundary [ack: cdk-eks-pod-identity:eksctl-setting-unused]';

  test('an add-on\'s permissionsBoundary with podIdentityAssociations is accepted, as eksctl does not count it as IRSA, with a warning that it is unused', () => {
    const { stack, template } = applied(oneAddon('aws-ebs-csi-driver', BOUNDARY, 'podIdentityAssociations:', '  - serviceAccountName: ebs-csi-controller-sa',
      '    namespace: kube-system', '    permissionPolicyARNs: [arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy]'));
    template.hasResourceProperties('AWS::IAM::Role', { PermissionsBoundary: Match.absent() });
    expect(warningsOf(stack, 'eksctl-setting-unused')).toEqual([UNUSED_BOUNDARY]);
  });

  test.each([
    ['alone', []],
    ['with useDefaultPodIdentityAssociations', ['useDefaultPodIdentityAssociations: true']],
  ])('an add-on\'s permissionsBoundary %s is accepted with a warning that it is unused', (_, fields) => {
    const { stack } = applied(oneAddon('aws-ebs-csi-driver', BOUNDARY, ...fields));
    expect(warningsOf(stack, 'eksctl-setting-unused')).toEqual([UNUSED_BOUNDARY]);
  });

  test('the control plane component sections make no resource', () => {
    const { template } = applied(clusterConfig('kubeAPIServerConfig: { eventTTL: 30m }', 'kubeSchedulerConfig: {}',
      'kubeControllerManagerConfig: { podGCControllerConfig: { terminatedPodGCThreshold: 12000 } }'));
    expect(template.toJSON().Resources ?? {}).toEqual({});
  });
});

describe('add-on versions', () => {
  test.each(['1.7.5', 'v1.7.5'])('%s, a release without its build, is accepted and leaves the version to EKS, with a warning: no build is guessed', (version) => {
    const { stack, template } = applied(oneAddon('coredns', `version: ${version}`));
    template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'coredns', AddonVersion: Match.absent() });
    expect(warningsOf(stack, 'eksctl-addon-version')).toEqual([
      `addons[0] 'coredns' has version '${version}', a release without its EKS build, which eksctl resolves through the EKS API to the newest build of that release that EKS offers for the cluster's Kubernetes version; this library makes no API calls at synth and does not guess a build, which might not exist, so the add-on has no AddonVersion and EKS installs its default version for the cluster, which may be another release. Write the full version, such as 'v1.7.5-eksbuild.<N>' as \`aws eks describe-addon-versions --addon-name coredns --kubernetes-version <version>\` lists it, to install that release [ack: cdk-eks-pod-identity:eksctl-addon-version]`,
    ]);
  });

  test('a release without its build still chooses the recommended service accounts of that release for migrateIrsa', () => {
    // aws-network-flow-monitoring-agent has its recommended service account from v1.0.1-eksbuild.1 only.
    const { stack, cluster } = givenShop();
    const config = EksctlConfig.fromYaml(oneAddon('aws-network-flow-monitoring-agent', 'version: 1.0.0', `serviceAccountRoleARN: ${ROLE}`));
    expect(errorOf(() => config.apply(stack, 'Eksctl', { cluster, migrateIrsa: true }))).toBe(
      '[cdk-eks-pod-identity:eksctl-irsa-addon-service-account] Stack/Eksctl: the IRSA settings of addons[0] (line 7) \'aws-network-flow-monitoring-agent\' cannot become a pod identity association: this library\'s table of add-ons lists no service account for it, and without the EKS and IAM APIs this library cannot tell which one the IRSA role serves. Replace the IRSA settings with podIdentityAssociations naming the service account (namespace, serviceAccountName, and roleARN or permissionPolicyARNs)',
    );
  });

  test.each(['1.7', 'v1.7.5-eksbuild', '1.11.4-eksbuild'])('a part of a version (%s), which eksctl matches, leaves the version to EKS with a warning', (version) => {
    const { stack, template } = applied(oneAddon('coredns', `version: "${version}"`));
    template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'coredns', AddonVersion: Match.absent() });
    expect(warningsOf(stack, 'eksctl-addon-version')).toEqual([
      `addons[0] 'coredns' has version '${version}', which eksctl resolves through the EKS API to the newest version that contains it; this library makes no API calls at synth, so the add-on has no AddonVersion and EKS installs its default version for the cluster, which may not contain '${version}'. Write the full version (aws eks describe-addon-versions lists them) to choose it [ack: cdk-eks-pod-identity:eksctl-addon-version]`,
    ]);
  });

  test('a full EKS version without its v is used with it', () => {
    const { stack, template } = applied(oneAddon('coredns', 'version: 1.11.4-eksbuild.2'));
    template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'coredns', AddonVersion: 'v1.11.4-eksbuild.2' });
    expect(warningsOf(stack, 'eksctl-addon-version')).toEqual([]);
  });

  test('LATEST in any case is latest', () => {
    const { template } = applied(oneAddon('coredns', 'version: Latest'));
    template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'coredns', AddonVersion: Match.absent() });
  });

  test('a full EKS version is used as written, without warning', () => {
    const { stack, template } = applied(oneAddon('coredns', 'version: v1.11.4-eksbuild.2'));
    template.hasResourceProperties('AWS::EKS::Addon', { AddonVersion: 'v1.11.4-eksbuild.2' });
    expect(warningsOf(stack, 'eksctl-addon-version')).toEqual([]);
  });

  test('no version leaves the version to EKS without a warning: eksctl installs EKS\'s default version too', () => {
    const { stack, template } = applied(clusterConfig('addons:', '  - name: coredns', '  - name: kube-proxy'));
    template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'coredns', AddonVersion: Match.absent() });
    template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'kube-proxy', AddonVersion: Match.absent() });
    expect(warningsOf(stack, 'eksctl-addon-version')).toEqual([]);
  });

  test('latest leaves the version to EKS, with one warning that names the add-ons with latest only', () => {
    const { stack, template } = applied(clusterConfig('addons:', '  - name: coredns', '  - { name: kube-proxy, version: latest }',
      '  - { name: vpc-cni, version: LATEST }'));
    template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'kube-proxy', AddonVersion: Match.absent() });
    expect(warningsOf(stack, 'eksctl-addon-version')).toEqual([
      'addons[1] \'kube-proxy\', addons[2] \'vpc-cni\' have version \'latest\', for which eksctl installs the newest version that EKS offers for the cluster, looked up through the EKS API; this library makes no API calls at synth, so no AddonVersion is set and EKS installs its default version, which may be older. Set version to the full version you want, e.g. \'v1.2.3-eksbuild.1\' (aws eks describe-addon-versions lists them), or remove it to take EKS\'s default version, as eksctl does then [ack: cdk-eks-pod-identity:eksctl-addon-version]',
    ]);
  });

  test('one add-on with latest is named alone', () => {
    const { stack } = applied(oneAddon('coredns', 'version: latest'));
    expect(warningsOf(stack, 'eksctl-addon-version')).toEqual([
      'addons[0] \'coredns\' has version \'latest\', for which eksctl installs the newest version that EKS offers for the cluster, looked up through the EKS API; this library makes no API calls at synth, so no AddonVersion is set and EKS installs its default version, which may be older. Set version to the full version you want, e.g. \'v1.2.3-eksbuild.1\' (aws eks describe-addon-versions lists them), or remove it to take EKS\'s default version, as eksctl does then [ack: cdk-eks-pod-identity:eksctl-addon-version]',
    ]);
  });
});

describe('warnings where this library does otherwise than eksctl', () => {
  const SCOPED_TRUST = 'The roles created from the eksctl config, for its associations and for the recommended associations of its add-ons, trust only their own cluster, namespace and service account (or, with disableSessionTags, the pods of this account), where eksctl\'s roles trust pods.eks.amazonaws.com without conditions; an association elsewhere, such as in another cluster, cannot use them. To share a role, create it once and give its roleARN [ack: cdk-eks-pod-identity:eksctl-scoped-trust]';

  test('the roles created trust only their service account, where eksctl\'s trust any pod', () => {
    const { stack } = applied(oneAssociation('permissionPolicyARNs: [arn:aws:iam::111122223333:policy/base]'));
    expect(warningsOf(stack, 'eksctl-scoped-trust')).toEqual([SCOPED_TRUST]);
  });

  test.each([
    ['useDefaultPodIdentityAssociations', oneAddon('vpc-cni', 'useDefaultPodIdentityAssociations: true')],
    ['autoApplyPodIdentityAssociations', clusterConfig('addonsConfig: { autoApplyPodIdentityAssociations: true }', 'addons:', '  - name: vpc-cni')],
  ])('the recommended roles of %s are scoped too, where eksctl\'s trust any pod: the warning counts them', (_, text) => {
    const { stack, template } = applied(text);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Condition: Match.anyValue() })]) },
    });
    expect(warningsOf(stack, 'eksctl-scoped-trust')).toEqual([SCOPED_TRUST]);
  });

  test('no warning about trust when no role is created', () => {
    const { stack } = applied(oneAssociation(`roleARN: ${ROLE}`));
    expect(warningsOf(stack, 'eksctl-scoped-trust')).toEqual([]);
  });

  test('with iam.withOIDC, an add-on without settings would get an IRSA role from eksctl', () => {
    const { stack } = applied(clusterConfig('iam: { withOIDC: true }', 'addons:', '  - { name: vpc-cni, version: v1.19.0-eksbuild.1 }',
      '  - { name: coredns, version: v1.11.4-eksbuild.2 }', '  - { name: aws-ebs-csi-driver, version: v1.40.0-eksbuild.1, useDefaultPodIdentityAssociations: true }'));
    expect(warningsOf(stack, 'eksctl-addon-irsa-not-created')).toEqual([
      'addons[0] \'vpc-cni\' has no pod identity or IRSA settings, so with iam.withOIDC eksctl would create an IRSA role with the policies it recommends for the add-on; this library creates no IRSA role, so the add-on gets no AWS permissions from it. Set useDefaultPodIdentityAssociations: true for the recommended pod identity association, or give the add-on podIdentityAssociations [ack: cdk-eks-pod-identity:eksctl-addon-irsa-not-created]',
    ]);
  });

  test('without iam.withOIDC, eksctl creates no IRSA role either: no warning', () => {
    const { stack } = applied(oneAddon('vpc-cni', 'version: v1.19.0-eksbuild.1'));
    expect(warningsOf(stack, 'eksctl-addon-irsa-not-created')).toEqual([]);
  });
});

describe('cluster sections that change what pod identity can do', () => {
  test('outpost: a warning that pod identity is not available on a local cluster on AWS Outposts', () => {
    const { stack } = applied(clusterConfig('outpost:', '  controlPlaneOutpostARN: arn:aws:outposts:eu-west-1:111122223333:outpost/op-1234'));
    expect(warningsOf(stack, 'eksctl-outpost')).toEqual([
      'outpost (line 6) makes the cluster a local cluster on AWS Outposts, where EKS Pod Identity is not available: the associations and add-on associations of this file would give its pods no credentials (eksctl would create them all the same). Use IAM roles for service accounts (IRSA) on that cluster [ack: cdk-eks-pod-identity:eksctl-outpost]',
    ]);
  });

  test('no outpost, no warning', () => {
    const { stack } = applied(clusterConfig('vpc: { cidr: 10.0.0.0/16 }'));
    expect(warningsOf(stack, 'eksctl-outpost')).toEqual([]);
  });

  const KARPENTER = 'karpenter (line 6) is ignored, but eksctl gives Karpenter\'s service account an IRSA role through an iamserviceaccount stack, which eksctl utils migrate-to-pod-identity would migrate to pod identity; this library neither creates nor converts it, so Karpenter keeps IRSA. To move Karpenter to pod identity, add its service account (karpenter in the namespace Karpenter runs in) to iam.podIdentityAssociations with the permissions of its role, then remove the IRSA annotation [ack: cdk-eks-pod-identity:eksctl-karpenter-irsa]';

  test('karpenter with iam.withOIDC: a warning that Karpenter keeps its IRSA role', () => {
    const { stack } = applied(clusterConfig('karpenter: { version: "1.0.0" }', 'iam: { withOIDC: true }'));
    expect(warningsOf(stack, 'eksctl-karpenter-irsa')).toEqual([KARPENTER]);
  });

  test('karpenter with migrateIrsa: the same warning', () => {
    const { stack, cluster } = givenShop();
    EksctlConfig.fromYaml(clusterConfig('karpenter: { version: "1.0.0" }')).apply(stack, 'Eksctl', { cluster, migrateIrsa: true });
    expect(warningsOf(stack, 'eksctl-karpenter-irsa')).toEqual([KARPENTER]);
  });

  test('karpenter without either: no warning', () => {
    const { stack } = applied(clusterConfig('karpenter: { version: "1.0.0" }'));
    expect(warningsOf(stack, 'eksctl-karpenter-irsa')).toEqual([]);
  });
});
