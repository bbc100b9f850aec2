import { Match, Template } from 'aws-cdk-lib/assertions';
import { EksctlConfig } from '../../lib';
import { givenShop } from './eksctl-util';

// eksctl tags every CloudFormation stack it creates with metadata.tags (pkg/cfn/manager/api.go
// NewStackCollection), and CloudFormation passes a stack's tags on to its roles: the roles of pod
// identity associations, of add-ons and of IRSA service accounts all carry them.

const FILE = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: shop
  region: eu-west-1
  tags:
    cost-center: "4711"
    team: platform
iam:
  podIdentityAssociations:
    - namespace: apps
      serviceAccountName: api
      permissionPolicyARNs: [arn:aws:iam::111122223333:policy/api]
      tags:
        team: api
    - namespace: apps
      serviceAccountName: reader
      roleARN: arn:aws:iam::111122223333:role/reader
  serviceAccounts:
    - metadata: { name: legacy, namespace: jobs }
      attachPolicyARNs: [arn:aws:iam::111122223333:policy/legacy]
addons:
  - name: vpc-cni
    useDefaultPodIdentityAssociations: true
  - name: aws-ebs-csi-driver
    podIdentityAssociations:
      - namespace: kube-system
        serviceAccountName: ebs-csi-controller-sa
        permissionPolicyARNs: [arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy]
  - name: aws-efs-csi-driver
    attachPolicyARNs: [arn:aws:iam::111122223333:policy/efs]
`;

describe('metadata.tags', () => {
  let template: Template;

  beforeAll(() => {
    const { stack, cluster } = givenShop();
    EksctlConfig.fromYaml(FILE).apply(stack, 'Eksctl', { cluster, migrateIrsa: true });
    template = Template.fromStack(stack);
  });

  const STACK_TAGS = [{ Key: 'cost-center', Value: '4711' }, { Key: 'team', Value: 'platform' }];

  function roleTags(description: string): unknown {
    const roles = template.findResources('AWS::IAM::Role', { Properties: { Description: Match.stringLikeRegexp(description) } });
    expect(Object.keys(roles)).toHaveLength(1);
    return Object.values(roles)[0].Properties.Tags;
  }

  test('tag the role of an association, its own tags winning over them', () => {
    expect(roleTags('service account apps/api of EKS cluster')).toEqual([{ Key: 'cost-center', Value: '4711' }, { Key: 'team', Value: 'api' }]);
  });

  test('tag the role of an add-on\'s association', () => {
    expect(roleTags('ebs-csi-controller-sa of EKS add-on aws-ebs-csi-driver')).toEqual(STACK_TAGS);
  });

  test('tag the recommended role of an add-on', () => {
    const roles = Object.values(template.findResources('AWS::IAM::Role'))
      .filter(role => JSON.stringify(role.Properties.ManagedPolicyArns ?? []).includes('AmazonEKS_CNI_Policy'));
    expect(roles).toHaveLength(1);
    expect(roles[0].Properties.Tags).toEqual(STACK_TAGS);
  });

  test('tag the roles converted from IRSA settings', () => {
    expect(roleTags('jobs/legacy .*IRSA settings')).toEqual(STACK_TAGS);
    const efs = Object.values(template.findResources('AWS::IAM::Role'))
      .filter(role => JSON.stringify(role.Properties.ManagedPolicyArns ?? []).includes('policy/efs'));
    expect(efs).toHaveLength(1);
    expect(efs[0].Properties.Tags).toEqual(STACK_TAGS);
  });

  test('every role created carries them', () => {
    const roles = Object.values(template.findResources('AWS::IAM::Role'));
    expect(roles).toHaveLength(5);
    for (const role of roles) {
      expect(role.Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'cost-center', Value: '4711' }]));
    }
  });

  test('go on the roles only: associations and add-ons keep their own tags', () => {
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { ServiceAccount: 'api', Tags: [{ Key: 'team', Value: 'api' }] });
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { ServiceAccount: 'reader', Tags: Match.absent() });
    template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'vpc-cni', Tags: Match.absent() });
  });
});
