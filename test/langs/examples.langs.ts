/**
 * The library as Python and Java users get it: the wheel and the jar that `npm run package` built, the
 * example apps of examples/python and examples/java, compared with the TypeScript examples synthesized here
 * from examples/*.ts. Run by `npm run test:langs` (CI runs it after `npm test` and `npm run package:ci`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { App } from 'aws-cdk-lib';
import { EXAMPLES } from '../../examples';
import { CLI_CONTEXT, normalizeTemplate } from './normalize';
import {
  cfnLint, exec, EXAMPLES_PYTHON, JAVA_EXAMPLES, M2_REPOSITORY, mvn, OUT, PORTED_EXAMPLES, preparePython, prepareJava,
  PYTHON_EXAMPLES, readTemplates, requireBuiltPackages, ROOT, run, templateFiles,
} from './toolchain';

type Language = 'typescript' | 'python' | 'java';
const PORTED: Language[] = ['python', 'java'];
const SETUP_TIMEOUT = 25 * 60 * 1000;
const outdir = (language: Language, example?: string) => path.join(OUT, language, ...(example ? [example] : []));

beforeAll(() => {
  requireBuiltPackages();
  fs.rmSync(OUT, { recursive: true, force: true });
  const cliContext = { CDK_CONTEXT_JSON: JSON.stringify(CLI_CONTEXT) };

  // TypeScript: every example, each in its own app, as `npm run synth -- <name>` does.
  for (const [name, build] of Object.entries(EXAMPLES)) {
    const app = new App({ outdir: outdir('typescript', name), context: CLI_CONTEXT });
    build(app);
    app.synth();
  }

  // Python: a fresh virtual environment with the wheel, then every example into .cache/langs/out/python/<name>.
  preparePython({ fresh: true });
  run(EXAMPLES_PYTHON, ['app.py', 'all'], { cwd: PYTHON_EXAMPLES, env: { ...cliContext, CDK_OUTDIR: outdir('python') } });

  // Java: the jar into the local Maven repository, then every example through exec:java.
  prepareJava();
  mvn(['--quiet', 'exec:java', '-Dexec.args=all'], { env: { ...cliContext, CDK_OUTDIR: outdir('java') } });
}, SETUP_TIMEOUT);

describe.each(PORTED_EXAMPLES)('example %s', (example) => {
  test.each(PORTED)('%s synthesizes the same templates as TypeScript, resource by resource', (language) => {
    const expected = readTemplates(outdir('typescript', example));
    const actual = readTemplates(outdir(language, example));
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());

    for (const [stack, template] of Object.entries(expected)) {
      const want = normalizeTemplate(template);
      const got = normalizeTemplate(actual[stack]);
      expect(Object.keys(got.Resources ?? {}).sort()).toEqual(Object.keys(want.Resources ?? {}).sort());
      // First which resources differ, by logical id; then how each differs.
      const differing = Object.keys(want.Resources ?? {}).filter(id => !isDeepStrictEqual(got.Resources[id], want.Resources[id]));
      expect({ stack, differing }).toEqual({ stack, differing: [] });
      for (const [logicalId, resource] of Object.entries(want.Resources ?? {})) {
        expect(got.Resources[logicalId]).toEqual(resource);
      }
      // Outputs, conditions, parameters, rules, mappings: the rest of the template, equal as well.
      const rest = (t: any) => ({ ...t, Resources: undefined });
      expect({ stack, template: rest(got) }).toEqual({ stack, template: rest(want) });
    }
  });
});

// docs/languages.md tells a Python and a Java user to run `cdk synth`, which runs the `app` of their cdk.json (only
// the CDK command line fails on an error annotation of the checks); here it must give the template the app gives run
// directly. No network beyond what the first run downloaded: no notices, no version check, no telemetry.
describe('cdk synth runs the app of cdk.json', () => {
  const cdk = path.join(ROOT, 'node_modules', '.bin', 'cdk');
  const cdkEnv = { CDK_DISABLE_VERSION_CHECK: '1', CDK_DISABLE_CLI_TELEMETRY: 'true' };
  const synthesized = (dir: string) => normalizeTemplate(readTemplates(dir).Quickstart);

  test('in examples/python (python3 app.py, with the virtual environment first on PATH)', () => {
    const out = path.join(OUT, 'cdk-synth', 'python');
    run(cdk, ['synth', '--quiet', '--no-notices', '--output', out], {
      cwd: PYTHON_EXAMPLES,
      env: { ...cdkEnv, PATH: `${path.dirname(EXAMPLES_PYTHON)}${path.delimiter}${process.env.PATH}` },
    });
    expect(synthesized(out)).toEqual(synthesized(outdir('typescript', 'quickstart')));
  });

  test('in examples/java (mvn -e -q compile exec:java, on the local repository that holds the jar)', () => {
    const out = path.join(OUT, 'cdk-synth', 'java');
    run(cdk, ['synth', '--quiet', '--no-notices', '--output', out], {
      cwd: JAVA_EXAMPLES,
      env: { ...cdkEnv, MAVEN_OPTS: `${process.env.MAVEN_OPTS ?? ''} -Dmaven.repo.local=${M2_REPOSITORY} -XX:+TieredCompilation -XX:TieredStopAtLevel=1`.trim() },
    });
    expect(synthesized(out)).toEqual(synthesized(outdir('typescript', 'quickstart')));
  });
});

test('the self-managed agent manifest is one file asset, with the same content hash in all three languages', () => {
  const manifestAssets = (language: Language) => {
    const dir = outdir(language, 'agent-self-managed');
    const assets = JSON.parse(fs.readFileSync(path.join(dir, 'AgentSelfManaged.assets.json'), 'utf-8'));
    return Object.entries<any>(assets.files)
      .filter(([, asset]) => asset.source.path.endsWith('.yaml'))
      .map(([hash, asset]) => ({ hash, content: fs.readFileSync(path.join(dir, asset.source.path), 'utf-8') }));
  };
  const typescript = manifestAssets('typescript');
  expect(typescript).toHaveLength(1);
  expect(typescript[0].content).toContain('kind: DaemonSet');
  expect(manifestAssets('python')).toEqual(typescript);
  expect(manifestAssets('java')).toEqual(typescript);
});

// examples/python/tests and examples/java/src/test, each run once: the unittest and JUnit tests of both describes below.
let pythonTests: { stderr: string } | undefined;
const runPythonTests = () => {
  // exec() throws unless unittest exits 0; unittest reports on stderr.
  pythonTests ??= exec(EXAMPLES_PYTHON, ['-m', 'unittest', 'discover', '--start-directory', 'tests', '--verbose'], { cwd: PYTHON_EXAMPLES });
  return pythonTests.stderr;
};
let javaTestsRan = false;
const javaReport = (testClass: string) => {
  if (!javaTestsRan) {
    mvn(['--quiet', 'test']);
    javaTestsRan = true;
  }
  return fs.readFileSync(path.join(JAVA_EXAMPLES, 'target', 'surefire-reports', `TEST-io.github.cdkekspodidentity.examples.${testClass}.xml`), 'utf-8');
};

describe('a bad namespace raises the library error, [cdk-eks-pod-identity:invalid-namespace]', () => {
  test('in Python (examples/python/tests, unittest)', () => {
    const stderr = runPythonTests();
    expect(stderr).toMatch(/^test_bad_namespace_raises_the_library_error \(.*\) \.\.\. ok$/m);
    expect(stderr).toMatch(/^Ran 3 tests in /m);
  });

  test('in Java (examples/java/src/test, JUnit)', () => {
    const xml = javaReport('BadInputTest');
    expect(xml).toMatch(/<testsuite [^>]*tests="1" errors="0" skipped="0" failures="0"/);
    expect(xml).toContain('name="badNamespaceThrowsTheLibraryError"');
  });
});

// The fix of an error and of a warning, shown in the app's language (lib/private/code.ts reads JSII_AGENT,
// which the Python and Java runtimes set): the tests themselves assert the exact Python and Java text.
describe('fixes are shown in the caller\'s language', () => {
  test('in Python (examples/python/tests/test_fixes.py)', () => {
    const stderr = runPythonTests();
    expect(stderr).toMatch(/^test_an_error_shows_its_fix_in_python \(.*\) \.\.\. ok$/m);
    expect(stderr).toMatch(/^test_a_warning_shows_its_fix_in_python \(.*\) \.\.\. ok$/m);
  });

  test('in Java (examples/java/src/test/.../FixInJavaTest.java)', () => {
    const xml = javaReport('FixInJavaTest');
    expect(xml).toMatch(/<testsuite [^>]*tests="2" errors="0" skipped="0" failures="0"/);
    expect(xml).toContain('name="anErrorShowsItsFixInJava"');
    expect(xml).toContain('name="aWarningShowsItsFixInJava"');
  });
});

test('cfn-lint finds nothing in any template of any example, in all three languages, beyond .cfnlintrc', () => {
  const files = (['typescript', 'python', 'java'] as Language[]).flatMap(language => templateFiles(outdir(language)));
  // Every TypeScript example, and every stack of the ported ones.
  expect(files.length).toBeGreaterThanOrEqual(Object.keys(EXAMPLES).length + 2 * PORTED_EXAMPLES.length);
  // cfn-lint exits with a bit mask of what it found (2 errors, 4 warnings, 8 informational): the JSON says what.
  const output = run(cfnLint(), ['--format', 'json', '--', ...files], { okExitCodes: [0, 2, 4, 6, 8, 10, 12, 14] });
  const findings = (JSON.parse(output || '[]') as any[]).map(finding =>
    `${finding.Level} ${finding.Rule.Id} ${path.relative(ROOT, finding.Filename)} ${finding.Location?.Path?.join('/') ?? ''}: ${finding.Message}`);
  expect(findings).toEqual([]);
});
