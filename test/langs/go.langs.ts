/**
 * The library as Go users get it: examples/go, the quick start as a Go app, built against the Go module that
 * `npm run package` (or `package:ci`) generates into dist/go, synthesized with `cdk synth` and compared with
 * examples/quickstart.ts synthesized here. Run by `npm run test:langs`; it needs Go on PATH (CI installs it
 * with actions/setup-go).
 *
 * Go's module and build caches are the repository's ignored .cache/go, as for scripts/build-agents.sh. The
 * first run downloads aws-cdk-go (about 70 MB zipped, 240 MB unpacked) and compiles it, which takes minutes;
 * later runs reuse both.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import * as zlib from 'zlib';
import { App } from 'aws-cdk-lib';
import { EXAMPLES } from '../../examples';
import { CLI_CONTEXT, normalizeTemplate } from './normalize';
import { CACHE, readTemplates, ROOT, run } from './toolchain';

const GO_EXAMPLES = path.join(ROOT, 'examples', 'go');
const GO_MODULE = path.join(ROOT, 'dist', 'go', 'cdkekspodidentity');
/** The AWS CDK command line (aws-cdk, installed with @aws-cdk/integ-runner). */
const CDK = path.join(ROOT, 'node_modules', '.bin', 'cdk');
/**
 * What this test writes: in a folder of its own, not in OUT, which examples.langs.ts empties when it starts.
 * The app's binary is there too, outside the source tree, so that nothing the test builds lands beside main.go.
 */
const WORK = path.join(CACHE, 'langs', 'go');
const BINARY = path.join(WORK, 'quickstart');
const GO_OUT = path.join(WORK, 'out', 'quickstart');
const TYPESCRIPT_OUT = path.join(WORK, 'out', 'typescript-quickstart');
/** A cold cache downloads aws-cdk-go and compiles it (about 6 minutes on a busy 2-core machine). */
const SETUP_TIMEOUT = 20 * 60 * 1000;

/**
 * Go's caches in .cache/go. -mod=readonly (the default, said here so that no GOFLAGS can change it) makes
 * the build fail, rather than edit go.mod or go.sum, when the committed go.sum lacks an entry.
 */
const GO_ENV: NodeJS.ProcessEnv = {
  GOPATH: path.join(CACHE, 'go', 'path'),
  GOMODCACHE: path.join(CACHE, 'go', 'mod'),
  GOCACHE: path.join(CACHE, 'go', 'build'),
  GOFLAGS: '-mod=readonly',
};
const go = (args: string[], env: NodeJS.ProcessEnv = {}) => run('go', args, { cwd: GO_EXAMPLES, env: { ...GO_ENV, ...env } });

beforeAll(() => {
  if (!fs.existsSync(path.join(GO_MODULE, 'go.mod'))) {
    throw new Error(`${path.relative(ROOT, GO_MODULE)} is missing: run 'npm run package' (or 'npm run package:ci') first`);
  }
  fs.rmSync(path.join(WORK, 'out'), { recursive: true, force: true });

  // TypeScript: the quick start as `npm run example` synthesizes it, with the context of `cdk synth`.
  const app = new App({ outdir: TYPESCRIPT_OUT, context: CLI_CONTEXT });
  EXAMPLES.quickstart(app);
  app.synth();

  // Go: `cdk synth` as README tells a Go user, which runs cdk.json's `go run .` (downloading what go.sum names
  // and compiling aws-cdk-go on a cold cache); the jsii runtime runs the library with the node on PATH. No
  // network beyond Go's: no notices, no version check, no telemetry.
  run(CDK, ['synth', '--quiet', '--no-notices', '--output', GO_OUT], {
    cwd: GO_EXAMPLES,
    env: { ...GO_ENV, CDK_DISABLE_VERSION_CHECK: '1', CDK_DISABLE_CLI_TELEMETRY: 'true' },
  });
  // The same app as a binary, built with the module proxy off: what cdk synth downloaded (the modules that
  // go.sum names) is all it needs; -mod=readonly forbids any edit of go.mod or go.sum.
  go(['build', '-o', BINARY, '.'], { GOPROXY: 'off' });
}, SETUP_TIMEOUT);

