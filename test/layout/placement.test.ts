import * as path from 'path';
import { importGraph, libFiles } from './imports';

// STYLE.md, "Layout": a concept's helpers sit in its own private/ folder; lib/private/ holds only
// what several concepts share.

/** The concept of a file of lib/: its first folder (`agent`), or `private` for the shared ones. */
function conceptOf(file: string): string {
  return file.split(path.sep)[0];
}

/** Kept in lib/private/ by decision although one concept uses it today (none at present). */
const SHARED_BY_DECISION: string[] = [];

describe('where private files live', () => {
  const graph = importGraph();
  const importers = (target: string) => [...graph.entries()].filter(([, imports]) => imports.includes(target)).map(([file]) => file);

  test('a concept\'s private files are imported by that concept only', () => {
    const strays = libFiles()
      .filter(file => file.split(path.sep)[1] === 'private')
      .flatMap(file => importers(file).filter(importer => conceptOf(importer) !== conceptOf(file)).map(importer => `${importer} -> ${file}`));
    expect(strays).toEqual([]);
  });

  test('lib/private/ holds only files that several concepts share, and no folder of one concept', () => {
    const shared = libFiles().filter(file => conceptOf(file) === 'private');
    expect(shared.filter(file => file.split(path.sep).length > 2)).toEqual([]);
    const single = shared
      .filter(file => !SHARED_BY_DECISION.includes(file))
      .map(file => ({ file, concepts: new Set(importers(file).map(conceptOf).filter(concept => concept !== 'private')) }))
      .filter(({ concepts }) => concepts.size < 2)
      .map(({ file, concepts }) => `${file} (${[...concepts].join(', ') || 'no concept'})`);
    expect(single).toEqual([]);
  });
});
