import { EksctlConfig } from '../../lib';
import { clusterConfig, errorOf, fixture, oneAddon, oneAssociation } from './eksctl-util';

const PREFIX = '[cdk-eks-pod-identity:';
const ROLE = 'arn:aws:iam::111122223333:role/my-app';
const POLICY = 'arn:aws:iam::111122223333:policy/my-app';

function readError(text: string): string {
  return errorOf(() => EksctlConfig.fromYaml(text));
}

describe('EksctlConfig: the file as a whole', () => {
  test('a YAML syntax error names its line', () => {
    expect(readError(clusterConfig('iam:', '  podIdentityAssociations: [', '    - namespace: a'))).toBe(
      `${PREFIX}eksctl-invalid-yaml] EksctlConfig: the YAML of the text cannot be parsed (line 8): Block collections are not allowed within flow collections at line 8, column 5:. Fix the YAML syntax (indentation, quotes, a key given twice)`,
    );
  });

  test('a key given twice is an error, as in eksctl', () => {
    expect(readError(clusterConfig('iam: {}', 'iam: {}'))).toBe(
      `${PREFIX}eksctl-invalid-yaml] EksctlConfig: the YAML of the text cannot be parsed (line 7): Map keys must be unique at line 7, column 1:. Fix the YAML syntax (indentation, quotes, a key given twice)`,
    );
  });

  test('several documents are an error', () => {
    expect(readError(`${clusterConfig()}---\n${clusterConfig()}`)).toBe(
      `${PREFIX}eksctl-invalid-yaml] EksctlConfig: the text holds 2 YAML documents, but an eksctl config file holds one ClusterConfig. Split the documents into one file each, or remove the extra \`---\` separators`,
    );
  });

  test.each([
    ['', 'the text holds no YAML document'],
    ['# only a comment\n', 'the text holds no YAML document'],
    ['---\n', 'the text is empty, not an eksctl ClusterConfig'],
    ['- name: shop\n', 'the text is a list, not an eksctl ClusterConfig'],
  ])('text %j is not a ClusterConfig', (text, problem) => {
    expect(readError(text)).toMatch(new RegExp(`^\\[cdk-eks-pod-identity:eksctl-not-cluster-config\\] EksctlConfig: ${problem}\\. `));
  });

  test('apiVersion and kind must be eksctl\'s', () => {
    expect(readError('kind: ClusterConfig\nmetadata: { name: shop, region: eu-west-1 }\n')).toBe(
      `${PREFIX}eksctl-not-cluster-config] EksctlConfig: apiVersion is missing. An eksctl config file has \`apiVersion: eksctl.io/v1alpha5\``,
    );
    expect(readError('apiVersion: eksctl.io/v1alpha5\nkind: NodeGroup\nmetadata: { name: shop, region: eu-west-1 }\n')).toBe(
      `${PREFIX}eksctl-not-cluster-config] EksctlConfig: kind (line 2) is "NodeGroup". An eksctl config file has \`kind: ClusterConfig\``,
    );
  });

  test('the list at the top level, as in the cross-account example of eksctl\'s documentation, points to iam', () => {
    expect(readError(clusterConfig('podIdentityAssociations:', '  - namespace: default', '    serviceAccountName: my-app'))).toBe(
      `${PREFIX}eksctl-unknown-field] EksctlConfig: podIdentityAssociations (line 6) is not a field of a ClusterConfig. Did you mean 'iam.podIdentityAssociations'?`,
    );
  });

  test('an unknown top-level section is an error', () => {
    expect(readError(clusterConfig('nodegroups: []'))).toBe(
      `${PREFIX}eksctl-unknown-field] EksctlConfig: nodegroups (line 6) is not a field of a ClusterConfig. Did you mean 'nodeGroups'? eksctl field names are case-sensitive`,
    );
    expect(readError(clusterConfig('clusterEndpoints: {}'))).toBe(
      `${PREFIX}eksctl-unknown-field] EksctlConfig: clusterEndpoints (line 6) is not a field of a ClusterConfig. Remove it or correct its name; eksctl rejects unknown fields too (https://eksctl.io/usage/schema/)`,
    );
  });

  test.each([
    ['metadata', 'kubernetesVersion: "1.34"', 'metadata.kubernetesVersion (line 6) is not a field of metadata'],
    ['iam', 'podIdentities: []', 'iam.podIdentities (line 7) is not a field of iam'],
    ['addonsConfig', 'autoApply: true', 'addonsConfig.autoApply (line 7) is not a field of addonsConfig'],
    ['kubernetesNetworkConfig', 'serviceCIDR: 10.100.0.0/16', 'kubernetesNetworkConfig.serviceCIDR (line 7) is not a field of kubernetesNetworkConfig'],
  ])('an unknown field of %s is an error', (section, field, problem) => {
    const text = section === 'metadata'
      ? clusterConfig().replace('  region: eu-west-1\n', `  region: eu-west-1\n  ${field}\n`)
      : clusterConfig(`${section}:`, `  ${field}`);
    expect(readError(text)).toBe(
      `${PREFIX}eksctl-unknown-field] EksctlConfig: ${problem}. Remove it or correct its name; eksctl rejects unknown fields too (https://eksctl.io/usage/schema/)`,
    );
  });

  test.each([
    ['name', 'metadata.name (line 3) must be set. Add name'],
    ['region', 'metadata.region (line 3) must be set. Add region'],
  ])('metadata.%s is required, as in eksctl\'s schema', (field, message) => {
    expect(readError(clusterConfig().replace(new RegExp(`  ${field}: .*\\n`), ''))).toBe(`${PREFIX}eksctl-missing-field] EksctlConfig: ${message}`);
  });

  test('metadata.name must be an EKS cluster name', () => {
    expect(readError(clusterConfig().replace('name: shop', 'name: my shop'))).toBe(
      `${PREFIX}invalid-cluster-name] EksctlConfig: metadata.name (line 4): cluster name 'my shop' is not a valid EKS cluster name (1 to 100 letters, digits, '-' and '_', starting with a letter or digit). Pass the name exactly as the EKS console or \`aws eks list-clusters\` shows it`,
    );
  });

  test('kubernetesNetworkConfig.ipFamily must be IPv4 or IPv6', () => {
    expect(readError(clusterConfig('kubernetesNetworkConfig:', '  ipFamily: dual'))).toBe(
      `${PREFIX}eksctl-invalid-value] EksctlConfig: kubernetesNetworkConfig.ipFamily (line 7) is 'dual', not an IP family. Use \`IPv4\` or \`IPv6\``,
    );
  });

  test('a section of the wrong type is an error', () => {
    expect(readError(clusterConfig('iam: []'))).toBe(
      `${PREFIX}eksctl-invalid-value] EksctlConfig: iam (line 6) is a list, not a mapping. Give a mapping of fields`,
    );
    expect(readError(clusterConfig('addons: {}'))).toBe(
      `${PREFIX}eksctl-invalid-value] EksctlConfig: addons (line 6) is a mapping, not a list. Give a list, one entry per line starting with \`- \``,
    );
  });

  test('a file that cannot be read is an error', () => {
    const missing = fixture('no-such-file.yaml');
    expect(errorOf(() => EksctlConfig.fromFile(missing))).toBe(
      `${PREFIX}eksctl-unreadable-file] EksctlConfig: cannot read '${missing}': ENOENT: no such file or directory, open '${missing}'. Check the path; a relative path is resolved from the current directory of the process ('${process.cwd()}'), not from your source file, so for a file next to your code give an absolute path built from your source file's location`,
    );
  });

  test('errors about a file name the file with the line', () => {
    const file = fixture('invalid-role-arn-with-policies.yaml');
    expect(errorOf(() => EksctlConfig.fromFile(file))).toBe(
      `${PREFIX}eksctl-role-arn-and-policies] EksctlConfig: iam.podIdentityAssociations[1].permissionPolicyARNs (line 16 of ${file}) cannot be set when roleARN is set: roleARN names an existing role, and this field only applies to a role created here. Remove roleARN to create a role with permissionPolicyARNs, or remove permissionPolicyARNs and give the existing role its permissions yourself`,
    );
  });
});

