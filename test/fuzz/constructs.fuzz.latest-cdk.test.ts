/**
 * The construct doors of constructs.fuzz.test.ts on the newest aws-cdk-lib, whose CloudFormation Validate
 * plugin (`@aws-cdk/core:validateAgainstDefaultRules`) checks every template against the resource schemas:
 * a template our constructs synthesize must raise no finding there, except on what the test itself creates
 * (the user's CfnAddon of an add-on migration, say) and for inputs with tokens (their value is the fixture's).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CONSTRUCT_DOORS } from './construct-doors';
import { buildAndSynth } from './construct-outcome';
import { fuzzDoor, runsFor } from './fuzz-util';

// Validation makes each case slower: fewer cases than the unit run.
const RUNS = runsFor(200);

/** The findings of the validation report of the app synthesized into `outdir`, as `rule severity path: message`. */
function findings(outdir: string): string[] {
  const file = path.join(outdir, 'validation-report.json');
  if (!fs.existsSync(file)) return [];
  const report = JSON.parse(fs.readFileSync(file, 'utf-8'));
  return (report.pluginReports ?? []).flatMap((plugin: any) => (plugin.violations ?? []).flatMap((violation: any) =>
    (violation.violatingConstructs ?? [{}]).map((construct: any) =>
      `${violation.ruleName} ${violation.severity} ${construct.constructPath ?? '?'}: ${String(violation.description ?? '').slice(0, 300)}`)))
    .filter((finding: string) => !(finding.startsWith('F0001 ') && emptyStack(outdir)));
}

// A stack in which the user declared nothing that deploys (only `AgentDeployment.none()`, say) has an empty
// template: that is the user's stack, not a template of ours. A stack with an output and no resource is ours
// to fix (see non-empty-stack.ts), so only a template with neither is let through.
function emptyStack(outdir: string): boolean {
  const template = JSON.parse(fs.readFileSync(path.join(outdir, 'Stack.template.json'), 'utf-8'));
  return Object.keys(template.Resources ?? {}).length === 0 && Object.keys(template.Outputs ?? {}).length === 0;
}

describe.each(CONSTRUCT_DOORS.map(door => [door.name, door] as const))('%s, fuzzed, on the newest aws-cdk-lib', (name, door) => {
  test('synthesizes a template CloudFormation Validate finds nothing in, or throws a PodIdentityError', () => {
    const summary = fuzzDoor(`construct ${name} (CloudFormation Validate)`, door.input, RUNS, input => {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-cfn-'));
      try {
        // Findings as a report, not a failed synth, so that they can be read.
        const app = buildAndSynth(door, input, { '@aws-cdk/core:validateAgainstDefaultRules': true, '@aws-cdk/core:failSynthOnValidationErrors': false }, outdir);
        // A token stands for a value known at deploy time: the value our fixtures give it is no test of ours.
        if (app && !JSON.stringify(input).includes('${Token[')) {
          const ours = findings(outdir).filter(finding => !door.fixtures.some(fixture => finding.includes(` ${fixture}: `) || finding.includes(` ${fixture}/`)));
          expect(ours).toEqual([]);
        }
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    });
    expect(summary.failures).toBe(0);
  });
});
