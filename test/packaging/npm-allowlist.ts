/**
 * What the npm tarball may ship: what a user of the library needs, and nothing of the repository's tests,
 * fixtures, examples, CI or tooling. The wheel and the jar embed this same tarball (jsii runs it in Node.js),
 * so test/langs/packages.langs.ts holds their copies to it as well.
 */
export const NPM_ALLOWED: RegExp[] = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  // The generated API reference.
  /^API\.md$/,
  // The jsii assembly: the type information that the Python, Java, .NET and Go bindings call through.
  /^\.jsii$/,
  // The compiled library and its type declarations.
  /^lib\/.+\.js$/,
  /^lib\/.+\.d\.ts$/,
  // The bundled dependency (package.json bundleDependencies), as its own package publishes it.
  /^node_modules\/yaml\//,
];

/** Files that must be in the tarball whatever else changes. */
export const NPM_REQUIRED = ['package.json', 'README.md', 'LICENSE', 'API.md', '.jsii', 'lib/index.js', 'lib/index.d.ts', 'node_modules/yaml/package.json'];

/** The paths of a tarball that the allowlist does not allow. */
export function notAllowed(paths: string[]): string[] {
  return paths.filter(file => !NPM_ALLOWED.some(pattern => pattern.test(file)));
}
