import { importCycles, importGraph, importsOf } from './imports';

// STYLE.md, "Imports run one way": a concept uses the ones below it, never the reverse.

describe('imports in lib/', () => {
  test('form no cycle', () => {
    expect(importCycles(importGraph())).toEqual([]);
  });

  test('the cycle finder finds a cycle, of two files or longer, and a file that imports itself', () => {
    expect(importCycles(new Map([['a.ts', ['b.ts']], ['b.ts', ['a.ts']], ['c.ts', ['a.ts']]]))).toEqual([['a.ts', 'b.ts']]);
    expect(importCycles(new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']]]))).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(importCycles(new Map([['a.ts', ['a.ts']]]))).toEqual([['a.ts']]);
    expect(importCycles(new Map([['a.ts', ['b.ts']], ['b.ts', []]]))).toEqual([]);
  });

  test('type-only imports and re-exports count', () => {
    expect(importsOf('index.ts')).toContain('eksctl/index.ts');
    expect(importsOf('eksctl/eksctl-resources.ts')).toContain('eksctl/eksctl-apply-options.ts');
  });
});
