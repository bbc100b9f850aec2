/**
 * What the Python and Java checks share with `npm run bench:langs`: the built packages in dist/, a Python
 * virtual environment with the wheel, the jar in a local Maven repository, and one way to run a command
 * that fails loudly.
 *
 * Every download goes to the repository's ignored `.cache/` folder (pip's cache, Maven's repository, the
 * cfn-lint environment), so that only the first run on a machine fetches anything.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CACHE = path.join(ROOT, '.cache');
/** Where the checks synthesize the examples: `.cache/langs/out/<language>/<example>/`. */
export const OUT = path.join(CACHE, 'langs', 'out');
export const PYTHON_EXAMPLES = path.join(ROOT, 'examples', 'python');
export const JAVA_EXAMPLES = path.join(ROOT, 'examples', 'java');
export const M2_REPOSITORY = path.join(CACHE, 'm2', 'repository');
/** A fresh virtual environment each run: the built wheel and examples/python/requirements.txt, nothing else. */
export const EXAMPLES_VENV = path.join(CACHE, 'langs', 'venv');

/** cfn-lint from PyPI, pinned: a new release may add rules, and that should be a visible change here. */
export const CFN_LINT_VERSION = '1.58.0';
const CFN_LINT_VENV = path.join(CACHE, 'langs', `cfn-lint-${CFN_LINT_VERSION}`);

/** The TypeScript examples that examples/python and examples/java rebuild. */
export const PORTED_EXAMPLES = ['quickstart', 'agent-self-managed', 'addons', 'cross-account', 'from-eksctl'];

const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));
export const VERSION: string = PACKAGE.version;
export const JAVA_ARTIFACT_DIR = path.join(ROOT, 'dist', 'java', ...PACKAGE.jsii.targets.java.maven.groupId.split('.'),
  PACKAGE.jsii.targets.java.maven.artifactId, VERSION);
export const JAR = path.join(JAVA_ARTIFACT_DIR, `${PACKAGE.jsii.targets.java.maven.artifactId}-${VERSION}.jar`);
export const WHEEL = path.join(ROOT, 'dist', 'python', `${PACKAGE.jsii.targets.python.module}-${VERSION}-py3-none-any.whl`);
export const SDIST = path.join(ROOT, 'dist', 'python', `${PACKAGE.jsii.targets.python.module}-${VERSION}.tar.gz`);

/** The environment of every command: caches in .cache/ and no prompts. */
export const ENV: NodeJS.ProcessEnv = {
  ...process.env,
  PIP_CACHE_DIR: path.join(CACHE, 'pip'),
  PIP_DISABLE_PIP_VERSION_CHECK: '1',
  PIP_NO_INPUT: '1',
  // Where the Python and Java runtimes unpack aws-cdk-lib and the library for Node.js (default: ~/.cache).
  JSII_RUNTIME_PACKAGE_CACHE_ROOT: path.join(CACHE, 'jsii-runtime'),
  // Maven starts faster with the JIT at its first tier (jsii-pacmak does the same).
  MAVEN_OPTS: `${process.env.MAVEN_OPTS ?? ''} -XX:+TieredCompilation -XX:TieredStopAtLevel=1`.trim(),
};

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Exit codes that are not a failure (cfn-lint exits non-zero when it finds something). */
  readonly okExitCodes?: number[];
}

/** Runs a command and returns its stdout; throws with the command, exit code and the end of its output. */
export function run(command: string, args: string[], options: RunOptions = {}): string {
  return exec(command, args, options).stdout;
}

/** Runs a command and returns what it printed on stdout and stderr; throws as `run` does. */
export function exec(command: string, args: string[], options: RunOptions = {}): { stdout: string; stderr: string } {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...ENV, ...options.env },
    encoding: 'utf-8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const ok = options.okExitCodes ?? [0];
  if (result.error || result.status === null || !ok.includes(result.status)) {
    const tail = (text: string | null) => (text ?? '').split('\n').slice(-60).join('\n');
    throw new Error([
      `Command failed (${result.error?.message ?? `exit code ${result.status}, signal ${result.signal}`}):`,
      `  cd ${options.cwd ?? ROOT} && ${command} ${args.join(' ')}`,
      '--- stdout (end) ---', tail(result.stdout),
      '--- stderr (end) ---', tail(result.stderr),
    ].join('\n'));
  }
  return { stdout: result.stdout, stderr: result.stderr };
}

