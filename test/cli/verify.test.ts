import * as net from 'net';
import { CliResult, expectNoSecret, runCli, testEnv, writeToken } from './cli-process';
import { ACCOUNT, CLUSTER, FakeEksAuth, makeToken, REGION, SIGNER } from './fake-eks-auth';

let fake: FakeEksAuth;
const outputs: string[] = [];

beforeEach(async () => {
  fake = new FakeEksAuth();
  await fake.start();
});

afterEach(async () => {
  await fake.stop();
});

async function verify(args: string[], env = testEnv()): Promise<CliResult> {
  const result = await runCli(['verify', '--cluster', CLUSTER, '--endpoint', fake.url, ...args], env);
  outputs.push(result.stdout, result.stderr);
  return result;
}

/** Every secret this test run could leak: what the fake issued, the signer's keys, the tokens. */
function secrets(tokens: string[] = []): string[] {
  return [...fake.issued.flatMap(i => [i.secretAccessKey, i.sessionToken]), SIGNER.secretAccessKey, SIGNER.sessionToken, ...tokens];
}

describe('verify, when the exchange works', () => {
  test('prints the subject, association, role and session name, session tags and expiry, and exits 0', async () => {
    // GIVEN a token bound to a pod
    const token = makeToken({ pod: { name: 'checkout-7d4f9', uid: 'c0ffee00-1111-2222-3333-444455556666' } });
    const file = writeToken('token-ok', token);

    // WHEN
    const result = await verify(['--token-file', file]);

    // THEN
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toContain(`EKS Auth exchanged the token for credentials (cluster ${CLUSTER}, ${REGION}).`);
    expect(out).toContain('Subject:          namespace shop, service account checkout');
    expect(out).toMatch(new RegExp(`Association: +arn:aws:eks:${REGION}:${ACCOUNT}:podidentityassociation/${CLUSTER}/a-checkout\\d* \\(ID a-checkout0+\\)`));
    // EKS Auth's assumedRoleUser.arn as it is; a role ARN rebuilt from it is labelled, since it lacks the path.
    expect(out).toMatch(new RegExp(`Assumed role: +arn:aws:sts::${ACCOUNT}:assumed-role/checkout-role/eks-${CLUSTER}-checkout-7d4f9-[0-9a-f-]{36}\n`));
    expect(out).toContain(`Role name:        checkout-role (derived ARN, path unknown: arn:aws:iam::${ACCOUNT}:role/checkout-role)`);
    expect(out).not.toMatch(/^Role: /m);
    expect(out).toMatch(new RegExp(`Session name: +eks-${CLUSTER}-checkout-7d4f9-[0-9a-f-]{36}`));
    expect(out).toMatch(/Credentials: +access key ID ASIAFAKE00000001, expire \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z \(in (5 h 59|6 h 0) min\)/);
    expect(out).toContain(`  eks-cluster-arn             arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${CLUSTER}`);
    expect(out).toContain(`  eks-cluster-name            ${CLUSTER}`);
    expect(out).toContain('  kubernetes-namespace        shop');
    expect(out).toContain('  kubernetes-service-account  checkout');
    expect(out).toContain('  kubernetes-pod-name         checkout-7d4f9');
    expect(out).toContain('  kubernetes-pod-uid          c0ffee00-1111-2222-3333-444455556666');
    expect(result.stderr).toBe('');
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]).toMatchObject({ cluster: CLUSTER, token, signatureValid: true, signingRegion: REGION });
    expectNoSecret(out + result.stderr, secrets([token]));
  });

  test('a token bound to no pod has no pod tags, and says so', async () => {
    const result = await verify(['--token-file', writeToken('token-nopod', makeToken())]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  kubernetes-pod-name         (none: the token is bound to no pod)');
    expect(result.stdout).toContain('  kubernetes-pod-uid          (none: the token is bound to no pod)');
  });

  test('--json prints the same report as one JSON object, without secrets', async () => {
    const token = makeToken({ pod: { name: 'checkout-1', uid: 'uid-1' } });
    const result = await verify(['--token-file', writeToken('token-json', token), '--json']);

    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    const report = JSON.parse(result.stdout);
    expect(report).toEqual({
      ok: true,
      cluster: CLUSTER,
      region: REGION,
      subject: { namespace: 'shop', serviceAccount: 'checkout' },
      audience: 'pods.eks.amazonaws.com',
      podIdentityAssociation: {
        associationArn: `arn:aws:eks:${REGION}:${ACCOUNT}:podidentityassociation/${CLUSTER}/a-checkout000000000`,
        associationId: 'a-checkout000000000',
      },
      assumedRole: {
        arn: expect.stringMatching(new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/checkout-role/eks-${CLUSTER}-checkout-1-`)),
        derivedRoleArn: `arn:aws:iam::${ACCOUNT}:role/checkout-role`,
        roleName: 'checkout-role',
        sessionName: expect.stringMatching(new RegExp(`^eks-${CLUSTER}-checkout-1-`)),
        assumeRoleId: expect.stringMatching(/^AROAFAKEROLEID:eks-/),
      },
      sessionTags: {
        'eks-cluster-arn': `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${CLUSTER}`,
        'eks-cluster-name': CLUSTER,
        'kubernetes-namespace': 'shop',
        'kubernetes-service-account': 'checkout',
        'kubernetes-pod-name': 'checkout-1',
        'kubernetes-pod-uid': 'uid-1',
      },
      credentials: { accessKeyId: 'ASIAFAKE00000001', expiration: new Date(fake.issued[0].expiration * 1000).toISOString() },
      expectations: [],
    });
    expectNoSecret(result.stdout + result.stderr, secrets([token]));
  });
});

describe('verify, with expectations', () => {
  test('each expectation that holds is reported as a match, and the exit code is 0', async () => {
    const result = await verify(['--token-file', writeToken('token-expect', makeToken()),
      '--expect-role', 'checkout-role', '--expect-namespace', 'shop', '--expect-service-account', 'checkout']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Expectations:\n  match     role: checkout-role\n  match     namespace: shop\n  match     service account: checkout');
  });

  test('a role ARN matches on partition, account and name (the session ARN carries no role path)', async () => {
    const result = await verify(['--token-file', writeToken('token-arn', makeToken()), '--json',
      '--expect-role', `arn:aws:iam::${ACCOUNT}:role/apps/checkout-role`]);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).expectations).toEqual([
      { name: 'role', expected: `arn:aws:iam::${ACCOUNT}:role/apps/checkout-role`, actual: expect.stringMatching(new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/checkout-role/eks-${CLUSTER}-`)), match: true },
    ]);
  });

  test('an expectation that does not hold is reported as a mismatch, and the exit code is 1', async () => {
    const result = await verify(['--token-file', writeToken('token-mismatch', makeToken()),
      '--expect-role', 'arn:aws:iam::444455556666:role/checkout-role', '--expect-namespace', 'shop', '--expect-service-account', 'payments']);

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`  MISMATCH  role: expected arn:aws:iam::444455556666:role/checkout-role, got arn:aws:sts::${ACCOUNT}:assumed-role/checkout-role/eks-${CLUSTER}-`));
    expect(result.stdout).toContain('  match     namespace: shop');
    expect(result.stdout).toContain('  MISMATCH  service account: expected payments, got checkout');
  });

  test('with --json, a mismatch makes ok false and the exit code 1', async () => {
    const result = await verify(['--token-file', writeToken('token-mismatch-json', makeToken()), '--json', '--expect-role', 'other-role']);

    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.ok).toBe(false);
    expect(report.expectations).toEqual([{ name: 'role', expected: 'other-role', actual: expect.stringMatching(new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/checkout-role/eks-${CLUSTER}-`)), match: false }]);
  });
});

describe('verify, when EKS Auth refuses', () => {
  test('a token for another audience: says so, and how to make the right one (exit 2)', async () => {
    const token = makeToken({ audience: 'https://kubernetes.default.svc' });
    const result = await verify(['--token-file', writeToken('token-aud', token)]);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('verify failed: EKS Auth did not accept the token. Its audience is https://kubernetes.default.svc; EKS Pod Identity only takes tokens made for pods.eks.amazonaws.com.');
    expect(result.stderr).toContain('Fix: Make a token for that audience with `kubectl create token checkout -n shop --audience pods.eks.amazonaws.com`, from the cluster dev-cluster, and write it to the token file.');
    expect(result.stderr).toMatch(/EKS Auth said: InvalidTokenException: Token is invalid \(HTTP 400, request ID [0-9a-f-]{36}\)/);
    expectNoSecret(result.stdout + result.stderr, secrets([token]));
  });

  test('an expired token: says when it expired and how to make a new one', async () => {
    const token = makeToken({ expiresInSeconds: -120 });
    const result = await verify(['--token-file', writeToken('token-expired', token)]);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/verify failed: The token has expired \(it expired at \d{4}-\d\d-\d\dT[\d:.]+Z\)\./);
    expect(result.stderr).toContain('Fix: Make a new one with `kubectl create token checkout -n shop --audience pods.eks.amazonaws.com` (add --duration 2h for a longer life).');
  });

  test('no association for the namespace and service account', async () => {
    const result = await verify(['--token-file', writeToken('token-noassoc', makeToken({ serviceAccount: 'reports' }))]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`verify failed: No pod identity association matches namespace shop and service account reports in the cluster ${CLUSTER} (${REGION}), or there is no cluster of that name there.`);
    expect(result.stderr).toContain('Fix: Create the association (a PodIdentityAssociation in your app, then cdk deploy), check --cluster and --region');
  });

  test('a caller without eks-auth:AssumeRoleForPodIdentity', async () => {
    fake.next({ kind: 'fail', error: 'AccessDeniedException', message: `User: arn:aws:iam::${ACCOUNT}:user/dev is not authorized to perform: eks-auth:AssumeRoleForPodIdentity on resource: arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${CLUSTER}` });
    const result = await verify(['--token-file', writeToken('token-denied', makeToken())]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('verify failed: The AWS identity that signed the call may not call eks-auth:AssumeRoleForPodIdentity.');
    expect(result.stderr).toContain(`Fix: Allow eks-auth:AssumeRoleForPodIdentity on arn:<partition>:eks:${REGION}:<account>:cluster/${CLUSTER} to the identity you run this with`);
  });

  test('a role whose trust lacks sts:TagSession', async () => {
    fake.next({ kind: 'fail', error: 'AccessDeniedException', message: 'pods.eks.amazonaws.com is not authorized to perform: sts:TagSession on resource: arn:aws:iam::111122223333:role/checkout-role' });
    const result = await verify(['--token-file', writeToken('token-trust', makeToken())]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('verify failed: EKS could not assume the association\'s role: the role\'s trust policy must let the service principal pods.eks.amazonaws.com call both sts:AssumeRole and sts:TagSession.');
    expect(result.stderr).toContain('Fix: Trust pods.eks.amazonaws.com for sts:AssumeRole and sts:TagSession in one statement (a PodIdentityRole does)');
  });

  test('an access denial that names neither cause explains both', async () => {
    fake.next({ kind: 'fail', error: 'AccessDeniedException', message: 'Access denied' });
    const result = await verify(['--token-file', writeToken('token-denied-both', makeToken())]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('verify failed: EKS Auth denied access, for one of two reasons.');
    expect(result.stderr).toContain('Or: EKS could not assume the association\'s role');
  });

  test.each([
    ['InvalidParameterException', 1, `verify failed: EKS Auth refused a parameter: the cluster name "${CLUSTER}" (1 to 100 letters, digits, - and _, starting with a letter or digit) or the token (a JWT).`],
    ['InvalidRequestException', 1, `verify failed: EKS Auth refused the request for the cluster ${CLUSTER}.`],
    ['InvalidTokenException', 1, 'verify failed: EKS Auth did not accept the token. Its audience is right (pods.eks.amazonaws.com), so it was probably issued by another cluster'],
    ['ExpiredTokenException', 1, 'verify failed: The token has expired (it expired at'],
    ['ResourceNotFoundException', 1, 'verify failed: No pod identity association matches namespace shop and service account checkout'],
    ['ThrottlingException', 3, 'verify failed: EKS Auth throttled the call (3 attempts).'],
    ['InternalServerException', 3, 'verify failed: EKS Auth failed on its side (HTTP 500, 3 attempts).'],
    ['ServiceUnavailableException', 3, 'verify failed: EKS Auth failed on its side (HTTP 503, 3 attempts).'],
  ] as const)('%s: plain words, exit 2, after %d attempt(s)', async (error, attempts, words) => {
    fake.always({ kind: 'fail', error });
    const result = await verify(['--token-file', writeToken(`token-${error}`, makeToken())]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(words);
    expect(result.stderr).toContain(`EKS Auth said: ${error}: fake ${error}`);
    expect(fake.calls).toHaveLength(attempts);
  });

  test('with --json, a failure is one JSON object with the problem, the fix and the error', async () => {
    fake.always({ kind: 'fail', error: 'ResourceNotFoundException', message: 'Pod identity association not found' });
    const result = await verify(['--token-file', writeToken('token-fail-json', makeToken()), '--json']);

    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: false,
      cluster: CLUSTER,
      region: REGION,
      problem: expect.stringContaining('No pod identity association matches namespace shop and service account checkout'),
      fix: expect.stringContaining('Create the association'),
      error: { name: 'ResourceNotFoundException', message: 'Pod identity association not found', httpStatusCode: 404, requestId: expect.any(String), attempts: 1 },
    });
  });
});

describe('verify, retries and transport', () => {
  test('throttling and 5xx are retried with backoff, and a later answer succeeds', async () => {
    fake.next({ kind: 'fail', error: 'ThrottlingException' }).next({ kind: 'fail', error: 'ServiceUnavailableException' });
    const result = await verify(['--token-file', writeToken('token-retry', makeToken())]);

    expect(result.code).toBe(0);
    expect(fake.calls).toHaveLength(3);
    expect(fake.calls.every(call => call.signatureValid)).toBe(true);
  });

  test('a stalled EKS Auth times out after 3 s and the next attempt answers', async () => {
    fake.next({ kind: 'stall' });
    const started = Date.now();
    const result = await verify(['--token-file', writeToken('token-stall', makeToken())]);

    expect(result.code).toBe(0);
    expect(fake.calls).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
  });

  test('a shell set up for a local serve: its AWS_CONTAINER_CREDENTIALS_FULL_URI is not used to sign, with a notice', async () => {
    const env = testEnv({ AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:9/v1/credentials' });
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_SECRET_ACCESS_KEY;
    delete env.AWS_SESSION_TOKEN;
    const result = await verify(['--token-file', writeToken('token-self', makeToken())], env);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cdk-eks-pod-identity verify: ignoring AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:9/v1/credentials for the AWS credentials that sign the EKS Auth call');
    expect(result.stderr).toContain('verify failed: No AWS credentials');
    expect(fake.calls).toHaveLength(0);
  });

  test('an unreachable endpoint: says where it tried, after the retries', async () => {
    const closed = await new Promise<number>(resolve => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const port = (server.address() as net.AddressInfo).port;
        server.close(() => resolve(port));
      });
    });
    const result = await runCli(['verify', '--cluster', CLUSTER, '--token-file', writeToken('token-unreachable', makeToken()), '--endpoint', `http://127.0.0.1:${closed}`]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`verify failed: EKS Auth could not be reached at http://127.0.0.1:${closed}.`);
    expect(result.stderr).toContain('Fix: Check the network, --region or --endpoint, and HTTPS_PROXY/NO_PROXY');
    // A port just freed refuses, or (under load) resets.
    expect(result.stderr).toMatch(/ECONNREFUSED|ECONNRESET|socket hang up/);
  });

  test('credentials AWS does not accept: says so', async () => {
    const result = await verify(['--token-file', writeToken('token-badsig', makeToken())], testEnv({ AWS_SECRET_ACCESS_KEY: 'not-the-right-secret-key-000000000000000' }));

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('verify failed: AWS did not accept the credentials that signed the call (InvalidSignatureException).');
    expect(result.stderr).toContain('(HTTP 403, request ID');
    expect(fake.calls).toHaveLength(1);
  });

  test('no AWS credentials at all: says where the SDK looks', async () => {
    const env = testEnv();
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_SECRET_ACCESS_KEY;
    delete env.AWS_SESSION_TOKEN;
    const result = await verify(['--token-file', writeToken('token-nocreds', makeToken())], env);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('verify failed: No AWS credentials were found to sign the call to EKS Auth.');
    expect(result.stderr).toContain('Fix: Set AWS_PROFILE');
    expect(fake.calls).toHaveLength(0);
  });

  test('the region comes from --region before the environment, and signs the call', async () => {
    const result = await verify(['--token-file', writeToken('token-region', makeToken()), '--region', 'us-west-2', '--json']);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).region).toBe('us-west-2');
    expect(fake.calls[0]).toMatchObject({ signingRegion: 'us-west-2', signatureValid: true });
  });
});

