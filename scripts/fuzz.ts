/**
 * `npm run fuzz`: the fuzz tests of test/fuzz with many cases per door (FUZZ_RUNS, 10,000 by default; CI runs
 * the same tests with 200 to 300), then a table of the cases tried and the failures found per door.
 *
 *   npm run fuzz                                   # every door, 10,000 cases each
 *   FUZZ_RUNS=500 npm run fuzz                     # fewer
 *   FUZZ_SEED=42 npm run fuzz                      # other cases than CI's fixed seed
 *   npm run fuzz -- test/fuzz/eksctl.fuzz.test.ts  # one file
 *
 * It exits 0 when the jest run of every file passed: when no door failed.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DoorSummary, gist } from '../test/fuzz/fuzz-util';

const runs = process.env.FUZZ_RUNS ?? '10000';
const summaryDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-eks-pod-identity-fuzz-'));
const files = process.argv.slice(2);
const root = path.join(__dirname, '..');

const started = Date.now();
// One jest process per file, one after the other, in band: the doors are CPU-bound, and the machines this runs
// on are small. A process of its own per file, with a larger heap than Node's default: 10,000 synthesized apps
// leave garbage that one process running every file ran out of heap on (the 10,000-case run of 2026-12-07). No
// per-test timeout: a door of 10,000 cases runs for minutes.
const testFiles = files.length > 0 ? files : fs.readdirSync(path.join(root, 'test', 'fuzz')).filter(name => name.endsWith('.test.ts')).sort().map(name => path.join('test', 'fuzz', name));
const statuses = testFiles.map(file => spawnSync(process.execPath, [require.resolve('jest/bin/jest'), file, '--runInBand', '--testTimeout', String(24 * 3600 * 1000)], {
  cwd: root,
  env: { ...process.env, FUZZ_RUNS: runs, FUZZ_SUMMARY_DIR: summaryDir, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=8192`.trim() },
  stdio: 'inherit',
}).status);

const summaries: DoorSummary[] = fs.readdirSync(summaryDir).filter(name => name.endsWith('.json'))
  .map(name => JSON.parse(fs.readFileSync(path.join(summaryDir, name), 'utf-8')));
fs.rmSync(summaryDir, { recursive: true, force: true });
summaries.sort((a, b) => a.door.localeCompare(b.door));

const width = Math.max(4, ...summaries.map(summary => summary.door.length));
const lines = [
  '',
  `Fuzzing: ${runs} cases per door, seed ${summaries[0]?.seed ?? process.env.FUZZ_SEED ?? 'default'}, ${Math.round((Date.now() - started) / 1000)} s in all`,
  '',
  `${'door'.padEnd(width)}  ${'cases'.padStart(7)}  ${'failures'.padStart(8)}  ${'seconds'.padStart(7)}`,
  ...summaries.map(summary => `${summary.door.padEnd(width)}  ${String(summary.cases).padStart(7)}  ${String(summary.failures).padStart(8)}  ${(summary.milliseconds / 1000).toFixed(1).padStart(7)}`),
  '',
];
for (const summary of summaries.filter(candidate => candidate.failures > 0)) {
  lines.push(`${summary.door}: ${summary.failures} failure(s), for example:`, ...summary.examples.map(example => `  - ${gist(example)}`), '');
}
if (summaries.length === 0) lines.push('No door reported a summary: did the tests run?', '');
console.log(lines.join('\n'));
process.exitCode = statuses.every(status => status === 0) ? 0 : 1;
