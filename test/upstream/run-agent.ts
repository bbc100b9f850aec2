/**
 * Runs the real agent with a DaemonSet's exact arguments inside a network namespace of its own
 * (`unshare -n`, as root): the namespace's loopback gets the agent's link-local addresses 169.254.170.23/32
 * and fd00:ec2::23/128 (what the agent's init container adds on a node), so the agent binds the very hosts
 * and ports the DaemonSet names (80, 2703, 2705), and nothing is swapped. Its probe server is then asked
 * `/healthz` on localhost, as the DaemonSet's liveness probe does; the agent's own probe handler in turn
 * calls each bind host on port 80.
 *
 * The DaemonSet runs `/go-runner /eks-pod-identity-agent server ...`: go-runner is the Kubernetes wrapper
 * that runs the agent binary, so the test runs the binary itself with the same arguments.
 */
import { spawn, spawnSync } from 'child_process';

export interface AgentRun {
  /** `/healthz` answered 200 and the agent was still running 500 ms later (no listener failed late). */
  readonly started: boolean;
  /** The last `/healthz` status, if any answer came. */
  readonly healthz?: number;
  /** The agent's exit code (or signal) if it exited on its own. */
  readonly exit?: string;
  /** What the agent printed (stdout and stderr). */
  readonly output: string;
}

// Runs inside the namespace: adds the addresses, starts the agent, polls /healthz, prints one JSON line.
const RUNNER = `
const { execFileSync, spawn } = require('child_process');
const http = require('http');
const [binary, argsJson, envJson, probePort] = process.argv.slice(1);
for (const args of [['link', 'set', 'lo', 'up'], ['addr', 'add', '169.254.170.23/32', 'dev', 'lo'], ['addr', 'add', 'fd00:ec2::23/128', 'dev', 'lo']]) {
  execFileSync('ip', args);
}
let output = '';
let exit;
const agent = spawn(binary, JSON.parse(argsJson), { env: JSON.parse(envJson) });
agent.stdout.on('data', d => { output += d; });
agent.stderr.on('data', d => { output += d; });
agent.on('exit', (code, signal) => { exit = signal ? 'signal ' + signal : 'code ' + code; });
const finish = (result) => {
  const exited = exit;
  if (exited === undefined) agent.kill('SIGKILL');
  setTimeout(() => { process.stdout.write(JSON.stringify({ ...result, exit: exited, output: output.slice(-4000) }) + '\\n'); process.exit(0); }, 50);
};
const get = () => new Promise(resolve => {
  const req = http.get({ host: 'localhost', port: Number(probePort), path: '/healthz', timeout: 2000 }, res => { res.resume(); resolve(res.statusCode); });
  req.on('error', () => resolve(undefined));
  req.on('timeout', () => { req.destroy(); resolve(undefined); });
});
(async () => {
  const deadline = Date.now() + 8000;
  let healthz;
  while (Date.now() < deadline && exit === undefined) {
    healthz = await get();
    if (healthz === 200) break;
    await new Promise(r => setTimeout(r, 100));
  }
  if (healthz === 200) await new Promise(r => setTimeout(r, 500));
  finish({ started: healthz === 200 && exit === undefined, healthz });
})();
`;

let supported: boolean | undefined;

/** Whether this machine lets the tests make a network namespace (root and `unshare`, as on CI). */
export function netnsSupported(): boolean {
  supported ??= spawnSync('unshare', ['-n', 'ip', 'link', 'set', 'lo', 'up']).status === 0;
  return supported;
}

/**
 * Runs `binary` with `args` and `env` (nothing else from this process's environment) in a network namespace
 * of its own, and reports whether it started.
 */
export function runAgent(binary: string, args: string[], env: { [name: string]: string }): Promise<AgentRun> {
  if (!netnsSupported()) {
    throw new Error('these tests run the agent in a network namespace of its own: they need root and `unshare -n` (util-linux), as CI has');
  }
  const probe = args.indexOf('--probe-port');
  const probePort = probe >= 0 ? args[probe + 1] : '2703';
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', ['-n', process.execPath, '-e', RUNNER, binary, JSON.stringify(args), JSON.stringify(env), probePort], { env: {} });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => { stdout += d; });
    child.stderr.on('data', d => { stderr += d; });
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop()!));
      } catch {
        reject(new Error(`the namespace runner printed no result: ${stdout}${stderr}`));
      }
    });
  });
}

/** The env of a DaemonSet's container, with `fieldRef`s given test values (NODE_NAME: the node's name). */
export function containerEnv(container: any): { [name: string]: string } {
  const env: { [name: string]: string } = { PATH: '/usr/bin:/bin' };
  for (const variable of container.env ?? []) {
    env[variable.name] = variable.value ?? (variable.valueFrom?.fieldRef?.fieldPath === 'spec.nodeName' ? 'node-1' : '');
  }
  return env;
}
