import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

// Issue 13: an app that only makes associations does not load what it does not use. The check runs
// in a fresh node process against the built library (lib/index.js), as an app would load it.

const ROOT = path.resolve(__dirname, '..', '..');

interface Loaded {
  /** Packages (folders of node_modules/) loaded once the app made and synthesized one association. */
  readonly afterAssociation: string[];
  /** Files of lib/ loaded by then. */
  readonly libraryFiles: string[];
  /** Packages loaded once the app also wrote a manifest. */
  readonly afterManifest: string[];
}

/** What the app below loaded. */
function loaded(): Loaded {
  const script = `
    const { App, Stack } = require('aws-cdk-lib');
    const eks = require('aws-cdk-lib/aws-eks');
    const { PodIdentityAssociation } = require('./lib');
    const packages = () => [...new Set(Object.keys(require.cache)
      .map(file => /[\\\\/]node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/.exec(file))
      .filter(match => match).map(match => match[1]))].sort();
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
    const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'demo');
    new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'app' });
    app.synth();
    const afterAssociation = packages();
    const libraryFiles = Object.keys(require.cache).filter(file => file.startsWith(process.cwd() + require('path').sep + 'lib'))
      .map(file => require('path').relative(process.cwd(), file).split(require('path').sep).join('/'));
    require('./lib/private/k8s-manifest').toYamlStream([{ kind: 'ServiceAccount' }]);
    console.log(JSON.stringify({ afterAssociation, libraryFiles, afterManifest: packages() }));
  `;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf-8' }));
}

describe('loading the library', () => {
  let app: Loaded;

  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, 'lib', 'index.js'))) {
      throw new Error('lib/index.js is missing: run the jsii build (npm run build) before this test, as npm test does');
    }
    if (!fs.readFileSync(path.join(ROOT, 'lib', 'index.js'), 'utf-8').includes('// Written by scripts/lazy-index.ts')) {
      // A bare `jsii` (or `jsii --watch`) writes the eager index, which loads every module.
      throw new Error('lib/index.js is the eager index that jsii writes: run npm run build, whose postbuild makes it lazy (scripts/lazy-index.ts)');
    }
    app = loaded();
  });

  test('an app that makes one association does not load yaml', () => {
    expect(app.afterAssociation).toEqual(expect.arrayContaining(['aws-cdk-lib', 'constructs']));
    expect(app.afterAssociation).not.toContain('yaml');
  });

  test('an app that makes one association loads its modules and no other concept\'s', () => {
    expect(app.libraryFiles).toEqual(expect.arrayContaining([
      'lib/index.js', 'lib/association/pod-identity-association.js', 'lib/role/pod-identity-role.js', 'lib/checks/pod-identity-checks.js',
    ]));
    // The index loads each export's module on first use (scripts/lazy-index.ts); the association loads the
    // agent only with waitForAgent and the target role's module only for a target role.
    const others = app.libraryFiles.filter(file => /^lib\/(eksctl|agent|policies|migration)\/|^lib\/addon\/(?!recommended-defaults)|^lib\/role\/pod-identity-target-role/.test(file));
    expect(others).toEqual([]);
  });

  test('yaml loads on first use, when a manifest is written', () => {
    expect(app.afterManifest).toContain('yaml');
  });
});
