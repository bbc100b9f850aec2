/* global module */
// A commit-and-tag-version updater (`npm run release`, .versionrc.json) for the files that name the library's own
// version besides package.json: README.md's Maven snippet, docs/install.md's and docs/languages.md's paths and
// commands, and examples/java/pom.xml's dependency on the jar.
// Plain CommonJS because commit-and-tag-version require()s it; test/packaging/version-pins.test.ts checks it.

// The version as the pom's dependency (and README's Maven snippet) states it.
const DEPENDENCY = /(<artifactId>cdk-eks-pod-identity<\/artifactId>\s*<version>)([^<]+)(<\/version>)/;

// Every place a file names the library's version: after one of its package names or paths
// (cdk-eks-pod-identity@V.jsii.tgz, cdk_eks_pod_identity-V-py3, .../cdk-eks-pod-identity/V, cdk-eks-pod-identity-V.jar,
// cdkekspodidentity@vV) or in the Maven dependency.
const NAMED = /(cdk[-_]eks[-_]pod[-_]identity[-@/]|cdkekspodidentity@v)(\d+\.\d+\.\d+)(?!\.?\d)/g;
const DEPENDENCIES = new RegExp(DEPENDENCY.source, 'g');

/** The version the file names: its Maven dependency's, else the first it names. */
function readVersion(contents) {
  const match = DEPENDENCY.exec(contents);
  if (match) return match[2];
  const named = namedVersions(contents);
  if (named.length === 0) throw new Error('this file names no version of cdk-eks-pod-identity');
  return named[0];
}

/** Every version the file names, in order. */
function namedVersions(contents) {
  return [...contents.matchAll(NAMED)].map(m => m[2]).concat([...contents.matchAll(DEPENDENCIES)].map(m => m[2]));
}

/** The file with every version it names set to `version`. */
function writeVersion(contents, version) {
  return contents
    .replace(NAMED, (_all, prefix) => `${prefix}${version}`)
    .replace(DEPENDENCIES, (_all, before, _old, after) => `${before}${version}${after}`);
}

module.exports = { readVersion, writeVersion, namedVersions };
