/**
 * `doctor` against fakes of EKS, IAM, STS (the token) and the Kubernetes API: one fixture per diagnosis, each
 * broken in exactly that way, a healthy one, and the failures of the tool itself.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliResult, expectNoSecret, runCli, tempDir, testEnv } from './cli-process';
import { ACCOUNT, AwsFixture, CLUSTER, FakeAws, healthyAws, POD_TRUST, REGION, roleArn, SIGNER } from './fake-aws';
import { agentDaemonSet, agentPod, appPod, FakeKubernetes, healthyKubernetes, KUBECONFIG_TOKEN, KubernetesFixture, makeTls, node, TlsMaterial } from './fake-kubernetes';

let tls: TlsMaterial;
let aws: FakeAws;
let k8s: FakeKubernetes;
let awsFixture: AwsFixture;
let k8sFixture: KubernetesFixture;

beforeAll(() => {
  tls = makeTls(tempDir());
});

beforeEach(async () => {
  awsFixture = healthyAws();
  k8sFixture = healthyKubernetes();
  aws = new FakeAws(awsFixture);
  k8s = new FakeKubernetes(k8sFixture, tls);
  await aws.start();
  await k8s.start();
  awsFixture.cluster.endpoint = k8s.url;
  awsFixture.cluster.caData = Buffer.from(tls.cert).toString('base64');
});

afterEach(async () => {
  await aws.stop();
  await k8s.stop();
});

const env = (extra: NodeJS.ProcessEnv = {}) => testEnv({ AWS_ENDPOINT_URL: aws.url, ...extra });

async function doctor(args: string[], environment = env()): Promise<CliResult & { json: any }> {
  const result = await runCli(['doctor', '--cluster', CLUSTER, ...args], environment);
  expectNoSecret(result.stdout + result.stderr, [SIGNER.secretAccessKey, SIGNER.sessionToken, KUBECONFIG_TOKEN, 'k8s-aws-v1.']);
  let json: any;
  if (args.includes('--json')) json = JSON.parse(result.stdout);
  return { ...result, json };
}

const checkout = ['--namespace', 'shop', '--service-account', 'checkout', '--json'];
const ids = (json: any, level?: string) => json.findings.filter((f: any) => !level || f.level === level).map((f: any) => f.id);
const finding = (json: any, id: string) => json.findings.find((f: any) => f.id === id);

describe('doctor, on a healthy cluster', () => {
  test('one service account: every step ok, exit 0, every AWS request signed, the EKS token accepted', async () => {
    // WHEN
    const result = await doctor(checkout);

    // THEN
    expect(result.code).toBe(0);
    expect(result.json).toMatchObject({ ok: true, cluster: CLUSTER, region: REGION, namespace: 'shop', serviceAccount: 'checkout', errors: 0, warnings: 0, stopped: false });
    expect(ids(result.json)).toEqual(['cluster', 'association', 'role-trust', 'agent', 'node-role', 'pods']);
    expect(ids(result.json, 'ok')).toEqual(['cluster', 'association', 'role-trust', 'agent', 'node-role', 'pods']);
    expect(aws.calls.length).toBeGreaterThan(0);
    expect(aws.calls.every(call => call.signatureValid)).toBe(true);
    // IAM is global: signed for us-east-1 whatever the cluster's region.
    expect(aws.calls.filter(call => call.service === 'iam').map(call => [call.operation, call.region])).toEqual([['GetRole', 'us-east-1'], ['SimulatePrincipalPolicy', 'us-east-1']]);
    expect(aws.calls.filter(call => call.service === 'eks').every(call => call.region === REGION)).toBe(true);
    expect(k8s.calls.length).toBeGreaterThan(0);
    expect(k8s.calls.every(call => call.tokenValid && call.tokenKind === 'eks')).toBe(true);
    // The pods of the service account, by the field selector the fake honours as the API server does.
    expect(k8s.calls.filter(call => call.path === '/api/v1/namespaces/shop/pods').map(call => call.query)).toEqual(['?fieldSelector=spec.serviceAccountName%3Dcheckout']);
    // The node role may call eks-auth:AssumeRoleForPodIdentity on the cluster.
    expect(aws.simulations).toEqual([{ source: roleArn('node-role'), actions: ['eks-auth:AssumeRoleForPodIdentity'], resource: awsFixture.cluster.arn, context: {} }]);
  });

  test('the text report, with the usage of the whole cluster: one line per association, progress on stderr', async () => {
    // GIVEN 30 associations sharing a role
    for (let i = 0; i < 30; i++) {
      awsFixture.associations.push({ associationId: `a-more${String(i).padStart(14, '0')}`, namespace: 'batch', serviceAccount: `job-${i}`, roleArn: roleArn('checkout-role') });
    }

    // WHEN
    const result = await doctor([]);

    // THEN
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`doctor: cluster ${CLUSTER} (${REGION})\n`);
    expect(result.stdout.match(/^OK +association +\S+: a-\S+ → arn:aws:iam::111122223333:role\/checkout-role$/mg)).toHaveLength(31);
    expect(result.stdout).toContain('0 error(s), 0 warning(s).');
    expect(result.stderr).toContain('checking 31 association(s)');
    expect(result.stderr).toContain('25 of 31 associations checked');
    // One GetRole for the shared role.
    expect(aws.calls.filter(call => call.operation === 'GetRole')).toHaveLength(1);
  });

  test('--kubeconfig: the current context of a YAML kubeconfig, its CA and token', async () => {
    // GIVEN a kubeconfig as aws eks update-kubeconfig writes them (with a static token instead of exec)
    const file = path.join(tempDir(), 'kubeconfig.yaml');
    fs.writeFileSync(file, [
      'apiVersion: v1',
      'clusters:',
      '- cluster:',
      `    certificate-authority-data: ${Buffer.from(tls.cert).toString('base64')}`,
      `    server: ${k8s.url}`,
      '  name: other',
      '- cluster:',
      `    certificate-authority-data: ${Buffer.from(tls.cert).toString('base64')}`,
      `    server: ${k8s.url}`,
      `  name: arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${CLUSTER}`,
      'contexts:',
      '- context:',
      `    cluster: arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${CLUSTER}`,
      '    user: me # a comment',
      '  name: dev',
      'current-context: dev',
      'kind: Config',
      'preferences: {}',
      'users:',
      '- name: me',
      '  user:',
      `    token: "${KUBECONFIG_TOKEN}"`,
      '',
    ].join('\n'));

    // WHEN
    const result = await doctor([...checkout, '--kubeconfig', file]);

    // THEN
    expect(result.code).toBe(0);
    expect(k8s.calls.length).toBeGreaterThan(0);
    expect(k8s.calls.every(call => call.tokenKind === 'kubeconfig' && call.tokenValid)).toBe(true);
  });

  test('--kubeconfig in JSON with an exec credential plugin, as aws eks get-token is configured', async () => {
    // GIVEN a plugin that prints an ExecCredential
    const file = path.join(tempDir(), 'kubeconfig.json');
    const script = 'process.stdout.write(JSON.stringify({ apiVersion: \'client.authentication.k8s.io/v1beta1\', kind: \'ExecCredential\', status: { token: process.env.TOKEN_FOR_TEST } }))';
    fs.writeFileSync(file, JSON.stringify({
      'apiVersion': 'v1',
      'current-context': 'dev',
      'clusters': [{ name: 'dev', cluster: { 'server': k8s.url, 'certificate-authority-data': Buffer.from(tls.cert).toString('base64') } }],
      'contexts': [{ name: 'dev', context: { cluster: 'dev', user: 'me' } }],
      'users': [{ name: 'me', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: process.execPath, args: ['-e', script], env: [{ name: 'TOKEN_FOR_TEST', value: KUBECONFIG_TOKEN }] } } }],
    }));

    // WHEN
    const result = await doctor([...checkout, '--kubeconfig', file]);

    // THEN
    expect(result.code).toBe(0);
    expect(k8s.calls.length).toBeGreaterThan(0);
    expect(k8s.calls.every(call => call.tokenKind === 'kubeconfig' && call.tokenValid)).toBe(true);
  });

  test('AWS_ENDPOINT_URL_IAM wins over AWS_ENDPOINT_URL for IAM', async () => {
    const result = await doctor(checkout, env({ AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:1' }));

    expect(result.code).toBe(2);
    expect(result.json.failure).toMatchObject({ call: 'GetRole', permission: 'iam:GetRole', code: 'ECONNREFUSED' });
    expect(result.json.failure.problem).toMatch(/^127\.0\.0\.1:1 could not be reached: /);
    expect(aws.calls.some(call => call.service === 'iam')).toBe(false);
  });

  test('--no-kubernetes: the AWS chain only', async () => {
    const result = await doctor([...checkout, '--no-kubernetes']);

    expect(result.code).toBe(0);
    expect(ids(result.json)).toEqual(['cluster', 'association', 'role-trust', 'agent', 'node-role']);
    expect(k8s.calls).toEqual([]);
  });
});

describe('doctor finds each cause in a fixture broken in that way', () => {
  test('no association for the service account: stops there with the create command', async () => {
    awsFixture.associations = [];

    const result = await doctor(checkout);

    expect(result.code).toBe(1);
    expect(result.json.stopped).toBe(true);
    expect(finding(result.json, 'association-missing')).toEqual({
      id: 'association-missing', level: 'error', subject: 'shop/checkout',
      seen: `no pod identity association for this service account in cluster ${CLUSTER}`,
      why: 'EKS injects no credential variables into its pods, and EKS Auth has no role for their tokens',
      fix: `aws eks create-pod-identity-association --cluster-name ${CLUSTER} --namespace shop --service-account checkout --role-arn ROLE_ARN, then restart the pods`,
    });
    expect(ids(result.json)).toEqual(['cluster', 'association-missing']);
  });

  test('the role was deleted', async () => {
    awsFixture.roles = {};

    const result = await doctor(checkout);

    expect(result.code).toBe(1);
    expect(finding(result.json, 'role-missing')).toMatchObject({ level: 'error', seen: `role ${roleArn('checkout-role')} does not exist (iam:GetRole: NoSuchEntity)` });
  });

  test('a trust without sts:TagSession', async () => {
    awsFixture.roles[roleArn('checkout-role')] = { Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

    const result = await doctor(checkout);

    expect(result.code).toBe(1);
    expect(finding(result.json, 'role-trust')).toMatchObject({
      level: 'error',
      seen: `the trust policy of ${roleArn('checkout-role')} does not let pods.eks.amazonaws.com call both sts:AssumeRole and sts:TagSession`,
    });
    expect(result.json.stopped).toBe(true);
  });

  test('a trust whose session-tag conditions name another namespace', async () => {
    awsFixture.roles[roleArn('checkout-role')] = { Statement: [{ ...POD_TRUST.Statement[0], Condition: { StringEquals: { 'aws:RequestTag/kubernetes-namespace': 'web' } } }] };

    const result = await doctor(checkout);

    expect(result.code).toBe(1);
    expect(finding(result.json, 'role-trust').seen).toBe(`the trust policy of ${roleArn('checkout-role')} admits pods.eks.amazonaws.com only under conditions this association does not meet (session tags: eks-cluster-arn arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${CLUSTER}, eks-cluster-name ${CLUSTER}, kubernetes-namespace shop, kubernetes-service-account checkout; aws:SourceAccount ${ACCOUNT})`);
  });

  test.each([
    ['the cluster ARN of another cluster', 'error', { ArnLike: { 'aws:RequestTag/eks-cluster-arn': `arn:aws:eks:*:${ACCOUNT}:cluster/prod-*` } }],
    ['aws:SourceAccount of another account (the cluster ARN right)', 'error', { ArnLike: { 'aws:RequestTag/eks-cluster-arn': `arn:aws:eks:*:${ACCOUNT}:cluster/${CLUSTER}` }, StringEquals: { 'aws:SourceAccount': '999988887777' } }],
    ['aws:SourceAccount of this account and the cluster ARN right', 'ok', { ArnLike: { 'aws:RequestTag/eks-cluster-arn': `arn:aws:eks:*:${ACCOUNT}:cluster/${CLUSTER}` }, StringEquals: { 'aws:SourceAccount': ACCOUNT } }],
    ['ArnLike whose * would cross a colon (IAM matches each ARN component)', 'error', { ArnLike: { 'aws:RequestTag/eks-cluster-arn': `arn:aws:eks:*:cluster/${CLUSTER}` } }],
    ['a policy variable in a condition value', 'info', { StringEquals: { 'aws:RequestTag/kubernetes-namespace': '${aws:PrincipalTag/team}' } }],
    ['a condition on a key doctor cannot know (aws:SourceArn)', 'info', { ArnLike: { 'aws:SourceArn': `arn:aws:eks:*:${ACCOUNT}:podidentityassociation/${CLUSTER}/*` } }],
  ])('a trust with %s: role-trust %s', async (_name, level, condition) => {
    awsFixture.roles[roleArn('checkout-role')] = { Statement: [{ ...POD_TRUST.Statement[0], Condition: condition }] };

    const result = await doctor(checkout);

    expect(result.code).toBe(level === 'error' ? 1 : 0);
    expect(finding(result.json, 'role-trust').level).toBe(level);
    if (level === 'info') {
      expect(finding(result.json, 'role-trust').seen).toBe(`${roleArn('checkout-role')} trusts pods.eks.amazonaws.com under conditions doctor cannot evaluate (keys other than the session tags and aws:SourceAccount)`);
    }
  });

  test('session tags disabled, and a trust with StringNotEquals on a tag: an absent key meets a negated operator', async () => {
    awsFixture.associations[0].disableSessionTags = true;
    awsFixture.roles[roleArn('checkout-role')] = { Statement: [{ ...POD_TRUST.Statement[0], Condition: { StringNotEquals: { 'aws:RequestTag/kubernetes-namespace': 'web' } } }] };

    const result = await doctor(checkout);

    expect(result.code).toBe(0);
    expect(finding(result.json, 'role-trust').level).toBe('ok');
  });

  test('session tags disabled on the association, and a trust that tests them', async () => {
    awsFixture.associations[0].disableSessionTags = true;
    awsFixture.roles[roleArn('checkout-role')] = { Statement: [{ ...POD_TRUST.Statement[0], Condition: { StringEquals: { 'aws:RequestTag/kubernetes-namespace': 'shop' } } }] };

    const result = await doctor(checkout);

    expect(result.code).toBe(1);
    expect(finding(result.json, 'role-trust')).toMatchObject({ level: 'error', fix: 'Turn session tags back on for the association, or drop the aws:RequestTag conditions from the trust' });
    expect(finding(result.json, 'role-trust').seen).toContain('session tags: none: the association disables session tags');
  });

  test('a session policy with session tags on', async () => {
    awsFixture.associations[0].policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';

    const result = await doctor(checkout);

    expect(result.code).toBe(1);
    expect(finding(result.json, 'session-policy')).toMatchObject({ level: 'error', seen: 'the association has a session policy but session tags are on' });
  });

  test('a target role the first role may not assume', async () => {
    const target = roleArn('data-reader', '444455556666');
    awsFixture.associations[0].targetRoleArn = target;
    awsFixture.decisions[`${roleArn('checkout-role')} sts:TagSession ${target}`] = 'implicitDeny';

    const result = await doctor(checkout);

    expect(result.code).toBe(1);
    expect(finding(result.json, 'target-role-permission')).toMatchObject({
      level: 'error',
      seen: `${roleArn('checkout-role')} may not call sts:TagSession (implicitDeny) on the target role ${target}`,
      fix: `Allow sts:AssumeRole and sts:TagSession on ${target} in a policy of ${roleArn('checkout-role')}`,
    });
  });

  test('a target role in another account: allowed, and its trust named as not seen', async () => {
    const target = roleArn('data-reader', '444455556666');
    awsFixture.associations[0].targetRoleArn = target;

    const result = await doctor(checkout);

    expect(result.code).toBe(0);
    expect(finding(result.json, 'target-role-permission').level).toBe('ok');
    expect(finding(result.json, 'target-role-trust')).toMatchObject({
      level: 'info',
      seen: `the trust policy of the target role ${target} could not be read: it is in account 444455556666, doctor signs in ${ACCOUNT}`,
    });
  });

  test('a target role in the same account whose trust admits another role', async () => {
    const target = roleArn('data-reader');
    awsFixture.associations[0].targetRoleArn = target;
    awsFixture.roles[target] = {
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: { ArnEquals: { 'aws:PrincipalArn': roleArn('other-role') } } }],
    };

    const result = await doctor(checkout);

    expect(result.code).toBe(1);
    expect(finding(result.json, 'target-role-trust').level).toBe('error');
    expect(finding(result.json, 'target-role-trust').seen).toContain(`does not let ${roleArn('checkout-role')} call sts:AssumeRole and sts:TagSession`);
  });

  test('no agent: no add-on and no DaemonSet', async () => {
    awsFixture.addon = undefined;
    k8sFixture.daemonSets = k8sFixture.daemonSets.filter(d => d.metadata.name !== 'eks-pod-identity-agent');
    k8sFixture.pods = k8sFixture.pods.filter(p => p.metadata.namespace !== 'kube-system');

    const result = await doctor(checkout);

    expect(result.code).toBe(1);
    expect(finding(result.json, 'agent-missing')).toMatchObject({ level: 'error', seen: 'no eks-pod-identity-agent add-on, and no agent DaemonSet in any namespace' });
  });

  test('no add-on with --no-kubernetes: a warning, since a self-managed agent cannot be seen', async () => {
    awsFixture.addon = undefined;

    const result = await doctor([...checkout, '--no-kubernetes']);

    expect(result.code).toBe(0);
    expect(finding(result.json, 'agent-missing').level).toBe('warning');
  });

  test('no add-on on an Auto Mode cluster, the pods on Auto Mode nodes: nothing missing', async () => {
    awsFixture.addon = undefined;
    awsFixture.cluster.autoMode = true;
    k8sFixture.daemonSets = [];
    k8sFixture.pods = k8sFixture.pods.filter(p => p.metadata.namespace !== 'kube-system');
    k8sFixture.nodes = [node('node-a', { 'eks.amazonaws.com/compute-type': 'auto' }), node('node-b', { 'eks.amazonaws.com/compute-type': 'auto' })];

    const result = await doctor(checkout);

    expect(result.code).toBe(0);
    expect(ids(result.json)).toContain('auto-mode');
    expect(ids(result.json)).not.toContain('agent-missing');
  });

  test('a degraded add-on', async () => {
    awsFixture.addon = { status: 'DEGRADED', addonVersion: 'v1.3.10-eksbuild.3', issues: [{ code: 'InsufficientNumberOfReplicas', message: 'The add-on is unhealthy because it doesn\'t have the desired number of replicas.' }] };

    const result = await doctor(checkout);

    expect(result.code).toBe(1);
    expect(finding(result.json, 'agent-unhealthy').seen).toBe('v1.3.10-eksbuild.3 is DEGRADED: InsufficientNumberOfReplicas: The add-on is unhealthy because it doesn\'t have the desired number of replicas.');
  });

  test.each([
    ['1.23', 'eks.10', 'kubernetes-version'],
    ['1.27', 'eks.7', 'platform-version'],
  ])('Kubernetes %s %s: %s', async (version, platformVersion, id) => {
    awsFixture.cluster.version = version;
    awsFixture.cluster.platformVersion = platformVersion;

    const result = await doctor(checkout);

    expect(result.code).toBe(1);
    expect(ids(result.json, 'error')).toEqual([id]);
  });

  test('a cluster in a China region', async () => {
    awsFixture.cluster.arn = `arn:aws-cn:eks:cn-north-1:${ACCOUNT}:cluster/${CLUSTER}`;

    const result = await doctor([...checkout, '--region', 'cn-north-1']);

    expect(result.code).toBe(1);
    expect(finding(result.json, 'unsupported-region')).toMatchObject({ level: 'error', seen: 'the cluster is in partition aws-cn' });
  });

  test('cluster-wide: a Fargate profile that takes a namespace of an association, and Windows node groups', async () => {
    awsFixture.fargateProfiles = { everything: [{ namespace: 'sh*' }], labelled: [{ namespace: 'shop', labels: { compute: 'fargate' } }] };
    awsFixture.nodegroups.win = { amiType: 'WINDOWS_CORE_2022_x86_64', nodeRole: roleArn('node-role') };

    const result = await doctor(['--json']);

    expect(result.code).toBe(1);
    expect(result.json.findings.filter((f: any) => f.id.startsWith('fargate') || f.id === 'windows-nodes').map((f: any) => [f.id, f.level, f.subject])).toEqual([
      ['fargate-cluster', 'error', 'Fargate profile everything'],
      ['fargate-profile', 'warning', 'Fargate profile labelled'],
      ['windows-nodes', 'warning', `cluster ${CLUSTER}`],
    ]);
  });

  test('cluster-wide: the broken association among healthy ones is the one reported', async () => {
    awsFixture.associations.push({ associationId: 'a-broken00000000001', namespace: 'web', serviceAccount: 'front', roleArn: roleArn('gone') });

    const result = await doctor(['--json']);

    expect(result.code).toBe(1);
    expect(result.json.findings.filter((f: any) => f.id === 'association' || f.id === 'role-missing').map((f: any) => [f.id, f.subject])).toEqual([
      ['association', 'shop/checkout'],
      ['role-missing', 'web/front'],
    ]);
  });

  test('a leftover IRSA annotation, the pods with only the pod identity variables: a warning', async () => {
    k8sFixture.serviceAccounts[0].metadata.annotations['eks.amazonaws.com/role-arn'] = roleArn('old-irsa-role');

    const result = await doctor(checkout);

    expect(result.code).toBe(0);
    expect(finding(result.json, 'irsa-annotation')).toEqual({
      id: 'irsa-annotation', level: 'warning', subject: 'shop/checkout',
      seen: `the ServiceAccount still has eks.amazonaws.com/role-arn: ${roleArn('old-irsa-role')}`,
      why: 'harmless for pods created after the association (EKS then injects only the pod identity variables); remove it',
      fix: 'kubectl -n shop annotate serviceaccount checkout eks.amazonaws.com/role-arn-',
    });
    expect(ids(result.json)).not.toContain('pod-other-credentials');
  });

  test('a pod created while the IRSA annotation was there, and one with static keys: errors naming what each pod gets', async () => {
    k8sFixture.serviceAccounts[0].metadata.annotations['eks.amazonaws.com/role-arn'] = roleArn('old-irsa-role');
    k8sFixture.pods[0] = appPod('checkout-irsa', 'node-a', {
      injected: false,
      env: [{ name: 'AWS_ROLE_ARN', value: roleArn('old-irsa-role') }, { name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: '/var/run/secrets/eks.amazonaws.com/serviceaccount/token' }],
    });
    k8sFixture.pods[1] = appPod('checkout-keys', 'node-b', { env: [{ name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 'keys', key: 'id' } } }] });

    const result = await doctor(checkout);

    expect(result.code).toBe(1);
    expect(finding(result.json, 'irsa-annotation').level).toBe('warning');
    expect(finding(result.json, 'pod-other-credentials')).toMatchObject({
      level: 'error',
      seen: `pods with other AWS credentials: checkout-irsa (web identity: ${roleArn('old-irsa-role')}), checkout-keys (AWS_ACCESS_KEY_ID)`,
      why: `the SDKs read AWS_ACCESS_KEY_ID, then web identity, before pod identity: not ${roleArn('checkout-role')}`,
    });
  });

  test('the ServiceAccount does not exist', async () => {
    k8sFixture.serviceAccounts = [];

    const result = await doctor(checkout);

    expect(result.code).toBe(1);
    expect(finding(result.json, 'service-account-missing').fix).toBe('kubectl -n shop create serviceaccount checkout, then start the pods with serviceAccountName: checkout');
  });

  test('a pod created before the association: no injected variables', async () => {
    k8sFixture.pods[0] = appPod('checkout-old', 'node-a', { injected: false });

    const result = await doctor(checkout);

    expect(result.code).toBe(1);
    expect(finding(result.json, 'pod-not-injected')).toMatchObject({ level: 'error', seen: 'pods without AWS_CONTAINER_CREDENTIALS_FULL_URI: checkout-old' });
    expect(finding(result.json, 'pod-not-injected').why).toMatch(/^EKS injects the variables when a pod is created; the association dates from \d{4}-/);
  });

  test('a hostNetwork pod: a warning', async () => {
    k8sFixture.pods[0] = appPod('checkout-host', 'node-a', { hostNetwork: true });

    const result = await doctor(checkout);

    expect(result.code).toBe(0);
    expect(finding(result.json, 'host-network')).toMatchObject({ level: 'warning', seen: 'pods with hostNetwork: true: checkout-host' });
  });

  test.each([
    ['pod-on-fargate', { 'eks.amazonaws.com/compute-type': 'fargate' }],
    ['pod-on-windows', { 'kubernetes.io/os': 'windows' }],
  ])('%s', async (id, labels) => {
    k8sFixture.nodes[0] = node('node-a', labels);

    const result = await doctor(checkout);

    expect(result.code).toBe(1);
    expect(ids(result.json, 'error')).toEqual([id]);
    expect(finding(result.json, id).seen).toMatch(/: checkout-1$/);
  });

  test('proxies as Go reads them: only HTTP_PROXY, NO_PROXY with CIDRs and bare IPv6, the host of the pod\'s own URI; a warning', async () => {
    const v6 = (pod: any) => {
      pod.spec.containers[0].env.find((e: any) => e.name === 'AWS_CONTAINER_CREDENTIALS_FULL_URI').value = 'http://[fd00:ec2::23]/v1/credentials';
      return pod;
    };
    const proxy = { name: 'HTTP_PROXY', value: 'http://proxy:3128' };
    k8sFixture.pods = [
      ...k8sFixture.pods.filter(p => p.metadata.namespace === 'kube-system'),
      // HTTPS_PROXY alone does not proxy an http:// URL.
      appPod('checkout-https-only', 'node-a', { env: [{ name: 'HTTPS_PROXY', value: 'http://proxy:3128' }] }),
      appPod('checkout-cidr', 'node-a', { env: [proxy, { name: 'NO_PROXY', value: '169.254.0.0/16' }] }),
      appPod('checkout-missing', 'node-a', { env: [proxy, { name: 'NO_PROXY', value: '.svc,fd00:ec2::23' }] }),
      // NO_PROXY wins over no_proxy when both are set.
      appPod('checkout-lower', 'node-b', { env: [{ name: 'http_proxy', value: 'http://proxy:3128' }, { name: 'NO_PROXY', value: '.svc' }, { name: 'no_proxy', value: '169.254.170.23' }] }),
      // An IPv6 pod: the bare address matches, the bracketed one does not.
      v6(appPod('checkout-v6-bare', 'node-b', { env: [proxy, { name: 'NO_PROXY', value: 'fd00:ec2::23' }] })),
      v6(appPod('checkout-v6-brackets', 'node-b', { env: [proxy, { name: 'NO_PROXY', value: '169.254.170.23,[fd00:ec2::23]' }] })),
    ];

    const result = await doctor(checkout);

    expect(result.code).toBe(0);
    expect(finding(result.json, 'proxy')).toMatchObject({
      level: 'warning',
      seen: 'containers whose HTTP_PROXY takes the credential request (NO_PROXY as Go reads it): checkout-missing (app), checkout-lower (app), checkout-v6-brackets (app)',
      why: 'the AWS SDK for Go v2 sends it to the proxy, which cannot reach the agent (other SDKs do not)',
    });
  });

  test('a NetworkPolicy that selects the pods and allows no egress to the agent', async () => {
    k8sFixture.networkPolicies = [
      { metadata: { name: 'dns-only', namespace: 'shop' }, spec: { podSelector: { matchLabels: { app: 'checkout' } }, policyTypes: ['Egress'], egress: [{ ports: [{ protocol: 'UDP', port: 53 }] }] } },
      { metadata: { name: 'other-app', namespace: 'shop' }, spec: { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [] } },
    ];

    const result = await doctor(checkout);

    expect(result.code).toBe(1);
    expect(finding(result.json, 'network-policy').seen).toBe('NetworkPolicies dns-only select pods checkout-1, checkout-2 and allow no egress to 169.254.170.23/32 port 80');
  });

  test('a NetworkPolicy that allows the agent: nothing reported', async () => {
    k8sFixture.networkPolicies = [
      { metadata: { name: 'dns', namespace: 'shop' }, spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ protocol: 'UDP', port: 53 }] }] } },
      { metadata: { name: 'agent', namespace: 'shop' }, spec: { podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['checkout'] }] }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '169.254.0.0/16' } }], ports: [{ protocol: 'TCP', port: 80 }] }] } },
    ];

    const result = await doctor(checkout);

    expect(result.code).toBe(0);
    expect(ids(result.json)).not.toContain('network-policy');
  });

  test('the agent pod on a pod\'s node is not Ready', async () => {
    k8sFixture.pods[3] = agentPod('node-b', false);
    k8sFixture.daemonSets[0].status.numberReady = 1;

    const result = await doctor(checkout);

    expect(result.code).toBe(1);
    expect(finding(result.json, 'agent-not-ready').seen).toBe('pods on nodes without a Ready eks-pod-identity-agent pod: checkout-2');
  });
});

describe('doctor, the review\'s fixtures', () => {
  test.each([
    ['UPDATING', 'warning', 0],
    ['FAILED', 'error', 1],
  ])('cluster-status: a cluster %s is a %s', async (status, level, code) => {
    awsFixture.cluster.status = status;

    const result = await doctor(checkout);

    expect(result.code).toBe(code);
    expect(finding(result.json, 'cluster-status')).toMatchObject({ level, subject: `cluster ${CLUSTER}`, seen: `the cluster is ${status}` });
  });

  test.each([
    ['UPDATING', 'warning', 0],
    ['CREATING', 'warning', 0],
    ['CREATE_FAILED', 'error', 1],
  ])('the agent add-on %s: agent-unhealthy %s', async (status, level, code) => {
    awsFixture.addon = { status, addonVersion: 'v1.3.10-eksbuild.3' };

    const result = await doctor(checkout);

    expect(result.code).toBe(code);
    expect(finding(result.json, 'agent-unhealthy')).toMatchObject({ level, seen: `v1.3.10-eksbuild.3 is ${status}` });
  });

  test('a self-managed agent DaemonSet ready on 1 of 2 nodes: agent-unhealthy, a warning', async () => {
    awsFixture.addon = undefined;
    k8sFixture.daemonSets[0].status.numberReady = 1;

    const result = await doctor(checkout);

    expect(finding(result.json, 'agent-unhealthy')).toEqual({
      id: 'agent-unhealthy', level: 'warning', subject: 'DaemonSet kube-system/eks-pod-identity-agent',
      seen: 'ready on 1 of 2 nodes',
      why: 'pods on a node without a ready agent get no credentials',
      fix: 'kubectl -n kube-system describe daemonset eks-pod-identity-agent; kubectl -n kube-system logs -l app.kubernetes.io/name=eks-pod-identity-agent,app.kubernetes.io/instance=eks-pod-identity-agent',
    });
  });

  test('a self-managed agent in another namespace, found by its image: no agent-missing, its pods serve the nodes', async () => {
    awsFixture.addon = undefined;
    const labels = { app: 'pod-identity' };
    k8sFixture.daemonSets = [agentDaemonSet('pod-identity', 'security', 2, 2, labels)];
    k8sFixture.pods = [...k8sFixture.pods.filter(p => p.metadata.namespace !== 'kube-system'), agentPod('node-a', true, labels, 'security'), agentPod('node-b', true, labels, 'security')];

    const result = await doctor(checkout);

    expect(result.code).toBe(0);
    expect(finding(result.json, 'agent')).toMatchObject({ level: 'ok', subject: 'DaemonSet security/pod-identity', seen: 'ready on 2 of 2 nodes' });
    expect(ids(result.json)).not.toContain('agent-missing');
  });

  test.each([
    [true, 0],
    [false, 1],
  ])('a pod on a hybrid node served by the hybrid DaemonSet (agent pod ready: %s)', async (ready, code) => {
    const hybrid = { 'app.kubernetes.io/name': 'eks-pod-identity-agent-hybrid', 'app.kubernetes.io/instance': 'eks-pod-identity-agent' };
    k8sFixture.nodes[1] = node('node-b', { 'eks.amazonaws.com/compute-type': 'hybrid' });
    k8sFixture.daemonSets[0].status = { desiredNumberScheduled: 1, numberReady: 1 };
    k8sFixture.daemonSets.push(agentDaemonSet('eks-pod-identity-agent-hybrid', 'kube-system', ready ? 1 : 0, 1, hybrid));
    k8sFixture.pods[3] = agentPod('node-b', ready, hybrid);

    const result = await doctor(checkout);

    expect(result.code).toBe(code);
    if (ready) expect(ids(result.json)).not.toContain('agent-not-ready');
    else expect(finding(result.json, 'agent-not-ready').seen).toBe('pods on nodes without a Ready eks-pod-identity-agent pod: checkout-2');
  });

  test('an Auto Mode cluster without the add-on: a pod on a managed node group node has no agent', async () => {
    awsFixture.addon = undefined;
    awsFixture.cluster.autoMode = true;
    k8sFixture.daemonSets = [];
    k8sFixture.pods = k8sFixture.pods.filter(p => p.metadata.namespace !== 'kube-system');
    k8sFixture.nodes[0] = node('node-a', { 'eks.amazonaws.com/compute-type': 'auto' });
    k8sFixture.nodes[1] = node('node-b', { 'eks.amazonaws.com/nodegroup': 'linux' });

    const result = await doctor(checkout);

    expect(result.code).toBe(1);
    expect(ids(result.json)).not.toContain('agent-missing');
    expect(finding(result.json, 'agent-not-ready')).toMatchObject({
      seen: 'pods on nodes without a Ready eks-pod-identity-agent pod: checkout-2',
      fix: 'No agent DaemonSet found: install the eks-pod-identity-agent add-on',
    });
  });

  test.each([
    ['fd00:ec2::23/128', undefined],
    ['169.254.170.23/32', 'NetworkPolicies agent select pods checkout-1, checkout-2 and allow no egress to fd00:ec2::23/128 port 80'],
  ])('IPv6 pods and a NetworkPolicy allowing %s', async (cidr, seen) => {
    for (const pod of k8sFixture.pods.slice(0, 2)) pod.spec.containers[0].env[1].value = 'http://[fd00:ec2::23]/v1/credentials';
    k8sFixture.networkPolicies = [{ metadata: { name: 'agent', namespace: 'shop' }, spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr } }], ports: [{ protocol: 'TCP', port: 80 }] }] } }];

    const result = await doctor(checkout);

    expect(result.code).toBe(seen ? 1 : 0);
    expect(finding(result.json, 'network-policy')?.seen).toBe(seen);
  });

  test('a NetworkPolicy under Cilium: info, ipBlock rules cannot be judged', async () => {
    k8sFixture.daemonSets.push({ metadata: { name: 'cilium', namespace: 'kube-system' }, spec: { selector: { matchLabels: { 'k8s-app': 'cilium' } } }, status: { desiredNumberScheduled: 2, numberReady: 2 } });
    k8sFixture.networkPolicies = [{ metadata: { name: 'agent', namespace: 'shop' }, spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '169.254.170.23/32' } }] }] } }];

    const result = await doctor(checkout);

    expect(result.code).toBe(0);
    expect(ids(result.json)).not.toContain('network-policy');
    expect(finding(result.json, 'network-policy-unjudged')).toMatchObject({
      level: 'info',
      seen: 'NetworkPolicies agent select pods checkout-1, checkout-2: cannot judge ipBlock rules under Cilium (host-network endpoints are not matched by ipBlock: cilium/cilium#34387)',
    });
  });

  test.each([
    ['the guide\'s sample with a statement for sts:TagSession', true, 'ok', 0],
    ['sts:AssumeRole only', false, 'error', 1],
  ])('a target role with session tags off, its trust %s', async (_name, tagSession, level, code) => {
    const target = roleArn('data-reader');
    Object.assign(awsFixture.associations[0], { targetRoleArn: target, disableSessionTags: true, externalId: 'eu-west-1/111122223333/dev/shop/checkout' });
    const principal = { AWS: `arn:aws:iam::${ACCOUNT}:root` };
    awsFixture.roles[target] = {
      Statement: [
        { Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'eu-west-1/111122223333/dev/shop/checkout' }, ArnEquals: { 'aws:PrincipalARN': roleArn('checkout-role') } } },
        ...tagSession ? [{ Effect: 'Allow', Principal: principal, Action: 'sts:TagSession' }] : [],
      ],
    };

    const result = await doctor(checkout);

    expect(result.code).toBe(code);
    expect(finding(result.json, 'target-role-trust').level).toBe(level);
    expect(aws.simulations.find(s => s.resource === target)).toEqual({ source: roleArn('checkout-role'), actions: ['sts:AssumeRole', 'sts:TagSession'], resource: target, context: {} });
  });

  test('the target role permission is simulated with the session tags as context; a key doctor cannot supply is info', async () => {
    const target = roleArn('data-reader', '444455556666');
    awsFixture.associations[0].targetRoleArn = target;
    awsFixture.needs[`${roleArn('checkout-role')} sts:AssumeRole ${target}`] = ['aws:PrincipalTag/kubernetes-namespace', 'aws:PrincipalTag/kubernetes-pod-name'];

    const result = await doctor(checkout);

    expect(result.code).toBe(0);
    expect(aws.simulations[0].context).toEqual({
      'aws:PrincipalTag/eks-cluster-arn': awsFixture.cluster.arn, 'aws:RequestTag/eks-cluster-arn': awsFixture.cluster.arn,
      'aws:PrincipalTag/eks-cluster-name': CLUSTER, 'aws:RequestTag/eks-cluster-name': CLUSTER,
      'aws:PrincipalTag/kubernetes-namespace': 'shop', 'aws:RequestTag/kubernetes-namespace': 'shop',
      'aws:PrincipalTag/kubernetes-service-account': 'checkout', 'aws:RequestTag/kubernetes-service-account': 'checkout',
    });
    expect(finding(result.json, 'target-role-permission')).toMatchObject({
      level: 'info',
      seen: `${roleArn('checkout-role')} may call sts:AssumeRole and sts:TagSession on the target role ${target} only under conditions on aws:PrincipalTag/kubernetes-pod-name, which doctor cannot evaluate`,
    });
  });

  test('a target role in the same account that does not exist: role-missing', async () => {
    const target = roleArn('gone-target');
    awsFixture.associations[0].targetRoleArn = target;

    const result = await doctor(checkout);

    expect(result.code).toBe(1);
    expect(finding(result.json, 'role-missing')).toMatchObject({ level: 'error', seen: `the target role ${target} does not exist (iam:GetRole: NoSuchEntity)` });
  });

  test('a target role whose iam:GetRole is denied: target-role-trust info', async () => {
    const target = roleArn('data-reader');
    awsFixture.associations[0].targetRoleArn = target;
    awsFixture.roles[target] = POD_TRUST;
    awsFixture.deniedRoles = ['data-reader'];

    const result = await doctor(checkout);

    expect(result.code).toBe(0);
    expect(finding(result.json, 'target-role-trust')).toMatchObject({ level: 'info', seen: `the trust policy of the target role ${target} could not be read: iam:GetRole was denied` });
  });

  test.each([[''], ['istio-proxy']])('a sidecar without the variables, skip-containers "%s"', async annotation => {
    const pod = k8sFixture.pods[0];
    pod.spec.containers.push({ name: 'istio-proxy', image: 'istio/proxyv2', env: [] });
    if (annotation) pod.metadata.annotations = { 'eks.amazonaws.com/skip-containers': annotation };

    const result = await doctor(checkout);

    expect(result.code).toBe(0);
    expect(ids(result.json)).not.toContain('pod-not-injected');
    expect(finding(result.json, 'container-not-injected')?.seen).toBe(annotation ? undefined : 'containers without AWS_CONTAINER_CREDENTIALS_FULL_URI: checkout-1 (istio-proxy)');
    expect(finding(result.json, 'container-not-injected')?.level).toBe(annotation ? undefined : 'warning');
  });

  test.each([
    ['v1.25.0-eksbuild.1', 1],
    ['v1.26.0-eksbuild.1', 0],
  ])('an association the aws-ebs-csi-driver add-on %s owns', async (version, code) => {
    awsFixture.associations = [{
      associationId: 'a-ebs00000000000001', namespace: 'kube-system', serviceAccount: 'ebs-csi-controller-sa', roleArn: roleArn('checkout-role'),
      ownerArn: `arn:aws:eks:${REGION}:${ACCOUNT}:addon/${CLUSTER}/aws-ebs-csi-driver/0ac8b0b0-1111-2222-3333-444455556666`,
    }];
    awsFixture.addons['aws-ebs-csi-driver'] = version;

    const result = await doctor(['--namespace', 'kube-system', '--service-account', 'ebs-csi-controller-sa', '--json', '--no-kubernetes']);

    expect(result.code).toBe(code);
    expect(finding(result.json, 'addon-version')).toEqual(code === 0 ? undefined : {
      id: 'addon-version', level: 'error', subject: 'kube-system/ebs-csi-controller-sa',
      seen: 'the association belongs to add-on aws-ebs-csi-driver v1.25.0-eksbuild.1, older than v1.26.0-eksbuild.1, its first version with pod identity',
      why: 'this add-on version does not support EKS Pod Identity',
      fix: `aws eks update-addon --cluster-name ${CLUSTER} --addon-name aws-ebs-csi-driver --addon-version v1.26.0-eksbuild.1 (or later)`,
    });
  });

  test('a node role without eks-auth:AssumeRoleForPodIdentity', async () => {
    awsFixture.decisions[`${roleArn('node-role')} eks-auth:AssumeRoleForPodIdentity ${awsFixture.cluster.arn}`] = 'implicitDeny';

    const result = await doctor(checkout);

    expect(result.code).toBe(1);
    expect(finding(result.json, 'node-role')).toMatchObject({
      level: 'error', subject: `node role ${roleArn('node-role')}`,
      seen: `may not call eks-auth:AssumeRoleForPodIdentity on ${awsFixture.cluster.arn} (implicitDeny; node groups linux)`,
      fix: 'Attach arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy to the node role, or allow eks-auth:AssumeRoleForPodIdentity',
    });
  });

  test('iam:SimulatePrincipalPolicy denied: the node role is reported as not checked, doctor goes on', async () => {
    awsFixture.denied = ['iam:SimulatePrincipalPolicy'];

    const result = await doctor(checkout);

    expect(result.code).toBe(0);
    expect(finding(result.json, 'node-role')).toEqual({ id: 'node-role', level: 'info', subject: `node role ${roleArn('node-role')}`, seen: 'not checked: iam:SimulatePrincipalPolicy was denied (node groups linux)' });
  });

  test('no pod uses the service account: info', async () => {
    k8sFixture.pods = k8sFixture.pods.filter(p => p.metadata.namespace === 'kube-system');
    // A pod of another service account in the namespace, which the field selector leaves out.
    k8sFixture.pods.push({ ...appPod('web-1', 'node-a', { injected: false }), spec: { ...appPod('web-1').spec, serviceAccountName: 'web' } });

    const result = await doctor(checkout);

    expect(result.code).toBe(0);
    expect(finding(result.json, 'pods')).toEqual({ id: 'pods', level: 'info', subject: 'shop/checkout', seen: 'no running pod uses this service account' });
  });
});

describe('doctor, when it cannot check', () => {
  test('no AWS credentials: exit 2, says so', async () => {
    const environment = env();
    delete environment.AWS_ACCESS_KEY_ID;
    delete environment.AWS_SECRET_ACCESS_KEY;
    delete environment.AWS_SESSION_TOKEN;

    const result = await doctor(checkout, environment);

    expect(result.code).toBe(2);
    expect(result.json).toMatchObject({ ok: false, failure: { call: 'credentials', code: 'CredentialsProviderError' } });
    expect(result.json.failure.fix).toBe('Configure AWS credentials (environment variables, AWS_PROFILE, SSO login) for the account of the cluster');
  });

  test('iam:GetRole denied: exit 2, names the call and the permission, keeps what it found', async () => {
    awsFixture.denied = ['iam:GetRole'];

    const result = await doctor(['--namespace', 'shop', '--service-account', 'checkout']);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`doctor could not finish: GetRole failed (AccessDenied): User: arn:aws:sts::${ACCOUNT}:assumed-role/doctor/test is not authorized to perform: iam:GetRole\nNeeds: iam:GetRole\nFix: Allow iam:GetRole to the identity doctor runs as (docs/cli.md of the project lists a read-only policy)`);
    expect(result.stderr).toMatch(/Found so far:\nOK +cluster/);
  });

  test('the API server cannot be reached: exit 2', async () => {
    awsFixture.cluster.endpoint = 'https://127.0.0.1:1';

    const result = await doctor(checkout);

    expect(result.code).toBe(2);
    expect(result.json.failure).toMatchObject({ call: 'GET /apis/apps/v1/daemonsets', code: 'Unreachable' });
    expect(result.json.failure.fix).toContain('--no-kubernetes');
  });

  test('a Kubernetes read that RBAC forbids: exit 2 with the permission', async () => {
    k8sFixture.forbidden = ['/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies'];

    const result = await doctor(checkout);

    expect(result.code).toBe(2);
    expect(result.json.failure).toMatchObject({ permission: 'list networkpolicies.networking.k8s.io in shop', code: 'HTTP 403' });
  });

  test('--namespace without --service-account: a usage error, one JSON object with --json', async () => {
    const result = await runCli(['doctor', '--cluster', CLUSTER, '--namespace', 'shop', '--json'], env());

    expect(result.code).toBe(2);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(result.stdout)).toEqual({ ok: false, problem: '--namespace and --service-account go together', fix: 'Run cdk-eks-pod-identity doctor --help for its flags.' });
  });

  test('the API server answers 401: exit 2, the fix names an access entry', async () => {
    k8sFixture.unauthorized = true;

    const result = await doctor(checkout);

    expect(result.code).toBe(2);
    expect(result.json.failure).toMatchObject({ call: 'GET /apis/apps/v1/daemonsets', code: 'HTTP 401', problem: 'Unauthorized' });
    expect(result.json.failure.fix).toBe('The API server did not accept the credentials: give your IAM identity an access entry (aws eks create-access-entry) or pass --kubeconfig; or run with --no-kubernetes');
  });
});
