/**
 * The command line as a user runs it: the bundle that package.json's bin points to, built fresh for the test
 * run, in a child process with an environment that holds only what the test gives it.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildCli } from '../../cli/build';
import { REGION, SIGNER } from './fake-eks-auth';

let bundle: string | undefined;
let workDir: string | undefined;

/** A fresh directory for this test file (tokens, HOME). */
export function tempDir(): string {
  workDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-eks-pod-identity-cli-'));
  return workDir;
}

/** Removes this file's directory (bundle, tokens, HOME). */
export function removeTempDir(): void {
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  workDir = undefined;
  bundle = undefined;
}

// Each test file that imports this module removes its directory when it ends (the benchmark, outside jest, itself).
if (typeof afterAll === 'function') afterAll(removeTempDir);

/** The bundled CLI, built once per test file (into its own directory, so parallel files do not race). */
export function cliBundle(): string {
  bundle ??= buildCli(path.join(tempDir(), 'bin', 'cdk-eks-pod-identity.js'));
  return bundle;
}

/**
 * An environment where the SDK's credential chain finds the test signer at once and never reaches IMDS, a
 * profile file or the network; nothing is inherited from the machine but PATH.
 */
export function testEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const home = path.join(tempDir(), 'home');
  fs.mkdirSync(home, { recursive: true });
  return {
    PATH: process.env.PATH,
    HOME: home,
    AWS_ACCESS_KEY_ID: SIGNER.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SIGNER.secretAccessKey,
    AWS_SESSION_TOKEN: SIGNER.sessionToken,
    AWS_REGION: REGION,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: path.join(home, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'no-credentials'),
    ...extra,
  };
}

export function writeToken(name: string, token: string): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, token);
  return file;
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `cdk-eks-pod-identity <args>` to the end. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = testEnv(), timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliBundle(), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => stdout += chunk);
    child.stderr.on('data', chunk => stderr += chunk);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cdk-eks-pod-identity ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', code => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface ServeProcess {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Sends the signal and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `cdk-eks-pod-identity serve <args>` and waits for its one "listening on" line. */
export function startServe(args: string[], env: NodeJS.ProcessEnv = testEnv()): Promise<ServeProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliBundle(), 'serve', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const exited = new Promise<number | null>(done => child.on('exit', code => done(code)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start in 20 s\n${stderr}`));
    }, 20_000);
    child.stderr!.on('data', chunk => stderr += chunk);
    child.stdout!.on('data', chunk => {
      stdout += chunk;
      const match = /^listening on (http:\/\/[^\s]+)\n/.exec(stdout);
      if (match && timer) {
        clearTimeout(timer);
        resolve({
          url: match[1],
          port: Number(new URL(match[1]).port),
          child,
          stdout: () => stdout,
          stderr: () => stderr,
          stop: async (signal = 'SIGTERM') => {
            if (child.exitCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    });
    child.on('exit', code => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before listening\n${stderr}`));
    });
  });
}

/** Fails when any of `secrets` appears in `text`. */
export function expectNoSecret(text: string, secrets: string[]): void {
  for (const secret of secrets) {
    if (text.includes(secret)) throw new Error(`a secret appears in the output: ...${secret.slice(0, 6)}...`);
  }
}
