import * as fs from 'fs';
import * as path from 'path';

// README's Install lines and the Java example's dependency name the library's version; `npm run release` bumps
// them with scripts/release/version-pins.cjs. These tests keep them equal to package.json's version.
const ROOT = path.join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pins = require('../../scripts/release/version-pins.cjs');
const version: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8')).version;
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf-8');

test.each(['README.md', 'examples/java/pom.xml'])('every version %s names for the library is package.json\'s', file => {
  const named: string[] = pins.namedVersions(read(file));
  expect(named.length).toBeGreaterThan(0);
  expect([...new Set(named)]).toEqual([version]);
  expect(pins.readVersion(read(file))).toBe(version);
});

test('README names the version in the npm tarball, the wheel, the Maven path, jar, pom, sources, javadoc and dependency, and the Go require', () => {
  expect(pins.namedVersions(read('README.md'))).toHaveLength(12);
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

test('readVersion fails on a file without the Maven dependency', () => {
  expect(() => pins.readVersion('no dependency here')).toThrow('no <artifactId>cdk-eks-pod-identity</artifactId> with a <version> in this file');
});