/** Fails with the command that makes the missing package. */
export function requireBuiltPackages(): void {
  for (const file of [WHEEL, JAR]) {
    if (!fs.existsSync(file)) {
      throw new Error(`${path.relative(ROOT, file)} is missing: run 'npm run package' (or 'npm run package:ci') first`);
    }
  }
}

const venvBin = (venv: string, tool: string) => path.join(venv, 'bin', tool);
export const EXAMPLES_PYTHON = venvBin(EXAMPLES_VENV, 'python');

/**
 * A new virtual environment with what README tells a Python user to install: examples/python/requirements.txt
 * (aws-cdk-lib, constructs and cdk-nag from PyPI, pinned) and the wheel that `npm run package` built.
 * `fresh: false` keeps an existing one (the benchmark).
 */
export function preparePython(options: { fresh: boolean }): void {
  if (!options.fresh && fs.existsSync(EXAMPLES_PYTHON)) return;
  fs.rmSync(EXAMPLES_VENV, { recursive: true, force: true });
  run('python3', ['-m', 'venv', EXAMPLES_VENV]);
  run(EXAMPLES_PYTHON, ['-m', 'pip', 'install', '--quiet', '-r', 'requirements.txt', WHEEL], { cwd: PYTHON_EXAMPLES });
}

/** cfn-lint in its own virtual environment (kept between runs, one per version). */
export function cfnLint(): string {
  const bin = venvBin(CFN_LINT_VENV, 'cfn-lint');
  if (!fs.existsSync(bin)) {
    fs.rmSync(CFN_LINT_VENV, { recursive: true, force: true });
    run('python3', ['-m', 'venv', CFN_LINT_VENV]);
    run(venvBin(CFN_LINT_VENV, 'python'), ['-m', 'pip', 'install', '--quiet', `cfn-lint==${CFN_LINT_VERSION}`]);
  }
  return bin;
}

/** Maven in batch mode on the repository's own local repository. */
export function mvn(args: string[], options: RunOptions = {}): string {
  return run('mvn', ['--batch-mode', '--no-transfer-progress', `-Dmaven.repo.local=${M2_REPOSITORY}`, ...args],
    { cwd: JAVA_EXAMPLES, ...options });
}

/**
 * Installs the jar that `npm run package` built into the local Maven repository, as README tells a Java
 * user to (`mvn install:install-file`), replacing the copy of an earlier build, and compiles examples/java.
 */
export function prepareJava(): void {
  const pom = JAR.replace(/\.jar$/, '.pom');
  const sources = JAR.replace(/\.jar$/, '-sources.jar');
  const javadoc = JAR.replace(/\.jar$/, '-javadoc.jar');
  mvn(['--quiet', 'install:install-file', `-Dfile=${JAR}`, `-DpomFile=${pom}`, `-Dsources=${sources}`, `-Djavadoc=${javadoc}`], { cwd: ROOT });
  mvn(['--quiet', 'compile']);
}

/** The classpath of examples/java, to run an example with `java` itself rather than through Maven. */
export function javaClasspath(): string {
  const file = path.join(JAVA_EXAMPLES, 'target', 'classpath.txt');
  mvn(['--quiet', 'dependency:build-classpath', `-Dmdep.outputFile=${file}`]);
  return [path.join(JAVA_EXAMPLES, 'target', 'classes'), fs.readFileSync(file, 'utf-8').trim()].join(path.delimiter);
}

/** The templates of one synthesized app, by stack name (its cloud assembly's manifest lists them). */
export function readTemplates(assemblyDir: string): { [stackName: string]: any } {
  const manifest = JSON.parse(fs.readFileSync(path.join(assemblyDir, 'manifest.json'), 'utf-8'));
  const templates: { [stackName: string]: any } = {};
  for (const [id, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const file = path.join(assemblyDir, artifact.properties.templateFile);
    templates[id] = JSON.parse(fs.readFileSync(file, 'utf-8'));
  }
  return templates;
}

/** Every `*.template.json` under a folder. */
export function templateFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf-8' })
    .filter(file => file.endsWith('.template.json'))
    .map(file => path.join(dir, file))
    .sort();
}
