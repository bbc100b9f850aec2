/**
 * The README is a landing page and docs/ holds the rest: every link of README.md, CONTRIBUTING.md and docs/*.md to
 * a file of this repository (relative, or to its `main` branch on GitHub, which the README uses because PyPI shows
 * it without resolving relative links) must reach a file, and every `#anchor` a heading of its page, as GitHub
 * renders them (github-slugger's rule). The README's map must link every page of docs/.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const DOCS = fs.readdirSync(path.join(ROOT, 'docs')).filter(name => name.endsWith('.md')).map(name => `docs/${name}`);
const PAGES = ['README.md', 'CONTRIBUTING.md', ...DOCS];
/** This repository's main branch on GitHub (package.json `repository`). */
const REPOSITORY = /^https:\/\/github\.com\/cdk-eks-pod-identity\/cdk-eks-pod-identity\/(?:blob|tree)\/main\//;

/** The text of a markdown file outside its fenced code blocks. */
function prose(file: string): string[] {
  let fenced = false;
  return fs.readFileSync(path.join(ROOT, file), 'utf-8').split('\n').filter(line => {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      return false;
    }
    return !fenced;
  });
}

/** GitHub's anchors for a page's headings: lower case, punctuation dropped, spaces as '-', repeats numbered. */
export function anchorsOf(file: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of prose(file)) {
    const heading = /^#{1,6} (.*)$/.exec(line);
    if (!heading) continue;
    const base = heading[1].toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/**
 * The links of a page to files of this repository, outside code: `[text](target)`, relative to the page (a link to
 * the repository on GitHub is made relative to the root, and so to the page).
 */
function linksOf(file: string): string[] {
  const inline = prose(file).join('\n').replace(/`[^`\n]*`/g, '');
  return [...inline.matchAll(/\]\(([^)\s]+)\)/g)].map(match => match[1])
    .map(target => REPOSITORY.test(target) ? path.relative(path.dirname(file), target.replace(REPOSITORY, '')) || '.' : target)
    .filter(target => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

test('anchors follow GitHub\'s rule', () => {
  const file = path.join('test', 'layout', '__doc-links-fixture.md');
  fs.writeFileSync(path.join(ROOT, file), '# The command line: `verify` and `serve`\n## A_b\n## A_b\n```\n# not a heading\n```\n');
  try {
    expect([...anchorsOf(file)]).toEqual(['the-command-line-verify-and-serve', 'a_b', 'a_b-1']);
  } finally {
    fs.rmSync(path.join(ROOT, file));
  }
});

describe.each(PAGES)('%s', page => {
  const links = linksOf(page);

  test('has links', () => {
    expect(links.length).toBeGreaterThan(0);
  });

  test.each(links.map(link => [link]))('%s reaches a file and a heading', link => {
    const [target, anchor] = link.split('#');
    const file = target === '' ? page : path.normalize(path.join(path.dirname(page), target));
    expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
    if (anchor !== undefined) {
      expect(file.endsWith('.md')).toBe(true);
      expect([...anchorsOf(file)]).toContain(anchor);
    }
  });
});

test('the README\'s map links every page of docs/', () => {
  const linked = new Set(linksOf('README.md').map(link => link.split('#')[0]));
  expect(DOCS.filter(doc => !linked.has(doc))).toEqual([]);
});

test('every page of docs/ links back to the README\'s map', () => {
  expect(DOCS.filter(doc => !linksOf(doc).includes('../README.md#documentation'))).toEqual([]);
});
