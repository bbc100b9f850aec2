import { App, Stack } from 'aws-cdk-lib';
import { FullClusterStack } from './full-cluster';
import { QuickstartStack } from './quickstart';

/**
 * Every example app by name: `npm run synth -- <name>` synthesizes one, and the tests synthesize all.
 */
export const EXAMPLES: { [name: string]: (app: App) => Stack[] } = {
  'quickstart': app => [new QuickstartStack(app, 'Quickstart')],
  'full-cluster': app => [new FullClusterStack(app, 'FullCluster')],
};