test('cdk synth runs the Go app of cdk.json, which synthesizes the Quickstart stack', () => {
  expect(Object.keys(readTemplates(GO_OUT))).toEqual(['Quickstart']);
});

test('the Go quick start synthesizes the same template as TypeScript, resource by resource', () => {
  const want = normalizeTemplate(readTemplates(TYPESCRIPT_OUT).Quickstart);
  const got = normalizeTemplate(readTemplates(GO_OUT).Quickstart);
  expect(Object.keys(want.Resources).sort()).toEqual([
    expect.stringMatching(/^MyServiceAccount/), expect.stringMatching(/^MyServiceAccount/), expect.stringMatching(/^MyServiceAccount/),
  ]);
  expect(Object.keys(got.Resources).sort()).toEqual(Object.keys(want.Resources).sort());
  // First which resources differ, by logical id; then how each differs.
  const differing = Object.keys(want.Resources).filter(id => !isDeepStrictEqual(got.Resources[id], want.Resources[id]));
  expect(differing).toEqual([]);
  for (const [logicalId, resource] of Object.entries(want.Resources)) {
    expect(got.Resources[logicalId]).toEqual(resource);
  }
  // Outputs, conditions, parameters, rules, mappings: the rest of the template, equal as well.
  expect({ ...got, Resources: undefined }).toEqual({ ...want, Resources: undefined });
});

test('the Go runtime ran the library: version reporting names Go (what normalizeTemplate removes)', () => {
  // Analytics is `v2:deflate64:<base64 of gzip>`; its runtime entry is the JSII_AGENT of the Go runtime,
  // `<runtime.Version()>/<GOOS>/<GOARCH>` (lib/private/code.ts cites where jsii-runtime-go sets it).
  const analytics: string = readTemplates(GO_OUT).Quickstart.Resources.CDKMetadata.Properties.Analytics;
  expect(analytics).toMatch(/^v2:deflate64:/);
  const decoded = zlib.gunzipSync(new Uint8Array(Buffer.from(analytics.split(':')[2], 'base64'))).toString('utf-8');
  const agent = go(['env', 'GOVERSION', 'GOOS', 'GOARCH']).trim().split('\n').join('/');
  expect(decoded).toContain(`,${agent}!jsii-runtime.Runtime`);
});

test('a bad namespace panics with the library error, [cdk-eks-pod-identity:invalid-namespace] (examples/go/main_test.go)', () => {
  // run() throws unless go test exits 0; -count=1 runs it even when Go has a cached result.
  const output = go(['test', '-count=1', '-v', '.'], { GOPROXY: 'off' });
  expect(output).toMatch(/^--- PASS: TestBadNamespacePanicsWithTheLibraryError \(/m);
  expect(output).toMatch(/^ok\s/m);
});

test('go.mod and go.sum are tidy, and the modules in the cache are those go.sum names', () => {
  // `go mod tidy -diff` prints what tidying would change, and fails if anything would. It reads the test and tool
  // dependencies of every module the app imports, which the build never downloads: on a cold cache it fetches
  // them from the Go module proxy, so it runs with the proxy on.
  expect(go(['mod', 'tidy', '-diff'], {})).toBe('');
  expect(go(['mod', 'verify'], { GOPROXY: 'off' })).toBe('all modules verified\n');
});

test('run on its own, the app writes to the folder given as its argument what cdk synth wrote', () => {
  const outdir = path.join(WORK, 'out', 'argument');
  // The context that cdk synth passes (path metadata, version reporting); an empty CDK_OUTDIR, as outside cdk.
  const stdout = run(BINARY, [outdir], { cwd: GO_EXAMPLES, env: { CDK_OUTDIR: '', CDK_CONTEXT_JSON: JSON.stringify(CLI_CONTEXT) } });
  expect(stdout).toBe(`Synthesized quickstart: ${outdir}/Quickstart.template.json\n`);
  expect(readTemplates(outdir)).toEqual(readTemplates(GO_OUT));
});

test('the Go sources are gofmt-clean and pass go vet', () => {
  expect(run('gofmt', ['-l', '.'], { cwd: GO_EXAMPLES })).toBe('');
  go(['vet', '.'], { GOPROXY: 'off' });
});