describe('EksctlConfig: iam.podIdentityAssociations', () => {
  test('an unknown field names its path and suggests the field eksctl knows', () => {
    expect(readError(oneAssociation(`roleArn: ${ROLE}`))).toBe(
      `${PREFIX}eksctl-unknown-field] EksctlConfig: iam.podIdentityAssociations[0].roleArn (line 10) is not a field of a pod identity association. Did you mean 'roleARN'? eksctl field names are case-sensitive`,
    );
    expect(readError(oneAssociation('serviceAccount: my-app'))).toBe(
      `${PREFIX}eksctl-unknown-field] EksctlConfig: iam.podIdentityAssociations[0].serviceAccount (line 10) is not a field of a pod identity association. Did you mean 'serviceAccountName'?`,
    );
  });

  test.each([
    ['namespace', 'namespace: default', 'namespace'],
    ['serviceAccountName', 'serviceAccountName: my-app', 'serviceAccountName'],
  ])('%s is required, as in eksctl', (_name, line, field) => {
    const text = oneAssociation(`roleARN: ${ROLE}`).replace(`- ${line}`, '- createServiceAccount: false').replace(`  ${line}`, '  createServiceAccount: false');
    expect(readError(text)).toBe(
      `${PREFIX}eksctl-missing-field] EksctlConfig: iam.podIdentityAssociations[0].${field} (line 8) must be set. Add ${field}`,
    );
  });

  test('an empty namespace counts as unset, as in eksctl', () => {
    expect(readError(oneAssociation(`roleARN: ${ROLE}`).replace('namespace: default', 'namespace: ""'))).toBe(
      `${PREFIX}eksctl-missing-field] EksctlConfig: iam.podIdentityAssociations[0].namespace (line 8) must be set and non-empty. Give namespace a value`,
    );
  });

  test('names are checked as the constructs check them', () => {
    expect(readError(oneAssociation(`roleARN: ${ROLE}`).replace('namespace: default', 'namespace: Team_A'))).toBe(
      `${PREFIX}invalid-namespace] EksctlConfig: iam.podIdentityAssociations[0].namespace (line 8): namespace 'Team_A' is not a valid Kubernetes namespace (an RFC 1123 label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit). Use the name of the namespace exactly as Kubernetes shows it, e.g. 'default' or 'team-a'`,
    );
    expect(readError(oneAssociation(`roleARN: ${ROLE}`).replace('serviceAccountName: my-app', 'serviceAccountName: My-App'))).toBe(
      `${PREFIX}invalid-service-account] EksctlConfig: iam.podIdentityAssociations[0].serviceAccountName (line 9): service account 'My-App' is not a valid Kubernetes service account name (an RFC 1123 subdomain: at most 253 lowercase letters, digits, '-' and '.', each part starting and ending with a letter or digit). Use the name of the service account exactly as in its manifest, e.g. 'my-service-account'`,
    );
  });

  test.each([
    ['a number', oneAssociation(`roleARN: ${ROLE}`).replace('namespace: default', 'namespace: 42'),
      'namespace (line 8) is 42, not a string', 'Write a string; quote it if YAML would read it as a number, a date or a boolean'],
    ['a quoted boolean', oneAssociation(`roleARN: ${ROLE}`, 'disableSessionTags: "true"'),
      'disableSessionTags (line 11) is "true", not true or false', 'Write true or false'],
    ['a number as a tag', oneAssociation(`roleARN: ${ROLE}`, 'tags: { team: 7 }'),
      'tags.team (line 11) is 7, not a string', 'Quote the value: tag values are strings'],
    ['a number in a list of ARNs', oneAssociation('permissionPolicyARNs: [1]'),
      'permissionPolicyARNs[0] (line 10) is 1, not a string', 'Write a string'],
    ['an ARN instead of a list', oneAssociation('permissionPolicyARNs: arn:aws:iam::aws:policy/ReadOnlyAccess'),
      'permissionPolicyARNs (line 10) is "arn:aws:iam::aws:policy/ReadOnlyAccess", not a list', 'Give a list, one entry per line starting with `- `'],
  ])('a field of the wrong type is an error: %s', (_name, text, problem, fix) => {
    expect(readError(text)).toBe(`${PREFIX}eksctl-invalid-value] EksctlConfig: iam.podIdentityAssociations[0].${problem}. ${fix}`);
  });

  test('createServiceAccount that is not true or false is an invalid value', () => {
    expect(readError(oneAssociation(`roleARN: ${ROLE}`, 'createServiceAccount: always'))).toBe(
      `${PREFIX}eksctl-invalid-value] EksctlConfig: iam.podIdentityAssociations[0].createServiceAccount (line 11) is "always", not true or false. Write true or false`,
    );
  });

  test.each([
    ['permissionPolicyARNs', `permissionPolicyARNs: [${POLICY}]`],
    ['permissionPolicy', 'permissionPolicy: { Statement: [{ Effect: Allow, Action: s3:ListBucket, Resource: "*" }] }'],
    ['wellKnownPolicies', 'wellKnownPolicies: { ebsCSIController: true }'],
    ['roleName', 'roleName: my-app'],
    ['permissionsBoundaryARN', `permissionsBoundaryARN: ${POLICY}`],
  ])('roleARN with %s is an error (eksctl: "cannot be specified when roleARN is set")', (field, line) => {
    expect(readError(oneAssociation(`roleARN: ${ROLE}`, line))).toBe(
      `${PREFIX}eksctl-role-arn-and-policies] EksctlConfig: iam.podIdentityAssociations[0].${field} (line 11) cannot be set when roleARN is set: roleARN names an existing role, and this field only applies to a role created here. Remove roleARN to create a role with ${field}, or remove ${field} and give the existing role its permissions yourself`,
    );
  });

  test('an association must give permissions, as in eksctl', () => {
    expect(readError(oneAssociation('roleName: my-app'))).toBe(
      `${PREFIX}eksctl-no-permissions] EksctlConfig: iam.podIdentityAssociations[0] (line 8) gives the pods no permissions: at least one of roleARN, permissionPolicy, permissionPolicyARNs and wellKnownPolicies must be set. Add the policies the pods need, or roleARN to use an existing role`,
    );
    expect(readError(oneAssociation('wellKnownPolicies: { autoScaler: false }'))).toMatch(/eksctl-no-permissions/);
  });

  test.each([
    ['roleARN: my-app', 'roleARN', 'my-app', 'an IAM role', 'arn:aws:iam::111122223333:role/my-role'],
    ['roleARN: arn:aws:iam::1111:role/my-app', 'roleARN', 'arn:aws:iam::1111:role/my-app', 'an IAM role', 'arn:aws:iam::111122223333:role/my-role'],
    [`permissionPolicyARNs: [${ROLE}]`, 'permissionPolicyARNs[0]', ROLE, 'an IAM policy', 'arn:aws:iam::111122223333:policy/my-policy'],
    [`permissionsBoundaryARN: ${ROLE}`, 'permissionsBoundaryARN', ROLE, 'an IAM policy', 'arn:aws:iam::111122223333:policy/my-policy'],
  ])('%s is not an ARN of the right kind', (line, field, value, what, example) => {
    const text = field === 'permissionsBoundaryARN' ? oneAssociation(line, `permissionPolicyARNs: [${POLICY}]`) : oneAssociation(line);
    expect(readError(text)).toBe(
      `${PREFIX}eksctl-invalid-value] EksctlConfig: iam.podIdentityAssociations[0].${field} (line 10) is '${value}', not the ARN of ${what}. Give the full ARN, e.g. '${example}'`,
    );
  });

  test('a session policy needs disableSessionTags: true', () => {
    const policy = 'policy: \'{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}\'';
    expect(readError(oneAssociation(`roleARN: ${ROLE}`, policy))).toBe(
      `${PREFIX}eksctl-policy-needs-session-tags-off] EksctlConfig: iam.podIdentityAssociations[0].policy (line 11) is set but disableSessionTags is not true; EKS accepts a session policy only on an association with session tags disabled. Add \`disableSessionTags: true\`, or remove \`policy\` and narrow the role's own policy instead`,
    );
    expect(() => EksctlConfig.fromYaml(oneAssociation(`roleARN: ${ROLE}`, policy, 'disableSessionTags: true'))).not.toThrow();
  });

  test('a session policy is JSON text, as in eksctl', () => {
    expect(readError(oneAssociation(`roleARN: ${ROLE}`, 'disableSessionTags: true', 'policy: { Statement: [] }'))).toBe(
      `${PREFIX}eksctl-invalid-value] EksctlConfig: iam.podIdentityAssociations[0].policy (line 12) is not a string; eksctl takes the session policy as JSON text. Write the policy as a JSON string, e.g. \`policy: '{"Version":"2012-10-17","Statement":[...]}'\``,
    );
    expect(readError(oneAssociation(`roleARN: ${ROLE}`, 'disableSessionTags: true', 'policy: "{Statement"'))).toMatch(
      /^\[cdk-eks-pod-identity:eksctl-invalid-value\] EksctlConfig: iam\.podIdentityAssociations\[0\]\.policy \(line 12\) is not valid JSON \(.*\)\. Write the session policy as a JSON policy document$/,
    );
  });

  test('permissionPolicyName needs permissionPolicy', () => {
    expect(readError(oneAssociation(`permissionPolicyARNs: [${POLICY}]`, 'permissionPolicyName: app'))).toBe(
      `${PREFIX}eksctl-invalid-value] EksctlConfig: iam.podIdentityAssociations[0].permissionPolicyName (line 11) names the inline policy made from permissionPolicy, but permissionPolicy is not set. Add permissionPolicy, or remove permissionPolicyName`,
    );
  });

  const inlinePolicy = 'permissionPolicy: { Statement: [{ Effect: Allow, Action: s3:ListBucket, Resource: "*" }] }';

  test.each(['"--"', '"_"', 's3-read'])('permissionPolicyName %s, an IAM policy name, is accepted whatever its letters', (name) => {
    expect(() => EksctlConfig.fromYaml(oneAssociation(inlinePolicy, `permissionPolicyName: ${name}`))).not.toThrow();
  });

  test('permissionPolicyName must be an IAM policy name', () => {
    expect(readError(oneAssociation(inlinePolicy, 'permissionPolicyName: s3 read'))).toBe(
      `${PREFIX}eksctl-invalid-value] EksctlConfig: iam.podIdentityAssociations[0].permissionPolicyName (line 11) is 's3 read', not an IAM policy name (1 to 128 letters, digits and '+=,.@_-'). Remove the other characters, e.g. spaces`,
    );
  });

  test('permissionPolicyName cannot be the name of a well-known policy of the entry', () => {
    expect(readError(oneAssociation(inlinePolicy, 'permissionPolicyName: PolicyAutoScaling', 'wellKnownPolicies: { autoScaler: true }'))).toBe(
      `${PREFIX}eksctl-invalid-value] EksctlConfig: iam.podIdentityAssociations[0].permissionPolicyName (line 11) is 'PolicyAutoScaling', the name of the inline policy of wellKnownPolicies.autoScaler: in eksctl's template one of the two policies would replace the other. Give permissionPolicy another name`,
    );
  });

  test('permissionPolicyName cannot become the name of a well-known policy once eksctl keeps only its letters and digits', () => {
    expect(readError(oneAssociation(inlinePolicy, 'permissionPolicyName: Policy-Auto.Scaling', 'wellKnownPolicies: { autoScaler: true }'))).toBe(
      `${PREFIX}eksctl-invalid-value] EksctlConfig: iam.podIdentityAssociations[0].permissionPolicyName (line 11) is 'Policy-Auto.Scaling', which eksctl names 'PolicyAutoScaling' in its CloudFormation template (letters and digits only), the name of the inline policy of wellKnownPolicies.autoScaler: in eksctl's template one of the two policies would replace the other. Give permissionPolicy another name`,
    );
  });

  test('permissionPolicyName compares with the well-known names in their case, as CloudFormation logical IDs do', () => {
    expect(() => EksctlConfig.fromYaml(oneAssociation(inlinePolicy, 'permissionPolicyName: policy-autoscaling', 'wellKnownPolicies: { autoScaler: true }'))).not.toThrow();
  });
});

