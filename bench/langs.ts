/**
 * Quick-start synthesis time in Python and Java, as a ratio to TypeScript measured in the same run:
 * `npm run bench:langs` (after `npm run package`). Each run is a new process that synthesizes the quick
 * start into a temporary folder, as a user runs it:
 * - TypeScript: `ts-node --transpile-only examples/run.ts quickstart` (what `npm run example` runs);
 * - Python: `python app.py quickstart` in the virtual environment of `npm run test:langs`;
 * - Java: `java -cp <classes and dependencies> ...ExamplesApp quickstart` (the JVM alone: Maven's own start
 *   is left out, as npm's is for TypeScript).
 * The languages take turns, one warm-up run each first; the table gives the median wall time of each.
 * Not a test: timings vary by machine.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  ENV, EXAMPLES_PYTHON, JAVA_EXAMPLES, javaClasspath, preparePython, prepareJava, PYTHON_EXAMPLES, requireBuiltPackages, ROOT,
} from '../test/langs/toolchain';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

interface Command {
  readonly language: string;
  readonly command: string;
  readonly args: string[];
  readonly cwd: string;
}

function time(command: Command): number {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-langs-'));
  const start = process.hrtime.bigint();
  const result = spawnSync(command.command, command.args, {
    cwd: command.cwd === 'outdir' ? outdir : command.cwd,
    env: { ...ENV, CDK_OUTDIR: outdir },
    encoding: 'utf-8',
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const template = fs.readdirSync(outdir, { recursive: true, encoding: 'utf-8' }).find(f => f.endsWith('Quickstart.template.json'));
  fs.rmSync(outdir, { recursive: true, force: true });
  if (result.status !== 0 || !template) {
    throw new Error(`${command.language} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

requireBuiltPackages();
preparePython({ fresh: false });
prepareJava();
const classpath = javaClasspath();

const commands: Command[] = [
  {
    language: 'TypeScript',
    command: process.execPath,
    // run.ts writes ./cdk.out: it runs in the temporary folder.
    args: [require.resolve('ts-node/dist/bin'), '-P', path.join(ROOT, 'tsconfig.dev.json'), '--transpile-only', path.join(ROOT, 'examples', 'run.ts'), 'quickstart'],
    cwd: 'outdir',
  },
  { language: 'Python', command: EXAMPLES_PYTHON, args: ['app.py', 'quickstart'], cwd: PYTHON_EXAMPLES },
  { language: 'Java', command: 'java', args: ['-cp', classpath, 'io.github.cdkekspodidentity.examples.ExamplesApp', 'quickstart'], cwd: JAVA_EXAMPLES },
];

const times = new Map<string, number[]>(commands.map(c => [c.language, []]));
for (const command of commands) time(command);
for (let i = 0; i < RUNS; i++) {
  for (const command of commands) times.get(command.language)!.push(time(command));
}

const typescript = median(times.get('TypeScript')!);
console.log(`node ${process.version}, ${os.cpus().length} cpus, ${RUNS} runs per language (after one warm-up)`);
console.log('| language | quick-start synth, median wall time | ratio to TypeScript |');
console.log('| --- | --- | --- |');
for (const command of commands) {
  const ms = median(times.get(command.language)!);
  console.log(`| ${command.language} | ${(ms / 1000).toFixed(1)} s | ${(ms / typescript).toFixed(2)} |`);
}
