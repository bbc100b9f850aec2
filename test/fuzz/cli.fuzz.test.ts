/**
 * The command line, fuzzed in-process (`main(argv, io)` and `serve(argv, io, signals)`, as cli/bin.ts runs
 * them): arbitrary argv for every command, and token files of every kind (binary, empty, huge, JWTs with odd
 * claims, expired, for another audience). The outcome is exit 0 for help (or for `verify` when the fake EKS
 * Auth gave credentials), otherwise exit 2 with a message; never a stack trace, never the token or a secret
 * in stdout or stderr. Nothing leaves loopback: every HTTP request of the CLI goes through `sendHttp`, which
 * this file wraps so that a request to any other host fails as an unknown host would, without a lookup.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { EventEmitter } from 'events';
import fc from 'fast-check';
import { CliIo } from '../../cli/io';
import { main } from '../../cli/main';
import { serve } from '../../cli/serve/serve';
import { FakeEksAuth, SIGNER } from '../cli/fake-eks-auth';
import { fuzzDoorAsync, hostileString, runsFor } from './fuzz-util';

jest.mock('../../cli/eks-auth/http', () => {
  const actual = jest.requireActual('../../cli/eks-auth/http');
  return {
    ...actual,
    sendHttp: (url: URL, ...rest: unknown[]) => {
      if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
        const error: any = new Error(`getaddrinfo ENOTFOUND ${url.hostname}`);
        error.code = 'ENOTFOUND';
        return Promise.reject(error);
      }
      return actual.sendHttp(url, ...rest);
    },
  };
});

const RUNS = runsFor(300);
const TOKEN_RUNS = runsFor(300);

let dir: string;
let closedPort: number;
let fake: FakeEksAuth;
const savedEnv = { ...process.env };

/** A port nothing listens on: bound, then released. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-eks-pod-identity-cli-fuzz-'));
  closedPort = await freePort();
  fake = new FakeEksAuth();
  await fake.start();
  // The SDK's credential chain reads process.env, not io.env: the test signer, and nothing from this machine.
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: SIGNER.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SIGNER.secretAccessKey,
    AWS_SESSION_TOKEN: SIGNER.sessionToken,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: path.join(dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-credentials'),
  });
  // Retries wait a random share of their backoff: none here, so that a case takes milliseconds.
  jest.spyOn(Math, 'random').mockReturnValue(0);
});

afterAll(async () => {
  await fake.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  process.env = savedEnv;
  jest.restoreAllMocks();
});

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function fakeIo(env: NodeJS.ProcessEnv, onStdout: (text: string) => void = () => {}): { io: CliIo; out: () => Run['stdout']; err: () => Run['stderr'] } {
  let stdout = '';
  let stderr = '';
  return {
    io: { stdout: text => { stdout += text; onStdout(text); }, stderr: text => { stderr += text; }, env },
    out: () => stdout,
    err: () => stderr,
  };
}

/** Throws unless the run ended the way every run must: 0 or 2 (with a message), no stack trace, no secret. */
function expectCleanEnd(run: Run, secrets: string[], allowed: number[] = [0, 2]): void {
  const output = run.stdout + run.stderr;
  if (!allowed.includes(run.code)) throw new Error(`exit ${run.code}, not one of ${allowed.join(', ')}\n${output.slice(0, 1000)}`);
  if (run.code === 2 && run.stderr.trim() === '' && run.stdout.trim() === '') throw new Error('exit 2 without a message');
  if (/^\s+at /m.test(output)) throw new Error(`a stack trace in the output:\n${output.slice(0, 1500)}`);
  for (const secret of secrets) {
    if (secret.length >= 12 && output.includes(secret)) throw new Error(`a secret or the token appears in the output: ${secret.slice(0, 6)}...`);
  }
}

const SIGNER_SECRETS = [SIGNER.secretAccessKey, SIGNER.sessionToken];

