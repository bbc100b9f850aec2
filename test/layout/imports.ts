import * as fs from 'fs';
import * as path from 'path';

/** The root of the library's sources. */
export const LIB = path.join(__dirname, '..', '..', 'lib');

/** Every source file of lib/, relative to lib/ (`agent/pod-identity-agent.ts`). */
export function libFiles(dir = LIB): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return libFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path.relative(LIB, full)] : [];
  });
}

/**
 * The files of lib/ that `file` imports or re-exports, relative to lib/: every `from '...'` and
 * `import('...')` with a relative path, type-only imports included.
 */
export function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(LIB, file), 'utf-8');
  const specifiers = [...text.matchAll(/\bfrom\s+'(\.[^']*)'|\bimport\s*\(\s*'(\.[^']*)'\s*\)|^import\s+'(\.[^']*)'/gm)]
    .map(match => match[1] ?? match[2] ?? match[3]);
  return specifiers.map(specifier => {
    const target = path.join(path.dirname(file), specifier);
    const candidates = [`${target}.ts`, path.join(target, 'index.ts')];
    const found = candidates.find(candidate => fs.existsSync(path.join(LIB, candidate)));
    if (found === undefined) throw new Error(`${file}: cannot resolve '${specifier}'`);
    return found;
  });
}

/** The import graph of lib/. */
export function importGraph(): Map<string, string[]> {
  return new Map(libFiles().map(file => [file, importsOf(file)]));
}

/** The import cycles of `graph`: each strongly connected set of two or more files, or a file that imports itself (Tarjan). */
export function importCycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, counter);
    low.set(file, counter);
    counter++;
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file)!, index.get(next)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      if (component.length > 1 || (graph.get(file) ?? []).includes(file)) cycles.push(component.sort());
    }
  };
  for (const file of [...graph.keys()].sort()) {
    if (!index.has(file)) visit(file);
  }
  return cycles;
}
