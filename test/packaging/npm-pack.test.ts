import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { NPM_REQUIRED, notAllowed } from './npm-allowlist';

const ROOT = path.resolve(__dirname, '..', '..');

/** The files `npm pack` would put in the tarball (package.json `files` and bundleDependencies decide). */
function packedFiles(): string[] {
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf-8' });
  return JSON.parse(output)[0].files.map((file: { path: string }) => file.path).sort();
}

/** Every TypeScript source of lib/, without its extension. */
function librarySources(dir = path.join(ROOT, 'lib')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return librarySources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path.relative(ROOT, full).slice(0, -'.ts'.length)] : [];
  });
}

describe('the npm tarball', () => {
  let files: string[];

  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, 'lib', 'index.js'))) {
      throw new Error('lib/index.js is missing: run the jsii build (npm run build) before this test, as npm test does');
    }
    files = packedFiles();
  });

  test('ships only what the allowlist allows (no tests, fixtures, examples, CI or tool configuration)', () => {
    expect(notAllowed(files)).toEqual([]);
  });

  test('ships the README, LICENSE, API.md, the jsii assembly and the bundled yaml package', () => {
    expect(files).toEqual(expect.arrayContaining(NPM_REQUIRED));
  });

  test('ships the compiled JavaScript and the declarations of every source file of lib/', () => {
    const expected = librarySources().flatMap(source => [`${source}.js`, `${source}.d.ts`]);
    expect(expected.filter(file => !files.includes(file))).toEqual([]);
  });
});
