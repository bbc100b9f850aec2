import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { EksctlConfig } from '../../lib';
import { clusterConfig } from './eksctl-util';

const PREFIX = '[cdk-eks-pod-identity:';

/** A "billion laughs" document: nine levels of nine aliases each, 9^9 strings once expanded. */
const BILLION_LAUGHS = clusterConfig(
  'vpc:',
  '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  '  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  '  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  '  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  '  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  '  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  '  g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  '  h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
  '  i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
);

const ALIAS_FIX = 'Write the repeated values out instead of aliasing aliases; an eksctl config file needs few aliases, if any';

/** The message of the PodIdentityError that `run` throws; fails on any other error. */
function podIdentityErrorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect((error as Error).name).toBe('PodIdentityError');
    return (error as Error).message;
  }
  throw new Error('expected an error, but none was thrown');
}

/** How long `run` took, in milliseconds, and the message of the PodIdentityError it threw. */
function timed(run: () => unknown): { elapsed: number; message: string } {
  const started = Date.now();
  const message = podIdentityErrorOf(run);
  return { elapsed: Date.now() - started, message };
}

/**
 * The time reading `text` may take: 3 s, or, on a machine so busy that the YAML parser alone takes longer
 * than a second for it, three times the parser's own time. Reading in one pass stays within it; a walk of
 * the document per alias takes minutes.
 */
function timeLimit(text: string): number {
  const started = Date.now();
  parseAllDocuments(text, { version: '1.1' });
  return Math.max(3_000, 3 * (Date.now() - started));
}

describe('EksctlConfig: YAML the parser refuses is an error about the file', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksctl-yaml-limits-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a billion-laughs document, given as text', () => {
    expect(podIdentityErrorOf(() => EksctlConfig.fromYaml(BILLION_LAUGHS))).toBe(
      `${PREFIX}eksctl-invalid-yaml] EksctlConfig: the YAML of the text expands its aliases (\`*name\`) more often than the YAML parser allows (100 expansions, counting the aliases inside each anchored value), as a "billion laughs" document does to exhaust memory. ${ALIAS_FIX}`,
    );
  });

  test('a billion-laughs document in a file: the error names the file', () => {
    // GIVEN
    const file = path.join(dir, 'cluster.yaml');
    fs.writeFileSync(file, BILLION_LAUGHS);

    // THEN
    expect(podIdentityErrorOf(() => EksctlConfig.fromFile(file))).toBe(
      `${PREFIX}eksctl-invalid-yaml] EksctlConfig: the YAML of ${file} expands its aliases (\`*name\`) more often than the YAML parser allows (100 expansions, counting the aliases inside each anchored value), as a "billion laughs" document does to exhaust memory. ${ALIAS_FIX}`,
    );
  });

  test('a few aliases, as a hand-written file uses them, are read', () => {
    const config = EksctlConfig.fromYaml(clusterConfig(
      'vpc:',
      '  defaults: &defaults { cidr: 10.0.0.0/16 }',
      '  copy: *defaults',
      'iam:',
      '  podIdentityAssociations:',
      '    - namespace: &ns default',
      '      serviceAccountName: my-app',
      '      permissionPolicyARNs: &policies [arn:aws:iam::111122223333:policy/my-app]',
      '    - namespace: *ns',
      '      serviceAccountName: other',
      '      permissionPolicyARNs: *policies',
    ));

    expect(config.clusterName).toBe('shop');
  });

  test('an alias of an anchor that is not set before it names its line and file', () => {
    // GIVEN
    const file = path.join(dir, 'cluster.yaml');
    fs.writeFileSync(file, clusterConfig('vpc:', '  copy: *defaults', '  defaults: &defaults { cidr: 10.0.0.0/16 }'));

    // THEN
    expect(podIdentityErrorOf(() => EksctlConfig.fromFile(file))).toBe(
      `${PREFIX}eksctl-invalid-yaml] EksctlConfig: the YAML of ${file} cannot be parsed (line 7): alias *defaults names no anchor &defaults set before it. Set the anchor \`&defaults\` on a value above the alias, or write the value out`,
    );
  });

  test('an alias inside the value its anchor marks (a value that contains itself)', () => {
    expect(podIdentityErrorOf(() => EksctlConfig.fromYaml(clusterConfig('vpc: &loop', '  nested: *loop')))).toBe(
      `${PREFIX}eksctl-invalid-yaml] EksctlConfig: the YAML of the text cannot be parsed (line 7): alias *loop is inside the value its anchor &loop marks, so that value would contain itself. Move the alias out of the anchored value, or write the value out`,
    );
    expect(podIdentityErrorOf(() => EksctlConfig.fromYaml(clusterConfig('vpc:', '  subnets: &s [a, [*s]]')))).toBe(
      `${PREFIX}eksctl-invalid-yaml] EksctlConfig: the YAML of the text cannot be parsed (line 7): alias *s is inside the value its anchor &s marks, so that value would contain itself. Move the alias out of the anchored value, or write the value out`,
    );
  });

  test('ten thousand aliases in one flat list are refused at once, not after minutes', () => {
    // GIVEN a 30 KB list of aliases of one scalar: each alias once cost a walk of the whole document (40 s here)
    const flat = clusterConfig('vpc:', '  a: &a x', `  l: [${Array(10_000).fill('*a').join(',')}]`);

    // WHEN
    const { elapsed, message } = timed(() => EksctlConfig.fromYaml(flat));

    // THEN
    expect(elapsed).toBeLessThan(timeLimit(flat));
    expect(message).toBe(
      `${PREFIX}eksctl-invalid-yaml] EksctlConfig: the YAML of the text expands its aliases (\`*name\`) more often than the YAML parser allows (100 expansions, counting the aliases inside each anchored value), as a "billion laughs" document does to exhaust memory. ${ALIAS_FIX}`,
    );
  });

  test('an unknown anchor after ten thousand aliases is still found with its line, at once', () => {
    // GIVEN
    const flat = clusterConfig('vpc:', '  a: &a x', `  l: [${Array(10_000).fill('*a').join(',')}]`, '  b: *missing');

    // WHEN
    const { elapsed, message } = timed(() => EksctlConfig.fromYaml(flat));

    // THEN
    expect(elapsed).toBeLessThan(timeLimit(flat));
    expect(message).toBe(
      `${PREFIX}eksctl-invalid-yaml] EksctlConfig: the YAML of the text cannot be parsed (line 9): alias *missing names no anchor &missing set before it. Set the anchor \`&missing\` on a value above the alias, or write the value out`,
    );
  });

  test('an anchor set again marks the later value: an alias inside that value contains itself', () => {
    expect(podIdentityErrorOf(() => EksctlConfig.fromYaml(clusterConfig('vpc:', '  a: &x [1]', '  b: [*x]', '  c: &x [2, *x]')))).toBe(
      `${PREFIX}eksctl-invalid-yaml] EksctlConfig: the YAML of the text cannot be parsed (line 9): alias *x is inside the value its anchor &x marks, so that value would contain itself. Move the alias out of the anchored value, or write the value out`,
    );
  });

  test('a merge key whose source is not a mapping', () => {
    expect(podIdentityErrorOf(() => EksctlConfig.fromYaml(clusterConfig('vpc:', '  cidr: &cidr 10.0.0.0/16', '  <<: *cidr')))).toBe(
      `${PREFIX}eksctl-invalid-yaml] EksctlConfig: the YAML of the text cannot be read: Merge sources must be maps or map aliases. Fix the YAML there; for example, a merge key \`<<\` takes a mapping or an alias of one`,
    );
  });
});
