/**
 * The Java package as docs/install.md tells a Java user to take it: the folder `npm run package` writes
 * holds the jar, its pom, sources and javadoc; its `mvn install:install-file` installs all four; and the pom
 * asks for aws-cdk-lib and constructs at or above the minimums README states. Run by `npm run test:langs` (CI
 * runs it after `npm run package:ci`), since it needs dist/java.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { JAR, JAVA_ARTIFACT_DIR, M2_REPOSITORY, requireBuiltPackages, ROOT, run, VERSION } from './toolchain';

const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
const INSTALL = fs.readFileSync(path.join(ROOT, 'docs', 'install.md'), 'utf-8');
const { groupId, artifactId } = PACKAGE.jsii.targets.java.maven;
const POM = JAR.replace(/\.jar$/, '.pom');

type Version = [number, number, number];

function parseVersion(text: string): Version {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(text.trim());
  if (!match) throw new Error(`not a plain version: ${text}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** The version of a dependency in the pom, as written (a plain version or a Maven range). */
function pomVersion(pom: string, dependencyArtifactId: string): string {
  const dependency = [...pom.matchAll(/<dependency>([\s\S]*?)<\/dependency>/g)]
    .map(([, body]) => body)
    .find(body => body.includes(`<artifactId>${dependencyArtifactId}</artifactId>`));
  const version = dependency && /<version>([^<]+)<\/version>/.exec(dependency)?.[1];
  if (!version) throw new Error(`the pom has no version for ${dependencyArtifactId}`);
  return version;
}

/**
 * The lowest and the excluded highest version a Maven version requirement admits. jsii-pacmak writes the npm
 * range `^2.257.0` as `[2.257.0,3.0.0)`, then resolves it (versions-maven-plugin resolve-ranges) to the newest
 * release in it when it builds the jar, which leaves a plain version: a plain version admits itself.
 * Source: jsii-pacmak 1.140.0 lib/targets/java.js, JavaBuilder.buildModules calling resolveMavenVersions (node_modules, checked 2026-12-07)
 */
function admitted(requirement: string): { lowest: Version; below?: Version } {
  const range = /^\[([^,\]]+),([^)\]]*)\)$/.exec(requirement);
  if (range) return { lowest: parseVersion(range[1]), below: range[2] ? parseVersion(range[2]) : undefined };
  return { lowest: parseVersion(requirement) };
}

/** The minimum README states for a peer dependency: "`aws-cdk-lib` (2.257.0 or later)". */
function readmeMinimum(name: string): Version {
  const match = new RegExp(`\`${name}\` \\((\\d+\\.\\d+\\.\\d+) or later\\)`).exec(README);
  if (!match) throw new Error(`README states no minimum for ${name}`);
  return parseVersion(match[1]);
}

/** docs/install.md's Java install command: the folder it changes to and the install-file arguments. */
function readmeInstall(): { dir: string; args: Record<string, string> } {
  const block = /```bash\n(cd \S+\/dist\/java\/\S+)\nmvn install:install-file ([\s\S]*?)\n```/.exec(INSTALL);
  if (!block) throw new Error('docs/install.md has no `cd .../dist/java/...` and `mvn install:install-file` block');
  const args = Object.fromEntries([...block[2].matchAll(/-D(\w+)=(\S+)/g)].map(([, key, value]) => [key, value]));
  return { dir: block[1].replace(/^cd \/path\/to\/cdk-eks-pod-identity\//, ''), args };
}

beforeAll(() => requireBuiltPackages());

test('dist/java holds the jar, its pom, sources and javadoc in the Maven repository layout', () => {
  expect(path.relative(ROOT, JAVA_ARTIFACT_DIR)).toBe(path.join('dist', 'java', ...groupId.split('.'), artifactId, VERSION));
  const files = fs.readdirSync(JAVA_ARTIFACT_DIR).filter(file => !/\.(md5|sha1)$/.test(file)).sort();
  expect(files).toEqual([
    `${artifactId}-${VERSION}-javadoc.jar`,
    `${artifactId}-${VERSION}-sources.jar`,
    `${artifactId}-${VERSION}.jar`,
    `${artifactId}-${VERSION}.pom`,
  ]);
});

test('docs/install.md installs all four from that folder', () => {
  const install = readmeInstall();
  expect(install.dir).toBe(path.relative(ROOT, JAVA_ARTIFACT_DIR));
  expect(install.args).toEqual({
    file: `${artifactId}-${VERSION}.jar`,
    pomFile: `${artifactId}-${VERSION}.pom`,
    sources: `${artifactId}-${VERSION}-sources.jar`,
    javadoc: `${artifactId}-${VERSION}-javadoc.jar`,
  });
});

test('docs/install.md\'s mvn install:install-file puts the jar, pom, sources and javadoc in a local repository', () => {
  const repository = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-eks-pod-identity-m2-'));
  try {
    const args = Object.entries(readmeInstall().args).map(([key, value]) => `-D${key}=${value}`);
    // Plugins come from (or go to) the repository's Maven cache; the artifacts go to the scratch repository.
    run('mvn', ['--batch-mode', '--no-transfer-progress', '--quiet', `-Dmaven.repo.local=${M2_REPOSITORY}`,
      'install:install-file', ...args, `-DlocalRepositoryPath=${repository}`], { cwd: JAVA_ARTIFACT_DIR });
    const installed = path.join(repository, ...groupId.split('.'), artifactId, VERSION);
    for (const file of [`${artifactId}-${VERSION}.jar`, `${artifactId}-${VERSION}.pom`, `${artifactId}-${VERSION}-sources.jar`, `${artifactId}-${VERSION}-javadoc.jar`]) {
      expect(fs.readFileSync(path.join(installed, file))).toEqual(fs.readFileSync(path.join(JAVA_ARTIFACT_DIR, file)));
    }
  } finally {
    fs.rmSync(repository, { recursive: true, force: true });
  }
});

test.each([
  ['aws-cdk-lib', 'software.amazon.awscdk', 'aws-cdk-lib'],
  ['constructs', 'software.constructs', 'constructs'],
])('the pom asks for %s at or above the minimum README states, below the next major version', (name, dependencyGroupId, dependencyArtifactId) => {
  // GIVEN the minimum README states, which is the peer dependency's
  const minimum = readmeMinimum(name);
  expect(PACKAGE.peerDependencies[name]).toBe(`^${minimum.join('.')}`);

  // WHEN the pom's requirement is read
  const pom = fs.readFileSync(POM, 'utf-8');
  expect(pom).toContain(`<groupId>${dependencyGroupId}</groupId>\n      <artifactId>${dependencyArtifactId}</artifactId>`);
  const { lowest, below } = admitted(pomVersion(pom, dependencyArtifactId));

  // THEN it admits nothing under the minimum, and nothing of the next major version
  expect(compare(lowest, minimum)).toBeGreaterThanOrEqual(0);
  expect(lowest[0]).toBe(minimum[0]);
  if (below) expect(below).toEqual([minimum[0] + 1, 0, 0]);
});
