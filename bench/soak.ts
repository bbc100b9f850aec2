/**
 * `npm run soak`: `cdk-eks-pod-identity serve` under load while EKS Auth misbehaves, on loopback only.
 *
 * The bundled CLI runs `serve` in its own process in front of the fake EKS Auth (test/cli/fake-eks-auth.ts);
 * this process runs the fake and many clients at once: plain HTTP clients (most keep-alive, some opening a
 * connection per request) and the JS SDK's container providers (`fromHttp`, `fromContainerMetadata`, their
 * defaults: 1 s timeout), for `--seconds` (60 by default), in four phases:
 *
 * 1. hidden (the first fifth): every EKS Auth call fails (429, 500, 503, connection reset, hang) while `serve`
 *    holds credentials that stay valid to the end of the phase: no client may see an error.
 * 2. flaky: half the calls fail (the same kinds; hangs only up to 10 s before the phase ends), the others answer
 *    late (20 to 400 ms) with credentials that live 17 s, so that each is served for 1 to 2 s and then expires:
 *    refreshes behind the answer and in front of waiting clients, one EKS Auth call at a time.
 * 3. outage (a fifth, at least 4 s): every call fails fast (500, 503, reset): once the credentials expire, the
 *    clients get the errors, with EKS Auth's status.
 * 4. recovery (a fifth, at least 3 s): EKS Auth answers (6 h credentials): from 3 s into the phase, no error.
 *
 * Every answer is judged. A 200 must carry credentials the fake issued, unchanged, with more than 15 s left
 * when asked (serve serves nothing closer to expiry). An error is correct only when it is of a kind the faults
 * explain and `serve` held no valid credentials: it is a leak when the last credentials issued at least 1 s
 * before the request, and any issued during it, all still had 15 s + 1 s left when it ended.
 * It fails (exit 1) on a wrong answer, a leak, an unexpected error, more than one EKS Auth call in flight for the
 * token, serve's RSS growing by more than `--max-rss-growth` MiB (64 by default: serve's heap grows to fit the
 * load and levels off, +44 MiB after 60 s and after 120 s in our runs; the 20 MiB left in a 60 s run of about
 * 79,000 requests catch a leak of some 300 bytes a request or more), a secret (issued
 * SecretAccessKey or session token, the signing credentials, the service-account token) in serve's stdout or
 * stderr, or a phase that did not happen (no fault hidden, no error in the outage, no recovery).
 *
 * test/cli/serve.soak.test.ts runs it for 12 s in CI. Not a benchmark: the clients pause between requests so
 * that the run leaves CPU to the machine's other work.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { parseArgs } from 'util';
import { fromContainerMetadata, fromHttp } from '@aws-sdk/credential-providers';
import { MIN_TTL_MS } from '../cli/serve/credential-cache';
import { removeTempDir, ServeProcess, startServe, testEnv, writeToken } from '../test/cli/cli-process';
import { ACCOUNT, Behaviour, Call, CLUSTER, FakeEksAuth, Issued, makeToken, SIGNER } from '../test/cli/fake-eks-auth';

export interface SoakOptions {
  /** Seconds of load. @default 60 */
  readonly seconds?: number;
  /** Plain HTTP clients. @default 32 */
  readonly clients?: number;
  /** JS SDK clients, half `fromHttp`, half `fromContainerMetadata`. @default 8 */
  readonly sdkClients?: number;
  /** Milliseconds each plain client waits between requests (0 to twice this, at random). @default 10 */
  readonly thinkMs?: number;
  /** The seed of the fault choices. @default 1 */
  readonly seed?: number;
  /** The most serve's RSS may grow from start to end, in MiB. @default 64 */
  readonly maxRssGrowthMiB?: number;
  /** Where progress goes. @default nowhere */
  readonly log?: (line: string) => void;
}

export interface ErrorKind {
  readonly kind: string;
  readonly count: number;
  /** Errors of this kind that were right to reach the client. */
  readonly correct: number;
}

