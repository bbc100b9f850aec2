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

/** A loopback port that nothing listens on (just freed). */
function closedPort(): Promise<number> {
  return new Promise<number>(resolve => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

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
    // The last line says where it failed: EKS Auth answered, with its status, error and request ID.
    expect(result.stderr.split('\n')[2]).toMatch(/^EKS Auth answered HTTP 400 InvalidTokenException: Token is invalid \(request ID [0-9a-f-]{36}\)$/);
    expectNoSecret(result.stdout + result.stderr, secrets([token]));
  });

  test('a token whose aud is an object with its own toString: says what the audience is, without a stack (found by fuzzing)', async () => {
    // GIVEN a JWT whose aud claim is {"toString":1}: String() of it threw a TypeError, which reached the output
    const [header, , signature] = makeToken().split('.');
    const payload = { ...JSON.parse(Buffer.from(makeToken().split('.')[1], 'base64url').toString('utf-8')), aud: { toString: 1 } };
    const token = `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;

    // WHEN
    const result = await verify(['--token-file', writeToken('token-aud-object', token)]);

    // THEN
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Its audience is {"toString":1}; EKS Pod Identity only takes tokens made for pods.eks.amazonaws.com.');
    expect(result.stderr).not.toMatch(/TypeError|^\s+at /m);
    expectNoSecret(result.stdout + result.stderr, secrets([token]));
  });

  test('an expired token: says when it expired and how to make a new one', async () => {
    const token = makeToken({ expiresInSeconds: -120 });
    const result = await verify(['--token-file', writeToken('token-expired', token)]);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/verify failed: The token has expired \(it expired at \d{4}-\d\d-\d\dT[\d:.]+Z\)\./);
    expect(result.stderr).toContain('Fix: Make a new one with `kubectl create token checkout -n shop --audience pods.eks.amazonaws.com` (add --duration 2h for a longer life).');
  });

  test('an expired token whose exp no date can hold: says it has expired, without a date and without a stack (found by fuzzing)', async () => {
    // GIVEN exp = 1e308 s, beyond what a Date holds: the explanation called toISOString() on an invalid Date
    const token = makeToken({ expiresInSeconds: 1e308 });
    fake.next({ kind: 'fail', error: 'ExpiredTokenException', message: 'Token is expired' });

    // WHEN
    const result = await verify(['--token-file', writeToken('token-exp-huge', token)]);

    // THEN
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n').slice(0, 2)).toEqual([
      'verify failed: The token has expired.',
      'Fix: Make a new one with `kubectl create token checkout -n shop --audience pods.eks.amazonaws.com` (add --duration 2h for a longer life).',
    ]);
    expect(result.stderr).not.toMatch(/RangeError|^\s+at /m);
    expectNoSecret(result.stdout + result.stderr, secrets([token]));
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
    ['InvalidParameterException', 1, 400, `verify failed: EKS Auth refused a parameter: the cluster name "${CLUSTER}" (1 to 100 letters, digits, - and _, starting with a letter or digit) or the token (a JWT).`],
    ['InvalidRequestException', 1, 400, `verify failed: EKS Auth refused the request for the cluster ${CLUSTER}.`],
    ['InvalidTokenException', 1, 400, 'verify failed: EKS Auth did not accept the token. Its audience is right (pods.eks.amazonaws.com), so it was probably issued by another cluster'],
    ['ExpiredTokenException', 1, 400, 'verify failed: The token has expired (it expired at'],
    ['ResourceNotFoundException', 1, 404, 'verify failed: No pod identity association matches namespace shop and service account checkout'],
    ['ThrottlingException', 3, 429, 'verify failed: EKS Auth throttled the call (3 attempts).'],
    ['InternalServerException', 3, 500, 'verify failed: EKS Auth failed on its side (HTTP 500, 3 attempts).'],
    ['ServiceUnavailableException', 3, 503, 'verify failed: EKS Auth failed on its side (HTTP 503, 3 attempts).'],
  ] as const)('%s: plain words, exit 2, after %d attempt(s), and what EKS Auth answered', async (error, attempts, status, words) => {
    fake.always({ kind: 'fail', error });
    const result = await verify(['--token-file', writeToken(`token-${error}`, makeToken())]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(words);
    expect(result.stderr).toMatch(new RegExp(`\nEKS Auth answered HTTP ${status} ${error}: fake ${error} \\(request ID [0-9a-f-]{36}\\)\n$`));
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
      error: { name: 'ResourceNotFoundException', message: 'Pod identity association not found', where: 'eks-auth', httpStatusCode: 404, requestId: expect.any(String), attempts: 1 },
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

  test('an unreachable endpoint: says it could not connect, where, why and after how many attempts, and the fix; not "EKS Auth said"', async () => {
    const closed = await closedPort();
    const endpoint = `http://127.0.0.1:${closed}`;
    const args = ['verify', '--cluster', CLUSTER, '--token-file', writeToken('token-unreachable', makeToken()), '--endpoint', endpoint];
    const text = await runCli(args);
    const json = await runCli([...args, '--json']);

    expect(text.code).toBe(2);
    // A port just freed refuses, or (under load) resets.
    const [problem, fix, ...rest] = text.stderr.split('\n');
    expect(problem).toMatch(new RegExp(`^verify failed: (Could not connect to EKS Auth at ${endpoint}: (connect ECONNREFUSED 127\\.0\\.0\\.1:${closed}|read ECONNRESET)|The connection to EKS Auth at ${endpoint} failed before it answered: socket hang up \\(ECONNRESET\\)) \\(3 attempts\\)\\.$`));
    expect(fix).toBe(`Fix: Check that this machine reaches 127.0.0.1 on port ${closed} (no HTTP_PROXY applies to it: set one if your network needs a proxy). `
      + `Check --endpoint ${endpoint}. `
      + 'From a network without internet access, EKS Auth needs an interface VPC endpoint for com.amazonaws.eu-west-1.eks-auth (with private DNS, or its DNS name as --endpoint).');
    expect(rest).toEqual(['']);
    expect(text.stderr).not.toContain('EKS Auth said');
    expect(text.stderr).not.toContain('EKS Auth answered');
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).error).toEqual({
      name: 'Error', message: expect.stringMatching(/ECONNREFUSED|ECONNRESET|socket hang up/), where: 'connection', code: expect.stringMatching(/^ECONN(REFUSED|RESET)$/), attempts: 3,
    });
  });

  test('the default endpoint through a proxy that refuses: names the proxy, NO_PROXY, --region and the VPC endpoint (loopback only)', async () => {
    const proxyPort = await closedPort();
    const env = testEnv({ HTTPS_PROXY: `http://127.0.0.1:${proxyPort}` });
    const result = await runCli(['verify', '--cluster', CLUSTER, '--token-file', writeToken('token-proxy-down', makeToken())], env);

    expect(result.code).toBe(2);
    const [problem, fix] = result.stderr.split('\n');
    expect(problem).toMatch(new RegExp(`^verify failed: Could not connect to EKS Auth at https://eks-auth\\.eu-west-1\\.api\\.aws: (connect ECONNREFUSED 127\\.0\\.0\\.1:${proxyPort}|read ECONNRESET|socket hang up \\(ECONNRESET\\)) \\(3 attempts\\)\\.$`));
    expect(fix).toBe(`Fix: Check that the proxy 127.0.0.1:${proxyPort} (HTTPS_PROXY) is up and lets this machine reach eks-auth.eu-west-1.api.aws, or list eks-auth.eu-west-1.api.aws in NO_PROXY to go direct. `
      + 'The endpoint is the one of --region eu-west-1: check that it is the cluster\'s region, or give another URL with --endpoint. '
      + 'From a network without internet access, EKS Auth needs an interface VPC endpoint for com.amazonaws.eu-west-1.eks-auth (with private DNS, or its DNS name as --endpoint).');
  });

  test('credentials AWS does not accept: says so', async () => {
    const result = await verify(['--token-file', writeToken('token-badsig', makeToken())], testEnv({ AWS_SECRET_ACCESS_KEY: 'not-the-right-secret-key-000000000000000' }));

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('verify failed: AWS did not accept the credentials that signed the call (InvalidSignatureException).');
    expect(result.stderr).toMatch(/\nEKS Auth answered HTTP 403 InvalidSignatureException: The request signature we calculated does not match the signature you provided\. \(request ID [0-9a-f-]{36}\)\n$/);
    expect(fake.calls).toHaveLength(1);
  });

  test('no AWS credentials at all: says where the SDK looks', async () => {
    const env = testEnv();
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_SECRET_ACCESS_KEY;
    delete env.AWS_SESSION_TOKEN;
    const result = await verify(['--token-file', writeToken('token-nocreds', makeToken())], env);
    const json = await verify(['--token-file', writeToken('token-nocreds-json', makeToken()), '--json'], env);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe('verify failed: No AWS credentials were found to sign the call, so EKS Auth was not called (CredentialsProviderError: Could not load credentials from any providers).\n'
      + 'Fix: Set AWS_PROFILE (and run `aws sso login` for an SSO profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, as for any AWS SDK.\n');
    expect(JSON.parse(json.stdout).error).toEqual({ name: 'CredentialsProviderError', message: 'Could not load credentials from any providers', where: 'signing', attempts: 1 });
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
      + 'Fix: Write a token to it: kubectl create token SA -n NS --audience pods.eks.amazonaws.com | tr -d \'\\n\' > /nonexistent/token\n');
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

  test('with --json, a command-line mistake is one JSON object on stdout, and nothing else: no usage (exit 2)', async () => {
    const missing = await runCli(['verify', '--token-file', '/tmp/x', '--json']);
    const unknown = await runCli(['verify', '--cluster', CLUSTER, '--token-file', '/tmp/x', '--json', '--role', 'x']);

    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('{"ok":false,"problem":"--cluster is required","fix":"Run cdk-eks-pod-identity verify --help for its flags."}\n');
    expect(missing.stderr).toBe('');
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('{"ok":false,"problem":"Unknown option \'--role\'","fix":"Run cdk-eks-pod-identity verify --help for its flags."}\n');
    expect(unknown.stderr).toBe('');
  });

  test('with --json, an unknown command is one JSON object too', async () => {
    const result = await runCli(['verfy', '--json']);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('{"ok":false,"problem":"unknown command: verfy","fix":"Run cdk-eks-pod-identity --help for its commands."}\n');
    expect(result.stderr).toBe('');
  });

  test('without --json, a command-line mistake prints the usage', async () => {
    const result = await runCli(['verify', '--token-file', '/tmp/x']);

    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('\n\nUsage: cdk-eks-pod-identity verify --cluster NAME');
  });

  test.each([
    ['not a JWT', 'not-a-jwt'],
    ['two parts', 'aGVsbG8.d29ybGQ'],
    ['a payload that is not JSON', 'eyJhbGciOiJSUzI1NiJ9.bm90LWpzb24.c2ln'],
  ])('a token file that holds no JWT (%s): said before any call, with the command that writes one (exit 2)', async (_, content) => {
    const file = writeToken(`token-garbage-${content.length}`, `${content}\n`);
    const text = await verify(['--token-file', file]);
    const json = await verify(['--token-file', file, '--json']);

    expect(text.code).toBe(2);
    expect(text.stdout).toBe('');
    expect(text.stderr).toBe(`verify failed: The token file ${file} does not hold a Kubernetes service-account token (a JWT: three base64url parts joined by dots), so EKS Auth was not called\n`
      + `Fix: Write a token to it: kubectl create token SA -n NS --audience pods.eks.amazonaws.com | tr -d '\\n' > ${file}\n`);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({
      ok: false, cluster: CLUSTER, region: REGION,
      problem: `The token file ${file} does not hold a Kubernetes service-account token (a JWT: three base64url parts joined by dots), so EKS Auth was not called`,
      fix: `Write a token to it: kubectl create token SA -n NS --audience pods.eks.amazonaws.com | tr -d '\\n' > ${file}`,
    });
    // Nothing was sent: the fake EKS Auth saw no call.
    expect(fake.calls).toHaveLength(0);
  });

  test('--help shows the command that writes a token without the newline kubectl prints', async () => {
    const result = await runCli(['verify', '--help']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Make a token with (tr -d drops the newline kubectl prints):\n'
      + '  kubectl create token SA -n NS --audience pods.eks.amazonaws.com | tr -d \'\\n\' > PATH\n');
  });
});

afterAll(() => {
  // No secret in any output of the whole file.
  expectNoSecret(outputs.join('\n'), [SIGNER.secretAccessKey, SIGNER.sessionToken]);
  expect(outputs.join('\n')).not.toMatch(/fake-secret-|fake-session-/);
});
