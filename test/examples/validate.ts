import * as fs from 'fs';
import * as path from 'path';
import { App, Aspects, Stack, Validations } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EXAMPLES } from '../../examples';

/** One finding of a validator, as a line that says what and where. */
export type Finding = string;

export interface ValidatedExample {
  readonly app: App;
  readonly stacks: Stack[];
  /** Unsuppressed cdk-nag AwsSolutions findings (errors and warnings). */
  readonly nagFindings: Finding[];
  /** cfn-guard rule violations from the policy-validation report. */
  readonly guardFindings: Finding[];
  /** Errors and warnings of this library (PodIdentityChecks and the constructs), as `level id`. */
  readonly libraryFindings: Finding[];
}

/**
 * Synthesizes one example as `npm run synth -- <name>` does, with the cfn-guard policy-validation
 * plugin and the cdk-nag AwsSolutions pack, and collects what they report.
 */
export function synthWithValidators(name: string): ValidatedExample {
  // The report is read below instead of failing synth, which would only set process.exitCode.
  const app = new App({ context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
  Validations.of(app).addPlugins(new CfnGuardValidator());
  const stacks = EXAMPLES[name](app);
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  const assembly = app.synth();

  const nagFindings: Finding[] = [];
  const libraryFindings: Finding[] = [];
  for (const stack of stacks) {
    for (const message of assembly.getStackArtifact(stack.artifactId).messages) {
      const text = String(message.entry.data);
      if ((message.level === 'error' || message.level === 'warning') && text.startsWith('AwsSolutions-')) {
        nagFindings.push(`${message.id}: ${text.split('\n')[0]}`);
      }
      const id = /cdk-eks-pod-identity:[a-z-]+/.exec(text)?.[0];
      if (id && (message.level === 'error' || message.level === 'warning')) libraryFindings.push(`${message.level} ${id}`);
    }
  }

  const guardFindings: Finding[] = [];
  const reportFile = path.join(assembly.directory, 'policy-validation-report.json');
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf-8'));
  for (const plugin of report.pluginReports ?? []) {
    for (const violation of plugin.violations ?? []) {
      const where = (violation.violatingConstructs ?? violation.violatingResources ?? []).map((c: any) => c.constructPath ?? c.resourceLogicalId).join(', ');
      guardFindings.push(`${plugin.summary?.pluginName ?? 'plugin'} ${violation.ruleName}: ${where}`);
    }
    if (plugin.summary?.status === 'failure' && (plugin.violations ?? []).length === 0) {
      guardFindings.push(`${plugin.summary?.pluginName}: ${JSON.stringify(plugin.summary.metadata ?? {})}`);
    }
  }
  return { app, stacks, nagFindings, guardFindings, libraryFindings };
}