export interface SoakReport {
  readonly seconds: number;
  readonly requests: number;
  readonly byClient: Record<string, number>;
  readonly ok: number;
  readonly errors: ErrorKind[];
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly eksAuthCalls: number;
  /** EKS Auth calls by what the fake did. */
  readonly faults: Record<string, number>;
  /** Refreshes behind the answer that failed while valid credentials kept being served (from serve's log). */
  readonly hiddenRefreshFailures: number;
  /** Answers `fromHttp` waited for past its 1 s timeout (it warns and keeps waiting), while serve waited on EKS Auth. */
  readonly sdkSlowWarnings: number;
  readonly maxInFlightPerToken: number;
  readonly rssMiB: { readonly start: number; readonly peak: number; readonly end: number; readonly bound: number };
  /** Why the run failed; empty when it passed. */
  readonly failures: string[];
}

type Phase = 'warmup' | 'hidden' | 'flaky' | 'outage' | 'recovery';

// The slack of the leak oracle: the time serve may take to store credentials the fake has sent.
const SLACK_MS = 1000;
// Clients judged only after this much of the recovery phase: the last outage fetch (3 fast attempts) is over.
const RECOVERY_GRACE_MS = 3000;
const FLAKY_LIFETIME_S = 17;
const PLAIN_TIMEOUT_MS = 40_000;

/** A small seeded generator (mulberry32), so that a run's fault choices replay. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAULTS: Record<string, Behaviour> = {
  'throttled 429': { kind: 'fail', error: 'ThrottlingException' },
  'internal 500': { kind: 'fail', error: 'InternalServerException' },
  'unavailable 503': { kind: 'fail', error: 'ServiceUnavailableException' },
  'connection reset': { kind: 'reset' },
  'hang': { kind: 'stall' },
};

/** What clients may see when serve has nothing valid and EKS Auth fails so (serve's answers and the SDKs' view). */
const EXPECTED_KINDS = new Set([
  'HTTP 429 ThrottlingException', 'HTTP 500 InternalServerException', 'HTTP 503 ServiceUnavailableException',
  'HTTP 500 ECONNRESET', 'HTTP 500 TimeoutError',
  'sdk: HTTP 429', 'sdk: HTTP 500', 'sdk: HTTP 503', 'sdk: timeout (1 s)',
]);

function rssMiB(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf-8'));
    if (match) return Number(match[1]) / 1024;
  } catch {
    // not Linux: ps below
  }
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)]).toString().trim()) / 1024;
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

export interface Credentials { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiresAt: number; accountId?: string }

