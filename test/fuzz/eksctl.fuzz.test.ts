/**
 * The eksctl reader, fuzzed: mutations of our eksctl files (test/fixtures/eksctl, examples/eksctl), with fields
 * deleted, types swapped, keys renamed and duplicated, anchors and aliases, very deep and very large documents.
 * Each case must end in an import (read, applied, synthesized) or a PodIdentityError, its reading within a bound of CPU time;
 * and an import must have kept no field that the field table does not classify, nor a field it refuses:
 * every field is honoured, converted, ignored (a section that describes the cluster itself, as the table
 * says) or refused, never dropped unnoticed.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import fc from 'fast-check';
import { isMap, isScalar, isSeq, Node, parseDocument, stringify, visit } from 'yaml';
import { EksctlConfig } from '../../lib';
import { FIELD_CLASSES, SECTION } from '../../lib/eksctl/private/field-classes';
import { isSet } from '../../lib/eksctl/private/fields';
import { WELL_KNOWN_POLICY_KEYS } from '../../lib/eksctl/private/well-known-policies';
import { expectOurError } from './construct-outcome';
import { fuzzDoor, hostileString, runsFor } from './fuzz-util';

const RUNS = runsFor(250);
/**
 * The most CPU time reading one file (EksctlConfig.fromYaml) may take, whatever is in it, besides the allowance for
 * its size below. Applying and synthesizing grow with the number of associations like any CDK app, and are not
 * bounded here.
 */
const TIME_BOUND_MS = 2000;
/**
 * And 1 ms more per 1,000 characters: a document of megabytes takes seconds to parse however it is built (the
 * 10,000-case run of `npm run fuzz` made one of 4 MB). What the bound catches is work that grows faster than the
 * text, as alias expansion would.
 */
const boundFor = (text: string) => TIME_BOUND_MS + text.length / 1000;

/**
 * The CPU time of reading `text`, in ms: the lesser of two reads when the first is over the bound, since a process
 * that has run thousands of cases may collect their garbage during any one read (a 22 KB file read in 90 ms alone
 * took 2.8 s once in the 10,000-case run).
 */
function readTime(text: string, first: number): number {
  if (first <= boundFor(text)) return first;
  const started = process.cpuUsage();
  try {
    EksctlConfig.fromYaml(text);
  } catch {
    // The outcome was judged on the first read.
  }
  const used = process.cpuUsage(started);
  return Math.min(first, (used.user + used.system) / 1000);
}

const ROOT = path.join(__dirname, '..', '..');
const SEED_FILES = [
  ...fs.readdirSync(path.join(ROOT, 'test', 'fixtures', 'eksctl')).map(name => path.join('test', 'fixtures', 'eksctl', name)),
  path.join('examples', 'eksctl', 'cluster.yaml'),
];
const SEEDS = SEED_FILES.map(file => ({ file, value: parseDocument(fs.readFileSync(path.join(ROOT, file), 'utf-8'), { version: '1.1' }).toJS() }));

type Path = (string | number)[];

/** Every path to a value in `value`, the root excluded. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => [[...prefix, index], ...pathsOf(item, [...prefix, index])]);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.entries(value).flatMap(([key, inner]) => [[...prefix, key], ...pathsOf(inner, [...prefix, key])]);
  }
  return [];
}

function parentOf(root: any, at: Path): any {
  return at.slice(0, -1).reduce((node, key) => node[key], root);
}

/** A value of another type, for a swap. */
const otherValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, '', 'yes', 'no', '2024-01-01', '~', [], {}, [1, 'a'], { a: 1 }, 'arn:aws:iam::111122223333:role/r'),
  fc.integer(),
  hostileString(fc.constantFrom('default', 'my-sa', 'vpc-cni', 'IPv6', 'eu-west-1')),
);

type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'swap'; at: number; value: unknown }
  | { kind: 'rename'; at: number; to: string }
  | { kind: 'add'; at: number; key: string; value: unknown }
  | { kind: 'duplicate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), value: otherValue }),
  fc.record({ kind: fc.constant('rename' as const), at: fc.nat(), to: fc.constantFrom('Namespace', 'serviceAccount', 'sessionPolicy', 'roleArn', 'x-extra', 'podIdentityAssociations', 'name', '') }),
  fc.record({ kind: fc.constant('add' as const), at: fc.nat(), key: fc.constantFrom('subjectPattern', 'targetRoleARN', 'policy', 'disableSessionTags', 'createServiceAccount', 'withOIDC', 'unknownField', 'tags', 'namespace', 'vpc'), value: otherValue }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
);

function mutate(root: any, change: Mutation): void {
  const paths = pathsOf(root);
  if (paths.length === 0) return;
  const at = paths[change.at % paths.length];
  const parent = parentOf(root, at);
  const key = at[at.length - 1];
  switch (change.kind) {
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key as number, 1); else delete parent[key];
      return;
    case 'swap':
      parent[key] = change.value;
      return;
    case 'rename':
      if (!Array.isArray(parent)) {
        const value = parent[key];
        delete parent[key];
        parent[change.to] = value;
      }
      return;
    case 'add': {
      const target = parent[key];
      if (target !== null && typeof target === 'object' && !Array.isArray(target) && !(target instanceof Date)) target[change.key] = change.value;
      else if (!Array.isArray(parent)) parent[change.key] = change.value;
      return;
    }
    case 'duplicate':
      if (Array.isArray(parent)) parent.push(structuredClone(parent[key as number]));
      return;
  }
}

