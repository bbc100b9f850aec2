/**
 * docs/checks.md "Nothing weakened in silence" lists every warning the library emits where it writes less than asked;
 * this test keeps that list complete (every warning id in lib/ is in it) and proven (every id in it is
 * asserted by a test).
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__snapshots__' ? [] : filesUnder(full, keep);
    return keep(full) ? [full] : [];
  });
}

/** Every warning id in lib/, from its addWarningV2 calls; an id built from a template ends with '-'. */
function emittedIds(): string[] {
  const ids = new Set<string>();
  for (const file of filesUnder(path.join(ROOT, 'lib'), f => f.endsWith('.ts') && !f.endsWith('.d.ts'))) {
    const source = fs.readFileSync(file, 'utf-8');
    for (const match of source.matchAll(/addWarningV2\(\s*[`']?(?:\$\{LIBRARY_ID\}|cdk-eks-pod-identity):([a-z0-9-]*)/g)) {
      ids.add(match[1]);
    }
  }
  return [...ids].sort();
}

function readmeIds(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'docs', 'checks.md'), 'utf-8');
  const section = readme.split(/^## Nothing weakened in silence$/m)[1].split(/^## /m)[0];
  const rows = section.split('\n').filter(line => line.startsWith('| ') && !line.startsWith('| where') && !line.startsWith('| ---'));
  return rows.flatMap(row => [...row.split('|').slice(-2)[0].matchAll(/`([a-z0-9-]+)`/g)].map(match => match[1]));
}

describe('docs/checks.md "Nothing weakened in silence"', () => {
  const listed = readmeIds();

  test('lists every warning the library emits (the checks\' findings are one row)', () => {
    const missing = emittedIds()
      // `${LIBRARY_ID}:${rule.id}`: PodIdentityChecks' findings, one row of the table.
      .filter(id => id !== '')
      .filter(id => id.endsWith('-') ? !listed.some(entry => entry.startsWith(id)) : !listed.includes(id));
    expect(missing).toEqual([]);
    expect(listed.length).toBeGreaterThan(25);
  });

  test('lists no warning the library does not emit', () => {
    const emitted = emittedIds();
    expect(listed.filter(id => !emitted.some(candidate => candidate === id || (candidate.endsWith('-') && id.startsWith(candidate))))).toEqual([]);
  });

  test('every warning listed is asserted by a test, with its id', () => {
    const tests = filesUnder(path.join(ROOT, 'test'), f => f.endsWith('.ts') && f !== __filename)
      .map(file => fs.readFileSync(file, 'utf-8')).join('\n');
    expect(listed.filter(id => !new RegExp(`[:'"\`]${id}\\b`).test(tests))).toEqual([]);
  });
});