describe('EksctlConfig: policy documents', () => {
  function policyError(...document: string[]): string {
    return readError(oneAssociation('permissionPolicy:', ...document.map(line => `  ${line}`)));
  }
  const at = 'EksctlConfig: iam.podIdentityAssociations[0].permissionPolicy';

  test('an unknown element of a statement names its path', () => {
    expect(policyError('Statement:', '  - Effect: Allow', '    Action: s3:GetObject', '    Ressource: "*"')).toBe(
      `${PREFIX}eksctl-unknown-field] ${at}.Statement[0].Ressource (line 14) is not a field of a policy statement. Remove it; the fields of a policy statement are 'Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition', 'Principal', 'NotPrincipal'`,
    );
    expect(policyError('statement: []')).toBe(
      `${PREFIX}eksctl-unknown-field] ${at}.statement (line 11) is not a field of a policy document. Did you mean 'Statement'? Policy element names are case-sensitive`,
    );
  });

  test('a statement needs an effect', () => {
    expect(policyError('Statement:', '  - Action: s3:GetObject', '    Resource: "*"')).toBe(
      `${PREFIX}eksctl-invalid-value] ${at}.Statement[0].Effect (line 12) is null. Use \`Effect: Allow\` or \`Effect: Deny\``,
    );
  });

  test('a statement must be valid in an identity policy', () => {
    expect(policyError('Statement:', '  - Effect: Allow', '    Action: s3GetObject', '    Resource: "*"')).toBe(
      `${PREFIX}eksctl-invalid-policy] ${at}.Statement[0] (line 12) is not a valid statement of an identity policy: Action 's3GetObject' is invalid. An action string consists of a service namespace, a colon, and the name of an action. Action names can include wildcards.. Fix the statement: an action is \`service:Action\`, and a statement of a role's policy names resources and no principal`,
    );
    expect(policyError('Statement:', '  - Effect: Allow', '    Action: s3:GetObject', '    Principal: { AWS: "*" }', '    Resource: "*"')).toMatch(
      /eksctl-invalid-policy\] .*Statement\[0\] \(line 12\) is not a valid statement of an identity policy: A PolicyStatement used in an identity-based policy cannot specify any IAM principals\./,
    );
    expect(policyError('Statement:', '  - Effect: Allow', '    Action: s3:GetObject')).toMatch(/must specify at least one resource/);
  });

  test('a document needs statements and a known version', () => {
    expect(policyError('Version: "2012-10-17"')).toBe(
      `${PREFIX}eksctl-invalid-value] ${at}.Statement (line 10) is missing or empty, so the policy allows nothing. Give at least one statement with \`Effect\`, \`Action\` and \`Resource\``,
    );
    expect(policyError('Version: "2020-01-01"', 'Statement: []')).toBe(
      `${PREFIX}eksctl-invalid-value] ${at}.Version (line 11) is "2020-01-01", not a policy language version. Use \`Version: "2012-10-17"\``,
    );
    expect(readError(oneAssociation('permissionPolicy: [s3:GetObject]'))).toBe(
      `${PREFIX}eksctl-invalid-value] ${at} (line 10) is not an IAM policy document. Give a mapping with \`Version: "2012-10-17"\` and a \`Statement\` list`,
    );
    expect(policyError('Statement: [s3:GetObject]')).toBe(
      `${PREFIX}eksctl-invalid-value] ${at}.Statement[0] (line 11) is not a policy statement. Give a mapping with \`Effect\`, \`Action\` and \`Resource\``,
    );
  });
});

