/**
 * Where the library's time goes, from CPU profiles (`node --cpu-prof`) of the multi-stack benchmark: RUNS
 * profiles of each variant (library, hand-written L1) at N associations, library and L1 alternating. Prints
 * the mean sampled time of each variant by where the code lives, the difference, and the library's own
 * functions by inclusive time. Not a test: the samples vary from run to run.
 *
 * Run: npm run bench:profile (after npm run build); BENCH_PROFILE_N (default 2000), BENCH_PROFILE_RUNS (default 3).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writePlainChild } from './plain-child';

const N = Number(process.env.BENCH_PROFILE_N ?? 2000);
const RUNS = Number(process.env.BENCH_PROFILE_RUNS ?? 3);
const ROOT = path.resolve(__dirname, '..');

interface CallFrame { readonly functionName: string; readonly url: string; readonly lineNumber: number }
interface ProfileNode { readonly id: number; readonly callFrame: CallFrame; readonly children?: number[] }
interface Profile { readonly nodes: ProfileNode[]; readonly samples: number[]; readonly timeDeltas: number[] }

/** Where a function lives: this library, one aws-cdk-lib module, constructs, module loading, GC... */
function area(frame: CallFrame): string {
  const url = frame.url.replace(/^file:\/\//, '').split(path.sep).join('/');
  if (url.startsWith(`${ROOT.split(path.sep).join('/')}/lib/`)) return 'this library (lib/)';
  const pkg = /node_modules\/(aws-cdk-lib\/[^/]+(?=\/)|[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:internal/modules')) return 'module loading (node)';
  if (frame.functionName === '(garbage collector)') return 'garbage collector';
  return url.startsWith('node:') ? 'node built-ins' : url ? 'other' : `(${frame.functionName || 'native'})`;
}

/** Self time by area, and inclusive time of the library's own functions, in ms. */
function read(profile: Profile): { areas: Map<string, number>; own: Map<string, number> } {
  const selfTime = new Map<number, number>();
  profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + profile.timeDeltas[i] / 1000));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map(node => [node.id, node]));
  const areas = new Map<string, number>();
  const own = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = selfTime.get(node.id) ?? 0;
    if (!ms) continue;
    const key = area(node.callFrame);
    areas.set(key, (areas.get(key) ?? 0) + ms);
    // Inclusive time: each library function on the sample's stack counts once.
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)!.callFrame;
      if (area(frame) !== 'this library (lib/)') continue;
      // A module's body is the nameless function at line 0; other nameless ones are arrows (the lazy index's loaders).
      const what = frame.functionName || (frame.lineNumber === 0 ? '(module body)' : `(anonymous, line ${frame.lineNumber + 1})`);
      const name = `${what} ${path.relative(ROOT, frame.url.replace(/^file:\/\//, ''))}`;
      if (!seen.has(name)) own.set(name, (own.get(name) ?? 0) + ms);
      seen.add(name);
    }
  }
  return { areas, own };
}

function add(into: Map<string, number>, from: Map<string, number>, weight: number): void {
  for (const [key, ms] of from) into.set(key, (into.get(key) ?? 0) + ms * weight);
}

const child = writePlainChild();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-profile-'));
const mean = { library: { areas: new Map<string, number>(), own: new Map<string, number>() }, l1: { areas: new Map<string, number>(), own: new Map<string, number>() } };
for (let r = 0; r < RUNS; r++) {
  for (const variant of (r % 2 === 0 ? ['library', 'l1'] : ['l1', 'library']) as Array<'library' | 'l1'>) {
    const out = path.join(dir, `${variant}-${r}`);
    execFileSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${out}`, child, 'stacks', variant, String(N)], { encoding: 'utf-8' });
    const profile: Profile = JSON.parse(fs.readFileSync(path.join(out, fs.readdirSync(out)[0]), 'utf-8'));
    const { areas, own } = read(profile);
    add(mean[variant].areas, areas, 1 / RUNS);
    add(mean[variant].own, own, 1 / RUNS);
  }
}
fs.rmSync(dir, { recursive: true, force: true });

const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
console.log(`CPU profiles, ${N} associations over stacks of 150, mean of ${RUNS} runs per variant (ms of samples)`);
console.log('| where | library | L1 | difference |\n| --- | --- | --- | --- |');
const keys = [...new Set([...mean.library.areas.keys(), ...mean.l1.areas.keys()])]
  .sort((a, b) => Math.abs((mean.library.areas.get(b) ?? 0) - (mean.l1.areas.get(b) ?? 0)) - Math.abs((mean.library.areas.get(a) ?? 0) - (mean.l1.areas.get(a) ?? 0)));
for (const key of keys.slice(0, 12)) {
  const a = mean.library.areas.get(key) ?? 0;
  const b = mean.l1.areas.get(key) ?? 0;
  console.log(`| ${key} | ${a.toFixed(0)} | ${b.toFixed(0)} | ${(a - b >= 0 ? '+' : '')}${(a - b).toFixed(0)} |`);
}
const [lib, l1] = [total(mean.library.areas), total(mean.l1.areas)];
console.log(`| all | ${lib.toFixed(0)} | ${l1.toFixed(0)} | ${(lib / l1).toFixed(3)}x |`);
console.log('\nThe library\'s own functions by inclusive time (mean ms; a constructor includes the aws-cdk-lib work it calls):');
for (const [name, ms] of [...mean.library.own].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${ms.toFixed(1).padStart(8)}  ${name}`);
