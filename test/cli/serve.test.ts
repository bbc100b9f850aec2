import { execFile } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import { promisify } from 'util';
import { botocorePython } from './botocore-venv';
import { expectNoSecret, runCli, ServeProcess, startServe, testEnv, writeToken } from './cli-process';
import { CLUSTER, FakeEksAuth, makeToken, SIGNER } from './fake-eks-auth';
import { get } from './http-get';

let fake: FakeEksAuth;
let served: ServeProcess[] = [];

beforeEach(async () => {
  fake = new FakeEksAuth();
  await fake.start();
});

afterEach(async () => {
  for (const proc of served) {
    await proc.stop();
    // No secret in anything serve wrote.
    expectNoSecret(proc.stdout() + proc.stderr(), [SIGNER.secretAccessKey, SIGNER.sessionToken, ...fake.issued.flatMap(i => [i.secretAccessKey, i.sessionToken])]);
  }
  served = [];
  await fake.stop();
});

async function serve(tokenFile: string, extra: string[] = []): Promise<ServeProcess> {
  const proc = await startServe(['--cluster', CLUSTER, '--token-file', tokenFile, '--endpoint', fake.url, '--port', '0', ...extra]);
  served.push(proc);
  return proc;
}

function expectIssued(body: any, index: number): void {
  const issued = fake.issued[index];
  expect(body).toEqual({
    AccessKeyId: issued.accessKeyId,
    SecretAccessKey: issued.secretAccessKey,
    Token: issued.sessionToken,
    AccountId: '111122223333',
    Expiration: new Date(issued.expiration * 1000).toISOString().replace('.000Z', 'Z'),
  });
}

function freePort(): Promise<number> {
  return new Promise(resolve => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

describe('serve: the agent wire contract', () => {
  test('prints exactly one line when ready, and answers GET /v1/credentials with the container-credentials JSON', async () => {
    const token = makeToken();
    const proc = await serve(writeToken('contract', token));

    expect(proc.stdout()).toBe(`listening on http://127.0.0.1:${proc.port}/v1/credentials\n`);
    expect(proc.port).toBeGreaterThan(0);
    const response = await get(proc.url, { token });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expectIssued(response.json(), 0);
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]).toMatchObject({ cluster: CLUSTER, token, signatureValid: true });
  });

  test('answers the agent\'s status codes, with JSON bodies, and calls EKS Auth for none of them', async () => {
    const token = makeToken();
    const proc = await serve(writeToken('codes', token));
    const other = makeToken();

    const cases = await Promise.all([
      get(proc.url, { token, path: '/v1/other' }),
      get(proc.url, { token, host: '169.254.170.23' }),
      get(proc.url, { token, host: `localhost:${proc.port}` }),
      get(proc.url, {}),
      get(proc.url, { token: 'not-a-jwt' }),
      get(proc.url, { token: makeToken({ expiresInSeconds: -60 }) }),
      get(proc.url, { token: other }),
    ]);

    expect(cases.map(c => [c.status, c.json()])).toEqual([
      [404, { Code: 'NotFound', Message: '404 page not found' }],
      [403, { Code: 'AccessDenied', Message: 'Access Denied. Called agent through invalid address, please use either [127.0.0.1] address not 169.254.170.23' }],
      [403, { Code: 'AccessDenied', Message: 'Access Denied. Called agent through invalid address, please use either [127.0.0.1] address not localhost' }],
      [400, { Code: 'ValidationError', Message: 'Service account token cannot be empty' }],
      [400, { Code: 'ValidationError', Message: 'Service account token cannot be parsed: it is not a JWT' }],
      [400, { Code: 'ValidationError', Message: 'Service account token failed basic claim validations: token is expired' }],
      [400, { Code: 'ValidationError', Message: expect.stringMatching(/^Service account token is not the one in .*codes: set AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE to that file$/) }],
    ]);
    expect(cases.every(c => c.headers['content-type'] === 'application/json')).toBe(true);
    expect(fake.calls).toHaveLength(0);
  });

  test('any method is answered as GET is, as the agent does (it has no method filter)', async () => {
    const token = makeToken();
    const proc = await serve(writeToken('methods', token));

    const answers = [await get(proc.url, { token, method: 'POST' }), await get(proc.url, { token, method: 'PUT' })];
    expect(answers.map(a => a.status)).toEqual([200, 200]);
    expectIssued(answers[1].json(), 0);
  });

  test('the Host check accepts the address it listens on, with or without the port', async () => {
    const token = makeToken();
    const proc = await serve(writeToken('host', token));

    expect((await get(proc.url, { token, host: '127.0.0.1' })).status).toBe(200);
    expect((await get(proc.url, { token, host: `127.0.0.1:${proc.port}` })).status).toBe(200);
  });

  test('--host localhost listens there and accepts only that name', async () => {
    const token = makeToken();
    const proc = await serve(writeToken('localhost', token), ['--host', 'localhost']);

    expect(proc.url).toBe(`http://localhost:${proc.port}/v1/credentials`);
    expect((await get(proc.url, { token })).status).toBe(200);
    expect((await get(proc.url, { token, host: `127.0.0.1:${proc.port}` })).status).toBe(403);
  });

  test.each([
    ['InvalidTokenException', 400],
    ['ExpiredTokenException', 400],
    ['AccessDeniedException', 400],
    ['InvalidParameterException', 400],
    ['InvalidRequestException', 400],
    ['ResourceNotFoundException', 404],
    ['ThrottlingException', 429],
    ['InternalServerException', 500],
    ['ServiceUnavailableException', 503],
  ] as const)('passes EKS Auth\'s %s through with status %d', async (error, status) => {
    const token = makeToken();
    const proc = await serve(writeToken(`pass-${error}`, token));
    fake.always({ kind: 'fail', error, message: `fake ${error} message` });

    const response = await get(proc.url, { token });

    expect(response.status).toBe(status);
    expect(response.json()).toEqual({ Code: error, Message: `fake ${error} message` });
  });
});

