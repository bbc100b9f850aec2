import * as path from 'path';
import {
  BEGIN, checkPython, dedupeComments, dedupeImports, END, javaImports, javaSource, parseMarkdown, renderTranslations, Snippet, toTypeScriptSnippet,
  weave, whereOf,
} from '../../scripts/docs';

const ROOT = path.join(__dirname, '..', '..');
const TRANSLATIONS = { python: 'PodIdentityAgent(self, "A", cluster=cluster)\n', java: 'PodIdentityAgent.Builder.create(this, "A").cluster(cluster).build();' };

const MARKDOWN = [
  '# Title',
  '',
  '```ts',
  "new PodIdentityAgent(this, 'A', { cluster });",
  '```',
  '',
  '```bash',
  'npm run docs',
  '```',
  '',
  '- In a list:',
  '',
  '  ```typescript fixture=other',
  '  const x = 1;',
  '  ```',
  '',
].join('\n');

describe('parseMarkdown', () => {
  test('finds the ts and typescript blocks, with their fence parameters and indentation, and no other language', () => {
    const parsed = parseMarkdown(MARKDOWN);
    expect(parsed.blocks).toEqual([
      { open: 2, close: 4, indent: '', parameters: [], source: "new PodIdentityAgent(this, 'A', { cluster });\n" },
      { open: 12, close: 14, indent: '  ', parameters: ['fixture=other'], source: 'const x = 1;\n' },
    ]);
    expect(parsed.generated).toEqual([]);
  });

  test('ignores a ts fence inside a longer fence', () => {
    const parsed = parseMarkdown(['````markdown', '```ts', 'x;', '```', '````', ''].join('\n'));
    expect(parsed.blocks).toEqual([]);
  });

  test('rejects a generated region that is not closed', () => {
    expect(() => parseMarkdown(['```ts', 'x;', '```', '', BEGIN, 'text'].join('\n'))).toThrow(`line 5: '${BEGIN}' without '${END}' after it`);
  });
});

describe('weave', () => {
  test('writes Python and Java in collapsed details under each TypeScript block, indented like the block', () => {
    const parsed = parseMarkdown(MARKDOWN);
    const out = weave(parsed, [TRANSLATIONS, { python: 'x = 1', java: 'Number x = 1;' }]);
    expect(out.split('\n').slice(0, 27)).toEqual([
      '# Title',
      '',
      '```ts',
      "new PodIdentityAgent(this, 'A', { cluster });",
      '```',
      '',
      BEGIN,
      '<details><summary>Python</summary>',
      '',
      '```python',
      'PodIdentityAgent(self, "A", cluster=cluster)',
      '```',
      '',
      '</details>',
      '',
      '<details><summary>Java</summary>',
      '',
      '```java',
      'PodIdentityAgent.Builder.create(this, "A").cluster(cluster).build();',
      '```',
      '',
      '</details>',
      END,
      '',
      '```bash',
      'npm run docs',
      '```',
    ]);
    expect(out).toContain(['  ```typescript fixture=other', '  const x = 1;', '  ```', '', `  ${BEGIN}`, '  <details><summary>Python</summary>', '', '  ```python', '  x = 1', '  ```'].join('\n'));
  });

  test('gives the same bytes when run again on its own output', () => {
    const translations = [TRANSLATIONS, { python: 'x = 1', java: 'Number x = 1;' }];
    const once = weave(parseMarkdown(MARKDOWN), translations);
    expect(weave(parseMarkdown(once), translations)).toBe(once);
  });

  test('replaces stale translations', () => {
    const once = weave(parseMarkdown(MARKDOWN), [TRANSLATIONS, { python: 'x_py = 1', java: 'Number xJava = 1;' }]);
    const updated = weave(parseMarkdown(once), [{ python: 'y_py = 2', java: 'Number yJava = 2;' }, undefined]);
    expect(updated).toContain('y_py = 2');
    expect(updated).not.toContain('PodIdentityAgent(self');
    expect(updated).not.toContain('x_py');
    expect(weave(parseMarkdown(updated), [undefined, undefined])).toBe(MARKDOWN);
  });

  test('drops translations whose TypeScript block is gone', () => {
    const once = weave(parseMarkdown(MARKDOWN), [TRANSLATIONS, undefined]);
    const withoutBlock = once.replace("```ts\nnew PodIdentityAgent(this, 'A', { cluster });\n```\n", 'Some text.\n');
    const parsed = parseMarkdown(withoutBlock);
    expect(parsed.blocks).toHaveLength(1);
    expect(weave(parsed, [undefined])).toBe(MARKDOWN.replace("```ts\nnew PodIdentityAgent(this, 'A', { cluster });\n```\n", 'Some text.\n'));
  });

  test('lengthens the fence when the translation holds a fence', () => {
    const lines = renderTranslations({ python: 'doc = """\n```\n"""', java: 'String doc;' });
    expect(lines).toContain('````python');
    expect(lines).toContain('```java');
  });
});

