/**
 * The packages that `npm run package` builds ship only what a user needs: the wheel, the sdist and the jar
 * hold the generated bindings, their metadata and the library's npm tarball (which jsii runs in Node.js),
 * and that embedded tarball passes the same allowlist as the npm package itself.
 */
import * as fs from 'fs';
import * as path from 'path';
import { notAllowed } from '../packaging/npm-allowlist';
import { CACHE, JAR, requireBuiltPackages, ROOT, run, SDIST, VERSION, WHEEL } from './toolchain';

const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));
const MODULE: string = PACKAGE.jsii.targets.python.module;
const JAVA_PACKAGE_DIR: string = PACKAGE.jsii.targets.java.package.replace(/\./g, '/');
const { groupId, artifactId } = PACKAGE.jsii.targets.java.maven;
const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The library's npm tarball as jsii embeds it in every binding. */
const TARBALL = `${PACKAGE.name}@${VERSION}.jsii.tgz`;

interface Listing {
  readonly entries: string[];
  readonly embedded: { [entry: string]: string[] };
}

function list(archive: string): Listing {
  return JSON.parse(run('python3', [path.join(__dirname, 'list_archive.py'), archive]));
}

/** Entries that no pattern allows. */
const unexpected = (entries: string[], allowed: RegExp[]) => entries.filter(entry => !allowed.some(pattern => pattern.test(entry)));

/**
 * The npm paths of an embedded tarball (entries are package/<path>) that the npm allowlist refuses; fails
 * first if a tarball does not hold the library at all.
 */