describe('serve: real SDK clients, through the standard environment variables', () => {
  function clientEnv(url: string, tokenFile: string): NodeJS.ProcessEnv {
    const env = testEnv({ AWS_CONTAINER_CREDENTIALS_FULL_URI: url, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile });
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_SECRET_ACCESS_KEY;
    delete env.AWS_SESSION_TOKEN;
    return env;
  }

  // The client prints digests, never the secrets themselves.
  const JS_CLIENT = `
    const providers = require('@aws-sdk/credential-providers');
    const digest = s => require('crypto').createHash('sha256').update(s).digest('hex');
    const provider = process.argv[1] === 'fromHttp' ? providers.fromHttp() : providers.fromNodeProviderChain();
    provider().then(c => console.log(JSON.stringify({ accessKeyId: c.accessKeyId, secret: digest(c.secretAccessKey),
      session: digest(c.sessionToken), expiration: c.expiration.toISOString(), source: Object.keys(c.$source || {}) })),
      e => { console.error(e.name + ': ' + e.message); process.exit(1); });`;

  const digest = (s: string) => createHash('sha256').update(s).digest('hex');

  test.each(['fromNodeProviderChain', 'fromHttp'])('the AWS SDK for JavaScript v3 (%s) gets the credentials', async provider => {
    const token = makeToken();
    const tokenFile = writeToken(`js-${provider}`, token);
    const proc = await serve(tokenFile);

    // Asynchronous: the fake EKS Auth answers from this process.
    const { stdout: output } = await promisify(execFile)(process.execPath, ['-e', JS_CLIENT, provider], {
      cwd: `${__dirname}/../..`, env: clientEnv(proc.url, tokenFile), encoding: 'utf-8', timeout: 60_000,
    });

    const issued = fake.issued[0];
    expect(JSON.parse(output)).toEqual({
      accessKeyId: issued.accessKeyId,
      secret: digest(issued.secretAccessKey),
      session: digest(issued.sessionToken),
      expiration: new Date(issued.expiration * 1000).toISOString(),
      source: ['CREDENTIALS_HTTP'],
    });
  });

  describe('botocore', () => {
    let python: string;

    // Made once and cached; the first time installs botocore from PyPI, which may take a while.
    beforeAll(() => {
      python = botocorePython();
    }, 600_000);

    test('botocore\'s container provider gets the credentials', async () => {
      const token = makeToken();
      const tokenFile = writeToken('botocore', token);
      const proc = await serve(tokenFile);

      const { stdout: output } = await promisify(execFile)(python, ['-c', [
        'import hashlib, json, botocore.session',
        'credentials = botocore.session.get_session().get_credentials()',
        'frozen = credentials.get_frozen_credentials()',
        'digest = lambda s: hashlib.sha256(s.encode()).hexdigest()',
        'print(json.dumps({"method": credentials.method, "accessKeyId": frozen.access_key, "secret": digest(frozen.secret_key), "session": digest(frozen.token)}))',
      ].join('\n')], { env: clientEnv(proc.url, tokenFile), encoding: 'utf-8', timeout: 60_000 });

      const issued = fake.issued[0];
      expect(JSON.parse(output)).toEqual({
        method: 'container-role',
        accessKeyId: issued.accessKeyId,
        secret: digest(issued.secretAccessKey),
        session: digest(issued.sessionToken),
      });
    });
  });
});

