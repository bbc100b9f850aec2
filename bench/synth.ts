/**
 * Synthesis benchmark: N pod identity associations, each with its default role and one grantRead,
 * made with this library and, in the same process, with the hand-written L1 equivalent.
 *
 * Prints the median time ratio library/L1, CloudFormation resources per association, Lambda
 * functions, and peak memory. Then the multi-stack mode (bench/child.ts, one fresh process per
 * measurement): N associations over stacks of at most 150, for N = 500, 2,000 and 5,000, and the library's
 * import time. Not a test: timings vary by machine.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { PodIdentityAssociation } from '../lib';
import { LIBRARY, writePlainChild } from './plain-child';

const SIZES = [100, 1000];
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
// Many pairs: on a shared machine single runs of either variant vary by 10% or more.
const PAIRS = Number(process.env.BENCH_PAIRS ?? 15);
const STACK_SIZES = [500, 2000, 5000];
const IMPORT_RUNS = 7;

type Build = (stack: Stack, cluster: eks.IClusterRef, bucket: s3.IBucket, i: number) => void;

const withLibrary: Build = (stack, cluster, bucket, i) => {
  const association = new PodIdentityAssociation(stack, `App${i}`, { cluster, namespace: 'default', serviceAccount: `sa-${i}` });
  bucket.grantRead(association);
};

const byHand: Build = (stack, cluster, bucket, i) => {
  // What a careful user writes without the library: the same trust, scope and ordering.
  const scope = new iam.ServicePrincipal('pods.eks.amazonaws.com', {
    conditions: {
      StringEquals: {
        'aws:SourceAccount': stack.account,
        'aws:RequestTag/eks-cluster-arn': [cluster.clusterRef.clusterArn],
        'aws:RequestTag/kubernetes-namespace': ['default'],
        'aws:RequestTag/kubernetes-service-account': [`sa-${i}`],
      },
    },
  }).withSessionTags();
  const role = new iam.Role(stack, `Role${i}`, { assumedBy: scope });
  const association = new eks.CfnPodIdentityAssociation(stack, `App${i}`, {
    clusterName: cluster.clusterRef.clusterName,
    namespace: 'default',
    serviceAccount: `sa-${i}`,
    roleArn: role.roleArn,
  });
  association.node.addDependency(role);
  bucket.grantRead(role);
};

interface Run {
  readonly ms: number;
  readonly resources: number;
  readonly lambdas: number;
}

function run(build: Build, n: number): Run {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const start = process.hrtime.bigint();
  // CloudFormation's 500-resource limit is beside the point here: this measures synthesis.
  const app = new App({ outdir, context: { '@aws-cdk/core:stackResourceLimit': 0 } });
  const stack = new Stack(app, 'Bench', { env: { account: '111111111111', region: 'eu-west-1' } });
  const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'bench');
  const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'bench-bucket');
  for (let i = 0; i < n; i++) build(stack, cluster, bucket, i);
  const template = app.synth().getStackByName('Bench').template;
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  fs.rmSync(outdir, { recursive: true, force: true });
  const types = Object.values<any>(template.Resources ?? {}).map(r => r.Type);
  return { ms, resources: types.length, lambdas: types.filter(t => t === 'AWS::Lambda::Function').length };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const gc = (globalThis as any).gc as (() => void) | undefined;
console.log(`node ${process.version}, ${os.cpus().length} cpus, ${RUNS} runs per size (after one warm-up)`);
console.log('| N | library ms (median) | L1 ms (median) | ratio library/L1 | resources per association | Lambda functions |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const n of SIZES) {
  run(withLibrary, n);
  run(byHand, n);
  const lib: Run[] = [];
  const l1: Run[] = [];
  for (let r = 0; r < RUNS; r++) {
    // Alternate the order so that neither side always runs on a warmer heap.
    const pair = r % 2 === 0 ? [withLibrary, byHand] : [byHand, withLibrary];
    for (const build of pair) {
      gc?.();
      (build === withLibrary ? lib : l1).push(run(build, n));
    }
  }
  const ratio = median(lib.map((x, i) => x.ms / l1[i].ms));
  const perAssociation = (lib[0].resources - 0) / n;
  console.log(`| ${n} | ${median(lib.map(x => x.ms)).toFixed(0)} | ${median(l1.map(x => x.ms)).toFixed(0)} | ${ratio.toFixed(3)} | ${perAssociation.toFixed(2)} | ${lib[0].lambdas} |`);
}
const peakMiB = process.resourceUsage().maxRSS / 1024;
console.log(`peak RSS of the whole run: ${peakMiB.toFixed(0)} MiB`);

const CHILD = writePlainChild();

/** Runs bench/child.ts in a fresh plain node process and parses its JSON line. */
function child(...args: string[]): any {
  const output = execFileSync(process.execPath, [CHILD, ...args], { encoding: 'utf-8' });
  return JSON.parse(output.trim().split('\n').pop()!);
}

