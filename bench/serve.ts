/**
 * `serve` benchmark: requests per second and p99 latency of cached answers from `cdk-eks-pod-identity serve`
 * on loopback, next to a bare Node.js http server answering the same JSON, in the same run, and the ratio.
 *
 * Both servers run in their own process; this process sends the load (keep-alive, fixed concurrency) in
 * alternating rounds, the order swapped each round so that neither always runs first, and reports medians.
 * The load generator shares the CPU with the server it measures, so both figures are below what a server
 * alone could do; the ratio is what carries over. Bounded: BENCH_REQUESTS per round (default 20000), BENCH_ROUNDS
 * rounds (default 3), BENCH_CONCURRENCY (default 16), and it stops itself after 5 minutes. Not a test.
 */
import { ChildProcess, spawn } from 'child_process';
import * as http from 'http';
import { removeTempDir, startServe, testEnv, writeToken } from '../test/cli/cli-process';
import { CLUSTER, FakeEksAuth, makeToken } from '../test/cli/fake-eks-auth';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const DEADLINE = Date.now() + 5 * 60_000;

const BARE_SERVER = `
  const body = Buffer.from(process.env.BODY);
  require('http').createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
    res.end(body);
  }).listen(0, '127.0.0.1', function () { console.log('http://127.0.0.1:' + this.address().port + '/v1/credentials'); });`;

interface Result { rps: number; p50: number; p99: number }

function startBare(body: string): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', BARE_SERVER], { env: { PATH: process.env.PATH, BODY: body }, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout!.once('data', chunk => resolve({ url: String(chunk).trim(), child }));
    child.once('exit', code => reject(new Error(`the bare server exited with ${code}`)));
  });
}

/** Sends `total` GETs with `concurrency` in flight; latencies in milliseconds. */
async function load(url: string, token: string, total: number, concurrency: number): Promise<Result> {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let sent = 0;
  const one = () => new Promise<void>((resolve, reject) => {
    const started = process.hrtime.bigint();
    http.get({ hostname: target.hostname, port: target.port, path: target.pathname, agent, headers: { authorization: token } }, res => {
      if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode} from ${url}`));
      res.resume();
      res.on('end', () => {
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
        resolve();
      });
    }).on('error', reject);
  });
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (sent < total && Date.now() < DEADLINE) {
      sent++;
      await one();
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { rps: latencies.length / seconds, p50: at(0.5), p99: at(0.99) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const fake = new FakeEksAuth();
  await fake.start();
  const token = makeToken({ expiresInSeconds: 3600 });
  const serve = await startServe(['--cluster', CLUSTER, '--token-file', writeToken('bench-token', token), '--endpoint', fake.url, '--port', '0'], testEnv());
  let bare: { url: string; child: ChildProcess } | undefined;
  try {
    // The first request fills the cache; every later one is a cached answer.
    const body = await new Promise<string>((resolve, reject) => {
      http.get(serve.url, { headers: { authorization: token } }, res => {
        let text = '';
        res.on('data', chunk => text += chunk).on('end', () => resolve(text));
      }).on('error', reject);
    });
    bare = await startBare(body);
    await load(bare.url, token, 2000, CONCURRENCY);
    await load(serve.url, token, 2000, CONCURRENCY);

    const rounds: Array<{ bare: Result; serve: Result }> = [];
    for (let round = 0; round < ROUNDS && Date.now() < DEADLINE; round++) {
      if (round % 2 === 0) {
        const bareResult = await load(bare.url, token, REQUESTS, CONCURRENCY);
        rounds.push({ bare: bareResult, serve: await load(serve.url, token, REQUESTS, CONCURRENCY) });
      } else {
        const serveResult = await load(serve.url, token, REQUESTS, CONCURRENCY);
        rounds.push({ bare: await load(bare.url, token, REQUESTS, CONCURRENCY), serve: serveResult });
      }
    }
    const summary = (pick: (r: { bare: Result; serve: Result }) => Result) => ({
      rps: median(rounds.map(r => pick(r).rps)),
      p50: median(rounds.map(r => pick(r).p50)),
      p99: median(rounds.map(r => pick(r).p99)),
    });
    const b = summary(r => r.bare);
    const s = summary(r => r.serve);
    console.log(`serve benchmark: ${rounds.length} rounds of ${REQUESTS} requests, ${CONCURRENCY} in flight, keep-alive, loopback (medians; order swapped each round; the client shares the CPU)`);
    console.log('| server | requests/s | p50 ms | p99 ms |');
    console.log('| --- | --- | --- | --- |');
    console.log(`| bare Node http, same JSON | ${b.rps.toFixed(0)} | ${b.p50.toFixed(2)} | ${b.p99.toFixed(2)} |`);
    console.log(`| cdk-eks-pod-identity serve (cached) | ${s.rps.toFixed(0)} | ${s.p50.toFixed(2)} | ${s.p99.toFixed(2)} |`);
    console.log(`ratio serve/bare: ${(s.rps / b.rps).toFixed(2)} of the requests per second (target at least 0.8); p99 ${(s.p99 / b.p99).toFixed(2)}x`);
    console.log(`EKS Auth calls during the run: ${fake.calls.length}`);
  } finally {
    bare?.child.kill();
    await serve.stop();
    await fake.stop();
    removeTempDir();
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
