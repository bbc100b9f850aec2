/**
 * The two doors: the command line is one self-contained file that package.json's bin points to, and a CDK
 * app that imports the library loads none of it.
 */
import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import { isBuiltin } from 'module';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { gzipSync } from 'zlib';
import { CLI_BUNDLE } from '../../cli/build';
import { cliBundle, testEnv, writeToken } from './cli-process';
import { CLUSTER, FakeEksAuth, makeToken } from './fake-eks-auth';

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));

// Loaded only to sign with SigV4a (S3 Multi-Region Access Points), inside a try: never by EKS Auth calls.
const OPTIONAL_REQUIRES = ['@aws-sdk/signature-v4-crt'];

test('package.json bin points to the bundle the build writes, inside the lib/ the package ships', () => {
  expect(pkg.bin).toEqual({ 'cdk-eks-pod-identity': 'lib/cli/cdk-eks-pod-identity.js' });
  expect(path.relative(ROOT, CLI_BUNDLE)).toBe(pkg.bin['cdk-eks-pod-identity']);
  expect(pkg.scripts.postbuild).toContain('cli/build.ts');
});

test('the CLI\'s packages are build-time inputs of the bundle, not dependencies of the library', () => {
  const cliPackages = ['@aws-sdk/credential-provider-node', '@smithy/signature-v4', '@smithy/core', 'esbuild'];
  for (const name of cliPackages) {
    expect(pkg.devDependencies[name]).toBeDefined();
    expect(pkg.dependencies?.[name]).toBeUndefined();
  }
});

test('the bundle requires nothing but Node.js built-ins', () => {
  const source = fs.readFileSync(cliBundle(), 'utf-8');
  const required = [...source.matchAll(/require\("([^"]+)"\)/g)].map(match => match[1]);

  expect(required.length).toBeGreaterThan(0);
  expect(required.filter(name => !isBuiltin(name) && !OPTIONAL_REQUIRES.includes(name))).toEqual([]);
  expect(source.startsWith('#!/usr/bin/env node\n')).toBe(true);
});

// The bundle is what the command line adds to the package: at 2026-12-01, 323 KB (+9.2% of the unpacked package)
// and 103 KB gzipped (+12.4% of the npm tarball), most of it the SDK's credential chain. A budget a little above
// that, so that it cannot grow unnoticed: raise it only with the README's figures (Performance, install size).
// verify, serve and doctor (doctor added about 40 KB minified, 13 KB gzipped; wording each EKS Auth failure by
// where it happened, cli/eks-auth/failure.ts, 2.5 KB minified, 0.8 KB gzipped).
const BUNDLE_BUDGET = { bytes: 380_000, gzipped: 122_000 };

test('the bundle stays within its size budget', () => {
  const source = fs.readFileSync(cliBundle());

  expect(source.length).toBeLessThanOrEqual(BUNDLE_BUDGET.bytes);
  expect(gzipSync(new Uint8Array(source)).length).toBeLessThanOrEqual(BUNDLE_BUDGET.gzipped);
});

test('the bundle runs from a folder with no node_modules', async () => {
  const fake = new FakeEksAuth();
  await fake.start();
  const alone = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-alone-'));
  try {
    const copy = path.join(alone, 'cdk-eks-pod-identity.js');
    fs.copyFileSync(cliBundle(), copy);
    const { stdout } = await promisify(execFile)(process.execPath, [copy, 'verify', '--cluster', CLUSTER, '--endpoint', fake.url,
      '--token-file', writeToken('alone', makeToken()), '--json'], { env: testEnv(), cwd: alone });

    expect(JSON.parse(stdout).ok).toBe(true);
  } finally {
    await fake.stop();
    fs.rmSync(alone, { recursive: true, force: true });
  }
});

test('after npm install of the packed package, npx cdk-eks-pod-identity runs the command', async () => {
  if (!fs.existsSync(CLI_BUNDLE) || !fs.existsSync(path.join(ROOT, 'lib', 'index.js'))) {
    throw new Error('lib/index.js or the CLI bundle is missing: run the build (npm run build) before this test, as npm test does');
  }
  const run = promisify(execFile);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-npm-'));
  try {
    await run('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT });
    const tarball = fs.readdirSync(work).find(name => name.endsWith('.tgz'))!;
    const app = path.join(work, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    // Offline, and without the peer dependencies (aws-cdk-lib): the command needs neither.
    await run('npm', ['install', '--offline', '--legacy-peer-deps', '--no-audit', '--no-fund', path.join(work, tarball)], { cwd: app });

    const { stdout } = await run('npx', ['--offline', 'cdk-eks-pod-identity', 'verify', '--help'], { cwd: app });

    expect(stdout).toMatch(/^Usage: cdk-eks-pod-identity verify --cluster NAME --token-file PATH/);
    expect(fs.readdirSync(path.join(app, 'node_modules')).filter(name => !name.startsWith('.'))).toEqual(['cdk-eks-pod-identity']);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}, 180_000);

test('importing the library loads none of the command line or its dependencies', () => {
  const script = 'require("./lib"); console.log(JSON.stringify(Object.keys(require.cache)));';
  const output = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: ROOT, env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.dev.json' }, encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024,
  });
  const loaded: string[] = JSON.parse(output);

  // Relative to the project, a top-level cli/ file starts with its folder name, with no separator before it.
  const isCliModule = (file: string) => /(^|[\\/])(cli|@aws-sdk|@smithy|esbuild)[\\/]/.test(path.relative(ROOT, file));
  expect([path.join(ROOT, 'cli', 'main.ts'), path.join(ROOT, 'node_modules', '@smithy', 'core', 'x.js')].map(isCliModule)).toEqual([true, true]);
  expect(loaded.some(file => file.includes(`${path.sep}lib${path.sep}index.`))).toBe(true);
  expect(loaded.filter(isCliModule)).toEqual([]);
});

test('nothing in lib/ imports the command line', () => {
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && /from '(\.\.\/)+cli\b|require\('(\.\.\/)+cli\b/.test(fs.readFileSync(full, 'utf-8'))) offenders.push(full);
    }
  };
  walk(path.join(ROOT, 'lib'));

  expect(offenders).toEqual([]);
});
