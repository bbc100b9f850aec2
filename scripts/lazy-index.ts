/**
 * Rewrites lib/index.js, which the jsii build writes as an `export *` of every concept (so that importing
 * the library loads all of it), into one getter per export that loads the export's own module on first use,
 * as aws-cdk-lib's index does for its modules. An app then pays only for the constructs it uses (issue 13).
 * lib/index.d.ts and the jsii assembly are not touched: the public API is the same.
 *
 * Run: ts-node -P tsconfig.dev.json --transpile-only scripts/lazy-index.ts (npm's postbuild does, after jsii).
 */
import * as fs from 'fs';
import * as path from 'path';

const LIB = path.resolve(__dirname, '..', 'lib');
const MARK = '// Written by scripts/lazy-index.ts';

/**
 * The modules (paths relative to lib/, without extension) whose exports lib/index.ts re-exports, following
 * concept barrels (`export * from './role'` -> lib/role/index.ts) down to the files that declare them.
 */
export function exportingModules(lib: string = LIB, barrel: string = '.'): string[] {
  const file = path.join(lib, barrel, 'index.ts');
  const modules: string[] = [];
  for (const line of fs.readFileSync(file, 'utf-8').split('\n').map(l => l.trim()).filter(l => l && !l.startsWith('//'))) {
    const match = /^export \* from '(\.\/[\w./-]+)';$/.exec(line);
    if (!match) throw new Error(`${path.relative(lib, file)}: "${line}" is not an \`export * from './module'\` line, the only form the lazy index understands`);
    const target = path.posix.join(barrel, match[1]);
    if (fs.existsSync(path.join(lib, target, 'index.ts'))) modules.push(...exportingModules(lib, target));
    else modules.push(target);
  }
  return modules;
}

/** Each runtime export of the library, with the module (relative to lib/) that declares it. */
export function exportsByName(lib: string = LIB): Map<string, string> {
  const owners = new Map<string, string>();
  for (const module of exportingModules(lib)) {
    const id = `./${module}`;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    for (const name of Object.keys(require(path.join(lib, `${module}.js`))).filter(key => key !== '__esModule')) {
      const owner = owners.get(name);
      if (owner) throw new Error(`${name} is exported by both ${owner} and ${id}`);
      owners.set(name, id);
    }
  }
  return owners;
}

/** The text of the lazy lib/index.js. */
export function lazyIndex(owners: Map<string, string>): string {
  // `exports.Name = void 0;` first: Node reads a CommonJS module's export names for `import { Name } from`
  // (ES modules) from its text with cjs-module-lexer, which does not see names set by a function, as aws-cdk-lib's
  // lazify tool does for its own lazy index. `lazy` then replaces the placeholder with the getter.
  const lines = [...owners].sort(([a], [b]) => a.localeCompare(b))
    .map(([name, module]) => `exports.${name} = void 0; lazy(${JSON.stringify(name)}, () => require(${JSON.stringify(module)}));`);
  return [
    '"use strict";',
    `${MARK} after the jsii build: each export loads its own module on first use (see that script).`,
    'Object.defineProperty(exports, "__esModule", { value: true });',
    'function lazy(name, load) {',
    '  Object.defineProperty(exports, name, {',
    '    configurable: true,',
    '    enumerable: true,',
    '    get() {',
    '      const value = load()[name];',
    '      Object.defineProperty(exports, name, { configurable: true, enumerable: true, writable: false, value });',
    '      return value;',
    '    },',
    '  });',
    '}',
    ...lines,
    '',
  ].join('\n');
}

/** Rewrites lib/index.js; checks first that it exports what the build's eager index exported. */
export function writeLazyIndex(lib: string = LIB): number {
  const indexFile = path.join(lib, 'index.js');
  const owners = exportsByName(lib);
  if (!fs.readFileSync(indexFile, 'utf-8').includes(MARK)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const eager = Object.keys(require(indexFile)).filter(key => key !== '__esModule').sort();
    const lazy = [...owners.keys()].sort();
    if (JSON.stringify(eager) !== JSON.stringify(lazy)) {
      throw new Error(`the lazy index would export ${lazy.length} names, the build's index exports ${eager.length}: `
        + `missing ${eager.filter(n => !owners.has(n)).join(', ') || 'none'}, extra ${lazy.filter(n => !eager.includes(n)).join(', ') || 'none'}`);
    }
  }
  fs.writeFileSync(indexFile, lazyIndex(owners));
  return owners.size;
}

if (require.main === module) {
  console.log(`lib/index.js: ${writeLazyIndex()} exports, each loaded on first use`);
}