describe('EksctlConfig: wellKnownPolicies', () => {
  test('an unknown key is an error', () => {
    expect(readError(oneAssociation('wellKnownPolicies:', '  ebsCsiController: true'))).toBe(
      `${PREFIX}eksctl-unknown-field] EksctlConfig: iam.podIdentityAssociations[0].wellKnownPolicies.ebsCsiController (line 11) is not a field of wellKnownPolicies. Did you mean 'ebsCSIController'? eksctl field names are case-sensitive`,
    );
  });

  test('the value must be a mapping of booleans', () => {
    expect(readError(oneAssociation('wellKnownPolicies: [autoScaler]'))).toBe(
      `${PREFIX}eksctl-invalid-value] EksctlConfig: iam.podIdentityAssociations[0].wellKnownPolicies (line 10) is a list, not a mapping. Give a mapping of policy names to true, e.g. \`wellKnownPolicies: { ebsCSIController: true }\`; the names are imageBuilder, autoScaler, awsLoadBalancerController, externalDNS, certManager, ebsCSIController, efsCSIController`,
    );
    expect(readError(oneAssociation('wellKnownPolicies:', '  autoScaler: "true"'))).toBe(
      `${PREFIX}eksctl-invalid-value] EksctlConfig: iam.podIdentityAssociations[0].wellKnownPolicies.autoScaler (line 11) is "true", not true or false. Write true or false`,
    );
  });
});

