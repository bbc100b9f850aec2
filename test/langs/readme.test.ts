import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The Python, Java and Go snippets of docs/languages.md: each follows a `<!-- from <file> ... -->` comment and must be taken
 * from that file, which `npm run test:langs` runs. A snippet may leave lines out; the lines it shows must be
 * in the file, in the same order (compared without their indentation).
 */
function snippets(): { file: string; language: string; lines: string[] }[] {
  const readme = fs.readFileSync(path.join(ROOT, 'docs', 'languages.md'), 'utf-8');
  const found = [...readme.matchAll(/<!-- from (\S+)[^>]*-->\n```(\w+)\n([\s\S]*?)\n```/g)];
  return found.map(([, file, language, body]) => ({ file, language, lines: body.split('\n') }));
}

/** The snippet lines that are not in the file in order (the first one missing, and all after it). */
function notInOrder(lines: string[], fileLines: string[]): string[] {
  let at = 0;
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const found = fileLines.findIndex((candidate, j) => j >= at && candidate.trim() === line.trim());
    if (found < 0) return lines.slice(i);
    at = found + 1;
  }
  return [];
}

test('docs/languages.md shows a Python, a Java and a Go snippet taken from the example apps', () => {
  expect(snippets().map(s => s.language).sort()).toEqual(['go', 'java', 'python']);
});

test.each(snippets().map(s => [s.file, s] as const))('the docs/languages.md snippet from %s is in that file, line by line', (file, snippet) => {
  const fileLines = fs.readFileSync(path.join(ROOT, file), 'utf-8').split('\n');
  expect(notInOrder(snippet.lines, fileLines)).toEqual([]);
});