describe('whereOf', () => {
  const block = { open: 9, close: 13, indent: '', parameters: [], source: "declare const cluster: eks.Cluster;\nnew PodIdentityAgent(this, 'B', { cluster, notAProp: 1 });\n" };
  const snippets: Snippet[] = [{ file: 'docs/agent.md', block, where: 'docs/agent.md:10' }];

  test('points at the markdown line that rosetta quotes', () => {
    const message = [
      "docs.agent.md-L10.ts:26:44 - error TS2353: Object literal may only specify known properties, and 'notAProp' does not exist in type 'PodIdentityAgentProps'.",
      '',
      "26 new PodIdentityAgent(this, 'B', { cluster, notAProp: 1 });",
      '                                              ~~~~~~~~',
    ].join('\n');
    expect(whereOf(message, snippets)).toBe('docs/agent.md:12');
  });

  test('falls back to the fence line, or ? for another snippet', () => {
    expect(whereOf('docs.agent.md-L10.ts:1:1 - error TS2304: Cannot find name.', snippets)).toBe('docs/agent.md:10');
    expect(whereOf('README.md-L3.ts:1:1 - error', snippets)).toBe('?');
  });
});

test('dedupeComments drops a Java comment line that repeats the line above it (aws/jsii-rosetta#1179)', () => {
  expect(dedupeComments('// a\n// a\nfoo();\n// b\nbar();\n// b')).toBe('// a\nfoo();\n// b\nbar();\n// b');
});

test('javaSource puts imports in the header, declarations in fields, classes as nested classes, statements in the constructor', () => {
  const code = [
    'import software.amazon.awscdk.services.sqs.*;',
    'Cluster cluster;',
    'Role legacyRole; // trusts the OIDC provider',
    '',
    'public class MyStack extends Stack {',
    '    public MyStack(final Construct scope, final String id) {',
    '        super(scope, id);',
    '    }',
    '}',
    'new MyStack(this, "S");',
  ].join('\n');
  expect(javaSource('Snippet0', code, 'import java.util.*;\nimport software.amazon.awscdk.*;\nimport software.constructs.Construct;').split('\n')).toEqual([
    'import java.util.*;',
    'import software.amazon.awscdk.*;',
    'import software.constructs.Construct;',
    'import software.amazon.awscdk.services.sqs.*;',
    '',
    'public class Snippet0 extends Stack {',
    '    Cluster cluster;',
    '    Role legacyRole; // trusts the OIDC provider',
    '    public Snippet0(final Construct scope, final String id) {',
    '        super(scope, id);',
    '',
    '        new MyStack(this, "S");',
    '    }',
    '    public static class MyStack extends Stack {',
    '        public MyStack(final Construct scope, final String id) {',
    '            super(scope, id);',
    '        }',
    '    }',
    '}',
    '',
  ]);
});

test('javaImports adds the package of each import outside services, and the interfaces package of a service where the jar has it', () => {
  const fixture = [
    'import software.constructs.Construct;',
    'import software.amazon.awscdk.Stack;',
    'import software.amazon.awscdk.services.eks.v2.*;',
    'import software.amazon.awscdk.services.sqs.*;',
    'import software.amazon.awscdk.services.eks.CfnCluster;',
  ].join('\n');
  expect(javaImports(fixture, new Set(['software.amazon.awscdk.interfaces.eks'])).split('\n')).toEqual([
    'import java.util.*;',
    'import software.constructs.Construct;',
    'import software.constructs.*;',
    'import software.amazon.awscdk.Stack;',
    'import software.amazon.awscdk.*;',
    'import software.amazon.awscdk.services.eks.v2.*;',
    'import software.amazon.awscdk.interfaces.eks.*;',
    'import software.amazon.awscdk.services.sqs.*;',
    'import software.amazon.awscdk.services.eks.CfnCluster;',
  ]);
});

test('checkPython reports a syntax error with the snippet and the line', () => {
  expect(checkPython([
    { where: 'README.md:3', code: 'x = 1\n' },
    { where: 'README.md:9', code: 'x = (\n' },
  ])).toEqual([{ where: 'README.md:9', language: 'Python', message: expect.stringMatching(/^line 1: '\(' was never closed/) }]);
});

test('toTypeScriptSnippet puts the snippet into rosetta/default.ts-fixture, strict, as rosetta extract does', () => {
  const block = { open: 4, close: 7, indent: '', parameters: [], source: "import * as sns from 'aws-cdk-lib/aws-sns';\ndeclare const cluster: eks.Cluster;\nnew sns.Topic(this, 'T');\n" };
  const snippet = toTypeScriptSnippet({ file: 'docs/x.md', block, where: 'docs/x.md:5' }, ROOT);
  expect(snippet.strict).toBe(true);
  expect(snippet.location).toEqual({ api: { api: 'file', fileName: 'docs/x.md' }, field: { field: 'markdown', line: 5 } });
  const complete = snippet.completeSource!;
  // Imports and declarations are hoisted above the fixture's class; the rest goes where the fixture says `/// here`.
  expect(complete.indexOf("import * as sns from 'aws-cdk-lib/aws-sns';")).toBeLessThan(complete.indexOf('class Fixture extends Stack'));
  expect(complete.indexOf('declare const cluster: eks.Cluster;')).toBeLessThan(complete.indexOf('class Fixture extends Stack'));
  expect(complete.indexOf("new sns.Topic(this, 'T');")).toBeGreaterThan(complete.indexOf('super(scope, id);'));
  expect(complete).toContain("} from 'cdk-eks-pod-identity';");
});

test('dedupeImports drops the names a from-import repeats, and leaves other lines alone', () => {
  expect(dedupeImports('from aws_cdk import Environment, Environment, App\nimport aws_cdk as cdk\nx = 1')).toBe(
    'from aws_cdk import Environment, App\nimport aws_cdk as cdk\nx = 1');
});