describe('EksctlConfig: addons', () => {
  test('name is required', () => {
    expect(readError(clusterConfig('addons:', '  - version: latest'))).toBe(
      `${PREFIX}eksctl-missing-field] EksctlConfig: addons[0].name (line 7) must be set. Add name`,
    );
  });

  test('an unknown field is an error', () => {
    expect(readError(oneAddon('vpc-cni', 'serviceAccountRoleArn: x'))).toBe(
      `${PREFIX}eksctl-unknown-field] EksctlConfig: addons[0].serviceAccountRoleArn (line 8) is not a field of an add-on. Did you mean 'serviceAccountRoleARN'? eksctl field names are case-sensitive`,
    );
  });

  test('IRSA and explicit pod identity associations together are an error, as in eksctl', () => {
    expect(readError(oneAddon('vpc-cni',
      'serviceAccountRoleARN: arn:aws:iam::111122223333:role/cni-irsa',
      'podIdentityAssociations:',
      '  - serviceAccountName: aws-node',
      '    permissionPolicyARNs: [arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy]'))).toBe(
      `${PREFIX}eksctl-irsa-and-pod-identity] EksctlConfig: addons[0] (line 7) sets IRSA (serviceAccountRoleARN) and pod identity (podIdentityAssociations) at once; an add-on gets its AWS credentials one way. Remove serviceAccountRoleARN to use pod identity, or remove podIdentityAssociations to keep IRSA`,
    );
  });

  test('IRSA and useDefaultPodIdentityAssociations together are an error (eksctl would keep IRSA and ignore useDefault)', () => {
    expect(readError(oneAddon('vpc-cni', 'attachPolicyARNs: [arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy]', 'useDefaultPodIdentityAssociations: true'))).toBe(
      `${PREFIX}eksctl-irsa-and-pod-identity] EksctlConfig: addons[0] (line 7) sets IRSA (attachPolicyARNs) and pod identity (useDefaultPodIdentityAssociations) at once; an add-on gets its AWS credentials one way. Remove attachPolicyARNs to use pod identity, or remove useDefaultPodIdentityAssociations to keep IRSA`,
    );
  });

  test.each([
    ['attachPolicyARNs: [arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy]', 'attachPolicyARNs'],
    ['attachPolicy: { Statement: [] }', 'attachPolicy'],
    ['wellKnownPolicies: { ebsCSIController: true }', 'wellKnownPolicies'],
  ])('the IRSA setting %s is read (apply refuses it without migrateIrsa)', (line) => {
    const text = oneAddon('aws-ebs-csi-driver', line);
    if (line.startsWith('attachPolicy:')) {
      expect(readError(text)).toBe(
        `${PREFIX}eksctl-invalid-value] EksctlConfig: addons[0].attachPolicy.Statement (line 8) is missing or empty, so the policy allows nothing. Give at least one statement with \`Effect\`, \`Action\` and \`Resource\``,
      );
    } else {
      expect(() => EksctlConfig.fromYaml(text)).not.toThrow();
    }
  });


  test('two IRSA policy providers are an error, as in eksctl', () => {
    expect(readError(oneAddon('aws-ebs-csi-driver', `serviceAccountRoleARN: ${ROLE}`, 'wellKnownPolicies: { ebsCSIController: true }'))).toBe(
      `${PREFIX}eksctl-irsa-policy-providers] EksctlConfig: addons[0].wellKnownPolicies (line 9) is set together with serviceAccountRoleARN, but eksctl takes at most one of wellKnownPolicies, serviceAccountRoleARN, attachPolicyARNs and attachPolicy. Keep one of serviceAccountRoleARN, wellKnownPolicies`,
    );
  });

  test('useDefaultPodIdentityAssociations with associations in podIdentityAssociations is an error of this library, as eksctl create and update disagree', () => {
    expect(readError(oneAddon('vpc-cni', 'useDefaultPodIdentityAssociations: true', 'podIdentityAssociations:',
      `  - { namespace: kube-system, serviceAccountName: aws-node, roleARN: "${ROLE}" }`))).toBe(
      `${PREFIX}eksctl-default-and-explicit-associations] EksctlConfig: addons[0].useDefaultPodIdentityAssociations (line 8) is true, but podIdentityAssociations lists associations too; eksctl reads the pair two ways (\`eksctl create addon\` uses the listed associations and ignores useDefaultPodIdentityAssociations, \`eksctl update addon\` replaces them with the recommended ones), so this library refuses it. Remove useDefaultPodIdentityAssociations to keep the listed associations, or remove podIdentityAssociations to get the recommended ones`,
    );
  });

  test.each(['eks-pod-identity-agent', 'EKS-Pod-Identity-Agent'])('the Pod Identity Agent add-on (%s) cannot have associations, as in eksctl', (name) => {
    expect(readError(oneAddon(name, 'podIdentityAssociations:', '  - serviceAccountName: eks-pod-identity-agent', '    namespace: kube-system', `    roleARN: ${ROLE}`))).toBe(
      `${PREFIX}eksctl-agent-associations] EksctlConfig: addons[0].podIdentityAssociations (line 8) is set on add-on '${name}', which cannot have pod identity associations: it is the agent that hands out their credentials. Remove podIdentityAssociations from this add-on`,
    );
  });

  test('an add-on given twice is an error', () => {
    expect(readError(clusterConfig('addons:', '  - name: vpc-cni', '  - name: vpc-cni'))).toBe(
      `${PREFIX}eksctl-duplicate-addon] EksctlConfig: addons[1].name (line 8) repeats add-on 'vpc-cni' of addons[0]. Keep one entry per add-on`,
    );
  });

  test.each([
    ['resolveConflicts: replace', 'resolveConflicts (line 8) is \'replace\', not a way to resolve conflicts. Use none, overwrite or preserve'],
    ['configurationValues: "[1, 2]"', 'configurationValues (line 8) is not a JSON or YAML mapping. Give the configuration as a string holding a JSON object or a YAML mapping, as `aws eks describe-addon-configuration` describes it'],
    ['configurationValues: "{ a: ["', 'configurationValues (line 8) is not a JSON or YAML mapping. Give the configuration as a string holding a JSON object or a YAML mapping, as `aws eks describe-addon-configuration` describes it'],
    ['version: 1.2', 'version (line 8) is 1.2, not a string. Write a string; quote it if YAML would read it as a number, a date or a boolean'],
    ['version: stable', 'version (line 8) is \'stable\', which is no part of an EKS add-on version, so eksctl would find no version that contains it. Write a release such as \'1.7.5\' or \'v1.7.5\', a full EKS version such as \'v1.7.5-eksbuild.2\' (`aws eks describe-addon-versions` lists them), a part of one such as \'1.7\', or \'latest\''],
  ])('%s is an invalid value', (line, problem) => {
    expect(readError(oneAddon('vpc-cni', line))).toBe(`${PREFIX}eksctl-invalid-value] EksctlConfig: addons[0].${problem}`);
  });

  test.each([
    ['targetRoleARN: arn:aws:iam::444455556666:role/other', 'targetRoleARN', 'is not supported on an add-on\'s association: EKS takes only a service account and a role for it (AWS::EKS::Addon PodIdentityAssociations). Remove targetRoleARN, or manage this service account with an entry of iam.podIdentityAssociations and no association on the add-on'],
    ['policy: "{}"', 'policy', 'is not supported on an add-on\'s association: EKS takes only a service account and a role for it (AWS::EKS::Addon PodIdentityAssociations). Remove policy, or manage this service account with an entry of iam.podIdentityAssociations and no association on the add-on'],
    ['disableSessionTags: true', 'disableSessionTags', 'is true, but an add-on\'s association always has session tags: EKS takes only a service account and a role for it. Remove disableSessionTags'],
  ])('%s is not supported on an add-on association', (line, field, rest) => {
    expect(readError(oneAddon('vpc-cni', 'podIdentityAssociations:', '  - serviceAccountName: aws-node', `    roleARN: ${ROLE}`, `    ${line}`))).toBe(
      `${PREFIX}eksctl-unsupported-field] EksctlConfig: addons[0].podIdentityAssociations[0].${field} (line 11) ${rest}`,
    );
  });

  test('wellKnownPolicies with roleARN on an add-on association is an error, as in eksctl', () => {
    expect(readError(oneAddon('aws-ebs-csi-driver', 'podIdentityAssociations:', '  - serviceAccountName: ebs-csi-controller-sa',
      '    namespace: kube-system', `    roleARN: ${ROLE}`, '    wellKnownPolicies: { ebsCSIController: true }'))).toBe(
      `${PREFIX}eksctl-role-arn-and-policies] EksctlConfig: addons[0].podIdentityAssociations[0].wellKnownPolicies (line 12) cannot be set when roleARN is set: roleARN names an existing role, and this field only applies to a role created here. Remove roleARN to create a role with wellKnownPolicies, or remove wellKnownPolicies and give the existing role its permissions yourself`,
    );
  });

  test('an add-on association needs a namespace, as in eksctl', () => {
    expect(readError(oneAddon('vpc-cni', 'podIdentityAssociations:', '  - serviceAccountName: aws-node', `    roleARN: ${ROLE}`))).toBe(
      `${PREFIX}eksctl-missing-field] EksctlConfig: addons[0].podIdentityAssociations[0].namespace (line 9) must be set. Add namespace`,
    );
  });

  test('an add-on association in another namespace than the add-on\'s is an error', () => {
    expect(readError(oneAddon('vpc-cni', 'podIdentityAssociations:', '  - serviceAccountName: aws-node', '    namespace: default', `    roleARN: ${ROLE}`))).toBe(
      `${PREFIX}eksctl-addon-namespace-mismatch] EksctlConfig: addons[0].podIdentityAssociations[0].namespace (line 10) is 'default', but add-on 'vpc-cni' runs in namespace 'kube-system'. Set it to 'kube-system': an add-on's service accounts are in the add-on's namespace`,
    );
  });

  test('the rules of associations apply to an add-on\'s associations', () => {
    expect(readError(oneAddon('vpc-cni', 'podIdentityAssociations:', '  - serviceAccountName: aws-node', '    namespace: kube-system'))).toBe(
      `${PREFIX}eksctl-no-permissions] EksctlConfig: addons[0].podIdentityAssociations[0] (line 9) gives the pods no permissions: at least one of roleARN, permissionPolicy, permissionPolicyARNs and wellKnownPolicies must be set. Add the policies the pods need, or roleARN to use an existing role`,
    );
    expect(readError(oneAddon('vpc-cni', 'podIdentityAssociations:', '  - serviceAccountName: aws-node', '    namespace: kube-system', `    roleARN: ${ROLE}`, '    roleName: cni'))).toMatch(
      /eksctl-role-arn-and-policies\] EksctlConfig: addons\[0\]\.podIdentityAssociations\[0\]\.roleName \(line 12\) cannot be set when roleARN is set/,
    );
    expect(readError(oneAddon('vpc-cni', 'podIdentityAssociations:', '  - serviceAccountName: aws-node', '    namespace: kube-system', `    roleARN: ${ROLE}`, '    createServiceAccount: true'))).toMatch(
      /eksctl-unsupported-field\] EksctlConfig: addons\[0\]\.podIdentityAssociations\[0\]\.createServiceAccount \(line 12\) is true/,
    );
    expect(readError(oneAddon('vpc-cni', 'podIdentityAssociations:', '  - aws-node'))).toBe(
      `${PREFIX}eksctl-invalid-value] EksctlConfig: addons[0].podIdentityAssociations[0] (line 9) is "aws-node", not a pod identity association. Give a pod identity association as a mapping of its fields`,
    );
  });

  test('namespaceConfig has only namespace', () => {
    expect(readError(oneAddon('vpc-cni', 'namespaceConfig:', '  name: networking'))).toBe(
      `${PREFIX}eksctl-unknown-field] EksctlConfig: addons[0].namespaceConfig.name (line 9) is not a field of namespaceConfig. Remove it or correct its name; eksctl rejects unknown fields too (https://eksctl.io/usage/schema/)`,
    );
  });
});

