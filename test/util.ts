import { App, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';

/** An account and region used by tests that need a concrete environment. */
export const ENV = { account: '111111111111', region: 'eu-west-1' };

/** A fresh app with one stack in `env` (default `ENV`), and a cluster imported by name. */
export function givenStack(env: { account?: string; region?: string } | 'agnostic' = ENV) {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: env === 'agnostic' ? undefined : env });
  const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'my-cluster');
  return { app, stack, cluster };
}
