import * as fs from 'fs';
import * as path from 'path';

// The Python and Java example apps must run on the versions the TypeScript examples are tested with.
const ROOT = path.join(__dirname, '..', '..');
const devDependencies: { [name: string]: string } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8')).devDependencies;

function pythonPins(): { [name: string]: string } {
  const text = fs.readFileSync(path.join(ROOT, 'examples/python/requirements.txt'), 'utf-8');
  return Object.fromEntries([...text.matchAll(/^([\w-]+)==(\S+)$/gm)].map(m => [m[1], m[2]]));
}

function javaProperty(name: string): string | undefined {
  const pom = fs.readFileSync(path.join(ROOT, 'examples/java/pom.xml'), 'utf-8');
  return new RegExp(`<${name.replace(/\./g, '\\.')}>([^<]+)</`).exec(pom)?.[1];
}

test('examples/python/requirements.txt pins aws-cdk-lib, constructs and cdk-nag as package.json does', () => {
  expect(pythonPins()).toEqual({
    'aws-cdk-lib': devDependencies['aws-cdk-lib'],
    'constructs': devDependencies.constructs,
    'cdk-nag': devDependencies['cdk-nag'],
  });
});

test('examples/java/pom.xml pins aws-cdk-lib and constructs as package.json does', () => {
  expect(javaProperty('cdk.version')).toBe(devDependencies['aws-cdk-lib']);
  expect(javaProperty('constructs.version')).toBe(devDependencies.constructs);
});

test('examples/java/pom.xml pins cdk-nag to the newest 2.x on Maven Central, whose major.minor is at most package.json\'s', () => {
  // cdk-nag 2.38.x is not on Maven Central (io.github.cdklabs:cdknag stops at 2.37.55): the pom says so.
  const [major, minor] = javaProperty('cdknag.version')!.split('.').map(Number);
  const [tsMajor, tsMinor] = devDependencies['cdk-nag'].split('.').map(Number);
  expect(major).toBe(tsMajor);
  expect(minor).toBeLessThanOrEqual(tsMinor);
});
