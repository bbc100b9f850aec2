/**
 * `cdk-eks-pod-identity serve` beside the real EKS Pod Identity Agent (built from its source, see
 * test/upstream/agent-binary.ts), both in front of the same fake EKS Auth, asked the same requests.
 *
 * Hosts and ports are swapped to loopback: the agent runs with `-b 127.0.0.1` and free ports for `--port`,
 * `--probe-port` and `--metrics-port` (in a pod: 169.254.170.23:80, 2703, 2705), and `--endpoint` points it at
 * the fake on 127.0.0.1. The agent checks the Host header against its link-local addresses whatever it binds, so
 * requests to it carry `Host: 169.254.170.23`; requests to `serve` carry the address it listens on.
 *
 * Both agent sources run: v0.1.37 (the newest release tag) and 2b8e78c (local token validation). 2b8e78c
 * validates tokens locally only with the API server's keys, which it finds only in a cluster
 * (KUBERNETES_SERVICE_HOST): here, as on any node where that fails, it calls EKS Auth like v0.1.37, but caches by
 * the token's pod UID and refuses tokens without one. Its local validation is not exercised here.
 *
 * Every case uses fresh tokens (the agent caches per token or per pod UID, `serve` per token), so that no
 * answer comes from a cache. The agent's EKS Auth client is a stand-in for the Go SDK's generated client (see
 * ../shared/upstream/eksauth-standin/README.txt): the status codes of EKS Auth's errors rest on it.
 */
import { ChildProcess, spawn } from 'child_process';
import { randomUUID } from 'crypto';
import * as net from 'net';
import { agentBinary, AgentSource } from '../upstream/agent-binary';
import { ServeProcess, startServe, testEnv, writeToken } from './cli-process';
import { Behaviour, CLUSTER, FakeEksAuth, makeToken } from './fake-eks-auth';
import { get, GetResult } from './http-get';

/** One server under test: where to send requests, and how to make a token the one it exchanges. */
interface Target {
  readonly name: TargetName;
  /** The Host header it accepts (undefined: the URL's own, which is what `serve` accepts). */
  readonly host?: string;
  /** Runs `send` with `token` as the token it exchanges (serve: the one in its token file). */
  run<T>(token: string, send: (url: string) => Promise<T>): Promise<T>;
}

type TargetName = 'agent v0.1.37' | 'agent 2b8e78c' | 'serve';
const TARGETS: TargetName[] = ['agent v0.1.37', 'agent 2b8e78c', 'serve'];

/** A token as a projected pod token has them (2b8e78c needs the pod claim). */
function podToken(options: Parameters<typeof makeToken>[0] = {}): string {
  return makeToken({ pod: { name: 'checkout-7d4b9', uid: randomUUID() }, ...options });
}

interface Case {
  readonly name: string;
  /** What EKS Auth does with the token sent. @default it answers */
  readonly eksAuth?: Behaviour;
  /** The token the target exchanges (serve: the one in its file). @default a fresh pod token */
  readonly exchange?: () => string;
  /** The token sent, given the one the target exchanges. @default that one */
  readonly send?: (exchanged: string) => string | undefined;
  /** The Host header, instead of the one the target accepts. */
  readonly host?: string;
  readonly method?: string;
  readonly path?: string;
  /** Run against `serve` in a process of its own, beside the others (it takes seconds). */
  readonly slow?: boolean;
}

interface SameCase extends Case {
  /** The status code that the agents and `serve` all answer. */
  readonly status: number;
  /** How many EKS Auth calls each makes for it: the same for all, or for each. */
  readonly attempts: number | Record<TargetName, number>;
}

interface DifferentCase extends Case {
  /** The status code of each, where they differ (README lists each difference). */
  readonly status: Record<TargetName, number>;
}

const HANG = 'EKS Auth never answers';

