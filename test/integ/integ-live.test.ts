import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { CLUSTER_STACK_NAME, IntegClusterStack } from './cluster/cluster-stack';
import { INTEG_REGION } from './support';

// scripts/integ-live.sh (`npm run integ:live`), offline: its dry run in the repository, and its live run in a
// copy where the CDK CLI and npm are stubs that record their calls.

const ROOT = path.join(__dirname, '..', '..');
const SCRIPT = 'scripts/integ-live.sh';
const OUT = '.cache/integ-live/cdk.out';
const ACCOUNT = '123456789012';

/** The test's environment without AWS or CDK variables: no credentials. */
function noCredentials(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(AWS_|CDK_)/.test(name)));
  return { ...env, ...extra };
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** The command lines the script printed (`+ ...`), without the `+ `. */
  commands: string[];
}

function integLive(args: string[], cwd: string, env: NodeJS.ProcessEnv): Run {
  const result = spawnSync('bash', [SCRIPT, ...args], { cwd, env, encoding: 'utf8' });
  const commands = result.stdout.split('\n').filter(line => line.startsWith('+ ')).map(line => line.slice(2));
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, commands };
}

const APP = "'npx ts-node -P tsconfig.dev.json --transpile-only --prefer-ts-exts test/integ/cluster/app.ts'";
const SYNTH = `node_modules/.bin/cdk synth --app ${APP} --output ${OUT} --quiet`;
const DEPLOY = `node_modules/.bin/cdk deploy --app ${OUT} ${CLUSTER_STACK_NAME} --require-approval never`;
const DESTROY = `node_modules/.bin/cdk destroy --app ${OUT} ${CLUSTER_STACK_NAME} --force`;

describe('the dry run', () => {
  test('prints the commands of a live run in order, the destruction last, without credentials', () => {
    const run = integLive(['--dry-run'], ROOT, noCredentials());
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.commands).toEqual([
      `export AWS_REGION=${INTEG_REGION} CDK_DEFAULT_REGION=${INTEG_REGION}`,
      'unset CDK_DEFAULT_ACCOUNT',
      SYNTH,
      `node_modules/.bin/cdk bootstrap 'aws://<account>/${INTEG_REGION}'`,
      DEPLOY,
      'npm run integ:deploy',
      DESTROY,
    ]);
    expect(INTEG_REGION).toBe('eu-west-1');
  });

  test('with --keep-cluster, destroys nothing and says how to', () => {
    const run = integLive(['--keep-cluster', '--dry-run'], ROOT, noCredentials());
    expect(run.status).toBe(0);
    expect(run.commands.at(-1)).toBe('npm run integ:deploy');
    expect(run.commands.some(command => command.includes('destroy'))).toBe(false);
    expect(run.stdout).toContain(`Kept the stack ${CLUSTER_STACK_NAME} (--keep-cluster)`);
    expect(run.stdout).toContain(`AWS_REGION=${INTEG_REGION} ${DESTROY}`);
  });

  test('passes other arguments, and all after --, to integ-runner', () => {
    const run = integLive(['--dry-run', 'integ.irsa-migration.ts', '--', '--inspect-failures', '--keep-cluster'], ROOT, noCredentials());
    expect(run.status).toBe(0);
    expect(run.commands.slice(-2)).toEqual([
      'npm run integ:deploy -- integ.irsa-migration.ts --inspect-failures --keep-cluster',
      DESTROY,
    ]);
  });
});

