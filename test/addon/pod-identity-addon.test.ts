import { Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AddonConflictResolution, PodIdentityAddon } from '../../lib/addon';
import { PodIdentityRole } from '../../lib/role';
import { ENV, givenStack } from '../util';
import { awsManagedPolicy } from './addon-util';

const CLUSTER_ARN = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks:eu-west-1:111111111111:cluster/my-cluster']] };

/** The trust policy of a role that only `namespace/serviceAccount` of my-cluster may assume. */
function trustFor(namespace: string, serviceAccount: string) {
  return {
    Statement: [{
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: {
        StringEquals: {
          'aws:SourceAccount': ENV.account,
          'aws:RequestTag/eks-cluster-arn': [CLUSTER_ARN],
          'aws:RequestTag/kubernetes-namespace': [namespace],
          'aws:RequestTag/kubernetes-service-account': [serviceAccount],
        },
      },
    }],
  };
}

describe('PodIdentityAddon', () => {
  let stack: Stack;
  let cluster: eks.IClusterRef;

  beforeEach(() => {
    ({ stack, cluster } = givenStack());
  });

  describe('recommended associations', () => {
    test('gives vpc-cni one role for aws-node with AmazonEKS_CNI_Policy, scoped to the cluster, kube-system and aws-node', () => {
      // WHEN
      const addon = new PodIdentityAddon(stack, 'VpcCni', { cluster, addonName: 'vpc-cni' });

      // THEN
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::IAM::Role', 1);
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: trustFor('kube-system', 'aws-node'),
        ManagedPolicyArns: [awsManagedPolicy('AmazonEKS_CNI_Policy')],
        Description: 'Pod identity role of service account aws-node of EKS add-on vpc-cni',
      });
      template.hasResourceProperties('AWS::EKS::Addon', {
        AddonName: 'vpc-cni',
        ClusterName: 'my-cluster',
        PodIdentityAssociations: [{ ServiceAccount: 'aws-node', RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^VpcCniawsnode'), 'Arn'] } }],
      });
      expect(Object.keys(addon.associationRoles)).toEqual(['aws-node']);
      expect(PodIdentityRole.isPodIdentityRole(addon.roleFor('aws-node'))).toBe(true);
      expect(addon.namespace).toBe('kube-system');
    });

    test('gives adot one role per service account, each with its own policy', () => {
      new PodIdentityAddon(stack, 'Adot', { cluster, addonName: 'adot' });

      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::IAM::Role', 3);
      for (const [serviceAccount, policy] of [
        ['adot-col-prom-metrics', 'AmazonPrometheusRemoteWriteAccess'],
        ['adot-col-otlp-ingest', 'AWSXrayWriteOnlyAccess'],
        ['adot-col-container-logs', 'CloudWatchAgentServerPolicy'],
      ]) {
        template.hasResourceProperties('AWS::IAM::Role', {
          AssumeRolePolicyDocument: trustFor('opentelemetry-operator-system', serviceAccount),
          ManagedPolicyArns: [awsManagedPolicy(policy)],
        });
      }
    });

    test('gives amazon-cloudwatch-observability both recommended policies in its own namespace', () => {
      new PodIdentityAddon(stack, 'CloudWatch', { cluster, addonName: 'amazon-cloudwatch-observability' });

      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: trustFor('amazon-cloudwatch', 'cloudwatch-agent'),
        ManagedPolicyArns: [awsManagedPolicy('CloudWatchAgentServerPolicy'), awsManagedPolicy('AWSXrayWriteOnlyAccess')],
      });
    });

    test.each(['coredns', 'kube-proxy', 'snapshot-controller', 'eks-node-monitoring-agent', 'aws-guardduty-agent', 'eks-pod-identity-agent'])(
      'gives %s, which needs no AWS permissions, no role, no association and no warning', (addonName) => {
        const addon = new PodIdentityAddon(stack, 'Addon', { cluster, addonName });

        const template = Template.fromStack(stack);
        template.resourceCountIs('AWS::IAM::Role', 0);
        template.hasResourceProperties('AWS::EKS::Addon', { AddonName: addonName, PodIdentityAssociations: Match.absent() });
        expect(addon.associationRoles).toEqual({});
        Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
      });

    test('creates no role and warns with the way out for an add-on missing from the table', () => {
      new PodIdentityAddon(stack, 'Addon', { cluster, addonName: 'example-addon' });

      Template.fromStack(stack).resourceCountIs('AWS::IAM::Role', 0);
      Annotations.fromStack(stack).hasWarning('/Stack/Addon', Match.stringLikeRegexp(
        "^This library has no recommended pod identity associations for add-on 'example-addon', so it gets no AWS permissions\\. " +
        'If it needs some, give `podIdentityAssociations: \\[\\{ serviceAccount, managedPolicies, statements \\}\\]`.*' +
        'or `serviceAccountRole` for IRSA; if it needs none, set `useRecommendedPolicies: false`',
      ));
    });

    test('makes a role without managed policies when EKS recommends none (Mountpoint for S3); grants land on it', () => {
      const addon = new PodIdentityAddon(stack, 'S3', { cluster, addonName: 'aws-mountpoint-s3-csi-driver' });
      const bucket = s3.Bucket.fromBucketName(stack, 'Data', 'data');
      bucket.grantRead(addon.roleFor('s3-csi-driver-sa'));

      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: trustFor('kube-system', 's3-csi-driver-sa'),
        ManagedPolicyArns: Match.absent(),
      });
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['s3:GetObject*']) })]) },
      });
      // Whether it warns: see pod-identity-addon.grants.test.ts.
    });

    describe('service accounts that later versions added', () => {
      const associatedServiceAccounts = () => Template.fromStack(stack).findResources('AWS::EKS::Addon')[
        Object.keys(Template.fromStack(stack).findResources('AWS::EKS::Addon'))[0]].Properties.PodIdentityAssociations
        ?.map((association: { ServiceAccount: string }) => association.ServiceAccount);

      test.each([
        ['v1.0.1-eksbuild.1', ['aws-network-flow-monitor-agent-service-account']],
        ['v1.2.0-eksbuild.1', ['aws-network-flow-monitor-agent-service-account']],
        [undefined, ['aws-network-flow-monitor-agent-service-account']],
      ])('aws-network-flow-monitoring-agent %s: associates %j', (addonVersion, serviceAccounts) => {
        new PodIdentityAddon(stack, 'Nfm', { cluster, addonName: 'aws-network-flow-monitoring-agent', addonVersion });

        expect(associatedServiceAccounts()).toEqual(serviceAccounts);
        Template.fromStack(stack).resourceCountIs('AWS::IAM::Role', serviceAccounts.length);
        Annotations.fromStack(stack).hasNoWarning('/Stack/Nfm', Match.stringLikeRegexp('addon-version-predates-service-accounts'));
      });

      test.each(['v3.0.0-eksbuild.1', undefined])('aws-efs-csi-driver %s: only the controller, as no source shows EKS recommending efs-csi-node-sa', (addonVersion) => {
        new PodIdentityAddon(stack, 'Efs', { cluster, addonName: 'aws-efs-csi-driver', addonVersion });

        expect(associatedServiceAccounts()).toEqual(['efs-csi-controller-sa']);
        Template.fromStack(stack).resourceCountIs('AWS::IAM::Role', 1);
      });

      test('a version older than every recommended service account gets no association, and a warning', () => {
        new PodIdentityAddon(stack, 'Nfm', { cluster, addonName: 'aws-network-flow-monitoring-agent', addonVersion: 'v1.0.0-eksbuild.2' });

        Template.fromStack(stack).resourceCountIs('AWS::IAM::Role', 0);
        Template.fromStack(stack).hasResourceProperties('AWS::EKS::Addon', { PodIdentityAssociations: Match.absent() });
        Annotations.fromStack(stack).hasWarning('/Stack/Nfm', Match.stringLikeRegexp(
          "^Add-on 'aws-network-flow-monitoring-agent' at version 'v1\\.0\\.0-eksbuild\\.2' does not list the service accounts EKS recommends " +
          "\\('aws-network-flow-monitor-agent-service-account' from 'v1\\.0\\.1-eksbuild\\.1'\\), so it gets no pod identity association and no AWS permissions\\. " +
          'Use a later `addonVersion`, or give `podIdentityAssociations` with the service accounts this version has \\[ack: cdk-eks-pod-identity:addon-version-predates-service-accounts\\]$',
        ));
      });
    });

    test('turns off with useRecommendedPolicies: false, without a warning', () => {
      new PodIdentityAddon(stack, 'Ebs', { cluster, addonName: 'aws-ebs-csi-driver', useRecommendedPolicies: false });
      new PodIdentityAddon(stack, 'Other', { cluster, addonName: 'example-addon', useRecommendedPolicies: false });

      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::IAM::Role', 0);
      template.allResourcesProperties('AWS::EKS::Addon', { PodIdentityAssociations: Match.absent() });
      Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    });

    test('scopes the roles to the custom namespace of the add-on', () => {
      const addon = new PodIdentityAddon(stack, 'Ebs', { cluster, addonName: 'aws-ebs-csi-driver', namespace: 'storage' });

      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::EKS::Addon', { NamespaceConfig: { Namespace: 'storage' } });
      template.hasResourceProperties('AWS::IAM::Role', { AssumeRolePolicyDocument: trustFor('storage', 'ebs-csi-controller-sa') });
      expect(addon.namespace).toBe('storage');
      Annotations.fromStack(stack).hasWarning('/Stack/Ebs', Match.stringLikeRegexp(
        "^The add-on is installed in namespace 'storage'; changing or removing `namespace` later replaces the add-on.*\\[ack: cdk-eks-pod-identity:addon-namespace-replaces\\]$",
      ));
    });
  });

  describe('explicit associations', () => {
    test('replace the recommended ones, with a new role per service account holding the given policies', () => {
      const addon = new PodIdentityAddon(stack, 'Adot', {
        cluster,
        addonName: 'adot',
        podIdentityAssociations: [{
          serviceAccount: 'adot-col-otlp-ingest',
          managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AWSXrayWriteOnlyAccess')],
          statements: [new iam.PolicyStatement({ actions: ['logs:PutLogEvents'], resources: ['*'] })],
        }],
      });

      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::IAM::Role', 1);
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: trustFor('opentelemetry-operator-system', 'adot-col-otlp-ingest'),
        ManagedPolicyArns: [awsManagedPolicy('AWSXrayWriteOnlyAccess')],
        Policies: [{
          PolicyName: 'AddonPermissions',
          PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' }] },
        }],
      });
      expect(Object.keys(addon.associationRoles)).toEqual(['adot-col-otlp-ingest']);
    });

    test('use a given role as it is, and depend on it', () => {
      const role = new PodIdentityRole(stack, 'Mine');
      const addon = new PodIdentityAddon(stack, 'Ebs', {
        cluster,
        addonName: 'aws-ebs-csi-driver',
        podIdentityAssociations: [{ serviceAccount: 'ebs-csi-controller-sa', role }],
      });

      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::IAM::Role', 1);
      template.hasResource('AWS::EKS::Addon', {
        Properties: { PodIdentityAssociations: [{ ServiceAccount: 'ebs-csi-controller-sa', RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Mine'), 'Arn'] } }] },
        // The GetAtt orders the role first; a role without policies adds no DependsOn.
        DependsOn: Match.absent(),
      });
      expect(addon.roleFor('ebs-csi-controller-sa')).toBe(role);
    });

    test('an empty list gives the add-on no association and no warning', () => {
      new PodIdentityAddon(stack, 'Ebs', { cluster, addonName: 'aws-ebs-csi-driver', podIdentityAssociations: [] });

      Template.fromStack(stack).resourceCountIs('AWS::IAM::Role', 0);
      Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    });

    test('on an add-on missing from the table, trust the service account in any namespace and warn', () => {
      new PodIdentityAddon(stack, 'Addon', {
        cluster,
        addonName: 'example-addon',
        podIdentityAssociations: [{ serviceAccount: 'example-sa' }],
      });

      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [Match.objectLike({
            Condition: {
              StringEquals: {
                'aws:SourceAccount': ENV.account,
                'aws:RequestTag/eks-cluster-arn': [CLUSTER_ARN],
                'aws:RequestTag/kubernetes-service-account': ['example-sa'],
              },
            },
          })],
        },
      });
      Annotations.fromStack(stack).hasWarning('/Stack/Addon', Match.stringLikeRegexp(
        "^The namespace of add-on 'example-addon' is not known to this library, so the roles it creates trust its service accounts in any namespace.*\\[ack: cdk-eks-pod-identity:addon-namespace-unknown\\]$",
      ));
    });

    test('on an add-on missing from the table, scope to the given namespace', () => {
      new PodIdentityAddon(stack, 'Addon', {
        cluster,
        addonName: 'example-addon',
        namespace: 'example',
        podIdentityAssociations: [{ serviceAccount: 'example-sa' }],
      });

      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', { AssumeRolePolicyDocument: trustFor('example', 'example-sa') });
    });
  });

  describe('the add-on resource', () => {
    test('passes version, configuration, conflict resolution, preservation and tags through', () => {
      new PodIdentityAddon(stack, 'Ebs', {
        cluster,
        addonName: 'aws-ebs-csi-driver',
        addonVersion: 'v1.26.0-eksbuild.1',
        configurationValues: { controller: { replicaCount: 3 } },
        resolveConflicts: AddonConflictResolution.OVERWRITE,
        preserveOnDelete: true,
        tags: { team: 'platform' },
      });

      Template.fromStack(stack).hasResourceProperties('AWS::EKS::Addon', {
        AddonName: 'aws-ebs-csi-driver',
        AddonVersion: 'v1.26.0-eksbuild.1',
        ConfigurationValues: '{"controller":{"replicaCount":3}}',
        ResolveConflicts: 'OVERWRITE',
        PreserveOnDelete: true,
        Tags: [{ Key: 'team', Value: 'platform' }],
        NamespaceConfig: Match.absent(),
        ServiceAccountRoleArn: Match.absent(),
      });
    });

    test('uses IRSA instead of pod identity when given serviceAccountRole', () => {
      const role = iam.Role.fromRoleArn(stack, 'Irsa', 'arn:aws:iam::111111111111:role/ebs-irsa');
      const addon = new PodIdentityAddon(stack, 'Ebs', { cluster, addonName: 'aws-ebs-csi-driver', serviceAccountRole: role });

      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::IAM::Role', 0);
      template.hasResourceProperties('AWS::EKS::Addon', {
        ServiceAccountRoleArn: 'arn:aws:iam::111111111111:role/ebs-irsa',
        PodIdentityAssociations: Match.absent(),
      });
      expect(addon.associationRoles).toEqual({});
    });

    test('makes the add-on wait for its roles and their grants', () => {
      const addon = new PodIdentityAddon(stack, 'S3', { cluster, addonName: 'aws-mountpoint-s3-csi-driver' });
      s3.Bucket.fromBucketName(stack, 'Data', 'data').grantRead(addon.roleFor('s3-csi-driver-sa'));

      const template = Template.fromStack(stack);
      const [roleId] = Object.keys(template.findResources('AWS::IAM::Role'));
      const [policyId] = Object.keys(template.findResources('AWS::IAM::Policy'));
      const [addonResource] = Object.values(template.findResources('AWS::EKS::Addon'));
      expect(addonResource.DependsOn).toEqual([policyId]);
      expect(addonResource.Properties.PodIdentityAssociations[0].RoleArn).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    });

    test('exposes its name, ARN, cluster and reference', () => {
      const addon = new PodIdentityAddon(stack, 'Ebs', { cluster, addonName: 'aws-ebs-csi-driver' });

      expect(addon.addonName).toBe('aws-ebs-csi-driver');
      expect(addon.cluster).toBe(cluster);
      const [addonId] = Object.keys(Template.fromStack(stack).findResources('AWS::EKS::Addon'));
      expect(stack.resolve(addon.addonArn)).toEqual({ 'Fn::GetAtt': [addonId, 'Arn'] });
      expect(stack.resolve(addon.addonRef)).toEqual({
        addonArn: stack.resolve(addon.addonArn),
        addonName: 'aws-ebs-csi-driver',
        clusterName: 'my-cluster',
      });
    });

    test('is recognized by isPodIdentityAddon', () => {
      const addon = new PodIdentityAddon(stack, 'Ebs', { cluster, addonName: 'aws-ebs-csi-driver' });

      expect(PodIdentityAddon.isPodIdentityAddon(addon)).toBe(true);
      expect(PodIdentityAddon.isPodIdentityAddon(stack)).toBe(false);
      expect(PodIdentityAddon.isPodIdentityAddon(null)).toBe(false);
    });

    test('accepts tokens for the add-on name, version and service accounts', () => {
      const name = Token.asString({ Ref: 'AddonName' });
      new PodIdentityAddon(stack, 'Addon', {
        cluster,
        addonName: name,
        addonVersion: Token.asString({ Ref: 'AddonVersion' }),
        podIdentityAssociations: [{ serviceAccount: Token.asString({ Ref: 'ServiceAccount' }) }],
      });
      new PodIdentityAddon(stack, 'Defaults', { cluster, addonName: Token.asString({ Ref: 'Other' }) });

      Template.fromStack(stack).hasResourceProperties('AWS::EKS::Addon', {
        AddonName: { Ref: 'AddonName' },
        AddonVersion: { Ref: 'AddonVersion' },
        PodIdentityAssociations: [{ ServiceAccount: { Ref: 'ServiceAccount' }, RoleArn: Match.anyValue() }],
      });
    });
  });

  test('snapshot of an add-on with recommended associations', () => {
    new PodIdentityAddon(stack, 'CloudWatch', { cluster, addonName: 'amazon-cloudwatch-observability', addonVersion: 'v3.1.0-eksbuild.1' });

    expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
  });
});