describe('EksctlConfig: one association per service account', () => {
  test('two entries for one service account are an error', () => {
    expect(readError(clusterConfig(
      'iam:',
      '  podIdentityAssociations:',
      `    - { namespace: default, serviceAccountName: my-app, roleARN: "${ROLE}" }`,
      `    - { namespace: default, serviceAccountName: my-app, permissionPolicyARNs: ["${POLICY}"] }`,
    ))).toBe(
      `${PREFIX}eksctl-duplicate-association] EksctlConfig: iam.podIdentityAssociations[1] (line 9) gives service account 'default/my-app' a second pod identity association (iam.podIdentityAssociations[0] has one); EKS allows one per service account. Keep one entry per service account, with all the policies it needs`,
    );
  });

  test('an add-on\'s association and an entry of iam for the same service account are an error', () => {
    expect(readError(clusterConfig(
      'iam:',
      '  podIdentityAssociations:',
      `    - { namespace: kube-system, serviceAccountName: aws-node, roleARN: "${ROLE}" }`,
      'addons:',
      '  - name: vpc-cni',
      '    podIdentityAssociations:',
      `      - { namespace: kube-system, serviceAccountName: aws-node, roleARN: "${ROLE}" }`,
    ))).toBe(
      `${PREFIX}eksctl-duplicate-association] EksctlConfig: addons[0].podIdentityAssociations[0] (line 12) gives service account 'kube-system/aws-node' a second pod identity association (iam.podIdentityAssociations[0] has one); EKS allows one per service account. Keep one entry per service account, with all the policies it needs`,
    );
  });

  test('a service account with an IRSA role in iam.serviceAccounts cannot also have an association', () => {
    expect(readError(clusterConfig(
      'iam:',
      '  withOIDC: true',
      '  serviceAccounts:',
      '    - metadata: { name: my-app }',
      '      attachPolicyARNs: [arn:aws:iam::aws:policy/ReadOnlyAccess]',
      '  podIdentityAssociations:',
      `    - { namespace: default, serviceAccountName: my-app, roleARN: "${ROLE}" }`,
    ))).toBe(
      `${PREFIX}eksctl-irsa-and-pod-identity] EksctlConfig: iam.podIdentityAssociations[0] (line 12) gives service account 'default/my-app' a pod identity association, but iam.serviceAccounts[0] gives it an IRSA role: the service account would have two roles, IRSA's for its pods started before the association and the association's for newer ones (EKS's webhook gives pod identity precedence). Remove one of the two; to move the service account from IRSA to pod identity without downtime, use IrsaMigration`,
    );
  });
});