// The cases of issue 19, and a few more that cost nothing. Left out: EKS Auth answering 200 with a body that is
// not JSON, where the stand-in and the real Go client differ (README says how).
const SAME: SameCase[] = [
  { name: 'the token it exchanges', status: 200, attempts: 1 },
  { name: 'POST instead of GET (no method filter)', method: 'POST', status: 200, attempts: 1 },
  { name: 'a query string', path: '/v1/credentials?x=1', status: 200, attempts: 1 },
  { name: 'no token', send: () => undefined, status: 400, attempts: 0 },
  { name: 'a token that is not a JWT', exchange: () => 'not-a-jwt', status: 400, attempts: 0 },
  { name: 'an expired token', exchange: () => podToken({ expiresInSeconds: -60 }), status: 400, attempts: 0 },
  { name: 'another token, which EKS Auth refuses (another audience)', send: () => podToken({ audience: 'sts.amazonaws.com' }), status: 400,
    attempts: { 'agent v0.1.37': 1, 'agent 2b8e78c': 1, 'serve': 0 } },
  { name: 'another path', path: '/v1/credential', status: 404, attempts: 0 },
  { name: 'a path with a trailing slash', path: '/v1/credentials/', status: 404, attempts: 0 },
  { name: 'another Host', host: 'example.com', status: 403, attempts: 0 },
  { name: 'EKS Auth 400 InvalidTokenException', eksAuth: { kind: 'fail', error: 'InvalidTokenException' }, status: 400, attempts: 1 },
  { name: 'EKS Auth 400 AccessDeniedException', eksAuth: { kind: 'fail', error: 'AccessDeniedException' }, status: 400, attempts: 1 },
  { name: 'EKS Auth 404 ResourceNotFoundException', eksAuth: { kind: 'fail', error: 'ResourceNotFoundException' }, status: 404, attempts: 1 },
  { name: 'EKS Auth 429 ThrottlingException', eksAuth: { kind: 'fail', error: 'ThrottlingException' }, status: 429, attempts: 3 },
  { name: 'EKS Auth 500 InternalServerException', eksAuth: { kind: 'fail', error: 'InternalServerException' }, status: 500, attempts: 3 },
  { name: 'EKS Auth 503 ServiceUnavailableException', eksAuth: { kind: 'fail', error: 'ServiceUnavailableException' }, status: 503, attempts: 3 },
  { name: 'EKS Auth 500 with a body that is not JSON', eksAuth: { kind: 'status', status: 500, body: '<html>Internal Server Error</html>' }, status: 500, attempts: 3 },
  { name: 'EKS Auth 403 with an unmodelled error', eksAuth: { kind: 'status', status: 403, errorType: 'UnrecognizedClientException', body: '{"message":"no"}' }, status: 403, attempts: 1 },
  { name: HANG, eksAuth: { kind: 'stall' }, status: 500, attempts: 3, slow: true },
];

// Where they differ, on purpose or by the agent's version; README "Running a workload on a laptop" lists each.
const DIFFERENT: DifferentCase[] = [
  {
    name: 'another token, which EKS Auth accepts',
    send: () => podToken(),
    status: { 'agent v0.1.37': 200, 'agent 2b8e78c': 200, 'serve': 400 },
  },
  {
    name: 'a token without a pod claim (kubectl create token without --bound-object-kind Pod)',
    exchange: () => makeToken(),
    status: { 'agent v0.1.37': 200, 'agent 2b8e78c': 400, 'serve': 200 },
  },
  {
    name: 'a token not valid before a time to come (nbf)',
    exchange: () => notYetValid(),
    status: { 'agent v0.1.37': 400, 'agent 2b8e78c': 400, 'serve': 200 },
  },
  {
    name: 'Host: 169.254.170.23',
    host: '169.254.170.23',
    status: { 'agent v0.1.37': 200, 'agent 2b8e78c': 200, 'serve': 403 },
  },
  {
    name: 'Host: 127.0.0.1 (the address both listen on)',
    host: '127.0.0.1',
    status: { 'agent v0.1.37': 403, 'agent 2b8e78c': 403, 'serve': 200 },
  },
  {
    name: 'a path that is not clean (//v1/credentials)',
    path: '//v1/credentials',
    status: { 'agent v0.1.37': 307, 'agent 2b8e78c': 307, 'serve': 404 },
  },
];

/** A pod token whose nbf is a minute ahead (EKS Auth's own answer to it is the fake's: it checks no nbf). */
function notYetValid(): string {
  const [header, payload, signature] = podToken().split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf-8'));
  claims.nbf += 60;
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}

interface Outcome {
  readonly response: GetResult;
  readonly elapsedMs: number;
  /** The token sent to the target, to find its EKS Auth calls. */
  readonly token?: string;
}

const fake = new FakeEksAuth();
const agents: ChildProcess[] = [];
const serves: ServeProcess[] = [];
const outcomes = new Map<string, Map<TargetName, Outcome>>();

