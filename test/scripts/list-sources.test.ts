import * as fs from 'fs';
import * as path from 'path';
import { collectSources, parseSource, staleSources, verifyUrl } from '../../scripts/list-sources';

const ROOT = path.join(__dirname, '..', '..');

describe('parseSource', () => {
  test('reads a repository path, the version and the date', () => {
    expect(parseSource('lib/a.ts', 3, 'aws/eks-pod-identity-agent cmd/server.go @ v0.2.3 (checked 2026-12-01)', 'const FLAGS = [')).toEqual({
      file: 'lib/a.ts',
      line: 3,
      where: 'aws/eks-pod-identity-agent cmd/server.go',
      version: 'v0.2.3',
      checked: '2026-12-01',
      fact: 'const FLAGS = [',
      verifyAt: 'https://github.com/aws/eks-pod-identity-agent/blob/v0.2.3/cmd/server.go',
    });
  });

  test('reads a documentation URL', () => {
    const source = parseSource('lib/a.ts', 1, 'https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html @ 2026-11 (checked 2026-12-01)', 'x');
    expect(source.verifyAt).toBe('https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html');
    expect(source.problem).toBeUndefined();
  });

  test('accepts "none found" without a version', () => {
    const source = parseSource('lib/a.ts', 1, 'none found (searched the EKS User Guide)', 'x');
    expect(source.version).toBeUndefined();
    expect(source.problem).toBeUndefined();
  });

  test('reports a line without a version or a date', () => {
    expect(parseSource('lib/a.ts', 1, 'aws/eks-pod-identity-agent cmd/server.go', 'x').problem)
      .toBe('expected "<where> @ <version> (checked YYYY-MM-DD)"');
  });
});

test('verifyUrl reads a commit out of the version', () => {
  expect(verifyUrl('external-secrets/external-secrets docs/provider/aws-secrets-manager.md', 'commit 0153477f')).toBe('https://github.com/external-secrets/external-secrets/blob/0153477f/docs/provider/aws-secrets-manager.md');
});

test('verifyUrl falls back to HEAD for a version that is not a ref', () => {
  expect(verifyUrl('eksctl-io/eksctl pkg/cfn/builder/statement.go', 'main as of 2026-11')).toBe('https://github.com/eksctl-io/eksctl/blob/HEAD/pkg/cfn/builder/statement.go');
  expect(verifyUrl('the EKS team', 'v1')).toBeUndefined();
});

test('staleSources keeps the old and the unsourced', () => {
  const sources = [
    parseSource('a', 1, 'o/r p @ v1 (checked 2026-12-01)', 'x'),
    parseSource('a', 2, 'o/r p @ v1 (checked 2025-01-01)', 'y'),
    parseSource('a', 3, 'none found (nothing)', 'z'),
  ];
  expect(staleSources(sources, 180, new Date('2026-12-02')).map(s => s.line)).toEqual([2, 3]);
});

describe('the Source lines of lib/', () => {
  const sources = collectSources(ROOT);

  test('are all well-formed', () => {
    expect(sources.filter(s => s.problem).map(s => `${s.file}:${s.line}`)).toEqual([]);
  });

  test('each back a line of code', () => {
    expect(sources.filter(s => s.fact === '').map(s => `${s.file}:${s.line}`)).toEqual([]);
  });
});

// The files whose data is copied from upstream: each must say where from.
const FACT_FILES = [
  'lib/addon/custom-policies.ts',
  'lib/addon/recommended-defaults.ts',
  'lib/agent/private/agent-args.ts',
  'lib/agent/private/hybrid.ts',
  'lib/agent/private/manifest.ts',
  'lib/agent/private/scheduling.ts',
  'lib/agent/private/versions.ts',
  'lib/eksctl/private/field-classes.ts',
  'lib/eksctl/private/service-accounts.ts',
  'lib/eksctl/private/well-known-policies.ts',
  'lib/private/image-registry.ts',
  'lib/role/pod-identity-target-role.ts',
];

test.each(FACT_FILES)('%s names its upstream sources', (file) => {
  expect(collectSources(ROOT).filter(s => s.file === file).length).toBeGreaterThan(0);
});

test('every well-known policy names its upstream source', () => {
  const policies = fs.readdirSync(path.join(ROOT, 'lib/policies'))
    .filter(f => f.endsWith('.ts') && !f.endsWith('.d.ts') && f !== 'index.ts' && f !== 'well-known-policy.ts')
    .map(f => `lib/policies/${f}`);
  const sourced = new Set(collectSources(ROOT).map(s => s.file));
  expect(policies.length).toBeGreaterThan(20);
  expect(policies.filter(f => !sourced.has(f))).toEqual([]);
});