export async function runSoak(options: SoakOptions = {}): Promise<SoakReport> {
  const seconds = options.seconds ?? 60;
  if (!(seconds >= 10)) throw new Error('--seconds must be at least 10 (the outage and recovery phases need 7 s)');
  const plainClients = options.clients ?? 32;
  const sdkClients = options.sdkClients ?? 8;
  const thinkMs = options.thinkMs ?? 10;
  const random = seeded(options.seed ?? 1);
  const bound = options.maxRssGrowthMiB ?? 64;
  const log = options.log ?? (() => undefined);

  // Phase boundaries, in ms from the start of the load.
  const hiddenEnd = seconds * 200;
  const recoveryStart = seconds * 1000 - Math.max(3000, seconds * 200);
  const outageStart = recoveryStart - Math.max(4000, seconds * 200);
  const end = seconds * 1000;
  let loadStart = Infinity;
  const phaseAt = (t: number): Phase => {
    const at = t - loadStart;
    if (at < 0) return 'warmup';
    if (at < hiddenEnd) return 'hidden';
    if (at < outageStart) return 'flaky';
    return at < recoveryStart ? 'outage' : 'recovery';
  };

  const fake = new FakeEksAuth();
  const faults: Record<string, number> = {};
  const pick = (names: string[]) => names[Math.floor(random() * names.length)];
  const inject = (name: string): Behaviour => {
    faults[name] = (faults[name] ?? 0) + 1;
    return FAULTS[name];
  };
  const answer = (name: string, ms: number): Behaviour => {
    faults[name] = (faults[name] ?? 0) + 1;
    return { kind: 'slow', ms };
  };
  fake.schedule = (_call: Call) => {
    const now = Date.now();
    switch (phaseAt(now)) {
      case 'warmup':
        // Valid (more than 15 s left) until 1 to 2 s after the hidden phase ends.
        fake.lifetimeSeconds = Math.ceil((MIN_TTL_MS + hiddenEnd + (loadStart === Infinity ? 0 : loadStart - now)) / 1000) + 2;
        return answer('answered', 0);
      case 'hidden':
        return inject(pick(['throttled 429', 'internal 500', 'unavailable 503', 'connection reset', 'hang']));
      case 'flaky': {
        fake.lifetimeSeconds = FLAKY_LIFETIME_S;
        const hangs = now - loadStart < outageStart - 10_000;
        if (random() < 0.5) return answer('answered late (20-400 ms)', 20 + Math.floor(random() * 380));
        return inject(pick(['throttled 429', 'internal 500', 'unavailable 503', 'connection reset', ...hangs ? ['hang'] : []]));
      }
      case 'outage':
        return inject(pick(['internal 500', 'unavailable 503', 'connection reset']));
      case 'recovery':
        fake.lifetimeSeconds = 6 * 3600;
        return answer('answered late (20-200 ms)', 20 + Math.floor(random() * 180));
    }
  };
  await fake.start();

  const token = makeToken({ expiresInSeconds: 3600 });
  const tokenFile = writeToken('soak-token', token);
  fs.chmodSync(tokenFile, 0o600);
  const savedEnv = { uri: process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI, token: process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN };
  let serve: ServeProcess | undefined;
  const failures: string[] = [];
  const fail = (message: string) => {
    if (failures.length < 50) failures.push(message);
  };
  try {
    serve = await startServe(['--cluster', CLUSTER, '--token-file', tokenFile, '--endpoint', fake.url, '--port', '0'], testEnv());
    const url = new URL(serve.url);
    const pid = serve.child.pid!;
    // fromContainerMetadata reads the environment only.
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = serve.url;
    process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN = token;

    // The first answer fills serve's cache (credentials that outlive the hidden phase).
    const warm = await plainGet(url, token, false);
    if (warm.status !== 200) throw new Error(`the first request got HTTP ${warm.status}: ${warm.body}`);
    const rssStart = rssMiB(pid);
    let rssPeak = rssStart;
    loadStart = Date.now();
    const stopAt = loadStart + end;
    log(`soak: ${seconds} s, ${plainClients} plain HTTP clients, ${sdkClients} JS SDK clients, serve pid ${pid}, RSS ${rssStart.toFixed(1)} MiB`);

    const latencies: number[] = [];
    const byClient: Record<string, number> = {};
    const errors: Array<{ kind: string; t0: number; t1: number; client: string }> = [];
    let ok = 0;
    let sdkSlowWarnings = 0;
    const judge = (client: string, t0: number, credentials: Credentials | undefined, kind: string | undefined) => {
      const t1 = Date.now();
      latencies.push(t1 - t0);
      byClient[client] = (byClient[client] ?? 0) + 1;
      if (credentials) {
        const problem = checkCredentials(fake.issued, credentials, t0);
        if (problem) fail(`wrong answer to ${client} at ${((t0 - loadStart) / 1000).toFixed(2)} s: ${problem}`);
        else ok++;
      } else {
        errors.push({ kind: kind!, t0, t1, client });
      }
    };

    const plain = async (index: number) => {
      const keepAlive = index % 8 !== 7;
      const agent = keepAlive ? new http.Agent({ keepAlive: true, maxSockets: 1 }) : undefined;
      while (Date.now() < stopAt) {
        const t0 = Date.now();
        const client = keepAlive ? 'http keep-alive' : 'http new connection';
        try {
          const response = await plainGet(url, token, agent ?? false);
          if (response.status === 200) {
            const body = JSON.parse(response.body);
            if (body.AccountId !== ACCOUNT || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(body.Expiration)) {
              fail(`wrong answer to ${client}: AccountId ${body.AccountId}, Expiration ${body.Expiration}`);
            }
            judge(client, t0, {
              accessKeyId: body.AccessKeyId, secretAccessKey: body.SecretAccessKey, sessionToken: body.Token,
              expiresAt: Date.parse(body.Expiration), accountId: body.AccountId,
            }, undefined);
          } else {
            let code = 'not JSON';
            try {
              code = JSON.parse(response.body).Code;
            } catch {
              // kept as 'not JSON', an unexpected kind
            }
            judge(client, t0, undefined, `HTTP ${response.status} ${code}`);
          }
        } catch (error: any) {
          judge(client, t0, undefined, `client: ${error.code ?? error.message}`);
        }
        await sleep(random() * 2 * thinkMs);
      }
      agent?.destroy();
    };

    const sdk = async (index: number) => {
      const viaHttp = index % 2 === 0;
      const client = viaHttp ? 'sdk fromHttp' : 'sdk fromContainerMetadata';
      while (Date.now() < stopAt) {
        const t0 = Date.now();
        try {
          const identity = viaHttp
            // The token file, as applications run with serve do; '' keeps it from also reading AWS_CONTAINER_AUTHORIZATION_TOKEN.
            ? await fromHttp({ awsContainerCredentialsFullUri: serve!.url, awsContainerAuthorizationTokenFile: tokenFile, awsContainerAuthorizationToken: '' })()
            : await fromContainerMetadata()();
          judge(client, t0, {
            accessKeyId: identity.accessKeyId, secretAccessKey: identity.secretAccessKey, sessionToken: identity.sessionToken ?? '',
            expiresAt: identity.expiration?.getTime() ?? NaN, accountId: (identity as any).accountId,
          }, undefined);
        } catch (error: any) {
          judge(client, t0, undefined, sdkErrorKind(error));
        }
        await sleep(50 + random() * 100);
      }
    };

    let rssNow = rssStart;
    const sampler = setInterval(() => {
      rssNow = rssMiB(pid);
      rssPeak = Math.max(rssPeak, rssNow);
    }, 1000);
    const progress = setInterval(() => {
      log(`  ${((Date.now() - loadStart) / 1000).toFixed(0)} s (${phaseAt(Date.now())}): ${latencies.length} requests, ${errors.length} errors, ${fake.calls.length} EKS Auth calls, serve RSS ${rssNow.toFixed(1)} MiB`);
    }, 10_000);
    // fromHttp's HTTP handler warns on the console when serve takes more than its 1 s (and keeps waiting): counted.
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (String(args[0]).startsWith('@smithy/node-http-handler - [WARN] a request has exceeded')) sdkSlowWarnings++;
      else warn(...args);
    };
    try {
      await Promise.all([
        ...Array.from({ length: plainClients }, (_, i) => plain(i)),
        ...Array.from({ length: sdkClients }, (_, i) => sdk(i)),
      ]);
    } finally {
      clearInterval(sampler);
      clearInterval(progress);
      console.warn = warn;
    }
    const rssEnd = rssMiB(pid);
    rssPeak = Math.max(rssPeak, rssEnd);

    // Each error: of a kind the faults explain, and with no valid credentials to serve instead.
    const kinds = new Map<string, { count: number; correct: number }>();
    for (const error of errors) {
      const entry = kinds.get(error.kind) ?? { count: 0, correct: 0 };
      kinds.set(error.kind, entry);
      entry.count++;
      const at = `${error.client} at ${((error.t0 - loadStart) / 1000).toFixed(2)}-${((error.t1 - loadStart) / 1000).toFixed(2)} s (${phaseAt(error.t0)})`;
      if (!EXPECTED_KINDS.has(error.kind)) {
        fail(`unexpected error ${error.kind} to ${at}`);
      } else if (heldValid(fake.issued, error.t0, error.t1)) {
        fail(`a fault reached the client while serve held valid credentials: ${error.kind} to ${at}`);
      } else {
        entry.correct++;
      }
      if (error.t0 >= loadStart + recoveryStart + RECOVERY_GRACE_MS) fail(`an error after the recovery: ${error.kind} to ${at}`);
    }
    const recovered = latencies.length > 0 && ok > 0
      && !errors.some(e => e.t0 >= loadStart + recoveryStart + RECOVERY_GRACE_MS);
    if (!recovered) fail('serve did not recover when EKS Auth did');
    const outageErrors = errors.filter(e => phaseAt(e.t0) === 'outage' || phaseAt(e.t1) === 'outage').length;
    if (outageErrors === 0) fail('no error reached a client during the outage (the credentials should have expired)');

    const stderrBefore = serve.stderr();
    const hiddenRefreshFailures = (stderrBefore.match(/refresh failed; serving the cached credentials while they are valid/g) ?? []).length;
    if (hiddenRefreshFailures === 0) fail('no refresh failed behind valid credentials (the hidden phase did not happen)');
    const maxInFlight = fake.maxInFlight.get(token) ?? 0;
    if (maxInFlight > 1) fail(`${maxInFlight} EKS Auth calls were in flight at once for the token (single flight: at most 1)`);
    const badSignatures = fake.calls.filter(c => !c.signatureValid).length;
    if (badSignatures > 0) fail(`${badSignatures} EKS Auth calls had a bad signature`);
    if (rssEnd - rssStart > bound) fail(`serve's RSS grew by ${(rssEnd - rssStart).toFixed(1)} MiB (bound ${bound} MiB)`);
    for (const client of ['http keep-alive', 'sdk fromHttp', 'sdk fromContainerMetadata']) {
      if (!byClient[client] && (client.startsWith('http') ? plainClients > 0 : sdkClients > 1)) fail(`no request from ${client}`);
    }

    await serve.stop();
    const output = serve.stdout() + serve.stderr();
    const secrets = [token, SIGNER.secretAccessKey, SIGNER.sessionToken, ...fake.issued.flatMap(i => [i.secretAccessKey, i.sessionToken])];
    const leaked = secrets.filter(secret => output.includes(secret)).length;
    if (leaked > 0) fail(`${leaked} secret(s) appear in serve's stdout or stderr`);

    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies.length === 0 ? NaN : latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
    return {
      seconds,
      requests: latencies.length,
      byClient,
      ok,
      errors: [...kinds.entries()].map(([kind, e]) => ({ kind, ...e })).sort((a, b) => b.count - a.count),
      latencyMs: { p50: at(0.5), p99: at(0.99), max: latencies[latencies.length - 1] ?? NaN },
      eksAuthCalls: fake.calls.length,
      faults,
      hiddenRefreshFailures,
      sdkSlowWarnings,
      maxInFlightPerToken: maxInFlight,
      rssMiB: { start: rssStart, peak: rssPeak, end: rssEnd, bound },
      failures,
    };
  } finally {
    restore('AWS_CONTAINER_CREDENTIALS_FULL_URI', savedEnv.uri);
    restore('AWS_CONTAINER_AUTHORIZATION_TOKEN', savedEnv.token);
    await serve?.stop();
    await fake.stop();
  }
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

