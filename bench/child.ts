/**
 * One measurement in a fresh process, started by bench/synth.ts, which prints one JSON line:
 *
 * - `stacks <library|l1> <N>`: N associations over stacks of at most 150 (each with its default role and one
 *   grantRead; PodIdentityChecks on, as the constructs add them), timed from before the first aws-cdk-lib
 *   require to the end of synthesis; peak RSS of the process and template bytes.
 * - `modules`: the aws-cdk-lib and constructs files that the library loads when imported and its
 *   `PodIdentityAssociation` is used (bench/synth.ts loads them first in a plain node process, then times the
 *   library alone).
 *
 * Modules are required inside the functions so that each variant loads only what it uses.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as cdkLib from 'aws-cdk-lib';
import type * as eksLib from 'aws-cdk-lib/aws-eks';
import type * as iamLib from 'aws-cdk-lib/aws-iam';
import type * as s3Lib from 'aws-cdk-lib/aws-s3';
import type * as library from '../lib';

export const STACK_SIZE = 150;
// bench/synth.ts runs a plain-JavaScript copy of this file from bench/out/ (bench/plain-child.ts), which names the library here.
const LIBRARY = process.env.BENCH_LIBRARY ?? require.resolve('../lib');

function stacks(variant: string, n: number): void {
  const fs: typeof import('fs') = require('fs');
  const os: typeof import('os') = require('os');
  const path: typeof import('path') = require('path');
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const start = process.hrtime.bigint();
  // CPU time over the same span as the wall time: without node's start-up and the clean-up below.
  const cpuStart = process.cpuUsage();
  const { App, Stack }: typeof cdkLib = require('aws-cdk-lib');
  const eks: typeof eksLib = require('aws-cdk-lib/aws-eks');
  const iam: typeof iamLib = require('aws-cdk-lib/aws-iam');
  const s3: typeof s3Lib = require('aws-cdk-lib/aws-s3');
  const lib: typeof library | undefined = variant === 'library' ? require(LIBRARY) : undefined;

  const app = new App({ outdir });
  let stack: cdkLib.Stack | undefined;
  let cluster: eksLib.IClusterRef | undefined;
  let bucket: s3Lib.IBucket | undefined;
  for (let i = 0; i < n; i++) {
    if (i % STACK_SIZE === 0) {
      stack = new Stack(app, `Bench${i / STACK_SIZE}`, { env: { account: '111111111111', region: 'eu-west-1' } });
      cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'bench');
      bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'bench-bucket');
    }
    if (lib) {
      const association = new lib.PodIdentityAssociation(stack!, `App${i}`, { cluster: cluster!, namespace: 'default', serviceAccount: `sa-${i}` });
      bucket!.grantRead(association);
    } else {
      // What a careful user writes without the library: the same trust, scope and ordering.
      const scope = new iam.ServicePrincipal('pods.eks.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': stack!.account,
            'aws:RequestTag/eks-cluster-arn': [cluster!.clusterRef.clusterArn],
            'aws:RequestTag/kubernetes-namespace': ['default'],
            'aws:RequestTag/kubernetes-service-account': [`sa-${i}`],
          },
        },
      }).withSessionTags();
      const role = new iam.Role(stack!, `Role${i}`, { assumedBy: scope });
      const association = new eks.CfnPodIdentityAssociation(stack!, `App${i}`, {
        clusterName: cluster!.clusterRef.clusterName,
        namespace: 'default',
        serviceAccount: `sa-${i}`,
        roleArn: role.roleArn,
      });
      association.node.addDependency(role);
      bucket!.grantRead(role);
    }
  }
  const assembly = app.synth();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const templateBytes = assembly.stacks.reduce((sum, s) => sum + fs.statSync(s.templateFullPath).size, 0);
  const errors = assembly.stacks.flatMap(s => s.messages).filter(m => m.level === 'error').length;
  fs.rmSync(outdir, { recursive: true, force: true });
  console.log(JSON.stringify({ ms, cpuMs, rssMiB: process.resourceUsage().maxRSS / 1024, templateBytes, stacks: assembly.stacks.length, errors }));
}

function modules(): void {
  // What an app that makes associations loads: the index, then the association's own modules.
  void (require(LIBRARY) as typeof library).PodIdentityAssociation;
  const cdk = Object.keys(require.cache).filter(file => /[\\/]node_modules[\\/](aws-cdk-lib|constructs)[\\/]/.test(file));
  console.log(JSON.stringify(cdk));
}

const [mode, a, b] = process.argv.slice(2);
if (mode === 'stacks') stacks(a, Number(b));
else if (mode === 'modules') modules();
else throw new Error(`unknown mode ${mode}`);
