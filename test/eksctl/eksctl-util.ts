import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';

/** The account and region of the clusters in the fixtures. */
export const SHOP_ENV = { account: '111122223333', region: 'eu-west-1' };

/** The path of a fixture of test/fixtures/eksctl. */
export function fixture(name: string): string {
  return path.join(__dirname, '..', 'fixtures', 'eksctl', name);
}

/** A fresh app with one stack in `env` and the fixtures' cluster `shop` imported by name. */
export function givenShop(env: { account?: string; region?: string } | 'agnostic' = SHOP_ENV, clusterName = 'shop') {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: env === 'agnostic' ? undefined : env });
  const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', clusterName);
  return { app, stack, cluster };
}

/** The first lines of every ClusterConfig in the tests (lines 1 to 5). */
const HEADER = ['apiVersion: eksctl.io/v1alpha5', 'kind: ClusterConfig', 'metadata:', '  name: shop', '  region: eu-west-1'];

/** A ClusterConfig of the header and `lines`, which start at line 6. */
export function clusterConfig(...lines: string[]): string {
  return [...HEADER, ...lines].join('\n') + '\n';
}

/**
 * A ClusterConfig with one entry of iam.podIdentityAssociations for `default/my-app`: `iam:` is
 * line 6, the entry (and its namespace) line 8, the service account line 9, and `fields` start
 * at line 10.
 */
export function oneAssociation(...fields: string[]): string {
  return clusterConfig(
    'iam:',
    '  podIdentityAssociations:',
    '    - namespace: default',
    '      serviceAccountName: my-app',
    ...fields.map(field => `      ${field}`),
  );
}

/** A ClusterConfig with one add-on: `addons:` is line 6, the entry (and its name) line 7, and `fields` start at line 8. */
export function oneAddon(name: string, ...fields: string[]): string {
  return clusterConfig('addons:', `  - name: ${name}`, ...fields.map(field => `    ${field}`));
}

/** The message of the error `run` throws (fails the test if it throws none). */
export function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error, but none was thrown');
}
