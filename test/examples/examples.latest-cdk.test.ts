import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { EXAMPLES } from '../../examples';

// Findings of aws-cdk-lib's built-in CloudFormation Validate plugin (aws-cdk-lib 2.262 and later) that
// come from aws-cdk-lib's own constructs, not ours, each with why it stays.
const ACCEPTED: Finding[] = [
  // aws-eks-v2's Cluster renders EncryptionConfig[].Resources ['secrets'], which the EKS CreateCluster API
  // still takes (encryptionConfig.resources: only 'secrets'); the resource schema marks it deprecated.
  { rule: 'W9009', severity: 'warning', fqn: 'aws-cdk-lib.aws_eks_v2.CfnCluster' },
];

interface Finding { readonly rule: string; readonly severity: string; readonly fqn: string; readonly where?: string }

/** Synthesizes one example with findings as errors, and returns every finding of the report and every warning. */
function synthStrict(name: string): { findings: Finding[]; warnings: string[] } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `latest-cdk-${name}-`));
  const app = new App({ outdir, context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
  const stacks = EXAMPLES[name](app);
  const assembly = app.synth();
  // Warning and error annotations (ours, aws-cdk-lib's, cdk-nag's): none may be left on the newest aws-cdk-lib.
  const warnings = stacks.flatMap(stack => assembly.getStackArtifact(stack.artifactId).messages)
    .filter(message => message.level === 'warning' || message.level === 'error')
    .map(message => `${message.level} ${message.id}: ${String(message.entry.data).split('\n')[0]}`);
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf-8'));
  fs.rmSync(outdir, { recursive: true, force: true });
  const findings: Finding[] = [];
  for (const plugin of report.pluginReports ?? []) {
    for (const violation of plugin.violations ?? []) {
      for (const construct of violation.violatingConstructs ?? []) {
        findings.push({ rule: violation.ruleName, severity: violation.severity, fqn: construct.constructFqn, where: construct.constructPath });
      }
    }
  }
  return { findings, warnings };
}

test('runs against the newest aws-cdk-lib, not the minimum', () => {
  const readVersion = (file: string) => JSON.parse(fs.readFileSync(file, 'utf-8'));
  const pinned = readVersion(path.join(__dirname, '..', '..', 'package.json')).devDependencies['aws-cdk-lib-latest'];
  // Resolved through the jest mapping, as the library's and the examples' imports are.
  const used = readVersion(require.resolve('aws-cdk-lib/package.json')).version;
  expect(`npm:aws-cdk-lib@${used}`).toBe(pinned);
});

describe.each(Object.keys(EXAMPLES))('example %s on the newest aws-cdk-lib', (name) => {
  test('synthesizes with CloudFormation Validate findings as errors, no finding of ours, and no warning', () => {
    const { findings, warnings } = synthStrict(name);
    const accepted = (f: Finding) => ACCEPTED.some(a => a.rule === f.rule && a.severity === f.severity && a.fqn === f.fqn);
    expect(findings.filter(f => !accepted(f))).toEqual([]);
    expect(warnings).toEqual([]);
  });
});
