/**
 * What `doctor` reports: findings with an id (the `PodIdentityChecks` id where the rule is the same), a level,
 * what was seen, why it breaks credentials and the fix; and the failures that stop it from checking.
 */

export type Level = 'error' | 'warning' | 'info' | 'ok';

export interface Finding {
  readonly id: string;
  readonly level: Level;
  /** What it looked at: a service account, an association, a pod. */
  readonly subject?: string;
  readonly seen: string;
  readonly why?: string;
  readonly fix?: string;
}

/** A Kubernetes read that failed: `doctor` exits 2 and names the call and the RBAC permission. */
export class KubernetesCallError extends Error {
  constructor(readonly call: string, readonly permission: string, message: string, readonly status?: number) {
    super(message);
  }
}

/** Collects findings; in a one-service-account run, the chain stops at the first error. */
export class Report {
  readonly findings: Finding[] = [];

  add(finding: Finding): void {
    this.findings.push(finding);
  }

  get errors(): number {
    return this.findings.filter(f => f.level === 'error').length;
  }

  get warnings(): number {
    return this.findings.filter(f => f.level === 'warning').length;
  }
}

const WIDTH = 26;

export function formatFindings(findings: readonly Finding[]): string {
  const lines: string[] = [];
  for (const f of findings) {
    const head = `${f.level.toUpperCase().padEnd(8)}${f.id.padEnd(WIDTH)}${f.subject ? `${f.subject}: ` : ''}${f.seen}`;
    lines.push(head);
    if (f.level !== 'ok') {
      if (f.why) lines.push(`${' '.repeat(8 + WIDTH)}why: ${f.why}`);
      if (f.fix) lines.push(`${' '.repeat(8 + WIDTH)}fix: ${f.fix}`);
    }
  }
  return lines.join('\n');
}

/** Up to `max` names, then how many more. */
export function some(names: readonly string[], max = 5): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
