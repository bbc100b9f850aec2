import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

// Issue 13: an app that only makes associations does not load what it does not use. The check runs
// in a fresh node process against the built library (lib/index.js), as an app would load it.

const ROOT = path.resolve(__dirname, '..', '..');

/** What the app below loaded, as paths relative to node_modules/, before and after it wrote a manifest. */
function loadedPackages(): { afterAssociation: string[]; afterManifest: string[] } {
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
    require('./lib/private/k8s-manifest').toYamlStream([{ kind: 'ServiceAccount' }]);
    console.log(JSON.stringify({ afterAssociation, afterManifest: packages() }));
  `;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf-8' }));
}

describe('loading the library', () => {
  let loaded: { afterAssociation: string[]; afterManifest: string[] };

  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, 'lib', 'index.js'))) {
      throw new Error('lib/index.js is missing: run the jsii build (npm run build) before this test, as npm test does');
    }
    loaded = loadedPackages();
  });

  test('an app that makes one association does not load yaml', () => {
    expect(loaded.afterAssociation).toEqual(expect.arrayContaining(['aws-cdk-lib', 'constructs']));
    expect(loaded.afterAssociation).not.toContain('yaml');
  });

  test('yaml loads on first use, when a manifest is written', () => {
    expect(loaded.afterManifest).toContain('yaml');
  });
});