describe('serve: faults', () => {
  test('EKS Auth 5xx and throttling are retried, and the client gets credentials', async () => {
    const token = makeToken();
    const proc = await serve(writeToken('retry', token));
    fake.next({ kind: 'fail', error: 'InternalServerException' }).next({ kind: 'fail', error: 'ThrottlingException' });

    const response = await get(proc.url, { token });

    expect(response.status).toBe(200);
    expect(fake.calls).toHaveLength(3);
  });

  test('a stalled EKS Auth times out and the next attempt answers', async () => {
    const token = makeToken();
    const proc = await serve(writeToken('stall', token));
    fake.next({ kind: 'stall' });

    const response = await get(proc.url, { token });

    expect(response.status).toBe(200);
    expect(fake.calls).toHaveLength(2);
  });

  test('EKS Auth unreachable with nothing cached: a 500 that says why, as the agent answers, and a log line with the fix', async () => {
    const token = makeToken();
    const proc = await serve(writeToken('unreachable', token));
    const endpoint = fake.url;
    const port = new URL(endpoint).port;
    await fake.stop();

    const response = await get(proc.url, { token });

    expect(response.status).toBe(500);
    // A port just freed refuses, or (under load) resets: both say EKS Auth is not there.
    expect(response.json()).toEqual({
      Code: expect.stringMatching(/^ECONN(REFUSED|RESET)$/),
      Message: expect.stringMatching(/^unable to fetch credentials from EKS Auth: (connect ECONNREFUSED 127\.0\.0\.1:\d+|read ECONNRESET|socket hang up)$/),
    });
    // The log says it could not connect (EKS Auth said nothing), where, and what to check.
    const logged = proc.stderr().split('\n').filter(line => line.includes('EKS Auth at'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(new RegExp(`^cdk-eks-pod-identity serve: (Could not connect to EKS Auth at ${endpoint}: (connect ECONNREFUSED 127\\.0\\.0\\.1:${port}|read ECONNRESET)|The connection to EKS Auth at ${endpoint} failed before it answered: socket hang up \\(ECONNRESET\\)) \\(3 attempts\\)\\. Fix: `));
    expect(logged[0]).toContain(`Fix: Check that this machine reaches 127.0.0.1 on port ${port} (no HTTP_PROXY applies to it: set one if your network needs a proxy). `
      + `Check --endpoint ${endpoint}. `
      + 'From a network without internet access, EKS Auth needs an interface VPC endpoint for com.amazonaws.eu-west-1.eks-auth (with private DNS, or its DNS name as --endpoint).');
    expect(proc.stderr()).not.toContain('EKS Auth:');
  });

  test('an EKS Auth error is logged as EKS Auth\'s answer, with what it means and the fix', async () => {
    const token = makeToken();
    const proc = await serve(writeToken('answered', token));
    fake.next({ kind: 'fail', error: 'ResourceNotFoundException', message: 'Pod identity association not found' });

    expect((await get(proc.url, { token })).status).toBe(404);

    const logged = proc.stderr().split('\n').filter(line => line.includes('EKS Auth answered'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^cdk-eks-pod-identity serve: EKS Auth answered HTTP 404 ResourceNotFoundException: Pod identity association not found \(request ID [0-9a-f-]{36}\)\. /);
    expect(logged[0]).toContain(`. No pod identity association matches namespace shop and service account checkout in the cluster ${CLUSTER} (eu-west-1), or there is no cluster of that name there. `
      + 'Fix: Create the association (a PodIdentityAssociation in your app, then cdk deploy), check --cluster and --region');
  });

  test('started in a shell that points AWS_CONTAINER_CREDENTIALS_FULL_URI at itself, with no other credentials: ignores it and answers, never waits on itself', async () => {
    const port = await freePort();
    const token = makeToken();
    const tokenFile = writeToken('self', token);
    const url = `http://127.0.0.1:${port}/v1/credentials`;
    const noCredentials = testEnv({ AWS_CONTAINER_CREDENTIALS_FULL_URI: url, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile });
    delete noCredentials.AWS_ACCESS_KEY_ID;
    delete noCredentials.AWS_SECRET_ACCESS_KEY;
    delete noCredentials.AWS_SESSION_TOKEN;
    const proc = await startServe(['--cluster', CLUSTER, '--token-file', tokenFile, '--endpoint', fake.url, '--port', String(port)], noCredentials);
    served.push(proc);
    const started = Date.now();

    const response = await get(proc.url, { token });

    expect(Date.now() - started).toBeLessThan(15_000);
    expect(response.status).toBe(500);
    expect(response.json()).toMatchObject({ Code: 'CredentialsProviderError' });
    expect(proc.stderr()).toContain(`cdk-eks-pod-identity serve: ignoring AWS_CONTAINER_CREDENTIALS_FULL_URI=${url} for the AWS credentials that sign the EKS Auth call`);
    // Logged as a signing failure (EKS Auth was not called), with where the SDK looks.
    expect(proc.stderr()).toContain('cdk-eks-pod-identity serve: No AWS credentials were found to sign the call, so EKS Auth was not called (CredentialsProviderError: Could not load credentials from any providers). '
      + 'Fix: Set AWS_PROFILE (and run `aws sso login` for an SSO profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, as for any AWS SDK.\n');
    expect(fake.calls).toHaveLength(0);
  });

  test('errors are not cached: the next request calls EKS Auth again', async () => {
    const token = makeToken();
    const proc = await serve(writeToken('nocache', token));
    fake.next({ kind: 'fail', error: 'ResourceNotFoundException' });

    expect((await get(proc.url, { token })).status).toBe(404);
    expect((await get(proc.url, { token })).status).toBe(200);
    expect(fake.calls).toHaveLength(2);
  });

  test('200 concurrent requests cause exactly one EKS Auth call', async () => {
    const token = makeToken();
    const proc = await serve(writeToken('concurrent', token));
    fake.delayMs = 500;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 200 });

    const responses = await Promise.all(Array.from({ length: 200 }, () => get(proc.url, { token, agent })));
    agent.destroy();

    expect(responses.map(r => r.status)).toEqual(Array(200).fill(200));
    expect(new Set(responses.map(r => r.json().AccessKeyId))).toEqual(new Set([fake.issued[0].accessKeyId]));
    expect(fake.calls).toHaveLength(1);
  });

  test('cached credentials are served without calling EKS Auth again', async () => {
    const token = makeToken();
    const proc = await serve(writeToken('cached', token));

    for (let i = 0; i < 5; i++) expect((await get(proc.url, { token })).status).toBe(200);
    expect(fake.calls).toHaveLength(1);
  });

  test('credentials near expiry are refreshed', async () => {
    // GIVEN credentials that expire within the refresh margin
    const token = makeToken();
    const proc = await serve(writeToken('refresh', token));
    fake.lifetimeSeconds = 10 * 60;
    expectIssued((await get(proc.url, { token })).json(), 0);

    // WHEN the next request comes, they are still served, and refreshed behind it
    fake.lifetimeSeconds = 6 * 3600;
    expectIssued((await get(proc.url, { token })).json(), 0);
    await until(() => fake.issued.length === 2, 'the refresh');
    await until(() => /credentials for shop\/checkout.*\n.*credentials for shop\/checkout/s.test(proc.stderr()), 'the refresh to be stored');

    // THEN the refreshed credentials are served from then on, with no more calls
    for (let i = 0; i < 3; i++) expectIssued((await get(proc.url, { token })).json(), 1);
    expect(fake.calls).toHaveLength(2);
  });

  test('a stopped EKS Auth: cached credentials that are still valid keep being served', async () => {
    const token = makeToken();
    const proc = await serve(writeToken('stopped', token));
    fake.lifetimeSeconds = 10 * 60;
    const first = (await get(proc.url, { token })).json();

    await fake.stop();
    const later = await Promise.all([get(proc.url, { token }), get(proc.url, { token })]);

    expect(later.map(r => r.status)).toEqual([200, 200]);
    expect(later.map(r => r.json())).toEqual([first, first]);
    await until(() => proc.stderr().includes('refresh failed; serving the cached credentials while they are valid'), 'the failed refresh');
  });

  test('a rotated token file is read again, and the new token exchanged', async () => {
    const first = makeToken();
    const file = writeToken('rotate', first);
    const proc = await serve(file);
    expectIssued((await get(proc.url, { token: first })).json(), 0);

    // WHEN the file gets a new token
    const second = makeToken();
    fs.writeFileSync(file, second);
    await until(() => proc.stderr().includes(`the token file ${file} changed: using the new token`), 'the change to be seen', 5000);

    // THEN the new token is the one exchanged and accepted, and the old one no longer is
    expectIssued((await get(proc.url, { token: second })).json(), 1);
    expect(fake.calls.map(call => call.token)).toEqual([first, second]);
    expect((await get(proc.url, { token: first })).status).toBe(400);
  });

  test('a request with the new token before the poll sees the change reads the file at once', async () => {
    const file = writeToken('rotate-now', makeToken());
    const proc = await serve(file);
    const next = makeToken();
    fs.writeFileSync(file, next);

    const response = await get(proc.url, { token: next });

    expect(response.status).toBe(200);
    expect(fake.calls.map(call => call.token)).toEqual([next]);
  });
});

describe('serve: lifecycle and bad input', () => {
  test.each(['SIGINT', 'SIGTERM'] as const)('stops cleanly on %s', async signal => {
    const token = makeToken();
    const proc = await serve(writeToken(`signal-${signal}`, token));
    const keepAlive = new http.Agent({ keepAlive: true });
    expect((await get(proc.url, { token, agent: keepAlive })).status).toBe(200);

    const code = await proc.stop(signal);

    expect(code).toBe(0);
    expect(proc.stderr()).toContain('cdk-eks-pod-identity serve: stopped');
    await expect(new Promise((resolve, reject) => {
      const socket = net.connect(proc.port, '127.0.0.1', () => resolve(socket.end()));
      socket.on('error', reject);
    })).rejects.toMatchObject({ code: expect.stringMatching(/^ECONN(REFUSED|RESET)$/) });
    keepAlive.destroy();
  });

  test('a port in use, a wildcard host and a missing token file exit 2 with what to do', async () => {
    const token = makeToken();
    const proc = await serve(writeToken('busy', token));
    const args = ['serve', '--cluster', CLUSTER, '--endpoint', fake.url];

    const busy = await runCli([...args, '--token-file', writeToken('busy2', token), '--port', String(proc.port)]);
    const wildcard = await runCli([...args, '--token-file', writeToken('busy3', token), '--host', '0.0.0.0']);
    const missing = await runCli([...args, '--token-file', '/nonexistent/token', '--port', '0']);

    const badPort = await runCli([...args, '--token-file', writeToken('busy4', token), '--port', '80a']);

    expect([busy.code, wildcard.code, missing.code, badPort.code]).toEqual([2, 2, 2, 2]);
    expect(badPort.stderr).toContain('cdk-eks-pod-identity serve: --port 80a is not a port (0 to 65535)');
    expect(busy.stderr).toContain(`Cannot listen on 127.0.0.1:${proc.port}: the port is in use (--port 0 picks a free one)`);
    expect(wildcard.stderr).toContain('--host 0.0.0.0 listens on every address; give the one address clients will use (for example 127.0.0.1)');
    expect(missing.stderr).toBe('Cannot read the token file /nonexistent/token: it does not exist. Write a token to it: kubectl create token SA -n NS --audience pods.eks.amazonaws.com | tr -d \'\\n\' > /nonexistent/token\n');
    expect([busy.stdout, wildcard.stdout, missing.stdout]).toEqual(['', '', '']);
  });

  test('a token file that holds no JWT: refused at start, before any call, with the command that writes one (exit 2)', async () => {
    const file = writeToken('garbage', 'not-a-jwt\n');

    const result = await runCli(['serve', '--cluster', CLUSTER, '--endpoint', fake.url, '--token-file', file, '--port', '0']);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`The token file ${file} does not hold a Kubernetes service-account token (a JWT: three base64url parts joined by dots), so EKS Auth was not called. `
      + `Write a token to it: kubectl create token SA -n NS --audience pods.eks.amazonaws.com | tr -d '\\n' > ${file}\n`);
    expect(fake.calls).toHaveLength(0);
  });

  test('with --json (a flag serve does not have), a command-line mistake is one JSON object and no usage (exit 2)', async () => {
    const result = await runCli(['serve', '--cluster', CLUSTER, '--token-file', '/tmp/x', '--json']);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('{"ok":false,"problem":"Unknown option \'--json\'","fix":"Run cdk-eks-pod-identity serve --help for its flags."}\n');
    expect(result.stderr).toBe('');
  });

  test('--help shows the command that writes a token without the newline kubectl prints', async () => {
    const result = await runCli(['serve', '--help']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  kubectl create token SA -n NS --audience pods.eks.amazonaws.com | tr -d \'\\n\' > PATH\n');
  });

  test('a token file ending in a newline gets a warning, and still works', async () => {
    const token = makeToken();
    const proc = await serve(writeToken('newline', `${token}\n`));

    expect(proc.stderr()).toContain('has whitespace around the token; SDKs send the file as it is and botocore refuses a newline');
    expect((await get(proc.url, { token })).status).toBe(200);
  });

  test.each([
    ['644', true],
    ['640', true],
    ['604', true],
    ['600', false],
    ['400', false],
  ])('a token file of mode %s: a warning with the fix at start when group or others can read it (%s)', async (mode, warned) => {
    // GIVEN
    const token = makeToken();
    const file = writeToken(`mode-${mode}`, token);
    fs.chmodSync(file, parseInt(mode, 8));

    // WHEN
    const proc = await serve(file);

    // THEN
    const warning = `cdk-eks-pod-identity serve: warning: the token file ${file} can be read by other users (mode ${mode}); with it anyone on this machine gets the credentials. Fix: chmod 600 ${file}`;
    // Printed before "listening on": the lines serve wrote by the time it was ready.
    expect(proc.stderr().split('\n').filter(line => line.includes('chmod'))).toEqual(warned ? [warning] : []);
    expect((await get(proc.url, { token })).status).toBe(200);
  });
});
