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

// Found by `npm run fuzz` (10,000 cases of the EksctlConfig door, CloudFormation Validate): an empty tag key in
// metadata.tags reached the roles, which CloudFormation's schema of AWS::IAM::Role refuses (F3031, F3033).
describe('tags that reach a role are refused where IAM would refuse them', () => {
  const withTags = (tags: string) => FILE.replace('    cost-center: "4711"\n    team: platform', tags);
  const readError = (text: string) => {
    try {
      EksctlConfig.fromYaml(text);
    } catch (error: any) {
      return error.message;
    }
    return 'no error';
  };
  const FIX = 'Give at most 50 tags, each key of 1 to 128 characters not starting with \'aws:\', each value of up to 256, both of letters, digits, spaces and _.:/=+-@ only, as IAM takes them on a role';

  test.each([
    ['    "": a', 'metadata.tags (line 6) has the key "", which IAM does not take on a role'],
    ['    "team!": a', 'metadata.tags (line 6) has the key "team!", which IAM does not take on a role'],
    ['    aws:team: a', 'metadata.tags (line 6) has the key "aws:team", which IAM does not take on a role'],
    [`    ${'k'.repeat(129)}: a`, `metadata.tags (line 6) has the key "${'k'.repeat(129)}", which IAM does not take on a role`],
    ['    team: "a;b"', 'metadata.tags.team (line 7) is "a;b", which IAM does not take as a tag value on a role'],
  ])('%s', (tags, message) => {
    expect(readError(withTags(tags))).toBe(`[cdk-eks-pod-identity:eksctl-invalid-value] EksctlConfig: ${message}. ${FIX}`);
  });

  test('an association\'s tags, too', () => {
    expect(readError(FILE.replace('        team: api', '        "": api'))).toMatch(/^\[cdk-eks-pod-identity:eksctl-invalid-value\] EksctlConfig: iam\.podIdentityAssociations\[0\]\.tags \(line \d+\) has the key "", which IAM does not take on a role/);
  });

  // From the review of the fix above: the role carries metadata.tags and the entry's own, 50 at most in all.
  test('metadata.tags and an association\'s tags together may give its role 50 tags, not 51', () => {
    const tags = (prefix: string, count: number, indent: string) => Array.from({ length: count }, (_, i) => `${indent}${prefix}${i}: v`).join('\n');
    const file = (own: number) => withTags(tags('m', 30, '    ')).replace('        team: api', tags('a', own, '        '));
    expect(readError(file(21))).toMatch(/^\[cdk-eks-pod-identity:eksctl-invalid-value\] EksctlConfig: iam\.podIdentityAssociations\[0\]\.tags \(line \d+\) with metadata\.tags, gives the role created for it 51 tags; IAM takes at most 50 on a role\. Give at most 50 tags between metadata\.tags and this entry's tags$/);
    expect(readError(file(20))).toBe('no error');
  });

  test('51 tags are too many; 50, of every character IAM takes, and an empty value, are not', () => {
    const many = (count: number) => Array.from({ length: count }, (_, i) => `    "k ${i}_.:/=+-@é": "v ${i}_.:/=+-@é"`).join('\n');
    expect(readError(withTags(many(51)))).toBe(`[cdk-eks-pod-identity:eksctl-invalid-value] EksctlConfig: metadata.tags (line 6) holds 51 tags; IAM takes at most 50 on a role. ${FIX}`);
    // 49 here and the association's own tag `team` make 50 on its role.
    expect(readError(withTags(`${many(48)}\n    empty: ""`))).toBe('no error');
  });
});
