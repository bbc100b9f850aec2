/**
 * Lists every upstream fact in lib/ with the source it was checked against, and where to re-verify it.
 *
 * Each external fact (an IAM action a controller needs, an agent flag, an add-on version, a registry
 * account, an image tag, an eksctl rule) has a comment line above it:
 *
 *   // Source: <owner/repo path, or a doc URL> @ <version checked> (checked YYYY-MM-DD)
 *
 * or `// Source: none found (<what was searched>)` where nothing upstream says it.
 *
 *   npm run sources                # every source, grouped by file
 *   npm run sources -- --stale 180 # only sources checked more than 180 days ago, and the unsourced
 *
 * It exits 1 when a Source line is malformed or names no version, so a maintainer sees it.
 */
import * as fs from 'fs';
import * as path from 'path';

/** One `// Source:` line of lib/. */
export interface SourceLine {
  /** The file, relative to the project root. */
  readonly file: string;
  /** 1-based line number. */
  readonly line: number;
  /** The repository path or URL, or `none found`. */
  readonly where: string;
  /** The version, tag, commit or date of the upstream checked. */
  readonly version?: string;
  /** The date the fact was last checked, YYYY-MM-DD. */
  readonly checked?: string;
  /** The first line of code after the comment: the fact it backs. */
  readonly fact: string;
  /** Where to re-verify it: a URL. */
  readonly verifyAt?: string;
  /** What is wrong with the line, if anything. */
  readonly problem?: string;
}

const SOURCE = /^\s*(?:\/\/|\*)\s*Source:\s*(.+?)\s*$/;
const SHAPE = /^(.+?)\s+@\s+(.+?)\s+\(checked (\d{4}-\d{2}-\d{2})\)$/;
const REPO_PATH = /^([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)\s+(\S+)/;

/** Every Source line in the TypeScript files below `dir` (relative to `root`). */
export function collectSources(root: string, dir = 'lib'): SourceLine[] {
  const found: SourceLine[] = [];
  for (const file of walk(path.join(root, dir))) {
    const lines = fs.readFileSync(file, 'utf-8').split('\n');
    lines.forEach((text, index) => {
      const match = SOURCE.exec(text);
      if (!match) return;
      found.push(parseSource(path.relative(root, file), index + 1, match[1], factAfter(lines, index)));
    });
  }
  return found;
}

/** Parses the text after `Source:`. */
export function parseSource(file: string, line: number, text: string, fact: string): SourceLine {
  if (/^none found\b/.test(text)) {
    return { file, line, where: text, fact };
  }
  const shape = SHAPE.exec(text);
  if (!shape) {
    return { file, line, where: text, fact, problem: 'expected "<where> @ <version> (checked YYYY-MM-DD)"' };
  }
  const [, where, version, checked] = shape;
  return { file, line, where, version, checked, fact, verifyAt: verifyUrl(where, version) };
}

/** A URL to read the source at the version checked. */
export function verifyUrl(where: string, version: string): string | undefined {
  const url = /https?:\/\/\S+/.exec(where);
  if (url) return url[0];
  const repoPath = REPO_PATH.exec(where);
  if (!repoPath) return undefined;
  // A commit anywhere in the version ("commit 0153477f", "@ 06e01eb"), else a tag-like version, else HEAD.
  const commit = /\b([0-9a-f]{7,40})\b/.exec(version)?.[1];
  const ref = commit ?? (/^[\w.\-/]+$/.test(version) ? version : 'HEAD');
  return `https://github.com/${repoPath[1]}/blob/${ref}/${repoPath[2]}`;
}

/** Sources checked more than `days` before `today`, and the lines with no source found. */
export function staleSources(sources: SourceLine[], days: number, today: Date): SourceLine[] {
  const limit = today.getTime() - days * 86_400_000;
  return sources.filter(s => !s.checked || Date.parse(s.checked) < limit);
}

function factAfter(lines: string[], index: number): string {
  for (let i = index + 1; i < lines.length; i++) {
    const text = lines[i].trim();
    if (text === '' || text.startsWith('//') || text.startsWith('*') || text.startsWith('/*')) continue;
    return text.length > 100 ? `${text.slice(0, 97)}...` : text;
  }
  return '';
}

function* walk(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield full;
  }
}

function main(argv: string[]): number {
  const root = path.join(__dirname, '..');
  const staleIndex = argv.indexOf('--stale');
  let sources = collectSources(root);
  if (staleIndex >= 0) sources = staleSources(sources, Number(argv[staleIndex + 1] ?? 180), new Date());
  let file = '';
  for (const source of sources) {
    if (source.file !== file) {
      file = source.file;
      console.log(`\n${file}`);
    }
    console.log(`  ${source.line}: ${source.fact}`);
    console.log(`      source:   ${source.where}${source.version ? ` @ ${source.version}` : ''}${source.checked ? `, checked ${source.checked}` : ''}`);
    if (source.verifyAt) console.log(`      re-check: ${source.verifyAt}`);
    if (source.problem) console.log(`      PROBLEM:  ${source.problem}`);
  }
  const problems = sources.filter(s => s.problem).length;
  console.log(`\n${sources.length} sourced facts, ${sources.filter(s => !s.version).length} without an upstream source, ${problems} malformed`);
  return problems ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
