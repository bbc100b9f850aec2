import { RootConstruct } from 'constructs';
import type { Document, LineCounter, Node } from 'yaml';
import { PodIdentityError } from '../../private/errors';
import { yamlModule } from '../../private/k8s-manifest';

// Reading an eksctl ClusterConfig: YAML to plain values, with the line of every field so that an
// error can say where in the file it is. Private to EksctlConfig.

/** The construct path of every error found while reading a file: there is no construct yet. */
export const CONFIG_PATH = 'EksctlConfig';

const CONFIG_SCOPE = new RootConstruct(CONFIG_PATH);

// The `yaml` package's own default: aliases may expand at most 100 times, each expansion counted
// by the aliases inside the value it copies; enough for any hand-written file, and far from the
// billions of a "billion laughs" document.
// Source: eemeli/yaml docs/03_options.md @ commit 7f970728 (ToJS options, maxAliasCount) (checked 2026-12-07)
const MAX_ALIAS_COUNT = 100;

/** Throws a PodIdentityError about a config as a whole, e.g. a file that cannot be read. */
export function failConfig(code: string, problem: string, fix: string): never {
  throw new PodIdentityError(code, CONFIG_SCOPE, problem, fix);
}

/** A plain YAML mapping, as `toJS()` gives it. */
export type YamlMap = { [key: string]: unknown };

/**
 * One eksctl file being read: where it came from, and the line of every field path in it.
 * All errors about the file go through `fail`, so they read the same way.
 */
export class EksctlSource {
  /**
   * Parses `text` as one YAML document the way eksctl does (YAML 1.1, so `yes`/`no` are booleans)
   * and returns its value. Syntax errors, duplicate keys and several documents are errors.
   *
   * @param sourceName the file name for messages, when the text came from a file
   */
  public static parse(text: string, sourceName?: string): { readonly root: unknown; readonly source: EksctlSource } {
    const { LineCounter, parseAllDocuments } = yamlModule();
    const lineCounter = new LineCounter();
    const lines = new Map<string, number>();
    const source = new EksctlSource(sourceName, lines);
    const documents = parseAllDocuments(text, { lineCounter, version: '1.1', prettyErrors: true });
    if (!Array.isArray(documents) || documents.length === 0) {
      source.fail('eksctl-not-cluster-config', '', `${source.subject()} holds no YAML document`,
        'Give the contents of an eksctl ClusterConfig file (`apiVersion: eksctl.io/v1alpha5`, `kind: ClusterConfig`)');
    }
    if (documents.length > 1) {
      source.fail('eksctl-invalid-yaml', '', `${source.subject()} holds ${documents.length} YAML documents, but an eksctl config file holds one ClusterConfig`,
        'Split the documents into one file each, or remove the extra `---` separators');
    }
    const document = documents[0];
    const error = document.errors[0];
    if (error) {
      const line = error.linePos?.[0].line;
      source.fail('eksctl-invalid-yaml', '', `the YAML of ${source.subject()} cannot be parsed${line !== undefined ? ` (line ${line})` : ''}: ${error.message.split('\n')[0]}`,
        'Fix the YAML syntax (indentation, quotes, a key given twice)');
    }
    checkAliases(document, source, lineCounter);
    collectLines(document.contents, '', lines, lineCounter);
    return { root: source.toJS(document), source };
  }

  private constructor(private readonly sourceName: string | undefined, private readonly lines: Map<string, number>) {}

  /**
   * Throws a PodIdentityError about the field at `path`, naming the path and its line.
   *
   * @param path a field path such as `iam.podIdentityAssociations[1].roleARN`; empty for the whole file
   */
  public fail(code: string, path: string, problem: string, fix: string): never {
    throw new PodIdentityError(code, CONFIG_SCOPE, path === '' ? problem : `${this.where(path)} ${problem}`, fix);
  }

  /**
   * Runs a check of this library that reports through a construct (a name check) against the field
   * at `path`, so its error names the field: `EksctlConfig: <path> (line n): <problem>`.
   */
  public check(path: string, run: (scope: RootConstruct) => void): void {
    run(new RootConstruct(`${CONFIG_PATH}: ${this.where(path)}`));
  }

  /** `path (line n of file)`, using the nearest enclosing field whose line is known. */
  public where(path: string): string {
    const line = this.lineOf(path);
    return line === undefined ? path : `${path} (${this.describeLine(line)})`;
  }

  /** The line of the field at `path`, or of the nearest enclosing field whose line is known. */
  public lineOf(path: string): number | undefined {
    let line: number | undefined;
    for (let probe: string | undefined = path; probe !== undefined && line === undefined; probe = parentPath(probe)) {
      line = this.lines.get(probe);
    }
    return line;
  }

