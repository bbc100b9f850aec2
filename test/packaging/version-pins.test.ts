import * as fs from 'fs';
import * as path from 'path';

// README's Maven snippet, docs/install.md's and docs/languages.md's paths and commands, and the Java example's
// dependency name the library's version; `npm run release` bumps them with scripts/release/version-pins.cjs (every
// file of .versionrc.json's bumpFiles that uses it). These tests keep them equal to package.json's version.
const ROOT = path.join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pins = require('../../scripts/release/version-pins.cjs');
const version: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8')).version;
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf-8');

const BUMPED: string[] = JSON.parse(read('.versionrc.json')).bumpFiles
  .filter((f: { updater?: string }) => f.updater === 'scripts/release/version-pins.cjs').map((f: { filename: string }) => f.filename);

test('the release bumps README, the docs that name the version and the Java example', () => {
  expect(BUMPED).toEqual(['README.md', 'docs/install.md', 'docs/languages.md', 'examples/java/pom.xml']);
});

test('no other doc names a version of the library', () => {
  const docs = ['CONTRIBUTING.md', ...fs.readdirSync(path.join(ROOT, 'docs')).map(name => `docs/${name}`)];
  expect(docs.filter(file => !BUMPED.includes(file) && pins.namedVersions(read(file)).length > 0)).toEqual([]);
});

test.each(BUMPED)('every version %s names for the library is package.json\'s', file => {
  const named: string[] = pins.namedVersions(read(file));
  expect(named.length).toBeGreaterThan(0);
  expect([...new Set(named)]).toEqual([version]);
  expect(pins.readVersion(read(file))).toBe(version);
});

test('docs/install.md names the version in the npm tarball, the wheel, the Maven path, jar, pom, sources, javadoc and dependency, and the Go require', () => {
  expect(pins.namedVersions(read('docs/install.md'))).toHaveLength(11);
  expect(pins.namedVersions(read('README.md'))).toHaveLength(1);
});

test('writeVersion sets every named version and leaves other versions alone', () => {
  const text = [
    'npm install dist/js/cdk-eks-pod-identity@1.2.3.jsii.tgz',
    'pip install dist/python/cdk_eks_pod_identity-1.2.3-py3-none-any.whl',
    'cd dist/java/io/github/cdk-eks-pod-identity/cdk-eks-pod-identity/1.2.3',
    'mvn install:install-file -Dfile=cdk-eks-pod-identity-1.2.3.jar -DpomFile=cdk-eks-pod-identity-1.2.3.pom',
    '<artifactId>cdk-eks-pod-identity</artifactId>\n  <version>1.2.3</version>',
    'go get github.com/cdk-eks-pod-identity/cdk-eks-pod-identity-go/cdkekspodidentity@v1.2.3',
    '<artifactId>aws-cdk-lib</artifactId><version>1.2.3</version> aws-cdk-lib@1.2.3',
  ].join('\n');
  const written: string = pins.writeVersion(text, '1.3.0');
  expect(pins.namedVersions(written)).toEqual(Array(7).fill('1.3.0'));
  expect(written).toContain('<artifactId>aws-cdk-lib</artifactId><version>1.2.3</version> aws-cdk-lib@1.2.3');
  expect(pins.readVersion(written)).toBe('1.3.0');
});

test('readVersion reads the Maven dependency first, else the first version named', () => {
  expect(pins.readVersion('pip install cdk_eks_pod_identity-1.2.3-py3-none-any.whl')).toBe('1.2.3');
  expect(pins.readVersion('cdk_eks_pod_identity-1.0.0-py3 <artifactId>cdk-eks-pod-identity</artifactId><version>2.0.0</version>')).toBe('2.0.0');
});

test('readVersion fails on a file that names no version of the library', () => {
  expect(() => pins.readVersion('aws-cdk-lib@2.257.0')).toThrow('this file names no version of cdk-eks-pod-identity');
});