console.log(`\nMulti-stack: N associations over stacks of at most 150, PodIdentityChecks on, one fresh process per run, ${PAIRS} alternating pairs`);
console.log('| N | stacks | library ms (median) | L1 ms (median) | wall time library/L1 (median, range) | CPU time library/L1 (median) | peak RSS MiB library / L1 | template bytes per association library / L1 |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
const pairRatios: string[] = [];
for (const n of STACK_SIZES) {
  const lib: any[] = [];
  const l1: any[] = [];
  for (let r = 0; r < PAIRS; r++) {
    const pair = r % 2 === 0 ? ['library', 'l1'] : ['l1', 'library'];
    for (const variant of pair) (variant === 'library' ? lib : l1).push(child('stacks', variant, String(n)));
  }
  if (lib.some(x => x.errors > 0)) throw new Error(`the library's stacks have error annotations at N=${n}`);
  const ratios = lib.map((x, i) => x.ms / l1[i].ms);
  const cpuRatios = lib.map((x, i) => x.cpuMs / l1[i].cpuMs);
  pairRatios.push(`N=${n}: ${ratios.map(r => r.toFixed(2)).join(' ')}`);
  const rss = (runs: any[]) => median(runs.map(x => x.rssMiB)).toFixed(0);
  console.log(`| ${n} | ${lib[0].stacks} | ${median(lib.map(x => x.ms)).toFixed(0)} | ${median(l1.map(x => x.ms)).toFixed(0)} | `
    + `${median(ratios).toFixed(3)} (${Math.min(...ratios).toFixed(2)} to ${Math.max(...ratios).toFixed(2)}) | ${median(cpuRatios).toFixed(3)} | ${rss(lib)} / ${rss(l1)} (${(median(lib.map(x => x.rssMiB)) / median(l1.map(x => x.rssMiB))).toFixed(2)}x) | `
    + `${(lib[0].templateBytes / n).toFixed(0)} / ${(l1[0].templateBytes / n).toFixed(0)} |`);
}

console.log(`wall time ratios of each pair, in order: ${pairRatios.join('; ')}`);

// The index alone, then the index and PodIdentityAssociation (which loads its modules: what an app that
// only makes associations pays), each after the aws-cdk-lib and constructs modules that loads.
const IMPORT_SCRIPT = `
  const [listFile, library, use] = process.argv.slice(1);
  for (const file of JSON.parse(require('fs').readFileSync(listFile, 'utf-8'))) require(file);
  const start = process.hrtime.bigint();
  const lib = require(library);
  if (use === 'association') void lib.PodIdentityAssociation;
  const files = Object.keys(require.cache).filter(file => file.startsWith(require('path').dirname(library))).length;
  console.log(JSON.stringify({ ms: Number(process.hrtime.bigint() - start) / 1e6, files }));
`;
const listFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-import-')), 'modules.json');
fs.writeFileSync(listFile, JSON.stringify(child('modules')));
console.log('');
for (const use of ['index', 'association']) {
  const runs = Array.from({ length: IMPORT_RUNS }, () => JSON.parse(execFileSync(process.execPath, ['-e', IMPORT_SCRIPT, listFile, LIBRARY, use], { encoding: 'utf-8' })));
  const ms = runs.map(x => x.ms as number);
  console.log(`import time, ${use === 'index' ? "require of the library's index" : 'require and PodIdentityAssociation'} (${runs[0].files} files of lib/), `
    + `after the aws-cdk-lib and constructs modules it loads: median ${median(ms).toFixed(1)} ms of ${IMPORT_RUNS} fresh plain node processes `
    + `(${Math.min(...ms).toFixed(1)} to ${Math.max(...ms).toFixed(1)})`);
}
fs.rmSync(path.dirname(listFile), { recursive: true, force: true });
