/**
 * `doctor` against fakes of EKS, IAM, STS (the token) and the Kubernetes API: one fixture per diagnosis, each
 * broken in exactly that way, a healthy one, and the failures of the tool itself.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliResult, expectNoSecret, runCli, tempDir, testEnv } from './cli-process';
import { ACCOUNT, AwsFixture, CLUSTER, FakeAws, healthyAws, POD_TRUST, REGION, roleArn, SIGNER } from './fake-aws';
import { agentPod, appPod, FakeKubernetes, healthyKubernetes, KUBECONFIG_TOKEN, KubernetesFixture, makeTls, node, TlsMaterial } from './fake-kubernetes';

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
    expect(ids(result.json)).toEqual(['cluster', 'association', 'role-trust', 'agent', 'pods']);
    expect(ids(result.json, 'ok')).toEqual(['cluster', 'association', 'role-trust', 'agent', 'pods']);
    expect(aws.calls.length).toBeGreaterThan(0);
    expect(aws.calls.every(call => call.signatureValid)).toBe(true);
    // IAM is global: signed for us-east-1 whatever the cluster's region.
    expect(aws.calls.filter(call => call.service === 'iam').map(call => call.region)).toEqual(['us-east-1']);
    expect(aws.calls.filter(call => call.service === 'eks').every(call => call.region === REGION)).toBe(true);
    expect(k8s.calls.length).toBeGreaterThan(0);
    expect(k8s.calls.every(call => call.tokenValid && call.tokenKind === 'eks')).toBe(true);
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
    expect(ids(result.json)).toEqual(['cluster', 'association', 'role-trust', 'agent']);
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

  test('a trust on the cluster ARN and aws:SourceAccount of another cluster and account', async () => {
    awsFixture.roles[roleArn('checkout-role')] = { Statement: [{ ...POD_TRUST.Statement[0], Condition: { ArnLike: { 'aws:RequestTag/eks-cluster-arn': `arn:aws:eks:*:${ACCOUNT}:cluster/prod-*` } } }] };

    const result = await doctor(checkout);

    expect(result.code).toBe(1);
    expect(finding(result.json, 'role-trust').level).toBe('error');
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
    k8sFixture.daemonSet = undefined;
    k8sFixture.pods = k8sFixture.pods.filter(p => p.metadata.namespace !== 'kube-system');

    const result = await doctor(checkout);

    expect(result.code).toBe(1);
    expect(finding(result.json, 'agent-missing')).toMatchObject({ level: 'error', seen: 'no eks-pod-identity-agent add-on and no eks-pod-identity-agent DaemonSet in kube-system' });
  });

  test('no add-on with --no-kubernetes: a warning, since a self-managed agent cannot be seen', async () => {
    awsFixture.addon = undefined;

    const result = await doctor([...checkout, '--no-kubernetes']);

    expect(result.code).toBe(0);
    expect(finding(result.json, 'agent-missing').level).toBe('warning');
  });

  test('no add-on on an Auto Mode cluster: nothing missing', async () => {
    awsFixture.addon = undefined;
    awsFixture.cluster.autoMode = true;
    k8sFixture.daemonSet = undefined;

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
    awsFixture.nodegroups.win = 'WINDOWS_CORE_2022_x86_64';

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

  test('a leftover IRSA annotation: names the role the pods really get', async () => {
    k8sFixture.serviceAccounts[0].metadata.annotations['eks.amazonaws.com/role-arn'] = roleArn('old-irsa-role');

    const result = await doctor(checkout);

    expect(result.code).toBe(1);
    expect(finding(result.json, 'irsa-annotation')).toMatchObject({
      level: 'error',
      why: `the SDKs' default chain tries web identity (IRSA) first: the pods get ${roleArn('old-irsa-role')}, not the association's ${roleArn('checkout-role')}`,
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

  test('a proxy without the agent in NO_PROXY', async () => {
    k8sFixture.pods[0] = appPod('checkout-proxied', 'node-a', { env: [{ name: 'HTTPS_PROXY', value: 'http://proxy:3128' }, { name: 'NO_PROXY', value: '169.254.170.23,.svc' }] });
    k8sFixture.pods[1] = appPod('checkout-bypassed', 'node-b', { env: [{ name: 'HTTP_PROXY', value: 'http://proxy:3128' }, { name: 'no_proxy', value: '169.254.170.23,fd00:ec2::23' }] });

    const result = await doctor(checkout);

    expect(result.code).toBe(1);
    expect(finding(result.json, 'proxy').seen).toBe('pods with HTTP(S)_PROXY whose NO_PROXY leaves out 169.254.170.23 or fd00:ec2::23: checkout-proxied');
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
    k8sFixture.daemonSet.status.numberReady = 1;

    const result = await doctor(checkout);

    expect(result.code).toBe(1);
    expect(finding(result.json, 'agent-not-ready').seen).toBe('pods on nodes without a Ready eks-pod-identity-agent pod: checkout-2');
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
    expect(result.stderr).toContain(`doctor could not finish: GetRole failed (AccessDenied): User: arn:aws:sts::${ACCOUNT}:assumed-role/doctor/test is not authorized to perform: iam:GetRole\nNeeds: iam:GetRole\nFix: Allow iam:GetRole to the identity doctor runs as (the README lists a read-only policy)`);
    expect(result.stderr).toMatch(/Found so far:\nOK +cluster/);
  });

  test('the API server cannot be reached: exit 2', async () => {
    awsFixture.cluster.endpoint = 'https://127.0.0.1:1';

    const result = await doctor(checkout);

    expect(result.code).toBe(2);
    expect(result.json.failure).toMatchObject({ call: 'GET /apis/apps/v1/namespaces/kube-system/daemonsets/eks-pod-identity-agent', code: 'Unreachable' });
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
    expect(JSON.parse(result.stdout)).toEqual({ ok: false, problem: '--namespace and --service-account go together', fix: 'Run cdk-eks-pod-identity doctor --help for its flags.' });
    expect(result.stderr).toContain('Usage: cdk-eks-pod-identity doctor --cluster NAME');
  });
});