/** Changes made to the text or the YAML document, not to the value. */
type TextChange =
  | { kind: 'none' }
  | { kind: 'duplicate-line'; at: number }
  | { kind: 'alias'; anchorAt: number; aliasAt: number }
  | { kind: 'billion-laughs'; depth: number }
  | { kind: 'deep'; depth: number; flow: boolean }
  | { kind: 'large'; entries: number }
  | { kind: 'garbage'; at: number; text: string };

const textChange: fc.Arbitrary<TextChange> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('alias' as const), anchorAt: fc.nat(), aliasAt: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('billion-laughs' as const), depth: fc.integer({ min: 2, max: 12 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deep' as const), depth: fc.integer({ min: 10, max: 20_000 }), flow: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('large' as const), entries: fc.integer({ min: 50, max: 250 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('garbage' as const), at: fc.nat(), text: fc.constantFrom('\t', ': :', '- - -', '{', ']', '&', '*', '!!binary x', '!!python/object:os.system', '<<: *nope', '? complex\n: key', '%YAML 1.2', '---', '...', '"\\u0000"', '\u0000', '\ufeff') }) },
);

function applyText(text: string, change: TextChange): string {
  switch (change.kind) {
    case 'none':
      return text;
    case 'duplicate-line': {
      const lines = text.split('\n');
      const at = change.at % lines.length;
      lines.splice(at, 0, lines[at]);
      return lines.join('\n');
    }
    case 'alias': {
      const document = parseDocument(text, { version: '1.1' });
      const nodes: Node[] = [];
      visit(document, { Node(_key, node) { if (isMap(node) || isSeq(node) || isScalar(node)) nodes.push(node); } });
      if (nodes.length < 2) return text;
      const anchored = nodes[change.anchorAt % nodes.length];
      anchored.anchor = 'a1';
      const aliasAt = change.aliasAt % nodes.length;
      visit(document, {
        Node(_key, node) {
          // The alias replaces a later node (or an earlier one, or the anchored node's own child: errors).
          if (node === nodes[aliasAt] && node !== anchored) return document.createAlias(anchored as any, 'a1');
          return undefined;
        },
      });
      try {
        return String(document);
      } catch {
        // The yaml package cannot write an alias before its anchor: write one that names no anchor instead.
        return `${text}\nvpc: *nowhere\n`;
      }
    }
    case 'billion-laughs': {
      // Each level aliases the one before nine times: 9^depth strings once expanded.
      const levels = ['  a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
      for (let i = 1; i < change.depth; i++) levels.push(`  a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
      return `${text}\nvpc:\n${levels.join('\n')}\nnodeGroups: *a${change.depth - 1}\n`;
    }
    case 'deep': {
      const inner = change.flow ? `${'['.repeat(change.depth)}1${']'.repeat(change.depth)}` : nestedBlock(change.depth);
      return `${text}\nvpc: ${change.flow ? inner : `\n${inner}`}\n`;
    }
    case 'large': {
      const document = parseDocument(text, { version: '1.1' });
      const entries = Array.from({ length: change.entries }, (_, i) => ({ namespace: `ns-${i}`, serviceAccountName: `sa-${i}`, roleARN: `arn:aws:iam::111122223333:role/r-${i}` }));
      // A mutation may have made `iam` a scalar or a list, where setIn cannot go: then `iam` is replaced.
      if (isMap(document.get('iam'))) document.setIn(['iam', 'podIdentityAssociations'], document.createNode(entries));
      else document.set('iam', document.createNode({ podIdentityAssociations: entries }));
      return String(document);
    }
    case 'garbage': {
      const at = change.at % (text.length + 1);
      return text.slice(0, at) + change.text + text.slice(at);
    }
  }
}

function nestedBlock(depth: number): string {
  const levels = Math.min(depth, 2000);
  return Array.from({ length: levels }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n') + ' 1';
}

/** Throws if an imported document holds a field the table does not classify, or a refused field that is set. */
function expectEveryFieldClassified(value: unknown, section = '', where = ''): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Date) return;
  const table = FIELD_CLASSES[section];
  for (const [key, inner] of Object.entries(value)) {
    const at = where === '' ? key : `${where}.${key}`;
    const use = table[key];
    if (use === undefined) throw new Error(`the import kept ${at}, which the field table does not classify: a field dropped without a word`);
    if (use === 'error' && isSet(inner) && inner !== false) throw new Error(`the import kept ${at}, a field the table refuses`);
    if (key === 'wellKnownPolicies' && inner !== null && typeof inner === 'object') {
      const unknown = Object.keys(inner).filter(name => !(WELL_KNOWN_POLICY_KEYS as string[]).includes(name));
      if (unknown.length > 0) throw new Error(`the import kept ${at}.${unknown[0]}, which is not a well-known policy`);
    }
    if (use !== SECTION) continue;
    const child = section === '' ? key : `${section}.${key}`;
    if (Array.isArray(inner)) inner.forEach((item, index) => expectEveryFieldClassified(item, `${child}[]`, `${at}[${index}]`));
    else expectEveryFieldClassified(inner, child, at);
  }
}

interface Case {
  readonly seed: number;
  readonly mutations: Mutation[];
  readonly text: TextChange;
  readonly migrateIrsa: boolean;
}

const cases: fc.Arbitrary<Case> = fc.record({
  seed: fc.nat({ max: SEEDS.length - 1 }),
  mutations: fc.array(mutation, { maxLength: 4 }),
  text: textChange,
  migrateIrsa: fc.boolean(),
});

/** The text of a case: the seed's value, mutated, written as YAML, then changed as text. */
function textOf(input: Case): string {
  const value = structuredClone(SEEDS[input.seed].value);
  for (const change of input.mutations) mutate(value, change);
  return applyText(stringify(value, { version: '1.1', aliasDuplicateObjects: false }), input.text);
}

/** The CPU time the last `EksctlConfig.fromYaml` took, in ms (not wall time: the machine may be shared). */
let lastReadMs = 0;

/** Reads, applies and synthesizes; an import must keep no unclassified field. Returns whether it imported. */
function importOrRefuse(text: string, migrateIrsa: boolean): boolean {
  let config: EksctlConfig;
  // A folder of its own for the cloud assembly, deleted below: aws-cdk-lib's default one is never deleted.
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-eksctl-'));
  const started = process.cpuUsage();
  lastReadMs = Number.NaN;
  try {
    try {
      config = EksctlConfig.fromYaml(text);
    } finally {
      const used = process.cpuUsage(started);
      lastReadMs = (used.user + used.system) / 1000;
    }
    const app = new App({ outdir });
    const stack = new Stack(app, 'Stack', { env: { account: '111122223333', region: 'eu-west-1' } });
    const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', config.clusterName);
    config.apply(stack, 'Eksctl', { cluster, migrateIrsa });
    app.synth();
  } catch (error) {
    expectOurError(error);
    return false;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  expectEveryFieldClassified(parseDocument(text, { version: '1.1' }).toJS({ maxAliasCount: 100 }));
  return true;
}

describe('EksctlConfig, fuzzed with mutations of our eksctl files', () => {
  test('the seeds are read as they are (the files the mutations start from)', () => {
    expect(SEED_FILES.length).toBeGreaterThanOrEqual(11);
    const imported = SEEDS.map((_, index) => importOrRefuse(textOf({ seed: index, mutations: [], text: { kind: 'none' }, migrateIrsa: true }), true));
    // invalid-role-arn-with-policies.yaml is refused by design; every other seed imports.
    expect(SEED_FILES.filter((_, index) => !imported[index]).map(file => path.basename(file))).toEqual(['invalid-role-arn-with-policies.yaml']);
  });

  test('every mutation imports or throws a PodIdentityError, within the time bound, and drops no field unnoticed', () => {
    let imports = 0;
    const summary = fuzzDoor('eksctl reader', cases, RUNS, input => {
      const text = textOf(input);
      if (importOrRefuse(text, input.migrateIrsa)) imports++;
      const readMs = readTime(text, lastReadMs);
      if (readMs > boundFor(text)) throw new Error(`reading took ${Math.round(readMs)} ms of CPU, more than ${Math.round(boundFor(text))}, for a text of ${text.length} characters`);
    });
    expect(summary.failures).toBe(0);
    // Not only refusals: mutations that keep the file valid are imported.
    expect(imports).toBeGreaterThan(0);
  });
});
