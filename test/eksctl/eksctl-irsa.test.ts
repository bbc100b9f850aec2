import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { EksctlConfig, EksctlResources, PodIdentityRole } from '../../lib';
import { clusterConfig, errorOf, fixture, givenShop, oneAddon } from './eksctl-util';

const PREFIX = '[cdk-eks-pod-identity:';
const ROLE = 'arn:aws:iam::111122223333:role/my-app';
const CLUSTER_ARN = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks:eu-west-1:111122223333:cluster/shop']] };

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

function warningsOf(stack: Stack, id: string): string[] {
  return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(`cdk-eks-pod-identity:${id}\\]`)).map(warning => String(warning.entry.data));
}

function apply(text: string, migrateIrsa?: boolean): { stack: Stack; resources: EksctlResources } {
  const { stack, cluster } = givenShop();
  return { stack, resources: EksctlConfig.fromYaml(text).apply(stack, 'Eksctl', { cluster, migrateIrsa }) };
}

describe('EksctlConfig: IRSA settings', () => {
  describe('the IRSA service accounts example (iam-service-accounts.yaml), with migrateIrsa', () => {
    let stack: Stack;
    let resources: EksctlResources;
    let template: Template;

    beforeAll(() => {
      const given = givenShop();
      stack = given.stack;
      resources = EksctlConfig.fromFile(fixture('iam-service-accounts.yaml')).apply(stack, 'Eksctl', { cluster: given.cluster, migrateIrsa: true });
      template = Template.fromStack(stack);
    });

    test('each service account becomes a pod identity association, in the file\'s order; no namespace means default', () => {
      expect(resources.associations.map(association => `${association.namespace}/${association.serviceAccount}`)).toEqual([
        'default/reports-reader', 'kube-system/aws-load-balancer-controller', 'storefront/session-cache',
        'kube-system/cluster-autoscaler', 'reports/legacy-exporter',
      ]);
      template.resourceCountIs('AWS::EKS::PodIdentityAssociation', 5);
      expect(resources.findAssociation('default', 'reports-reader').node.path).toBe('Stack/Eksctl/Associations/default/reports-reader/Association');
    });

    test('attachPolicyARNs become the managed policies of a new role scoped to the service account', () => {
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: scopedTrust('default', 'reports-reader'),
        ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
      });
    });

    test('wellKnownPolicies become eksctl\'s policies', () => {
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: scopedTrust('kube-system', 'aws-load-balancer-controller'),
        Policies: [Match.objectLike({ PolicyName: 'PolicyAWSLoadBalancerController' })],
      });
    });

    test('permissionsBoundary and tags go to the role, and the tags to the association too', () => {
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: scopedTrust('storefront', 'session-cache'),
        ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess', 'arn:aws:iam::aws:policy/AmazonElastiCacheFullAccess'],
        PermissionsBoundary: 'arn:aws:iam::111122223333:policy/team-boundary',
        Tags: [{ Key: 'team', Value: 'storefront' }],
      });
      template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { ServiceAccount: 'session-cache', Tags: [{ Key: 'team', Value: 'storefront' }] });
    });

    test('attachPolicy becomes an inline policy, and roleName the role\'s name', () => {
      template.hasResourceProperties('AWS::IAM::Role', {
        RoleName: 'shop-cluster-autoscaler',
        AssumeRolePolicyDocument: scopedTrust('kube-system', 'cluster-autoscaler'),
        Policies: [{
          PolicyName: 'Policy1',
          PolicyDocument: {
            Statement: [{
              Action: ['autoscaling:DescribeAutoScalingGroups', 'autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
              Effect: 'Allow',
              Resource: '*',
            }],
            Version: '2012-10-17',
          },
        }],
      });
    });

    test('attachRoleARN becomes the association\'s role; no role is created for it', () => {
      template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
        Namespace: 'reports', ServiceAccount: 'legacy-exporter', RoleArn: 'arn:aws:iam::111122223333:role/legacy-exporter',
      });
      expect(PodIdentityRole.isPodIdentityRole(resources.findAssociation('reports', 'legacy-exporter').role)).toBe(false);
      template.resourceCountIs('AWS::IAM::Role', 4);
    });

    test('says what is left to do: the annotation, the role name eksctl used, the trust of the existing role; withOIDC is ignored with an info', () => {
      expect(warningsOf(stack, 'eksctl-irsa-annotation')).toEqual([
        'The service accounts of iam.serviceAccounts (\'default/reports-reader\', \'kube-system/aws-load-balancer-controller\', \'storefront/session-cache\', \'kube-system/cluster-autoscaler\', \'reports/legacy-exporter\') get pod identity associations, but keep the annotation eks.amazonaws.com/role-arn that eksctl gave them: pods started before the associations keep IRSA until they restart (EKS gives newer pods only pod identity\'s variables), and the annotation misleads readers. Once the associations are deployed, remove it (kubectl annotate serviceaccount -n <namespace> <name> eks.amazonaws.com/role-arn-) and restart the pods, as eksctl utils migrate-to-pod-identity --remove-oidc-provider-trust-relationship does; IrsaMigration does it in steps for a service account of this app [ack: cdk-eks-pod-identity:eksctl-irsa-annotation]',
      ]);
      expect(warningsOf(stack, 'eksctl-irsa-role-name')).toEqual([
        `iam.serviceAccounts[3] (line 37 of ${fixture('iam-service-accounts.yaml')}) has roleName 'shop-cluster-autoscaler': that is the name of the IRSA role eksctl created, and IAM role names are unique in an account, so the new pod identity role cannot be created while eksctl's exists. Delete eksctl's role first (eksctl delete iamserviceaccount, once nothing uses it), or remove roleName to get a generated name [ack: cdk-eks-pod-identity:eksctl-irsa-role-name]`,
      ]);
      expect(warningsOf(stack, 'eksctl-irsa-role-trust')).toEqual([
        `'arn:aws:iam::111122223333:role/legacy-exporter' (iam.serviceAccounts[4].attachRoleARN (line 54 of ${fixture('iam-service-accounts.yaml')})) served IRSA and now serve pod identity: the trust policy of each must let the service principal pods.eks.amazonaws.com call both sts:AssumeRole and sts:TagSession, or EKS rejects the association. Add the statement {"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]} to it (aws iam update-assume-role-policy, or eksctl utils migrate-to-pod-identity, which adds it) [ack: cdk-eks-pod-identity:eksctl-irsa-role-trust]`,
      ]);
      expect(Annotations.fromStack(stack).findInfo('*', Match.anyValue()).map(info => info.entry.data)).toEqual([
        '[cdk-eks-pod-identity:eksctl-with-oidc] iam.withOIDC is ignored: it gives the cluster an OIDC provider for IRSA, which pod identity does not use, and this library does not create it',
      ]);
    });

    test('the template', () => {
      expect(template.toJSON()).toMatchSnapshot();
    });
  });

  describe('the add-ons example with IRSA settings (addons-irsa.yaml), with migrateIrsa', () => {
    let stack: Stack;
    let template: Template;

    beforeAll(() => {
      const given = givenShop();
      stack = given.stack;
      EksctlConfig.fromFile(fixture('addons-irsa.yaml')).apply(stack, 'Eksctl', { cluster: given.cluster, migrateIrsa: true });
      template = Template.fromStack(stack);
    });

    test('attachPolicyARNs become the add-on\'s association on its service account, with a role of those policies', () => {
      template.hasResourceProperties('AWS::EKS::Addon', {
        AddonName: 'vpc-cni',
        AddonVersion: Match.absent(),
        ServiceAccountRoleArn: Match.absent(),
        PodIdentityAssociations: [{ ServiceAccount: 'aws-node', RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EksctlAddonsvpccniawsnodeRole'), 'Arn'] } }],
      });
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: scopedTrust('kube-system', 'aws-node'),
        ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy'],
      });
    });

    test('wellKnownPolicies become eksctl\'s policies on the add-on\'s role', () => {
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: scopedTrust('kube-system', 'ebs-csi-controller-sa'),
        Policies: [Match.objectLike({ PolicyName: 'PolicyEBSCSIController' })],
      });
      template.hasResourceProperties('AWS::EKS::Addon', {
        AddonName: 'aws-ebs-csi-driver',
        PodIdentityAssociations: [Match.objectLike({ ServiceAccount: 'ebs-csi-controller-sa' })],
      });
    });

    test('serviceAccountRoleARN becomes the association\'s role, with a warning about its trust', () => {
      template.hasResourceProperties('AWS::EKS::Addon', {
        AddonName: 'aws-efs-csi-driver',
        AddonVersion: 'v2.1.4-eksbuild.1',
        ServiceAccountRoleArn: Match.absent(),
        PodIdentityAssociations: [{ ServiceAccount: 'efs-csi-controller-sa', RoleArn: 'arn:aws:iam::111122223333:role/efs-csi-irsa' }],
      });
      expect(warningsOf(stack, 'eksctl-irsa-role-trust')).toEqual([
        `'arn:aws:iam::111122223333:role/efs-csi-irsa' (addons[4].serviceAccountRoleARN (line 30 of ${fixture('addons-irsa.yaml')})) served IRSA and now serve pod identity: the trust policy of each must let the service principal pods.eks.amazonaws.com call both sts:AssumeRole and sts:TagSession, or EKS rejects the association. Add the statement {"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]} to it (aws iam update-assume-role-policy, or eksctl utils migrate-to-pod-identity, which adds it) [ack: cdk-eks-pod-identity:eksctl-irsa-role-trust]`,
      ]);
    });

    test('version: latest leaves the version to EKS, with a warning that says so; no version gets none (eksctl takes EKS\'s default then)', () => {
      template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'coredns', AddonVersion: Match.absent() });
      template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'vpc-cni', AddonVersion: Match.absent() });
      expect(warningsOf(stack, 'eksctl-addon-version')).toEqual([
        'addons[1] \'coredns\', addons[2] \'kube-proxy\' have version \'latest\', for which eksctl installs the newest version that EKS offers for the cluster, looked up through the EKS API; this library makes no API calls at synth, so no AddonVersion is set and EKS installs its default version, which may be older. Set version to the full version you want, e.g. \'v1.2.3-eksbuild.1\' (aws eks describe-addon-versions lists them), or remove it to take EKS\'s default version, as eksctl does then [ack: cdk-eks-pod-identity:eksctl-addon-version]',
      ]);
    });

    test('the template', () => {
      expect(template.toJSON()).toMatchSnapshot();
    });
  });

  describe('without migrateIrsa, each IRSA setting is an error that names it, its line and the option', () => {
    test.each([
      ['iam-service-accounts.yaml', 'iam.serviceAccounts[0] (line 16 of {file}) is an IRSA service account: eksctl would create an IAM role for service accounts, which this library does not do (and 4 more IRSA settings). Pass `migrateIrsa: true` to apply() to make it a pod identity association with a new role that has the same permissions'],
      ['addons-irsa.yaml', 'addons[0].attachPolicyARNs (line 19 of {file}) is an IRSA setting: eksctl would create an IAM role for service accounts, which this library does not do (and 2 more IRSA settings). Pass `migrateIrsa: true` to apply() to give the add-on a pod identity association with a new role that has the same permissions'],
    ])('%s', (name, message) => {
      const { stack, cluster } = givenShop();
      expect(errorOf(() => EksctlConfig.fromFile(fixture(name)).apply(stack, 'Eksctl', { cluster }))).toBe(
        `${PREFIX}eksctl-irsa-setting] Stack/Eksctl: ${message.replace('{file}', fixture(name))}, as \`eksctl utils migrate-to-pod-identity\` does, or remove it from the file`,
      );
    });

    test.each([
      ['attachRoleARN', clusterConfig('iam:', '  serviceAccounts:', '    - metadata: { name: legacy }', `      attachRoleARN: ${ROLE}`),
        'iam.serviceAccounts[0] (line 8) is an IRSA service account with the role of attachRoleARN. Pass `migrateIrsa: true` to apply() to make it a pod identity association with that role (its trust policy must then allow pods.eks.amazonaws.com)'],
      ['serviceAccountRoleARN', oneAddon('aws-ebs-csi-driver', `serviceAccountRoleARN: ${ROLE}`),
        'addons[0].serviceAccountRoleARN (line 8) is the IRSA role of the add-on. Pass `migrateIrsa: true` to apply() to give the add-on a pod identity association with that role instead (its trust policy must then allow pods.eks.amazonaws.com)'],
      ['attachPolicy', oneAddon('aws-ebs-csi-driver', 'attachPolicy: { Statement: [{ Effect: Allow, Action: "ec2:CreateVolume", Resource: "*" }] }'),
        'addons[0].attachPolicy (line 8) is an IRSA setting: eksctl would create an IAM role for service accounts, which this library does not do. Pass `migrateIrsa: true` to apply() to give the add-on a pod identity association with a new role that has the same permissions'],
    ])('%s', (_field, text, message) => {
      expect(errorOf(() => apply(text))).toBe(
        `${PREFIX}eksctl-irsa-setting] Stack/Eksctl: ${message}, as \`eksctl utils migrate-to-pod-identity\` does, or remove it from the file`,
      );
    });

    test('iam.withOIDC alone is no IRSA setting: it is ignored with an info message', () => {
      const { stack } = apply(clusterConfig('iam: { withOIDC: true }'));
      expect(Annotations.fromStack(stack).findInfo('*', Match.stringLikeRegexp('eksctl-with-oidc'))).toHaveLength(1);
    });
  });

  describe('what migrateIrsa cannot convert', () => {
    test('an add-on with several service accounts: which one the IRSA role serves is unknown', () => {
      expect(errorOf(() => apply(oneAddon('adot', `serviceAccountRoleARN: ${ROLE}`), true))).toBe(
        `${PREFIX}eksctl-irsa-addon-service-account] Stack/Eksctl: the IRSA settings of addons[0] (line 7) 'adot' cannot become a pod identity association: it has the service accounts 'adot-col-prom-metrics', 'adot-col-otlp-ingest', 'adot-col-container-logs', and without the EKS and IAM APIs this library cannot tell which one the IRSA role serves. Replace the IRSA settings with podIdentityAssociations naming the service account (namespace, serviceAccountName, and roleARN or permissionPolicyARNs)`,
      );
    });

    test('an add-on the table does not know', () => {
      expect(errorOf(() => apply(oneAddon('example-vendor_agent', `serviceAccountRoleARN: ${ROLE}`), true))).toBe(
        `${PREFIX}eksctl-irsa-addon-service-account] Stack/Eksctl: the IRSA settings of addons[0] (line 7) 'example-vendor_agent' cannot become a pod identity association: this library's table of add-ons lists no service account for it, and without the EKS and IAM APIs this library cannot tell which one the IRSA role serves. Replace the IRSA settings with podIdentityAssociations naming the service account (namespace, serviceAccountName, and roleARN or permissionPolicyARNs)`,
      );
    });

    test('subjectPattern: a pod identity association is for one named service account', () => {
      expect(errorOf(() => EksctlConfig.fromYaml(clusterConfig('iam:', '  serviceAccounts:', '    - metadata: { name: jobs }',
        '      attachPolicyARNs: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]', '      subjectPattern: "system:serviceaccount:jobs:*"')))).toBe(
        `${PREFIX}eksctl-unsupported-field] EksctlConfig: iam.serviceAccounts[0].subjectPattern (line 10) matches service accounts by pattern in an IRSA trust policy; a pod identity association is for one service account, named. Remove subjectPattern and give one entry per service account (metadata.name), or associate each service account yourself`,
      );
    });
  });

  describe('the rules of an IRSA service account', () => {
    test.each([
      ['attachPolicyARNs', 'attachPolicyARNs: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]'],
      ['roleName', 'roleName: legacy'],
    ])('attachRoleARN with %s is an error', (field, line) => {
      expect(errorOf(() => EksctlConfig.fromYaml(clusterConfig('iam:', '  serviceAccounts:', '    - metadata: { name: legacy }', `      attachRoleARN: ${ROLE}`, `      ${line}`)))).toBe(
        `${PREFIX}eksctl-role-arn-and-policies] EksctlConfig: iam.serviceAccounts[0].${field} (line 10) cannot be set when attachRoleARN is set: attachRoleARN names an existing role, and this field only applies to a role created for the service account. Remove attachRoleARN to create a role with ${field}, or remove ${field} and give the existing role its permissions yourself`,
      );
    });

    test('an add-on\'s serviceAccountRoleARN with permissionsBoundary is an error: the boundary would be lost', () => {
      expect(errorOf(() => EksctlConfig.fromYaml(oneAddon('aws-ebs-csi-driver', `serviceAccountRoleARN: ${ROLE}`, 'permissionsBoundary: arn:aws:iam::111122223333:policy/boundary')))).toBe(
        `${PREFIX}eksctl-role-arn-and-policies] EksctlConfig: addons[0].permissionsBoundary (line 9) cannot be set when serviceAccountRoleARN is set: serviceAccountRoleARN names an existing role, and the boundary only applies to a role created for the add-on. Remove serviceAccountRoleARN to create a role with the boundary, or remove permissionsBoundary and set the existing role's boundary yourself`,
      );
    });

    test('no permissions is an error', () => {
      expect(errorOf(() => EksctlConfig.fromYaml(clusterConfig('iam:', '  serviceAccounts:', '    - metadata: { name: legacy, namespace: jobs }')))).toBe(
        `${PREFIX}eksctl-no-permissions] EksctlConfig: iam.serviceAccounts[0] (line 8) gives the service account no permissions: at least one of attachRoleARN, attachPolicyARNs, attachPolicy and wellKnownPolicies must be set. Add the policies the pods need, or attachRoleARN to use an existing role`,
      );
    });

    test('metadata.name is required', () => {
      expect(errorOf(() => EksctlConfig.fromYaml(clusterConfig('iam:', '  serviceAccounts:', '    - metadata: { namespace: jobs }', `      attachRoleARN: ${ROLE}`)))).toBe(
        `${PREFIX}eksctl-missing-field] EksctlConfig: iam.serviceAccounts[0].metadata.name (line 8) must be set. Add name`,
      );
    });

    test('the same service account twice is an error', () => {
      expect(errorOf(() => EksctlConfig.fromYaml(clusterConfig('iam:', '  serviceAccounts:',
        '    - metadata: { name: legacy }', `      attachRoleARN: ${ROLE}`,
        '    - metadata: { name: legacy, namespace: default }', `      attachRoleARN: ${ROLE}`)))).toBe(
        `${PREFIX}eksctl-duplicate-association] EksctlConfig: iam.serviceAccounts[1] (line 10) gives service account 'default/legacy' a second IAM role (iam.serviceAccounts[0] gives it one already); a service account has one role. Keep one entry per service account, with all the policies it needs`,
      );
    });

    test('labels, annotations, roleOnly and status are accepted and ignored', () => {
      const text = clusterConfig('iam:', '  serviceAccounts:',
        '    - metadata: { name: legacy, labels: { a: b }, annotations: { c: d } }', `      attachRoleARN: ${ROLE}`, '      roleOnly: true',
        '      status: { roleARN: x }');
      const withThem = Template.fromStack(apply(text, true).stack).toJSON();
      const without = Template.fromStack(apply(clusterConfig('iam:', '  serviceAccounts:', '    - metadata: { name: legacy }', `      attachRoleARN: ${ROLE}`), true).stack).toJSON();
      expect(withThem).toEqual(without);
    });
  });
});