/** `main` as the bin runs it: an error it lets through is what bin.ts would print as a stack. */
async function runMain(argv: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const { io, out, err } = fakeIo(env);
  let code: number;
  try {
    code = await main(argv, io);
  } catch (error: any) {
    return { code: 2, stdout: out(), stderr: `${err()}cdk-eks-pod-identity: ${error?.stack ?? error}\n` };
  }
  return { code, stdout: out(), stderr: err() };
}

// ---- argv ----

const FLAGS = ['--cluster', '--token-file', '--region', '--endpoint', '--help', '-h', '--json', '--expect-role', '--expect-namespace',
  '--expect-service-account', '--host', '--port', '--namespace', '--service-account', '--kubeconfig', '--no-kubernetes', '--', '-', '--cluster=', '--port=-1', '--unknown'];

function argvArbitrary(): fc.Arbitrary<{ argv: string[]; env: NodeJS.ProcessEnv }> {
  const value = fc.oneof(
    hostileString(fc.constantFrom('dev-cluster', 'eu-west-1', 'us-gov-west-1', '0', '17023', '65536', '127.0.0.1', '::1', '0.0.0.0', 'localhost', 'shop', 'checkout')),
    fc.constantFrom('CLOSED_ENDPOINT', 'TOKEN_FILE', 'MISSING_FILE', 'DIRECTORY', 'ftp://127.0.0.1/', 'not a url', 'http://[::1', 'https://eks-auth.eu-west-1.api.aws'),
  );
  const word = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...FLAGS) }, { weight: 3, arbitrary: value });
  return fc.record({
    command: fc.oneof(fc.constantFrom('verify', 'serve', 'doctor', 'help', '--help', '-h'), fc.constant(undefined), hostileString(fc.constantFrom('verify', 'Verify'))),
    words: fc.array(word, { maxLength: 12 }),
    region: fc.option(fc.constantFrom('eu-west-1', 'cn-north-1', 'nowhere', ''), { nil: undefined }),
  }).map(({ command, words, region }) => {
    const files: Record<string, string> = {
      CLOSED_ENDPOINT: `http://127.0.0.1:${closedPort}`,
      TOKEN_FILE: tokenFile('argv-token', 'header.payload.signature'),
      MISSING_FILE: path.join(dir, 'missing'),
      DIRECTORY: dir,
    };
    const argv = [...(command === undefined ? [] : [command]), ...words.map(w => files[w] ?? w)];
    return {
      argv,
      // AWS_ENDPOINT_URL is what doctor reads; the token file variable is the one serve's users set.
      env: { AWS_ENDPOINT_URL: files.CLOSED_ENDPOINT, ...(region !== undefined ? { AWS_REGION: region } : {}) },
    };
  });
}

function tokenFile(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content as any);
  return file;
}

function withAddressHosts(argv: string[]): string[] {
  const address = (host: string) => net.isIP(host) !== 0 || ['', 'localhost'].includes(host) ? host : '127.0.0.1';
  return argv.map((word, index) => argv[index - 1] === '--host' ? address(word)
    : word.startsWith('--host=') ? `--host=${address(word.slice('--host='.length))}` : word);
}

/** The arguments of a `serve` that would run: it gets signals from this emitter, and is stopped once listening. */
async function runServe(argv: string[], env: NodeJS.ProcessEnv, whileListening: (url: string) => Promise<void> = async () => {}): Promise<Run> {
  const signals = new EventEmitter();
  let listening: Promise<void> | undefined;
  const { io, out, err } = fakeIo(env, text => {
    const match = /^listening on (http:\/\/\S+)/.exec(text);
    if (match) listening = whileListening(match[1]).finally(() => signals.emit('SIGTERM'));
  });
  let code: number;
  try {
    code = await serve(argv, io, signals);
  } catch (error: any) {
    // main() turns a UsageError into exit 2 with the usage; anything else would reach bin.ts as a stack.
    if (error?.constructor?.name === 'UsageError') return { code: 2, stdout: out(), stderr: `${err()}${error.message}` };
    return { code: 2, stdout: out(), stderr: `${err()}cdk-eks-pod-identity: ${error?.stack ?? error}\n` };
  }
  await listening;
  return { code, stdout: out(), stderr: err() };
}