const embeddedNotAllowed = (listing: Listing) =>
  Object.values(listing.embedded).flatMap(entries => {
    expect(entries).toContain('package/lib/index.js');
    return notAllowed(entries.filter(e => !e.endsWith('/')).map(e => e.replace(/^package\//, '')));
  });

beforeAll(() => requireBuiltPackages());

describe('the Python wheel', () => {
  test('holds the module, its type marker, the embedded npm tarball and the wheel metadata, nothing else', () => {
    expect(list(WHEEL).entries.sort()).toEqual([
      // package.json `bin`: jsii-pacmak installs the command line as a script that runs it with Node.js.
      `${MODULE}-${VERSION}.data/scripts/cdk-eks-pod-identity`,
      `${MODULE}-${VERSION}.dist-info/LICENSE`,
      `${MODULE}-${VERSION}.dist-info/METADATA`,
      `${MODULE}-${VERSION}.dist-info/RECORD`,
      `${MODULE}-${VERSION}.dist-info/WHEEL`,
      `${MODULE}-${VERSION}.dist-info/top_level.txt`,
      `${MODULE}/__init__.py`,
      `${MODULE}/_jsii/${TARBALL}`,
      `${MODULE}/_jsii/__init__.py`,
      `${MODULE}/py.typed`,
    ].sort());
  });

  test('embeds an npm tarball that passes the npm allowlist', () => {
    const listing = list(WHEEL);
    expect(Object.keys(listing.embedded)).toEqual([`${MODULE}/_jsii/${TARBALL}`]);
    expect(embeddedNotAllowed(listing)).toEqual([]);
  });
});

describe('the Python sdist', () => {
  const root = esc(`${MODULE}-${VERSION}/`);
  const ALLOWED = [
    new RegExp(`^${root}(LICENSE|MANIFEST\\.in|PKG-INFO|README\\.md|pyproject\\.toml|setup\\.cfg|setup\\.py)?$`),
    new RegExp(`^${root}src/$`),
    new RegExp(`^${root}src/${MODULE}/(__init__\\.py|py\\.typed|_jsii/|_jsii/__init__\\.py|_jsii/${esc(TARBALL)}|_jsii/bin/|_jsii/bin/cdk-eks-pod-identity)?$`),
    new RegExp(`^${root}src/${MODULE}\\.egg-info/(PKG-INFO|SOURCES\\.txt|dependency_links\\.txt|requires\\.txt|top_level\\.txt)?$`),
  ];

  test('holds the sources of the wheel, the package metadata, README and LICENSE, nothing else', () => {
    expect(unexpected(list(SDIST).entries, ALLOWED)).toEqual([]);
  });

  test('embeds an npm tarball that passes the npm allowlist', () => {
    const listing = list(SDIST);
    expect(Object.keys(listing.embedded)).toEqual([`${MODULE}-${VERSION}/src/${MODULE}/_jsii/${TARBALL}`]);
    expect(embeddedNotAllowed(listing)).toEqual([]);
  });
});

describe('the Java jar', () => {
  const pkg = esc(JAVA_PACKAGE_DIR);
  const ALLOWED = [
    /^META-INF\/(MANIFEST\.MF|INDEX\.LIST)?$/,
    new RegExp(`^META-INF/maven/(${esc(groupId)}/(${esc(artifactId)}/(pom\\.xml|pom\\.properties)?)?)?$`),
    // The folders of the Java package, then its classes and the jsii module's type list.
    ...JAVA_PACKAGE_DIR.split('/').map((_, i, parts) => new RegExp(`^${esc(parts.slice(0, i + 1).join('/'))}/$`)),
    new RegExp(`^${pkg}/[\\w$-]+\\.class$`),
    new RegExp(`^${pkg}/\\$Module\\.txt$`),
    new RegExp(`^${pkg}/${esc(TARBALL)}$`),
  ];

  test('holds the compiled bindings, the Maven metadata and the embedded npm tarball, nothing else', () => {
    const entries = list(JAR).entries;
    expect(entries).toContain(`${JAVA_PACKAGE_DIR}/PodIdentityAssociation.class`);
    expect(unexpected(entries, ALLOWED)).toEqual([]);
  });

  test('embeds an npm tarball that passes the npm allowlist', () => {
    const listing = list(JAR);
    expect(Object.keys(listing.embedded)).toEqual([`${JAVA_PACKAGE_DIR}/${TARBALL}`]);
    expect(embeddedNotAllowed(listing)).toEqual([]);
  });
});

// The npm tarball itself, and its copies in the Go module and the .NET sources (both generated by package:ci).
test.each([
  ['dist/js', path.join('dist', 'js', TARBALL)],
  ['the Go module', path.join('dist', 'go', PACKAGE.jsii.targets.go.packageName, 'jsii', `${PACKAGE.name}-${VERSION}.tgz`)],
  ['the .NET sources', path.join('dist', 'dotnet', PACKAGE.jsii.targets.dotnet.packageId, `${PACKAGE.name}-${VERSION}.tgz`)],
])('the npm tarball in %s passes the npm allowlist', (_, tarball) => {
  const entries = list(path.join(ROOT, tarball)).entries.filter(e => !e.endsWith('/')).map(e => e.replace(/^package\//, ''));
  expect(entries).toContain('lib/index.js');
  expect(notAllowed(entries)).toEqual([]);
});

test('npm installs the tarball of dist/js into a new project (README Install), where it synthesizes', () => {
  const project = path.join(CACHE, 'langs', 'npm-user');
  fs.rmSync(project, { recursive: true, force: true });
  fs.mkdirSync(project, { recursive: true });
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'npm-user', private: true }));
  // npm installs the peer dependencies aws-cdk-lib and constructs beside it.
  run('npm', ['install', '--no-audit', '--no-fund', path.join(ROOT, 'dist', 'js', TARBALL)], { cwd: project });
  const script = [
    "const { App, Stack } = require('aws-cdk-lib');",
    "const { CfnCluster } = require('aws-cdk-lib/aws-eks');",
    "const { PodIdentityAssociation } = require('cdk-eks-pod-identity');",
    "const app = new App(); const stack = new Stack(app, 'Stack');",
    "new PodIdentityAssociation(stack, 'App', { cluster: CfnCluster.fromClusterName(stack, 'Cluster', 'c'), namespace: 'default', serviceAccount: 'app' });",
    "console.log(JSON.stringify(Object.values(app.synth().getStackByName('Stack').template.Resources).map(r => r.Type)));",
  ].join('\n');
  expect(JSON.parse(run(process.execPath, ['-e', script], { cwd: project }))).toEqual(['AWS::IAM::Role', 'AWS::EKS::PodIdentityAssociation']);
});
