/**
 * botocore from PyPI in a virtual environment the tests make once and keep in node_modules/.cache (ignored by
 * git, never packed). Creating it needs PyPI: without it the test fails, it does not skip.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const BOTOCORE_VERSION = '1.44.8';

const VENV = path.resolve(__dirname, '..', '..', 'node_modules', '.cache', 'cdk-eks-pod-identity', `botocore-${BOTOCORE_VERSION}`);

function works(python: string): boolean {
  try {
    const version = execFileSync(python, ['-c', 'import botocore; print(botocore.__version__)'], { encoding: 'utf-8', timeout: 30_000 });
    return version.trim() === BOTOCORE_VERSION;
  } catch {
    return false;
  }
}

/** The Python of a venv with botocore, made on first use. */
export function botocorePython(): string {
  const python = path.join(VENV, 'bin', 'python');
  if (fs.existsSync(python) && works(python)) return python;
  fs.rmSync(VENV, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(VENV), { recursive: true });
  execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'pipe', timeout: 120_000 });
  execFileSync(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', `botocore==${BOTOCORE_VERSION}`], { stdio: 'pipe', timeout: 300_000 });
  if (!works(python)) throw new Error(`botocore ${BOTOCORE_VERSION} did not install into ${VENV}`);
  return python;
}