describe('the live run, with a stub CDK CLI and npm', () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'integ-live-'));
  let manifest: string;

  beforeAll(() => {
    // The manifest the real app writes, with the account the stub CLI finds put in.
    const saved = process.env.CDK_DEFAULT_ACCOUNT;
    process.env.CDK_DEFAULT_ACCOUNT = ACCOUNT;
    try {
      const app = new App({ outdir: path.join(scratch, 'assembly') });
      new IntegClusterStack(app);
      manifest = path.join(app.synth().directory, 'manifest.json');
    } finally {
      if (saved === undefined) delete process.env.CDK_DEFAULT_ACCOUNT;
      else process.env.CDK_DEFAULT_ACCOUNT = saved;
    }
  });

  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  /** A copy of the script beside a stub CDK CLI (node_modules/.bin/cdk) and a stub npm, which record their calls. */
  function sandbox(): string {
    const dir = fs.mkdtempSync(path.join(scratch, 'repo-'));
    fs.mkdirSync(path.join(dir, 'scripts'));
    fs.copyFileSync(path.join(ROOT, SCRIPT), path.join(dir, SCRIPT));
    fs.mkdirSync(path.join(dir, 'node_modules', '.bin'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'bin'));
    // As the CDK CLI: the app sees the account of the credentials (STUB_ACCOUNT), or else the CDK_DEFAULT_ACCOUNT
    // it inherits; without either, the manifest names an unknown account.
    fs.writeFileSync(path.join(dir, 'node_modules', '.bin', 'cdk'), `#!/usr/bin/env bash
echo "cdk $* (AWS_REGION=\${AWS_REGION:-})" >> calls
command=$1
if [[ $command == synth ]]; then
  while (($# > 0)); do if [[ $1 == --output ]]; then out=$2; fi; shift; done
  account=\${STUB_ACCOUNT:-\${CDK_DEFAULT_ACCOUNT:-unknown-account}}
  mkdir -p "$out"
  sed "s#aws://${ACCOUNT}/#aws://$account/#" ${JSON.stringify(manifest)} > "$out/manifest.json"
fi
if [[ "cdk $command" == "\${STUB_FAIL:-}" ]]; then exit 3; fi
`, { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'bin', 'npm'), `#!/usr/bin/env bash
echo "npm $*" >> calls
if [[ "npm $2" == "\${STUB_FAIL:-}" ]]; then exit 4; fi
`, { mode: 0o755 });
    return dir;
  }

  /** Runs the copy; returns the run and the stubs' calls. */
  function live(args: string[], vars: Record<string, string>): Run & { calls: string[] } {
    const dir = sandbox();
    const run = integLive(args, dir, noCredentials({ ...vars, PATH: `${path.join(dir, 'bin')}:/usr/bin:/bin` }));
    const callsFile = path.join(dir, 'calls');
    const calls = fs.existsSync(callsFile) ? fs.readFileSync(callsFile, 'utf8').trim().split('\n') : [];
    return { ...run, calls };
  }

  const region = `(AWS_REGION=${INTEG_REGION})`;
  const synth = `cdk synth --app ${APP.slice(1, -1)} --output ${OUT} --quiet ${region}`;
  const bootstrap = `cdk bootstrap aws://${ACCOUNT}/${INTEG_REGION} ${region}`;
  const deploy = `cdk deploy --app ${OUT} ${CLUSTER_STACK_NAME} --require-approval never ${region}`;
  const destroy = `cdk destroy --app ${OUT} ${CLUSTER_STACK_NAME} --force ${region}`;

  test('the dry run calls nothing', () => {
    const run = live(['--dry-run'], { STUB_ACCOUNT: ACCOUNT });
    expect(run.status).toBe(0);
    expect(run.commands).toContain(DESTROY);
    expect(run.calls).toEqual([]);
  });

  test('bootstraps the account of the credentials, deploys the cluster, runs the tests, then destroys the cluster', () => {
    const run = live(['integ.irsa-migration.ts'], { STUB_ACCOUNT: ACCOUNT });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([synth, bootstrap, deploy, 'npm run integ:deploy -- integ.irsa-migration.ts', destroy]);
    expect(run.stdout).toContain(`account ${ACCOUNT}`);
    expect(run.stdout).toContain(`Deleted the stack ${CLUSTER_STACK_NAME} in ${INTEG_REGION}: the EKS cluster pod-identity-integ`);
    expect(run.stdout).toContain('aws cloudformation list-stacks --region eu-west-1');
  });

  test('destroys the cluster when the tests fail, and fails with their status', () => {
    const run = live([], { STUB_ACCOUNT: ACCOUNT, STUB_FAIL: 'npm integ:deploy' });
    expect(run.status).toBe(4);
    expect(run.calls).toEqual([synth, bootstrap, deploy, 'npm run integ:deploy', destroy]);
  });

  test('destroys the cluster stack when its deployment fails, and runs no test', () => {
    const run = live([], { STUB_ACCOUNT: ACCOUNT, STUB_FAIL: 'cdk deploy' });
    expect(run.status).toBe(3);
    expect(run.calls).toEqual([synth, bootstrap, deploy, destroy]);
  });

  test('fails, and says where to delete by hand, when the destruction fails', () => {
    const run = live([], { STUB_ACCOUNT: ACCOUNT, STUB_FAIL: 'cdk destroy' });
    expect(run.status).toBe(1);
    expect(run.calls.at(-1)).toBe(destroy);
    expect(run.stderr).toContain(`Could not delete the stack ${CLUSTER_STACK_NAME} in ${INTEG_REGION}`);
  });

  test('keeps the cluster with --keep-cluster', () => {
    const run = live(['--keep-cluster'], { STUB_ACCOUNT: ACCOUNT });
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([synth, bootstrap, deploy, 'npm run integ:deploy']);
  });

  test('stops before any change without credentials, and says what it needs', () => {
    const run = live([], {});
    expect(run.status).toBe(1);
    expect(run.calls).toEqual([synth]);
    expect(run.stderr).toContain('the CDK CLI found no AWS account: nothing was created. It needs credentials (AWS_PROFILE');
  });

  test('is not fooled by a CDK_DEFAULT_ACCOUNT left in the shell', () => {
    const run = live([], { CDK_DEFAULT_ACCOUNT: '999999999999' });
    expect(run.status).toBe(1);
    expect(run.calls).toEqual([synth]);
  });

  test('destroys nothing when the bootstrap fails, as nothing of the run exists yet', () => {
    const run = live([], { STUB_ACCOUNT: ACCOUNT, STUB_FAIL: 'cdk bootstrap' });
    expect(run.status).toBe(3);
    expect(run.calls).toEqual([synth, bootstrap]);
  });
});