function plainGet(url: URL, token: string, agent: http.Agent | false): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ hostname: url.hostname, port: url.port, path: url.pathname, agent, headers: { authorization: token }, timeout: PLAIN_TIMEOUT_MS }, res => {
      let body = '';
      res.setEncoding('utf-8');
      res.on('data', chunk => body += chunk);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('no answer'), { code: `timeout (${PLAIN_TIMEOUT_MS / 1000} s)` })));
    req.on('error', reject);
  });
}

/** The SDK providers' errors, by kind: the status serve answered, or the provider's own timeout. */
function sdkErrorKind(error: any): string {
  const message = String(error?.message ?? error);
  const status = error?.statusCode ?? /status: (\d{3})/.exec(message)?.[1];
  if (status) return `sdk: HTTP ${status}`;
  if (/timeout/i.test(message)) return 'sdk: timeout (1 s)';
  return `sdk: ${error?.name ?? 'Error'}: ${message.slice(0, 120)}`;
}

/** What is wrong with credentials a client got, if anything. */
export function checkCredentials(all: readonly Issued[], credentials: Credentials, t0: number): string | undefined {
  const issued = all[Number(credentials.accessKeyId?.slice(8)) - 1];
  if (!issued || issued.accessKeyId !== credentials.accessKeyId || issued.secretAccessKey !== credentials.secretAccessKey
    || issued.sessionToken !== credentials.sessionToken || issued.expiration * 1000 !== credentials.expiresAt) {
    return `credentials EKS Auth did not issue (access key ${credentials.accessKeyId})`;
  }
  if (credentials.accountId !== undefined && credentials.accountId !== ACCOUNT) return `AccountId ${credentials.accountId}`;
  const left = credentials.expiresAt - t0;
  if (left <= MIN_TTL_MS) return `credentials with ${(left / 1000).toFixed(1)} s left when asked (serve serves none with ${MIN_TTL_MS / 1000} s or less)`;
  return undefined;
}