describe('EksctlConfig: what eksctl accepts is accepted', () => {
  test.each([
    ['YAML 1.1 booleans, as eksctl reads them', oneAssociation(`roleARN: ${ROLE}`, 'createServiceAccount: no', 'disableSessionTags: yes')],
    ['empty sections', clusterConfig('iam:', 'addons:', 'addonsConfig:', 'kubernetesNetworkConfig:')],
    ['an unquoted policy version and a single statement', oneAssociation('permissionPolicy:', '  Version: 2012-10-17', '  Statement: { Effect: Allow, Action: "s3:*", Resource: "*" }')],
    ['a well-known policy set to false next to another permission', oneAssociation(`permissionPolicyARNs: [${POLICY}]`, 'wellKnownPolicies: { autoScaler: false }')],
    ['a target role without policies, as in eksctl\'s cross-account example', oneAssociation('targetRoleARN: arn:aws:iam::444455556666:role/other')],
    ['tags with keys that hold dots and slashes', oneAssociation(`roleARN: ${ROLE}`, 'tags: { "app.kubernetes.io/name": my-app }')],
    ['the filters of an add-on', oneAddon('vpc-cni', 'publishers: [eks]', 'types: [networking]', 'owners: [aws-marketplace]')],
    ['IRSA service accounts of other service accounts', clusterConfig('iam:', '  serviceAccounts:', '    - metadata: { name: legacy, namespace: jobs }', `      attachRoleARN: ${ROLE}`)],
    ['add-on versions written as a part of a version, as eksctl matches them', clusterConfig('addons:', '  - { name: vpc-cni, version: "1.7" }', '  - { name: coredns, version: v1.11.4-eksbuild }')],
    ['createServiceAccount: true', oneAssociation(`roleARN: ${ROLE}`, 'createServiceAccount: true')],
    ['a target role in the account of roleARN, as EKS allows', oneAssociation(`roleARN: ${ROLE}`, 'targetRoleARN: arn:aws:iam::111122223333:role/other')],
    ['the control plane component sections', clusterConfig('kubeAPIServerConfig: { eventTTL: 30m }', 'kubeSchedulerConfig: {}', 'kubeControllerManagerConfig:', '  podGCControllerConfig: { terminatedPodGCThreshold: 12000 }')],
    ['add-on versions written as a release, with or without v', clusterConfig('addons:', '  - { name: vpc-cni, version: 1.7.5 }', '  - { name: coredns, version: v1.11.4 }')],
    ['useDefaultPodIdentityAssociations with an empty podIdentityAssociations', oneAddon('vpc-cni', 'useDefaultPodIdentityAssociations: true', 'podIdentityAssociations: []')],
    ['JSON', JSON.stringify({ apiVersion: 'eksctl.io/v1alpha5', kind: 'ClusterConfig', metadata: { name: 'shop', region: 'eu-west-1' } })],
  ])('%s', (_name, text) => {
    expect(() => EksctlConfig.fromYaml(text)).not.toThrow();
  });

  test('the name and region of the cluster are read', () => {
    const config = EksctlConfig.fromYaml(clusterConfig());
    expect([config.clusterName, config.region]).toEqual(['shop', 'eu-west-1']);
  });
});
