import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { exportingModules, exportsByName, lazyIndex, writeLazyIndex } from '../../scripts/lazy-index';

const ROOT = path.resolve(__dirname, '..', '..');
const LIB = path.join(ROOT, 'lib');

/** A scratch lib/ with the given files. */
function scratch(files: { [file: string]: string }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lazy-index-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** Runs `script` in a fresh node process in the project root and parses the JSON it prints. */
function inFreshNode(script: string): any {
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf-8' }));
}

describe('the lazy index of the built library (lib/index.js)', () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(LIB, 'index.js'))) {
      throw new Error('lib/index.js is missing: run the jsii build (npm run build) before this test, as npm test does');
    }
  });

  test('is the one scripts/lazy-index.ts writes after the build', () => {
    expect(fs.readFileSync(path.join(LIB, 'index.js'), 'utf-8')).toContain('// Written by scripts/lazy-index.ts');
  });

  test('loads no other file of lib/ until an export is used', () => {
    const loaded = inFreshNode(`
      require('./lib');
      console.log(JSON.stringify(Object.keys(require.cache).filter(f => f.startsWith(require('path').resolve('lib')))));
    `);
    expect(loaded).toEqual([path.join(LIB, 'index.js')]);
  });

  test('exports the same names and the same objects as the concept barrels the jsii build writes', () => {
    const result = inFreshNode(`
      const fs = require('fs');
      const lazy = require('./lib');
      const eager = {};
      for (const line of fs.readFileSync('lib/index.ts', 'utf-8').split('\\n').filter(l => l.startsWith('export *'))) {
        Object.assign(eager, require('./lib/' + /'\\.\\/(.+)'/.exec(line)[1]));
      }
      delete eager.__esModule;
      const names = Object.keys(lazy).sort();
      console.log(JSON.stringify({ names, eager: Object.keys(eager).sort(), different: names.filter(n => lazy[n] !== eager[n]) }));
    `);
    expect(result.names).toEqual(result.eager);
    expect(result.names).toEqual(expect.arrayContaining(['PodIdentityAssociation', 'PodIdentityRole', 'WellKnownPolicy', 'EksctlConfig']));
    expect(result.different).toEqual([]);
  });

  test('gives an ES module every export by name, as the eager index did', () => {
    // Node finds the names a CommonJS module offers to `import { X } from` in its text (cjs-module-lexer).
    const names = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', `
      import * as lib from ${JSON.stringify(path.join(LIB, 'index.js'))};
      console.log(JSON.stringify(Object.keys(lib)));
    `], { cwd: ROOT, encoding: 'utf-8' }));
    const cjs = inFreshNode("console.log(JSON.stringify(Object.keys(require('./lib'))))");
    expect(names).toEqual(expect.arrayContaining([...cjs, 'default']));
    expect(names).toEqual(expect.arrayContaining(['PodIdentityAssociation', 'WellKnownPolicy']));
  });
});

describe('scripts/lazy-index.ts', () => {
  test('finds the module of every export, through the concept barrels', () => {
    const modules = exportingModules();
    expect(modules).toEqual(expect.arrayContaining(['association/pod-identity-association', 'role/pod-identity-role', 'policies/well-known-policy']));
    for (const module of modules) expect(fs.existsSync(path.join(LIB, `${module}.ts`))).toBe(true);
  });

  test('writes one getter per export that requires its module with a literal path, after a placeholder Node can see', () => {
    const text = lazyIndex(new Map([['Foo', './a/foo']]));
    expect(text).toContain('exports.Foo = void 0; lazy("Foo", () => require("./a/foo"));');
  });

  test('rewrites an eager index, and a second time leaves the same text', () => {
    const dir = scratch({
      'index.ts': "export * from './a';\nexport * from './b';\n",
      'a/index.ts': "export * from './foo';\n",
      'a/foo.js': 'exports.Foo = { foo: 1 };',
      'b.ts': '',
      'b.js': 'Object.defineProperty(exports, "__esModule", { value: true }); exports.Bar = 2; exports.Baz = 3;',
      'index.js': 'exports.Foo = require("./a/foo").Foo; exports.Bar = 2; exports.Baz = 3;',
    });
    expect(writeLazyIndex(dir)).toBe(3);
    const first = fs.readFileSync(path.join(dir, 'index.js'), 'utf-8');
    expect(writeLazyIndex(dir)).toBe(3);
    expect(fs.readFileSync(path.join(dir, 'index.js'), 'utf-8')).toBe(first);
    const loaded = JSON.parse(execFileSync(process.execPath, ['-e', `
      const lib = require(${JSON.stringify(dir)});
      const before = Object.keys(require.cache).length;
      console.log(JSON.stringify({ keys: Object.keys(lib).sort(), foo: lib.Foo.foo, bar: lib.Bar, loaded: Object.keys(require.cache).length - before }));
    `], { encoding: 'utf-8' }));
    expect(loaded).toEqual({ keys: ['Bar', 'Baz', 'Foo'], foo: 1, bar: 2, loaded: 2 });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('refuses a barrel line other than `export * from`', () => {
    const dir = scratch({ 'index.ts': "export { Foo } from './foo';\n" });
    expect(() => exportingModules(dir)).toThrow(
      'index.ts: "export { Foo } from \'./foo\';" is not an `export * from \'./module\'` line, the only form the lazy index understands');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('refuses a name exported by two modules', () => {
    const dir = scratch({ 'index.ts': "export * from './a';\nexport * from './b';\n", 'a.js': 'exports.Foo = 1;', 'b.js': 'exports.Foo = 2;' });
    expect(() => exportsByName(dir)).toThrow('Foo is exported by both ./a and ./b');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('refuses to write an index that would export other names than the build\'s', () => {
    const dir = scratch({ 'index.ts': "export * from './a';\n", 'a.js': 'exports.Foo = 1;', 'index.js': 'exports.Foo = 1; exports.Gone = 2;' });
    expect(() => writeLazyIndex(dir)).toThrow("the lazy index would export 1 names, the build's index exports 2: missing Gone, extra none");
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
