/**
 * botocore from PyPI in a virtual environment the tests make once and keep in node_modules/.cache (ignored by
 * git, never packed). Creating it needs PyPI: without it the test fails, it does not skip.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const BOTOCORE_VERSION = '1.44.8';

const VENV = path.resolve(__dirname, '..', '..', 'node_modules', '.cache', 'cdk-eks-pod-identity', `botocore-${BOTOCORE_VERSION}`);

/** 'ok', 'broken' (no botocore, or another version), or 'slow' (no answer in 30 s: a busy machine, not a broken venv). */
function check(python: string): 'ok' | 'broken' | 'slow' {
  try {
    const version = execFileSync(python, ['-c', 'import botocore; print(botocore.__version__)'], { encoding: 'utf-8', timeout: 30_000 });
    return version.trim() === BOTOCORE_VERSION ? 'ok' : 'broken';
  } catch (error: any) {
    return error?.code === 'ETIMEDOUT' || error?.signal === 'SIGTERM' ? 'slow' : 'broken';
  }
}

/**
 * The Python of a venv with botocore, made on first use: built in a directory of its own and renamed into place
 * once it works, so that a failed or concurrent build never leaves a half-made venv where the tests look.
 */
export function botocorePython(): string {
  const python = path.join(VENV, 'bin', 'python');
  if (fs.existsSync(python) && check(python) !== 'broken') return python;
  fs.mkdirSync(path.dirname(VENV), { recursive: true });
  const building = fs.mkdtempSync(`${VENV}.building-`);
  try {
    execFileSync('python3', ['-m', 'venv', building], { stdio: 'pipe', timeout: 120_000 });
    const built = path.join(building, 'bin', 'python');
    execFileSync(built, ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', `botocore==${BOTOCORE_VERSION}`], { stdio: 'pipe', timeout: 300_000 });
    if (check(built) === 'broken') throw new Error(`botocore ${BOTOCORE_VERSION} did not install into ${building}`);
    try {
      fs.renameSync(building, VENV);
    } catch {
      // A venv is there: another test file's build, renamed into place first (use it), or a broken one (replace it).
      if (check(python) === 'broken') {
        fs.rmSync(VENV, { recursive: true, force: true });
        fs.renameSync(building, VENV);
      }
    }
    return python;
  } finally {
    fs.rmSync(building, { recursive: true, force: true });
  }
}
