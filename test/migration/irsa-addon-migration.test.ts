import { Lazy } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as eksv2 from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AgentDeployment, IrsaAddonMigration, IrsaMigrationStep, PodIdentityAddon, PodIdentityAgent } from '../../lib';
import { ISSUER, PROVIDER_ARN, givenCluster, givenV2Cluster, podIdentityStatement, trustOf } from './fixtures';

/** The IRSA role of the EBS CSI driver, trusted by its controller's service account on this cluster. */
function ebsRole(scope: Construct, id = 'EbsRole') {
  return new iam.Role(scope, id, {
    assumedBy: new iam.FederatedPrincipal(PROVIDER_ARN, {
      StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:kube-system:ebs-csi-controller-sa', [`${ISSUER}:aud`]: 'sts.amazonaws.com' },
    }, 'sts:AssumeRoleWithWebIdentity'),
  });
}

/** An app with the EBS CSI driver add-on on IRSA, as a raw CfnAddon. */
function givenIrsaAddon() {
  const given = givenCluster();
  const role = ebsRole(given.stack);
  const addon = new eks.CfnAddon(given.stack, 'Ebs', {
    clusterName: 'my-cluster',
    addonName: 'aws-ebs-csi-driver',
    serviceAccountRoleArn: role.roleArn,
  });
  return { ...given, role, addon };
}

function ebsAddon(template: Template): any {
  return Object.values<any>(template.findResources('AWS::EKS::Addon', { Properties: { AddonName: 'aws-ebs-csi-driver' } }))[0];
}

function agentAddonId(template: Template): string {
  return Object.keys(template.findResources('AWS::EKS::Addon', { Properties: { AddonName: 'eks-pod-identity-agent' } }))[0];
}

