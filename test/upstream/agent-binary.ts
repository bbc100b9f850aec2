/**
 * The real EKS Pod Identity Agent, built from the source archives in ../shared/upstream (see its README), for
 * tests that run what the library generates through the program that will read it.
 *
 * `.ci/run` builds both binaries before the tests (`bash scripts/build-agents.sh`); a test run without them
 * builds them here, once, into the same ignored folder.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** The agent sources here: the newest release tag, and the closest source to v0.2.1 (local token validation). */
export const AGENT_SOURCES = {
  /** Tag v0.1.37, the newest release tag of aws/eks-pod-identity-agent (snapshot of 2026-05-27). */
  'v0.1.37': 'v0.1.37.tar.gz',
  /** Commit 2b8e78c (PR #152 on cache-enhancements): local token validation, numbered 0.2.1 later by PR #156. */
  '2b8e78c': '2b8e78c.tar.gz',
} as const;

export type AgentSource = keyof typeof AGENT_SOURCES;

const ROOT = path.resolve(__dirname, '..', '..');
const UPSTREAM = path.resolve(ROOT, '..', 'shared', 'upstream');

/** Where the binary of one source is built. */
export function agentBinaryPath(source: AgentSource): string {
  return path.join(ROOT, '.cache', 'agent', source, 'eks-pod-identity-agent');
}

/** The binary of one agent source, built now if it is not there yet (Go module and build caches under .cache/go). */
export function agentBinary(source: AgentSource): string {
  const binary = agentBinaryPath(source);
  if (!fs.existsSync(binary)) {
    execFileSync('bash', [path.join(ROOT, 'scripts', 'build-agents.sh'), source], { cwd: ROOT, stdio: 'inherit' });
  }
  if (!fs.existsSync(binary)) throw new Error(`the agent build left no binary at ${binary}`);
  return binary;
}

/** The upstream folder, for tests that say which source they ran. */
export const UPSTREAM_DIR = UPSTREAM;