/**
 * Whether serve surely held valid credentials during [t0, t1]: the last ones issued SLACK_MS before t0 (it had
 * them by t0), and any issued after them up to t1 (they may have replaced them), all with more than the minimum
 * TTL left at t1, plus the slack.
 */
export function heldValid(issued: readonly Issued[], t0: number, t1: number): boolean {
  let last = -1;
  for (let i = 0; i < issued.length && (issued[i].issuedAt ?? Infinity) <= t0 - SLACK_MS; i++) last = i;
  if (last < 0) return false;
  for (let i = last; i < issued.length && (issued[i].issuedAt ?? Infinity) <= t1; i++) {
    if (issued[i].expiration * 1000 - t1 <= MIN_TTL_MS + SLACK_MS) return false;
  }
  return true;
}

export function formatReport(report: SoakReport): string {
  const lines = [
    `soak of cdk-eks-pod-identity serve: ${report.seconds} s on loopback`,
    `requests: ${report.requests} (${Object.entries(report.byClient).map(([c, n]) => `${c} ${n}`).join(', ')}); ${report.ok} answered with valid credentials`,
    `latency: p50 ${report.latencyMs.p50} ms, p99 ${report.latencyMs.p99} ms, max ${report.latencyMs.max} ms`,
    'errors that reached clients, by kind (correct = EKS Auth failed and serve held nothing valid):',
    ...report.errors.length === 0 ? ['  none'] : report.errors.map(e => `  ${e.kind}: ${e.count} (${e.correct} correct)`),
    `EKS Auth calls: ${report.eksAuthCalls} (${Object.entries(report.faults).map(([f, n]) => `${f} ${n}`).join(', ')}); most in flight for the token: ${report.maxInFlightPerToken}`,
    `refreshes that failed behind valid credentials (hidden from clients): ${report.hiddenRefreshFailures}`,
    `fromHttp answers later than its 1 s timeout (it warns and waits on): ${report.sdkSlowWarnings}`,
    `serve RSS: ${report.rssMiB.start.toFixed(1)} MiB at start, ${report.rssMiB.end.toFixed(1)} MiB at end, peak ${report.rssMiB.peak.toFixed(1)} MiB (bound: +${report.rssMiB.bound} MiB)`,
    report.failures.length === 0 ? 'PASS' : `FAIL:\n${report.failures.map(f => `  - ${f}`).join('\n')}`,
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'seconds': { type: 'string', default: '60' },
      'clients': { type: 'string', default: '32' },
      'sdk-clients': { type: 'string', default: '8' },
      'seed': { type: 'string', default: '1' },
      'max-rss-growth': { type: 'string', default: '64' },
    },
  });
  const hardStop = setTimeout(() => {
    console.error('soak: did not finish in time');
    process.exit(1);
  }, (Number(values.seconds) + 120) * 1000);
  hardStop.unref();
  try {
    const report = await runSoak({
      seconds: Number(values.seconds),
      clients: Number(values.clients),
      sdkClients: Number(values['sdk-clients']),
      seed: Number(values.seed),
      maxRssGrowthMiB: Number(values['max-rss-growth']),
      log: line => console.error(line),
    });
    console.log(formatReport(report));
    process.exitCode = report.failures.length === 0 ? 0 : 1;
  } finally {
    removeTempDir();
  }
}

if (require.main === module) {
  main().catch(error => {
    console.error(error);
    process.exitCode = 1;
  });
}