describe('the command line, fuzzed', () => {
  test('arbitrary argv for verify, serve, doctor and none: exit 0 (help) or 2 with a message, no stack, no secret', async () => {
    const summary = await fuzzDoorAsync('cli argv', argvArbitrary(), RUNS, async ({ argv, env }) => {
      if (argv[0] === 'serve') {
        // A serve that starts is stopped at once. A --host that is not an address would be looked up in DNS
        // by listen(): the address stands in for it, so nothing leaves this machine.
        const run = await runServe(withAddressHosts(argv.slice(1)), env);
        expectCleanEnd(run, SIGNER_SECRETS);
        return;
      }
      const run = await runMain(argv, env);
      expectCleanEnd(run, SIGNER_SECRETS);
      if (run.code === 0 && !/Usage: /.test(run.stdout)) throw new Error(`exit 0 without the usage: ${run.stdout.slice(0, 500)}`);
    });
    expect(summary.failures).toBe(0);
  });

  describe('token files', () => {
    const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const claimValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(1e308, -1e308, 8.64e12, 8.64e12 + 1, -8.64e12 - 1, Number.MAX_SAFE_INTEGER, now - 3600, now + 3600, 'pods.eks.amazonaws.com', ['pods.eks.amazonaws.com'], ['sts.amazonaws.com']));
    const jwt = fc.record({
      header: fc.oneof(fc.constant({ alg: 'RS256', kid: 'k' }), fc.jsonValue({ maxDepth: 1 })),
      payload: fc.record({
        aud: claimValue,
        exp: claimValue,
        iat: claimValue,
        sub: fc.oneof(fc.constant('system:serviceaccount:shop:checkout'), claimValue),
        kubernetes: fc.oneof(fc.constant({ namespace: 'shop', serviceaccount: { name: 'checkout' }, pod: { name: 'p', uid: 'u' } }), claimValue,
          fc.record({ namespace: claimValue, serviceaccount: claimValue, pod: claimValue })),
      }, { requiredKeys: [] }),
      signature: fc.oneof(fc.constant('c2lnbmF0dXJlLXNlY3JldC0wMTIzNDU2Nzg5'), fc.base64String({ minLength: 16, maxLength: 400 }).map(s => s.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'))),
    }).map(({ header, payload, signature }) => {
      const { kubernetes, ...rest } = payload as any;
      return `${b64(header)}.${b64({ ...rest, ...(kubernetes !== undefined ? { 'kubernetes.io': kubernetes } : {}) })}.${signature}`;
    });
    const content: fc.Arbitrary<string | Buffer> = fc.oneof(
      { weight: 5, arbitrary: jwt },
      { weight: 1, arbitrary: jwt.map(token => `\n ${token}\r\n`) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2000 }).map(bytes => Buffer.from(bytes)) },
      { weight: 1, arbitrary: fc.constantFrom('', ' ', '\n\n', '\u0000', 'a.b', 'a.b.c.d', '...', 'eyJ.eyJ.x', '\ufeffeyJhbGciOiJSUzI1NiJ9.e30.c2ln') },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 500 }) },
      { weight: 1, arbitrary: fc.integer({ min: 100_000, max: 3_000_000 }).map(size => 'x'.repeat(size)) },
    );
    const behaviour = fc.constantFrom<any>(
      { kind: 'answer' },
      { kind: 'fail', error: 'InvalidTokenException' },
      { kind: 'fail', error: 'ExpiredTokenException' },
      { kind: 'fail', error: 'ResourceNotFoundException' },
      { kind: 'fail', error: 'AccessDeniedException' },
      { kind: 'fail', error: 'InvalidParameterException' },
      { kind: 'fail', error: 'ThrottlingException' },
      { kind: 'status', status: 500, body: '<html>oops</html>' },
      { kind: 'status', status: 200, body: '{"credentials": {"expiration": "soon"}}' },
      { kind: 'status', status: 200, body: '[]' },
      { kind: 'closed' },
    );

    test('verify with any token file: exit 2 with a message (0 or 1 only for credentials), no stack, no token or secret', async () => {
      let index = 0;
      const summary = await fuzzDoorAsync('cli verify token file', fc.record({ content, behaviour, json: fc.boolean() }), TOKEN_RUNS, async ({ content: text, behaviour: how, json }) => {
        const file = tokenFile(`token-${index++}`, text);
        const token = Buffer.isBuffer(text) ? text.toString('utf-8').trim() : text.trim();
        const issuedBefore = fake.issued.length;
        if (how.kind !== 'closed') fake.next(how, 3);
        const endpoint = how.kind === 'closed' ? `http://127.0.0.1:${closedPort}` : fake.url;
        try {
          const run = await runMain(['verify', '--cluster', 'dev-cluster', '--region', 'eu-west-1', '--token-file', file, '--endpoint', endpoint, ...(json ? ['--json'] : [])], {});
          const issued = fake.issued.slice(issuedBefore);
          const parts = token.split('.');
          expectCleanEnd(run, [...SIGNER_SECRETS, token, ...(parts.length === 3 ? [parts[2]] : []), ...issued.flatMap(i => [i.secretAccessKey, i.sessionToken])],
            issued.length > 0 ? [0, 1] : [2]);
          if (json && run.stdout.trim() !== '') JSON.parse(run.stdout);
        } finally {
          (fake as any).queue?.splice(0);
          fs.rmSync(file, { force: true });
        }
      });
      expect(summary.failures).toBe(0);
    });

    test('serve with any token file: refuses it with exit 2, or serves it; no stack, no token or secret', async () => {
      let index = 0;
      const summary = await fuzzDoorAsync('cli serve token file', fc.record({ content, behaviour }), TOKEN_RUNS, async ({ content: text, behaviour: how }) => {
        const file = tokenFile(`serve-token-${index++}`, text);
        const token = Buffer.isBuffer(text) ? text.toString('utf-8').trim() : text.trim();
        const issuedBefore = fake.issued.length;
        if (how.kind !== 'closed') fake.next(how, 3);
        const endpoint = how.kind === 'closed' ? `http://127.0.0.1:${closedPort}` : fake.url;
        let answer = '';
        try {
          const run = await runServe(['--cluster', 'dev-cluster', '--region', 'eu-west-1', '--token-file', file, '--endpoint', endpoint, '--port', '0'], {}, async url => {
            answer = await get(url, token);
          });
          const issued = fake.issued.slice(issuedBefore);
          const parts = token.split('.');
          expectCleanEnd(run, [...SIGNER_SECRETS, token, ...(parts.length === 3 ? [parts[2]] : []), ...issued.flatMap(i => [i.secretAccessKey, i.sessionToken])]);
          if (/^\s+at /m.test(answer)) throw new Error(`a stack trace in serve's answer: ${answer.slice(0, 500)}`);
        } finally {
          (fake as any).queue?.splice(0);
          fs.rmSync(file, { force: true });
        }
      });
      expect(summary.failures).toBe(0);
    });
  });
});

/** GET the credentials with `token` as the agent's clients send it; the status and body, or the error. */
function get(url: string, token: string): Promise<string> {
  return new Promise(resolve => {
    let request: http.ClientRequest;
    try {
      request = http.get(url, { headers: { authorization: token }, timeout: 5000 }, response => {
        let body = '';
        response.on('data', chunk => body += chunk);
        response.on('end', () => resolve(`${response.statusCode} ${body}`));
      });
    } catch (error: any) {
      // A token that is not a valid header value never leaves the client.
      resolve(`not sent: ${error.code}`);
      return;
    }
    request.on('error', error => resolve(`error ${error.message}`));
    request.on('timeout', () => request.destroy(new Error('timeout')));
  });
}