test('without --region or AWS_REGION, the region comes from the profile in the shared config file', async () => {
  const env = testEnv();
  delete env.AWS_REGION;
  env.AWS_CONFIG_FILE = writeToken('profile-config', '[default]\nregion = ap-southeast-2\n');
  const result = await verify(['--token-file', writeToken('token-profile-region', makeToken()), '--json'], env);

  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout).region).toBe('ap-southeast-2');
  expect(fake.calls[0].signingRegion).toBe('ap-southeast-2');
});

describe('verify, bad input', () => {
  test('a missing token file: says so and how to write one (exit 2)', async () => {
    const result = await verify(['--token-file', '/nonexistent/token']);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe('verify failed: Cannot read the token file /nonexistent/token: it does not exist\n'
      + 'Fix: Write a token to it: kubectl create token SA -n NS --audience pods.eks.amazonaws.com > /nonexistent/token\n');
    expect(fake.calls).toHaveLength(0);
  });

  test('a missing --cluster prints the usage (exit 2)', async () => {
    const result = await runCli(['verify', '--token-file', '/tmp/x']);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^cdk-eks-pod-identity verify: --cluster is required\n\nUsage: cdk-eks-pod-identity verify --cluster NAME --token-file PATH/);
  });

  test('no region anywhere (exit 2)', async () => {
    const env = testEnv();
    delete env.AWS_REGION;
    const result = await runCli(['verify', '--cluster', CLUSTER, '--token-file', '/tmp/x'], env);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cdk-eks-pod-identity verify: No region: pass --region, or set AWS_REGION');
  });

  test('an unknown flag and a bad cluster name (exit 2)', async () => {
    const unknown = await runCli(['verify', '--cluster', CLUSTER, '--token-file', '/tmp/x', '--role', 'x']);
    const badName = await runCli(['verify', '--cluster', 'bad/name', '--token-file', '/tmp/x']);

    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('cdk-eks-pod-identity verify: Unknown option \'--role\'');
    expect(badName.code).toBe(2);
    expect(badName.stderr).toContain('--cluster bad/name is not a cluster name');
  });

  test('with --json, a command-line mistake is one JSON object on stdout too (exit 2)', async () => {
    const result = await runCli(['verify', '--token-file', '/tmp/x', '--json']);

    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({ ok: false, problem: '--cluster is required', fix: 'Run cdk-eks-pod-identity verify --help for its flags.' });
    expect(result.stderr).toContain('cdk-eks-pod-identity verify: --cluster is required');
  });
});

afterAll(() => {
  // No secret in any output of the whole file.
  expectNoSecret(outputs.join('\n'), [SIGNER.secretAccessKey, SIGNER.sessionToken]);
  expect(outputs.join('\n')).not.toMatch(/fake-secret-|fake-session-/);
});
