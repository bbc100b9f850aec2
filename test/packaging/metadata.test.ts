import * as fs from 'fs';
import * as path from 'path';

// What Construct Hub and the five registries read from package.json: a rename or a clean-up must not drop it.
const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));
const REPOSITORY = 'https://github.com/cdk-eks-pod-identity/cdk-eks-pod-identity';

test('the awscdk keyword, which Construct Hub indexes jsii packages by', () => {
  expect(pkg.keywords).toContain('awscdk');
});

test('name, description, license, author, homepage, repository and bugs', () => {
  expect(pkg.name).toBe('cdk-eks-pod-identity');
  expect(pkg.description).toMatch(/EKS Pod Identity/);
  expect(pkg.license).toBe('Apache-2.0');
  expect(pkg.author).toEqual(expect.objectContaining({ name: expect.any(String), url: 'https://github.com/cdk-eks-pod-identity' }));
  expect(pkg.homepage).toBe(`${REPOSITORY}#readme`);
  expect(pkg.repository).toEqual({ type: 'git', url: `${REPOSITORY}.git` });
  expect(pkg.bugs).toEqual({ url: `${REPOSITORY}/issues` });
  expect(pkg.publishConfig).toEqual({ access: 'public' });
});

test('stability is experimental, as README "Status and compatibility" says', () => {
  // jsii-pacmak derives the Python "Development Status :: 4 - Beta" classifier from it.
  expect(pkg.stability).toBe('experimental');
  expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8')).toMatch(/^## Status and compatibility$/m);
});

test('the coordinates of every jsii target are the design\'s', () => {
  expect(pkg.jsii.targets).toEqual({
    python: {
      distName: 'cdk-eks-pod-identity',
      module: 'cdk_eks_pod_identity',
      classifiers: ['Framework :: AWS CDK', 'Framework :: AWS CDK :: 2'],
    },
    java: {
      package: 'io.github.cdkekspodidentity',
      maven: { groupId: 'io.github.cdk-eks-pod-identity', artifactId: 'cdk-eks-pod-identity' },
    },
    dotnet: { namespace: 'CdkEksPodIdentity', packageId: 'CdkEksPodIdentity' },
    go: { moduleName: 'github.com/cdk-eks-pod-identity/cdk-eks-pod-identity-go', packageName: 'cdkekspodidentity' },
  });
});

test('no Python classifier that jsii-pacmak sets itself (it warns: Development Status, License, Operating System, Typing)', () => {
  const reserved = /^(Development Status|License|Operating System|Typing) ::/;
  expect(pkg.jsii.targets.python.classifiers.filter((c: string) => reserved.test(c))).toEqual([]);
});

test('the engines and the aws-cdk-lib range README "Status and compatibility" states', () => {
  expect(pkg.engines).toEqual({ node: '>= 22.0.0' });
  expect(pkg.peerDependencies['aws-cdk-lib']).toBe(`^${pkg.devDependencies['aws-cdk-lib']}`);
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
  const section = readme.split(/^## Status and compatibility$/m)[1].split(/^## /m)[0];
  expect(section).toContain(pkg.devDependencies['aws-cdk-lib']);
  expect(section).toContain(pkg.devDependencies['aws-cdk-lib-latest'].replace('npm:aws-cdk-lib@', ''));
  expect(section).toContain('Node.js 22');
});

test('npm run release: commit-and-tag-version, exact-pinned, bumping package.json, the lock, the docs that name the version and the Java example', () => {
  expect(pkg.scripts.release).toMatch(/^npx --yes commit-and-tag-version@\d+\.\d+\.\d+$/);
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, '.versionrc.json'), 'utf-8'));
  expect(config.bumpFiles.map((f: { filename: string }) => f.filename)).toEqual(['package.json', 'package-lock.json', 'README.md', 'docs/install.md', 'docs/languages.md', 'examples/java/pom.xml']);
});

test.each(['CHANGELOG.md', 'CONTRIBUTING.md', 'SECURITY.md', 'LICENSE', '.github/PULL_REQUEST_TEMPLATE.md',
  '.github/workflows/ci.yml', '.github/workflows/release.yml'])('%s is there', file => {
  expect(fs.statSync(path.join(ROOT, file)).size).toBeGreaterThan(0);
});

test('CHANGELOG.md has a section for the version in package.json', () => {
  const changelog = fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf-8');
  const headings = [...changelog.matchAll(/^## \[?(\d+\.\d+\.\d+)/gm)].map(m => m[1]);
  expect(headings).toContain(pkg.version);
});

describe('Dependabot keeps every ecosystem current', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = require('yaml').parse(fs.readFileSync(path.join(ROOT, '.github', 'dependabot.yml'), 'utf-8'));
  const updates: Array<{ 'package-ecosystem': string; directory: string; groups?: Record<string, { patterns: string[] }> }> = config.updates;

  test('npm, pip, Maven, Go modules and GitHub Actions, each where its manifest is', () => {
    expect(updates.map(update => [update['package-ecosystem'], update.directory])).toEqual([
      ['npm', '/'], ['pip', '/examples/python'], ['maven', '/examples/java'], ['github-actions', '/'], ['gomod', '/examples/go'],
    ]);
    for (const update of updates) {
      const manifest = { 'npm': 'package.json', 'pip': 'requirements.txt', 'maven': 'pom.xml', 'github-actions': '.github/workflows', 'gomod': 'go.mod' }[update['package-ecosystem']]!;
      expect(fs.existsSync(path.join(ROOT, update.directory, manifest))).toBe(true);
    }
  });

  test.each(['npm', 'pip', 'maven', 'gomod'])('%s moves aws-cdk-lib, constructs and jsii in one group', ecosystem => {
    const patterns = updates.find(update => update['package-ecosystem'] === ecosystem)!.groups!['cdk-and-jsii'].patterns.join(' ');
    expect(patterns).toMatch(/aws-?cdk/);
    expect(patterns).toMatch(/constructs/);
    expect(patterns).toMatch(/jsii/);
  });
});