  /** The file name, or 'the text' for YAML given as a string. */
  public subject(): string {
    return this.sourceName ?? 'the text';
  }

  /**
   * The plain value of `document`. The parser refuses, with its own message, aliases that would
   * expand beyond `MAX_ALIAS_COUNT` (a "billion laughs" document) and merge keys (`<<`) whose
   * source is not a mapping: those become errors about this file, like every other.
   */
  private toJS(document: Document.Parsed): unknown {
    try {
      return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const message = (error as Error).message.split('\n')[0];
      if (message.startsWith('Excessive alias count')) {
        this.fail('eksctl-invalid-yaml', '', `the YAML of ${this.subject()} expands its aliases (\`*name\`) more often than the YAML parser allows (${MAX_ALIAS_COUNT} expansions, counting the aliases inside each anchored value), as a "billion laughs" document does to exhaust memory`,
          'Write the repeated values out instead of aliasing aliases; an eksctl config file needs few aliases, if any');
      }
      this.fail('eksctl-invalid-yaml', '', `the YAML of ${this.subject()} cannot be read: ${message}`,
        'Fix the YAML there; for example, a merge key `<<` takes a mapping or an alias of one');
    }
  }

  private describeLine(line: number): string {
    return this.sourceName === undefined ? `line ${line}` : `line ${line} of ${this.sourceName}`;
  }
}

/** The path of the field `key` of the mapping at `path`, as eksctl writes it: `iam.withOIDC`, `tags["a.b/c"]`. */
export function fieldPath(path: string, key: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** The path of item `index` of the list at `path`. */
export function itemPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** Whether `value` is a YAML mapping (not a list, not a scalar). */
export function isYamlMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

// An alias of an anchor set after it, or inside the value its anchor marks, is refused here with its
// line, as Go's YAML decoder refuses both ("unknown anchor 'b' referenced", "anchor 'a' value
// contains itself"); the parser would throw a bare message for the first and build a value that
// contains itself for the second.
// Source: go-yaml/yaml decode_test.go @ commit 539c8e75 (unmarshalErrorTests) (checked 2026-12-07)
// One walk in document order, keeping the node each anchor last marked: `Alias.resolve` would walk
// the whole document again for every alias, so a flat list of 20,000 aliases took minutes. The walk
// meets an anchored node before its children, so an alias inside it finds that node, as `resolve`
// does (the last anchor of that name before the alias).
function checkAliases(document: Document.Parsed, source: EksctlSource, lineCounter: LineCounter): void {
  const { visit, isAlias, isCollection, isScalar } = yamlModule();
  const anchored = new Map<string, unknown>();
  visit(document, {
    Node(_key, node, path) {
      if (!isAlias(node)) {
        if ((isScalar(node) || isCollection(node)) && node.anchor) anchored.set(node.anchor, node);
        return;
      }
      const target = anchored.get(node.source);
      const offset = node.range?.[0];
      const where = offset === undefined ? '' : ` (line ${lineCounter.linePos(offset).line})`;
      if (target === undefined) {
        source.fail('eksctl-invalid-yaml', '', `the YAML of ${source.subject()} cannot be parsed${where}: alias *${node.source} names no anchor &${node.source} set before it`,
          `Set the anchor \`&${node.source}\` on a value above the alias, or write the value out`);
      }
      if ((path as readonly unknown[]).includes(target)) {
        source.fail('eksctl-invalid-yaml', '', `the YAML of ${source.subject()} cannot be parsed${where}: alias *${node.source} is inside the value its anchor &${node.source} marks, so that value would contain itself`,
          'Move the alias out of the anchored value, or write the value out');
      }
    },
  });
}

function parentPath(path: string): string | undefined {
  if (path === '') return undefined;
  const match = /^(.*?)(\.[A-Za-z0-9_-]+|\[[^\]]*\])$/.exec(path);
  return match ? match[1] : '';
}

function collectLines(node: unknown, path: string, lines: Map<string, number>, lineCounter: LineCounter): void {
  const { isMap, isPair, isScalar, isSeq } = yamlModule();
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const child = fieldPath(path, String(pair.key.value));
      record(child, pair.key, lines, lineCounter);
      collectLines(pair.value, child, lines, lineCounter);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      const child = itemPath(path, index);
      record(child, item, lines, lineCounter);
      collectLines(item, child, lines, lineCounter);
    });
  }
}

function record(path: string, node: unknown, lines: Map<string, number>, lineCounter: LineCounter): void {
  const offset = (node as Node | undefined)?.range?.[0];
  if (offset !== undefined && !lines.has(path)) lines.set(path, lineCounter.linePos(offset).line);
}