function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => net.createServer());
  return Promise.all(servers.map(server => new Promise<number>(resolve => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)))))
    .then(ports => Promise.all(servers.map(server => new Promise(resolve => server.close(resolve)))).then(() => ports));
}

async function startAgent(source: AgentSource): Promise<Target> {
  const [port, probePort, metricsPort] = await freePorts(3);
  const child = spawn(agentBinary(source), [
    'server', '-b', '127.0.0.1', '--port', String(port), '--probe-port', String(probePort),
    '--metrics-port', String(metricsPort), '--metrics-address', '127.0.0.1',
    '--cluster-name', CLUSTER, '--endpoint', fake.url,
  ], { env: testEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  agents.push(child);
  let log = '';
  child.stderr!.on('data', chunk => log = (log + chunk).slice(-4000));
  const deadline = Date.now() + 15_000;
  for (;;) {
    const ready = await get(`http://localhost:${probePort}/healthz`).then(r => r.status === 200, () => false);
    if (ready) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the agent ${source} did not start\n${log}`);
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  const url = `http://127.0.0.1:${port}/v1/credentials`;
  return { name: `agent ${source}` as TargetName, host: '169.254.170.23', run: (_token, send) => send(url) };
}

/** `serve` exchanges only the token of its file: each case writes its fresh token there first (one case at a time). */
async function startServeTarget(lane: string): Promise<Target> {
  const file = writeToken(`serve-vs-agent-${lane}`, podToken());
  const proc = await startServe(['--cluster', CLUSTER, '--token-file', file, '--endpoint', fake.url, '--port', '0']);
  serves.push(proc);
  let queue: Promise<unknown> = Promise.resolve();
  return {
    name: 'serve',
    run: <T>(token: string, send: (url: string) => Promise<T>) => {
      const next = queue.then(() => {
        writeToken(`serve-vs-agent-${lane}`, token);
        return send(proc.url);
      });
      queue = next.catch(() => undefined);
      return next;
    },
  };
}

async function runCase(target: Target, c: Case): Promise<Outcome> {
  const exchanged = c.exchange ? c.exchange() : podToken();
  const token = c.send ? c.send(exchanged) : exchanged;
  if (c.eksAuth && token) fake.forToken(token, c.eksAuth);
  return target.run(exchanged, async url => {
    const start = Date.now();
    const response = await get(url, { token, host: c.host ?? target.host, method: c.method, path: c.path });
    return { response, elapsedMs: Date.now() - start, token };
  });
}

function callsOf(outcome: Outcome): number {
  return fake.calls.filter(call => outcome.token !== undefined && call.token === outcome.token).length;
}

beforeAll(async () => {
  await fake.start();
  const [agent37, agent2b, serveMain, serveSlow] = await Promise.all([
    startAgent('v0.1.37'), startAgent('2b8e78c'), startServeTarget('main'), startServeTarget('slow'),
  ]);
  // All at once (the fake tells them apart by token), except that each `serve` runs one case at a time.
  const runs: Array<Promise<void>> = [];
  for (const c of [...SAME, ...DIFFERENT]) {
    const byTarget = new Map<TargetName, Outcome>();
    outcomes.set(c.name, byTarget);
    for (const target of [agent37, agent2b, c.slow ? serveSlow : serveMain]) {
      runs.push(runCase(target, c).then(outcome => void byTarget.set(target.name, outcome)));
    }
  }
  await Promise.all(runs);
}, 90_000);

afterAll(async () => {
  for (const agent of agents) {
    if (agent.exitCode === null) {
      const exited = new Promise(resolve => agent.once('exit', resolve));
      agent.kill('SIGTERM');
      await exited;
    }
  }
  await Promise.all(serves.map(proc => proc.stop()));
  await fake.stop();
});

function outcome(name: string, target: TargetName): Outcome {
  const found = outcomes.get(name)?.get(target);
  if (!found) throw new Error(`no outcome for ${name} from ${target}`);
  return found;
}

describe('serve answers what the agent answers', () => {
  test.each(SAME.map(c => [c.name, c] as const))('%s', (_name, c) => {
    const statuses = Object.fromEntries(TARGETS.map(target => [target, outcome(c.name, target).response.status]));
    expect(statuses).toEqual(Object.fromEntries(TARGETS.map(target => [target, c.status])));
  });

  // The same retries: 3 attempts for throttling, 5xx and timeouts, 1 for other errors. Another token is the one
  // case where serve asks nothing of EKS Auth and the agents do.
  test.each(SAME.map(c => [c.name, c] as const))('%s: EKS Auth calls', (_name, c) => {
    const attempts = Object.fromEntries(TARGETS.map(target => [target, callsOf(outcome(c.name, target))]));
    const expected = typeof c.attempts === 'number' ? Object.fromEntries(TARGETS.map(target => [target, c.attempts])) : c.attempts;
    expect(attempts).toEqual(expected);
  });

  test('the same credentials JSON: the same keys in the same order, Expiration in RFC 3339 to the second', () => {
    for (const target of TARGETS) {
      const response = outcome(SAME[0].name, target).response;
      expect(response.headers['content-type']).toBe('application/json');
      const body = response.json();
      expect(Object.keys(body)).toEqual(['AccessKeyId', 'SecretAccessKey', 'Token', 'AccountId', 'Expiration']);
      expect(body.AccountId).toBe('111122223333');
      expect(body.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(fake.issued.map(issued => issued.accessKeyId)).toContain(body.AccessKeyId);
    }
  });

  test('error bodies differ: the agent writes a line of text, serve writes {"Code","Message"}', () => {
    const throttled = 'EKS Auth 429 ThrottlingException';
    for (const target of TARGETS.filter(t => t !== 'serve')) {
      const response = outcome(throttled, target).response;
      expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(response.body).toMatch(/^\[[0-9a-f-]{36}\]: \(ThrottlingException\): fake ThrottlingException, fault: client\n$/);
    }
    const response = outcome(throttled, 'serve').response;
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.json()).toEqual({ Code: 'ThrottlingException', Message: 'fake ThrottlingException' });
    expect(outcome('no token', 'agent v0.1.37').response.body).toBe('Service account token cannot be empty\n');
    expect(outcome('no token', 'serve').response.json()).toEqual({ Code: 'ValidationError', Message: 'Service account token cannot be empty' });
  });
});

describe('where serve differs from the agent (each listed in README)', () => {
  test.each(DIFFERENT.map(c => [c.name, c] as const))('%s', (_name, c) => {
    const statuses = Object.fromEntries(TARGETS.map(target => [target, outcome(c.name, target).response.status]));
    expect(statuses).toEqual(c.status);
  });
});

describe('how long each waits for an EKS Auth that never answers', () => {
  // The agent: 3 attempts of 1 s, delays of [0, 2) s then [0, 4) s: 3 to 9 s. serve: 3 attempts of 3 s (once
  // connected), delays of [0, 200) ms then [0, 400) ms: 9 to 9.6 s. Source: cli/eks-auth/client.ts.
  // The upper bounds allow 1.5 s for a loaded machine; no timer fires early, so the lower bounds are exact.
  test.each([
    ['agent v0.1.37', 3_000, 9_000],
    ['agent 2b8e78c', 3_000, 9_000],
    ['serve', 9_000, 9_600],
  ] as Array<[TargetName, number, number]>)('%s gives up after %d to %d ms, and answers 500', (target, min, max) => {
    const hang = outcome(HANG, target);
    expect(hang.response.status).toBe(500);
    expect(hang.elapsedMs).toBeGreaterThanOrEqual(min);
    expect(hang.elapsedMs).toBeLessThan(max + 1_500);
  });

  // Each attempt: from the request reaching the fake to the client closing the connection.
  test.each([
    ['agent v0.1.37', 1_000],
    ['agent 2b8e78c', 1_000],
    ['serve', 3_000],
  ] as Array<[TargetName, number]>)('%s: 3 attempts of %d ms each', async (target, perAttempt) => {
    const token = outcome(HANG, target).token;
    const attempts = fake.exchanges.filter(exchange => exchange.token === token);
    expect(attempts).toHaveLength(3);
    // The fake may see the last connection close just after the answer reached the test.
    for (let waited = 0; attempts.some(attempt => attempt.closedAt === undefined) && waited < 2_000; waited += 50) {
      await new Promise(resolve => setTimeout(resolve, 50));
    }
    for (const attempt of attempts) {
      const held = attempt.closedAt! - attempt.receivedAt;
      // The client's clock starts before the fake has read the request and checked its signature (up to 250 ms
      // for the first one here): a wide margin, which still tells 1 s from 3 s.
      expect(held).toBeGreaterThan(perAttempt - 500);
      expect(held).toBeLessThan(perAttempt + 500);
    }
  });
});
