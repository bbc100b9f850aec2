/**
 * cfn-lint on a fixed sample of the fuzz tests' cases: the templates our constructs synthesize from hostile
 * input must pass the linter the examples pass, with the same .cfnlintrc (constructs.fuzz.latest-cdk.test.ts
 * checks every fuzz case with CloudFormation Validate; cfn-lint is slower and is only here, where it is
 * installed). Needs no `npm run package`: the doors build the TypeScript sources.
 *
 * A finding names its file, .cache/langs/fuzz-cfn-lint/<door>-<i>/: `input.json` beside it is the case, the
 * i-th of `fc.sample(door.input, { seed: SEED, numRuns: DRAWS })`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import fc from 'fast-check';
import { CONSTRUCT_DOORS } from '../fuzz/construct-doors';
import { buildAndSynth } from '../fuzz/construct-outcome';
import { rawControlOf } from '../../lib/private/template-text';
import { SEED } from '../fuzz/fuzz-util';
import { CACHE, cfnLint, ROOT, run, templateFiles } from './toolchain';

/**
 * Synthesized cases kept per door, out of at most DRAWS inputs drawn with the fuzz tests' seed. Most hostile
 * inputs are refused (in the first 12 draws, four doors synthesize nothing: an invalid cluster name, namespace
 * or service account), and a refusal costs milliseconds, so each door draws until it has KEEP cases or has
 * drawn DRAWS inputs. The same cases every run: at seed 20261207, 12 cases for seven doors, 8 for
 * PodIdentityAssociation, 2 for PodIdentityAgent selfManaged and for EksctlConfig, and 100 non-empty templates
 * in all; 25 to 40 s on 2 cores, a third of it cfn-lint.
 */
const KEEP = 12;
const DRAWS = 1000;
const OUT = path.join(CACHE, 'langs', 'fuzz-cfn-lint');

/** The cases each door synthesized, and their templates (empty ones left out), by door name. */
const cases = new Map<string, number>();
const synthesized = new Map<string, string[]>();

beforeAll(() => {
  fs.rmSync(OUT, { recursive: true, force: true });
  for (const door of CONSTRUCT_DOORS) {
    const files: string[] = [];
    let kept = 0;
    fc.sample(door.input, { seed: SEED, numRuns: DRAWS }).forEach((input, i) => {
      if (kept >= KEEP) return;
      const outdir = path.join(OUT, `${door.name.replace(/[^A-Za-z0-9]+/g, '-')}-${i}`);
      // buildAndSynth throws on any error that is not ours; undefined is a refusal, which has no template.
      const app = buildAndSynth(door, input, {}, outdir);
      if (!app || fixtureUnreadable(app, door.fixtures, outdir)) return;
      kept++;
      fs.writeFileSync(path.join(outdir, 'input.json'), JSON.stringify(input, undefined, 2));
      files.push(...templateFiles(outdir).filter(file => !emptyTemplate(file)));
    });
    cases.set(door.name, kept);
    synthesized.set(door.name, files);
  }
});

// cfn-lint reads a JSON template as YAML first, which refuses DEL and the C1 control characters (U+007F to
// U+009F) that JSON.stringify writes unescaped (E0000, for the whole file): the rule of lib/private/template-text.ts.
// In a resource the test itself creates (the user's CfnAddon of IrsaAddonMigration, whose name is fuzzed) they
// are the user's to fix, as the door says of lone surrogates there; the case is dropped and the door draws on.
// In a resource of ours they are a finding.

function fixtureUnreadable(app: App, fixtures: string[], outdir: string): boolean {
  return app.node.findAll()
    .filter((construct): construct is CfnResource => CfnResource.isCfnResource(construct))
    .filter(resource => fixtures.some(fixture => resource.node.path === fixture || resource.node.path.startsWith(`${fixture}/`)))
    .some(resource => {
      const stack = Stack.of(resource);
      const template = JSON.parse(fs.readFileSync(path.join(outdir, stack.templateFile), 'utf-8'));
      return rawControlOf(JSON.stringify(template.Resources[stack.resolve(resource.logicalId)])) !== undefined;
    });
}

// A stack in which the user declared nothing that deploys (only `AgentDeployment.none()`, say) has an empty
// template, which cfn-lint rejects for its missing Resources: that is the user's stack, not a template of ours
// (constructs.fuzz.latest-cdk.test.ts lets the same through). A template with an output and no resource is
// ours to fix (see non-empty-stack.ts), so it is linted.
function emptyTemplate(file: string): boolean {
  const template = JSON.parse(fs.readFileSync(file, 'utf-8'));
  return Object.keys(template.Resources ?? {}).length === 0 && Object.keys(template.Outputs ?? {}).length === 0;
}

test.each(CONSTRUCT_DOORS.map(door => door.name))('%s synthesizes at least one sampled case', (name) => {
  // Fewer would lint nothing of the door: draw more (DRAWS) or make its arbitrary valid more often.
  expect(cases.get(name)).toBeGreaterThanOrEqual(1);
});

test(`cfn-lint finds nothing in the templates of up to ${KEEP} synthesized fuzz cases per door, beyond .cfnlintrc`, () => {
  const files = [...synthesized.values()].flat();
  // Every door but \`PodIdentityAgent none\` (whose stack is empty) has a template to lint.
  expect(files.length).toBeGreaterThanOrEqual(CONSTRUCT_DOORS.length - 1);
  // As examples.langs.ts runs it: from ROOT (run's default cwd), where cfn-lint reads .cfnlintrc; the exit code
  // is a bit mask of what it found (2 errors, 4 warnings, 8 informational), and the JSON says what.
  const output = run(cfnLint(), ['--format', 'json', '--', ...files], { okExitCodes: [0, 2, 4, 6, 8, 10, 12, 14] });
  const findings = (JSON.parse(output || '[]') as any[]).map(finding =>
    `${finding.Level} ${finding.Rule.Id} ${path.relative(ROOT, finding.Filename)} ${finding.Location?.Path?.join('/') ?? ''}: ${finding.Message}`);
  expect(findings).toEqual([]);
});
