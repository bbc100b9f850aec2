import { App, Stack } from 'aws-cdk-lib';
import { AbacStack } from './abac';
import { AddonsStack } from './addons';
import { AgentAddonStack } from './agent-addon';
import { AgentSelfManagedStack } from './agent-self-managed';
import { crossAccount } from './cross-account';
import { FromEksctlStack } from './from-eksctl';
import { FullClusterStack } from './full-cluster';
import { QuickstartStack } from './quickstart';
import { WellKnownPoliciesStack } from './well-known-policies';

/**
 * Every example app by name: `npm run synth -- <name>` synthesizes one, and the tests synthesize all.
 */
export const EXAMPLES: { [name: string]: (app: App) => Stack[] } = {
  'quickstart': app => [new QuickstartStack(app, 'Quickstart')],
  'full-cluster': app => [new FullClusterStack(app, 'FullCluster')],
  'cross-account': app => crossAccount(app),
  'abac': app => [new AbacStack(app, 'Abac')],
  'addons': app => [new AddonsStack(app, 'Addons')],
  'agent-addon': app => [new AgentAddonStack(app, 'AgentAddon')],
  'agent-self-managed': app => [new AgentSelfManagedStack(app, 'AgentSelfManaged')],
  'well-known-policies': app => [new WellKnownPoliciesStack(app, 'WellKnownPolicies')],
  'from-eksctl': app => [new FromEksctlStack(app, 'FromEksctl')],
};
