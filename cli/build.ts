/**
 * Bundles the command line and its dependencies (the SDK's credential chain, SigV4) into one file in lib/,
 * so that the package has no runtime dependency for it and a CDK app that imports the library loads none of it.
 *
 * Run: ts-node -P tsconfig.dev.json --transpile-only cli/build.ts (npm's postbuild does).
 */
import * as path from 'path';
import { buildSync } from 'esbuild';

const ROOT = path.resolve(__dirname, '..');

/** Where the bundle goes: package.json `bin` points here. */
export const CLI_BUNDLE = path.join(ROOT, 'lib', 'cli', 'cdk-eks-pod-identity.js');

export function buildCli(outfile: string = CLI_BUNDLE): string {
  buildSync({
    entryPoints: [path.join(ROOT, 'cli', 'bin.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    // The ES module builds of the SDK packages shake far better than their CommonJS builds.
    mainFields: ['module', 'main'],
    minify: true,
    legalComments: 'eof',
    banner: { js: '#!/usr/bin/env node\n// The cdk-eks-pod-identity command line, with @aws-sdk/* and @smithy/* (Apache-2.0) and tslib (0BSD) bundled in.' },
    logLevel: 'warning',
  });
  return outfile;
}

if (require.main === module) {
  console.log(`bundled the command line into ${path.relative(ROOT, buildCli())}`);
}
