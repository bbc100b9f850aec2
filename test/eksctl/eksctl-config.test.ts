import * as fs from 'fs';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import { EksctlConfig, EksctlResources, PodIdentityRole } from '../../lib';
import { fixture, givenShop } from './eksctl-util';

// The fixtures re-express the examples of eksctl's documentation on pod identity
// (userdocs/src/usage/pod-identity-associations.md, examples/39-pod-identity-association.yaml).

const CLUSTER_ARN = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks:eu-west-1:111122223333:cluster/shop']] };

/** The trust statement of a role that only `namespace/serviceAccount` of cluster shop can assume. */
function scopedTrust(namespace: string, serviceAccount: string) {
  return {
    Statement: [{
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Condition: {
        StringEquals: {
          'aws:SourceAccount': '111122223333',
          'aws:RequestTag/eks-cluster-arn': [CLUSTER_ARN],
          'aws:RequestTag/kubernetes-namespace': [namespace],
          'aws:RequestTag/kubernetes-service-account': [serviceAccount],
        },
      },
    }],
    Version: '2012-10-17',
  };
}

describe('EksctlConfig with the examples of eksctl\'s documentation', () => {
  let stack: Stack;
  let cluster: eks.IClusterRef;
  let template: Template;
  let resources: EksctlResources;

  function given(name: string, migrateIrsa?: boolean): void {
    ({ stack, cluster } = givenShop());
    resources = EksctlConfig.fromFile(fixture(name)).apply(stack, 'Eksctl', { cluster, migrateIrsa });
    template = Template.fromStack(stack);
  }

  describe('iam.podIdentityAssociations (associations.yaml)', () => {
    beforeEach(() => given('associations.yaml'));

    test('makes one association per entry, in the file\'s order', () => {
      template.resourceCountIs('AWS::EKS::PodIdentityAssociation', 4);
      expect(resources.associations.map(association => `${association.namespace}/${association.serviceAccount}`)).toEqual([
        'default/reports-reader', 'platform/cluster-tools', 'platform/scaler', 'partners/partner-uploader',
      ]);
      expect(resources.associations.map(association => association.node.path)).toEqual([
        'Stack/Eksctl/Associations/default/reports-reader/Association',
        'Stack/Eksctl/Associations/platform/cluster-tools/Association',
        'Stack/Eksctl/Associations/platform/scaler/Association',
        'Stack/Eksctl/Associations/partners/partner-uploader/Association',
      ]);
    });

    test('an entry with roleARN uses the existing role and creates none', () => {
      template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
        ClusterName: 'shop',
        Namespace: 'default',
        ServiceAccount: 'reports-reader',
        RoleArn: 'arn:aws:iam::111122223333:role/reports-reader',
      });
      template.resourceCountIs('AWS::IAM::Role', 2);
      expect(PodIdentityRole.isPodIdentityRole(resources.findAssociation('default', 'reports-reader').role)).toBe(false);
    });

    test('an entry without roleARN gets a scoped role with roleName, the policies, the boundary and the tags', () => {
      template.hasResourceProperties('AWS::IAM::Role', {
        RoleName: 'shop-cluster-tools',
        AssumeRolePolicyDocument: scopedTrust('platform', 'cluster-tools'),
        ManagedPolicyArns: ['arn:aws:iam::111122223333:policy/tools-base', 'arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess'],
        PermissionsBoundary: 'arn:aws:iam::111122223333:policy/team-boundary',
        Tags: [{ Key: 'team', Value: 'platform' }],
      });
      // eksctl tags the association too.
      template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
        ServiceAccount: 'cluster-tools',
        Tags: [{ Key: 'team', Value: 'platform' }],
      });
    });

    test('wellKnownPolicies autoScaler and externalDNS become eksctl\'s inline policies, with eksctl\'s names', () => {
      const role = template.findResources('AWS::IAM::Role', { Properties: { RoleName: 'shop-cluster-tools' } });
      const policies = (Object.values(role)[0].Properties.Policies as { PolicyName: string }[]).map(policy => policy.PolicyName);
      expect(policies).toEqual(['PolicyAutoScaling', 'PolicyExternalDNSChangeSet', 'PolicyExternalDNSHostedZones']);
      template.hasResourceProperties('AWS::IAM::Role', {
        RoleName: 'shop-cluster-tools',
        Policies: Match.arrayWith([{
          PolicyName: 'PolicyExternalDNSChangeSet',
          PolicyDocument: {
            Statement: [{
              Action: 'route53:ChangeResourceRecordSets',
              Effect: 'Allow',
              Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':route53:::hostedzone/*']] },
            }],
            Version: '2012-10-17',
          },
        }]),
      });
      template.resourceCountIs('AWS::IAM::Policy', 0);
    });

    test('permissionPolicy becomes an inline policy of a role with a generated name', () => {
      template.hasResourceProperties('AWS::IAM::Role', {
        RoleName: Match.absent(),
        AssumeRolePolicyDocument: scopedTrust('platform', 'scaler'),
        Policies: [{
          PolicyName: 'Policy1',
          PolicyDocument: {
            Statement: [{
              Action: ['autoscaling:DescribeAutoScalingGroups', 'autoscaling:SetDesiredCapacity'],
              Effect: 'Allow',
              Resource: '*',
            }],
            Version: '2012-10-17',
          },
        }],
      });
    });

    test('targetRoleARN and disableSessionTags go to the association', () => {
      template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
        ServiceAccount: 'partner-uploader',
        RoleArn: 'arn:aws:iam::111122223333:role/uploader-source',
        TargetRoleArn: 'arn:aws:iam::444455556666:role/partner-bucket-writer',
        DisableSessionTags: true,
      });
    });

    test('every association waits for the eks-pod-identity-agent add-on of the file', () => {
      const agent = Object.keys(template.findResources('AWS::EKS::Addon', { Properties: { AddonName: 'eks-pod-identity-agent' } }));
      expect(agent).toHaveLength(1);
      const associations = template.findResources('AWS::EKS::PodIdentityAssociation');
      for (const association of Object.values(associations)) {
        expect(association.DependsOn).toEqual(expect.arrayContaining(agent));
      }
      template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'eks-pod-identity-agent', Tags: [{ Key: 'owner', Value: 'platform' }] });
    });

    test('the template', () => {
      expect(template.toJSON()).toMatchSnapshot();
    });

    test('fromYaml reads the same as fromFile', () => {
      const other = givenShop();
      EksctlConfig.fromYaml(fs.readFileSync(fixture('associations.yaml'), 'utf-8')).apply(other.stack, 'Eksctl', { cluster: other.cluster });
      expect(Template.fromStack(other.stack).toJSON()).toEqual(template.toJSON());
    });
  });

  describe('cross-account access (cross-account.yaml)', () => {
    beforeEach(() => given('cross-account.yaml'));

    test('the role of the cluster\'s account is created and may only chain into the target role', () => {
      template.hasResourceProperties('AWS::IAM::Role', {
        RoleName: 'invoice-exporter-source',
        AssumeRolePolicyDocument: scopedTrust('billing', 'invoice-exporter'),
      });
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: [{
            Action: ['sts:AssumeRole', 'sts:TagSession'],
            Effect: 'Allow',
            Resource: 'arn:aws:iam::444455556666:role/invoice-archive-writer',
          }],
        },
      });
      template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
        ServiceAccount: 'invoice-exporter',
        TargetRoleArn: 'arn:aws:iam::444455556666:role/invoice-archive-writer',
        DisableSessionTags: false,
      });
    });
  });

  describe('a session policy (session-policy.yaml)', () => {
    beforeEach(() => given('session-policy.yaml'));

    test('the policy goes to the association, with session tags off', () => {
      template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
        ServiceAccount: 'uploader',
        RoleArn: 'arn:aws:iam::111122223333:role/media-shared',
        DisableSessionTags: true,
        Policy: '{"Statement":[{"Action":"s3:PutObject","Effect":"Allow","Resource":"arn:aws:s3:::media-uploads/incoming/*"}],"Version":"2012-10-17"}',
      });
    });
  });

  describe('explicit add-on associations (addons-explicit.yaml)', () => {
    beforeEach(() => given('addons-explicit.yaml'));

    test('vpc-cni gets a role for aws-node with AmazonEKS_CNI_Policy, scoped to kube-system', () => {
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: scopedTrust('kube-system', 'aws-node'),
        ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy'],
      });
      template.hasResourceProperties('AWS::EKS::Addon', {
        AddonName: 'vpc-cni',
        PodIdentityAssociations: [{ ServiceAccount: 'aws-node', RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EksctlAddonsvpccniawsnodeRole'), 'Arn'] } }],
      });
    });

    test('adot gets its two associations, with the version and the role name of the file', () => {
      template.hasResourceProperties('AWS::EKS::Addon', {
        AddonName: 'adot',
        AddonVersion: 'v0.94.1-eksbuild.1',
        PodIdentityAssociations: [
          Match.objectLike({ ServiceAccount: 'adot-col-prom-metrics' }),
          Match.objectLike({ ServiceAccount: 'adot-col-container-logs' }),
        ],
      });
      template.hasResourceProperties('AWS::IAM::Role', {
        RoleName: 'shop-adot-container-logs',
        AssumeRolePolicyDocument: scopedTrust('opentelemetry-operator-system', 'adot-col-container-logs'),
      });
      expect(resources.findAddon('adot').roleFor('adot-col-prom-metrics').node.path).toBe('Stack/Eksctl/Addons/adot/adot-col-prom-metrics/Role');
    });
  });

  describe('addonsConfig.autoApplyPodIdentityAssociations (addons-auto-apply.yaml)', () => {
    beforeEach(() => given('addons-auto-apply.yaml', true));

    test('add-ons without explicit settings get the recommended associations', () => {
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: scopedTrust('kube-system', 'aws-node'),
        ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonEKS_CNI_Policy']] }],
      });
      template.hasResourceProperties('AWS::EKS::Addon', {
        AddonName: 'aws-ebs-csi-driver',
        AddonVersion: Match.absent(), // `latest`: EKS's default version, with a warning
        PodIdentityAssociations: [Match.objectLike({ ServiceAccount: 'ebs-csi-controller-sa' })],
      });
      template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'coredns', PodIdentityAssociations: Match.absent() });
    });

    test('auto-apply has no effect on an add-on with an IRSA role: migrateIrsa makes that role its association', () => {
      template.hasResourceProperties('AWS::EKS::Addon', {
        AddonName: 'aws-efs-csi-driver',
        ServiceAccountRoleArn: Match.absent(),
        PodIdentityAssociations: [{ ServiceAccount: 'efs-csi-controller-sa', RoleArn: 'arn:aws:iam::111122223333:role/efs-csi-irsa' }],
      });
    });
  });

  describe('useDefaultPodIdentityAssociations (addons-use-default.yaml)', () => {
    beforeEach(() => given('addons-use-default.yaml'));

    test('only the add-on that asks gets the recommended associations', () => {
      template.hasResourceProperties('AWS::EKS::Addon', {
        AddonName: 'vpc-cni',
        ResolveConflicts: 'OVERWRITE',
        PodIdentityAssociations: [Match.objectLike({ ServiceAccount: 'aws-node' })],
      });
      template.resourceCountIs('AWS::IAM::Role', 1);
    });

    test('an add-on without pod identity settings gets no association, as with eksctl', () => {
      template.hasResourceProperties('AWS::EKS::Addon', {
        AddonName: 'aws-ebs-csi-driver',
        PodIdentityAssociations: Match.absent(),
        ConfigurationValues: '{"controller":{"extraVolumeTags":{"team":"storage"}}}',
      });
      template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'kube-proxy', PodIdentityAssociations: Match.absent() });
    });
  });

  describe('a whole cluster (full-cluster.yaml)', () => {
    beforeEach(() => given('full-cluster.yaml', true));

    test('the sections about the cluster itself are ignored: only pod identity resources are made', () => {
      const types = Object.values(template.toJSON().Resources as { [id: string]: { Type: string } }).map(resource => resource.Type).sort();
      expect(types).toEqual([
        'AWS::EKS::Addon', 'AWS::EKS::Addon',
        'AWS::EKS::PodIdentityAssociation', 'AWS::EKS::PodIdentityAssociation',
        'AWS::IAM::Role', 'AWS::IAM::Role', 'AWS::IAM::Role',
      ]);
    });

    test('the add-ons with associations wait for the agent', () => {
      const agent = Object.keys(template.findResources('AWS::EKS::Addon', { Properties: { AddonName: 'eks-pod-identity-agent' } }));
      template.hasResource('AWS::EKS::Addon', {
        Properties: { AddonName: 'aws-ebs-csi-driver' },
        DependsOn: Match.arrayWith(agent),
      });
    });
  });
});