describe('IrsaAddonMigration', () => {
  test('step 1 installs the agent and adds the pod identity trust; the add-on keeps IRSA', () => {
    const { stack, cluster, role, addon } = givenIrsaAddon();

    const migration = new IrsaAddonMigration(stack, 'Migrate', { cluster, addon, role, serviceAccount: 'ebs-csi-controller-sa', namespace: 'kube-system' });

    const template = Template.fromStack(stack);
    expect(ebsAddon(template).Properties).toEqual({
      ClusterName: 'my-cluster',
      AddonName: 'aws-ebs-csi-driver',
      ServiceAccountRoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^EbsRole/), 'Arn'] },
    });
    expect(agentAddonId(template)).toBeDefined();
    expect(migration.agent).toBe(PodIdentityAgent.find(stack, cluster));
    expect(trustOf(stack, 'EbsRole').map(s => s.Action)).toEqual(['sts:AssumeRoleWithWebIdentity', ['sts:AssumeRole', 'sts:TagSession']]);
    expect(trustOf(stack, 'EbsRole')[1]).toEqual(podIdentityStatement('kube-system', 'ebs-csi-controller-sa'));
    expect(migration.addonName).toBe('aws-ebs-csi-driver');
  });

  test('step 2 gives the add-on an association with the same role in place of IRSA, once the agent is there', () => {
    const { stack, cluster, role, addon } = givenIrsaAddon();

    new IrsaAddonMigration(stack, 'Migrate', { cluster, addon, role, serviceAccount: 'ebs-csi-controller-sa', namespace: 'kube-system', step: IrsaMigrationStep.REMOVE_IRSA_ANNOTATION });

    const template = Template.fromStack(stack);
    const ebs = ebsAddon(template);
    expect(ebs.Properties).toEqual({
      ClusterName: 'my-cluster',
      AddonName: 'aws-ebs-csi-driver',
      PodIdentityAssociations: [{ ServiceAccount: 'ebs-csi-controller-sa', RoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^EbsRole/), 'Arn'] } }],
    });
    expect(ebs.DependsOn).toEqual([agentAddonId(template)]);
    expect(trustOf(stack, 'EbsRole').map(s => s.Action)).toContain('sts:AssumeRoleWithWebIdentity');
  });

  test('step 2 keeps the add-on\'s other associations', () => {
    const { stack, cluster, role, addon } = givenIrsaAddon();
    addon.podIdentityAssociations = [{ serviceAccount: 'ebs-csi-node-sa', roleArn: 'arn:aws:iam::111111111111:role/node' }];

    new IrsaAddonMigration(stack, 'Migrate', { cluster, addon, role, serviceAccount: 'ebs-csi-controller-sa', namespace: 'kube-system', step: IrsaMigrationStep.REMOVE_IRSA_ANNOTATION });

    expect(ebsAddon(Template.fromStack(stack)).Properties.PodIdentityAssociations.map((a: any) => a.ServiceAccount)).toEqual(['ebs-csi-node-sa', 'ebs-csi-controller-sa']);
  });

  test('step 3 removes the web-identity trust of the add-on\'s service account only', () => {
    const { stack, cluster, role, addon } = givenIrsaAddon();
    role.assumeRolePolicy!.addStatements(new iam.PolicyStatement({
      sid: 'Node',
      actions: ['sts:AssumeRoleWithWebIdentity'],
      principals: [new iam.FederatedPrincipal(PROVIDER_ARN, {})],
      conditions: { StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:kube-system:ebs-csi-node-sa' } },
    }));

    new IrsaAddonMigration(stack, 'Migrate', { cluster, addon, role, serviceAccount: 'ebs-csi-controller-sa', namespace: 'kube-system', step: IrsaMigrationStep.REMOVE_IRSA_TRUST });

    expect(trustOf(stack, 'EbsRole').map(s => s.Sid ?? s.Principal)).toEqual(['Node', { Service: 'pods.eks.amazonaws.com' }]);
    expect(ebsAddon(Template.fromStack(stack)).Properties).not.toHaveProperty('ServiceAccountRoleArn');
  });

  test('uses the agent the app declares', () => {
    const { stack, cluster, role, addon } = givenIrsaAddon();
    new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.none() });

    new IrsaAddonMigration(stack, 'Migrate', { cluster, addon, role, serviceAccount: 'ebs-csi-controller-sa', namespace: 'kube-system', step: IrsaMigrationStep.REMOVE_IRSA_ANNOTATION });

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EKS::Addon', 1);
    expect(ebsAddon(template).DependsOn).toBeUndefined();
  });

  test('reads the namespace of a PodIdentityAddon with a serviceAccountRole', () => {
    const { stack, cluster } = givenCluster();
    const role = ebsRole(stack);
    const addon = new PodIdentityAddon(stack, 'Ebs', { cluster, addonName: 'aws-ebs-csi-driver', serviceAccountRole: role });

    new IrsaAddonMigration(stack, 'Migrate', { cluster, addon, role, serviceAccount: 'ebs-csi-controller-sa', step: IrsaMigrationStep.REMOVE_IRSA_TRUST });

    expect(trustOf(stack, 'EbsRole')).toEqual([podIdentityStatement('kube-system', 'ebs-csi-controller-sa')]);
    expect(ebsAddon(Template.fromStack(stack)).Properties.PodIdentityAssociations).toHaveLength(1);
  });

  test('reads the namespace of an aws-eks-v2 Addon from its namespace config', () => {
    const { stack, cluster } = givenV2Cluster();
    const role = new iam.Role(stack, 'AdotRole', {
      assumedBy: new iam.FederatedPrincipal(PROVIDER_ARN, { StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:observability:adot-col' } }, 'sts:AssumeRoleWithWebIdentity'),
    });
    const addon = new eksv2.Addon(stack, 'Adot', { cluster, addonName: 'adot' });
    const l1 = addon.node.defaultChild as eks.CfnAddon;
    l1.serviceAccountRoleArn = role.roleArn;
    l1.namespaceConfig = { namespace: 'observability' };

    new IrsaAddonMigration(stack, 'Migrate', { cluster, addon, role, serviceAccount: 'adot-col', step: IrsaMigrationStep.REMOVE_IRSA_TRUST });

    expect(trustOf(stack, 'AdotRole')).toEqual([podIdentityStatement('observability', 'adot-col')]);
  });

  describe('the checks PodIdentityAddon runs on its associations', () => {
    /** An app with vpc-cni on IRSA, at `addonVersion`. */
    function givenIrsaVpcCni(addonVersion?: string) {
      const given = givenCluster();
      const role = ebsRole(given.stack, 'CniRole');
      const addon = new eks.CfnAddon(given.stack, 'Cni', { clusterName: 'my-cluster', addonName: 'vpc-cni', addonVersion, serviceAccountRoleArn: role.roleArn });
      return { ...given, role, addon };
    }

    test.each([IrsaMigrationStep.ADD_POD_IDENTITY, IrsaMigrationStep.REMOVE_IRSA_ANNOTATION])('rejects an add-on version without pod identity (step %s)', (step) => {
      const { stack, cluster, role, addon } = givenIrsaVpcCni('v1.15.4-eksbuild.1');

      expect(() => new IrsaAddonMigration(stack, 'Migrate', { cluster, addon, role, serviceAccount: 'aws-node', namespace: 'kube-system', step })).toThrow(
        "[cdk-eks-pod-identity:addon-version-without-pod-identity] Stack/Migrate: add-on 'vpc-cni' supports pod identity associations from version 'v1.15.5-eksbuild.1', but addonVersion is 'v1.15.4-eksbuild.1'. Use version 'v1.15.5-eksbuild.1' or later, or keep the add-on on IRSA and remove this migration",
      );
    });

    test('rejects an add-on version that is not one', () => {
      const { stack, cluster, role, addon } = givenIrsaVpcCni('latest');

      expect(() => new IrsaAddonMigration(stack, 'Migrate', { cluster, addon, role, serviceAccount: 'aws-node', namespace: 'kube-system' })).toThrow(
        "[cdk-eks-pod-identity:addon-invalid-version] Stack/Migrate: addonVersion 'latest' is not an EKS add-on version. Use a version that `aws eks describe-addon-versions --addon-name vpc-cni` lists, like 'v1.2.3-eksbuild.1'",
      );
    });

    test('rejects a service account that the add-on\'s version does not have yet', () => {
      const { stack, cluster } = givenCluster();
      const role = ebsRole(stack, 'NfmRole');
      const addon = new eks.CfnAddon(stack, 'Nfm', { clusterName: 'my-cluster', addonName: 'aws-network-flow-monitoring-agent', addonVersion: 'v1.0.0-eksbuild.1', serviceAccountRoleArn: role.roleArn });

      expect(() => new IrsaAddonMigration(stack, 'Migrate', { cluster, addon, role, serviceAccount: 'aws-network-flow-monitor-agent-service-account', namespace: 'amazon-network-flow-monitor' })).toThrow(
        "[cdk-eks-pod-identity:addon-version-predates-service-account] Stack/Migrate: add-on 'aws-network-flow-monitoring-agent' takes pod identity associations for service account 'aws-network-flow-monitor-agent-service-account' from version 'v1.0.1-eksbuild.1', but addonVersion is 'v1.0.0-eksbuild.1'",
      );
    });

    test('warns about a service account the add-on does not list for pod identity', () => {
      const { stack, cluster, role, addon } = givenIrsaVpcCni('v1.15.5-eksbuild.1');

      new IrsaAddonMigration(stack, 'Migrate', { cluster, addon, role, serviceAccount: 'not-aws-node', namespace: 'kube-system', step: IrsaMigrationStep.REMOVE_IRSA_ANNOTATION });

      Annotations.fromStack(stack).hasWarning('/Stack/Migrate',
        "Service account 'not-aws-node' is not one that add-on 'vpc-cni' takes pod identity associations for, as far as this library's table knows ('aws-node'); "
        + "EKS refuses an association for a service account the add-on's version does not list. Use one of those names (`aws eks describe-addon-configuration --addon-name vpc-cni` lists them), "
        + 'or acknowledge this warning if the version you deploy lists this one [ack: cdk-eks-pod-identity:addon-service-account-not-listed]');
    });

    test('accepts the add-on\'s own service account from its first version with pod identity, or without a version', () => {
      for (const addonVersion of ['v1.15.5-eksbuild.1', undefined]) {
        const { stack, cluster, role, addon } = givenIrsaVpcCni(addonVersion);

        new IrsaAddonMigration(stack, 'Migrate', { cluster, addon, role, serviceAccount: 'aws-node', namespace: 'kube-system', step: IrsaMigrationStep.REMOVE_IRSA_ANNOTATION });

        expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('addon-service-account-not-listed'))).toEqual([]);
      }
    });
  });

  describe('errors', () => {
    test('an add-on not defined in the app', () => {
      const { stack, cluster, role } = givenIrsaAddon();
      const addon = eksv2.Addon.fromAddonArn(stack, 'Imported', 'arn:aws:eks:eu-west-1:111111111111:addon/my-cluster/vpc-cni/abc');
      expect(() => new IrsaAddonMigration(stack, 'Migrate', { cluster, addon, role, serviceAccount: 'aws-node', namespace: 'kube-system' })).toThrow(
        "[cdk-eks-pod-identity:migration-addon-not-editable] Stack/Migrate: add-on 'Stack/Imported' is not defined in this app (no AWS::EKS::Addon resource), so it cannot be changed here. Pass the add-on construct of this app (CfnAddon, Addon or PodIdentityAddon), or migrate it with `eksctl utils migrate-to-pod-identity`",
      );
    });

    test('an add-on without IRSA', () => {
      const { stack, cluster, role } = givenIrsaAddon();
      const addon = new eks.CfnAddon(stack, 'Cni', { clusterName: 'my-cluster', addonName: 'vpc-cni' });
      expect(() => new IrsaAddonMigration(stack, 'Migrate', { cluster, addon, role, serviceAccount: 'aws-node', namespace: 'kube-system' })).toThrow(
        "[cdk-eks-pod-identity:migration-addon-without-irsa] Stack/Migrate: add-on 'Stack/Cni' has no `serviceAccountRoleArn`, so it has no IRSA to migrate from. Pass the add-on that uses the role through IRSA, or remove this migration",
      );
    });

    test('a role that is not the add-on\'s IRSA role', () => {
      const { stack, cluster, addon } = givenIrsaAddon();
      const role = ebsRole(stack, 'OtherRole');
      expect(() => new IrsaAddonMigration(stack, 'Migrate', { cluster, addon, role, serviceAccount: 'ebs-csi-controller-sa', namespace: 'kube-system' })).toThrow(
        "[cdk-eks-pod-identity:migration-addon-other-role] Stack/Migrate: add-on 'Stack/Ebs' uses another role through IRSA than 'Stack/OtherRole'. Pass the role that the add-on's `serviceAccountRoleArn` names",
      );
    });

    test('an unknown namespace', () => {
      const { stack, cluster, role, addon } = givenIrsaAddon();
      expect(() => new IrsaAddonMigration(stack, 'Migrate', { cluster, addon, role, serviceAccount: 'ebs-csi-controller-sa' })).toThrow(
        "[cdk-eks-pod-identity:migration-addon-namespace-unknown] Stack/Migrate: the namespace of add-on 'Stack/Ebs' is not known here, and the web-identity trust to remove names it. Pass `namespace`, e.g. 'kube-system' (`kubectl get serviceaccounts -A` shows it)",
      );
    });

    test('an add-on that already has an association for the service account', () => {
      const { stack, cluster, role, addon } = givenIrsaAddon();
      addon.podIdentityAssociations = [{ serviceAccount: 'ebs-csi-controller-sa', roleArn: 'arn:aws:iam::111111111111:role/other' }];
      expect(() => new IrsaAddonMigration(stack, 'Migrate', { cluster, addon, role, serviceAccount: 'ebs-csi-controller-sa', namespace: 'kube-system', step: IrsaMigrationStep.REMOVE_IRSA_ANNOTATION })).toThrow(
        "[cdk-eks-pod-identity:migration-addon-association-exists] Stack/Migrate: add-on 'Stack/Ebs' already has a pod identity association for service account 'ebs-csi-controller-sa'. Remove that association from the add-on, or remove this migration if the add-on already uses pod identity",
      );
    });

    test('associations given as a token', () => {
      const { stack, cluster, role, addon } = givenIrsaAddon();
      addon.podIdentityAssociations = Lazy.any({ produce: () => [] });
      expect(() => new IrsaAddonMigration(stack, 'Migrate', { cluster, addon, role, serviceAccount: 'ebs-csi-controller-sa', namespace: 'kube-system', step: IrsaMigrationStep.REMOVE_IRSA_ANNOTATION })).toThrow(
        "[cdk-eks-pod-identity:migration-addon-associations-unreadable] Stack/Migrate: the pod identity associations of add-on 'Stack/Ebs' are a token, so one cannot be added at synth time. Give the add-on its `podIdentityAssociations` as a list",
      );
    });

    test('an imported role', () => {
      const { stack, cluster, addon } = givenIrsaAddon();
      const role = iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::111111111111:role/ebs');
      expect(() => new IrsaAddonMigration(stack, 'Migrate', { cluster, addon, role, serviceAccount: 'ebs-csi-controller-sa', namespace: 'kube-system' })).toThrow(
        "[cdk-eks-pod-identity:migration-role-not-editable] Stack/Migrate: role 'arn:aws:iam::111111111111:role/ebs' is imported",
      );
    });

    test('an invalid service account name', () => {
      const { stack, cluster, role, addon } = givenIrsaAddon();
      expect(() => new IrsaAddonMigration(stack, 'Migrate', { cluster, addon, role, serviceAccount: 'Ebs_Controller', namespace: 'kube-system' })).toThrow(
        "[cdk-eks-pod-identity:invalid-service-account] Stack/Migrate: service account 'Ebs_Controller' is not a valid Kubernetes service account name",
      );
    });
  });
});
