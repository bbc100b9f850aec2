/**
 * The report of a successful exchange: who the token is, which association and role it maps to, the session
 * tags EKS sets, when the credentials expire, and each expectation compared. Never a secret.
 */
import type { AssumeRoleForPodIdentityCommandOutput } from '../eks-auth';
import type { TokenClaims } from '../token';

export interface Expectation {
  readonly name: 'role' | 'namespace' | 'serviceAccount';
  readonly expected: string;
  readonly actual: string | undefined;
  readonly match: boolean;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly cluster: string;
  readonly region: string;
  readonly subject: { namespace?: string; serviceAccount?: string };
  readonly audience?: string;
  readonly podIdentityAssociation: { associationArn?: string; associationId?: string };
  /**
   * `arn` is EKS Auth's assumedRoleUser.arn (the session ARN). `derivedRoleArn` is rebuilt from it and lacks the
   * role's path, which the session ARN does not carry: exact only for a role without a path.
   */
  readonly assumedRole: { arn?: string; derivedRoleArn?: string; roleName?: string; sessionName?: string; assumeRoleId?: string };
  /** The session tags EKS sets unless the association turns them off; a tag it cannot know is absent. */
  readonly sessionTags: Record<string, string>;
  readonly credentials: { accessKeyId?: string; expiration?: string };
  readonly expectations: Expectation[];
}

export interface RoleExpectations {
  readonly role?: string;
  readonly namespace?: string;
  readonly serviceAccount?: string;
}

interface RoleIdentity {
  partition: string;
  account: string;
  roleName: string;
  /** Rebuilt from a session ARN, without the role's path (which the session ARN drops). */
  derivedRoleArn?: string;
  sessionName?: string;
}

/** The role behind an assumed-role session ARN (`arn:P:sts::A:assumed-role/NAME/SESSION`) or a role ARN. */
export function roleOf(arn: string | undefined, assumeRoleId: string | undefined): RoleIdentity | undefined {
  const sessionFromId = assumeRoleId?.includes(':') ? assumeRoleId.slice(assumeRoleId.indexOf(':') + 1) : undefined;
  const assumed = /^arn:([^:]+):sts::(\d+):assumed-role\/([^/]+)\/(.+)$/.exec(arn ?? '');
  if (assumed) {
    // The session ARN drops the role's path, so the role ARN is only exact for roles without one.
    const [, partition, account, roleName, sessionName] = assumed;
    return { partition, account, roleName, derivedRoleArn: `arn:${partition}:iam::${account}:role/${roleName}`, sessionName };
  }
  const role = /^arn:([^:]+):iam::(\d+):role\/(?:.*\/)?([^/]+)$/.exec(arn ?? '');
  if (role) return { partition: role[1], account: role[2], roleName: role[3], sessionName: sessionFromId };
  return undefined;
}

/** Whether a role (ARN or name) is the one the credentials are for; ARNs compare partition, account and name. */
function roleMatches(expected: string, actual: RoleIdentity | undefined): boolean {
  if (!actual) return false;
  const asArn = /^arn:([^:]+):iam::(\d+):role\/(?:.*\/)?([^/]+)$/.exec(expected);
  if (asArn) return asArn[1] === actual.partition && asArn[2] === actual.account && asArn[3] === actual.roleName;
  return expected === actual.roleName;
}

// The association ARN reads arn:<partition>:eks:<region>:<account>:podidentityassociation/<cluster>/<id>, the
// cluster ARN arn:<partition>:eks:<region>:<account>:cluster/<cluster>.
// Source: none found (searched the EKS API reference and user guide for the association ARN format)
function clusterArnOf(associationArn: string | undefined): { arn: string; name: string } | undefined {
  const match = /^arn:([^:]+):eks:([^:]+):(\d+):podidentityassociation\/([^/]+)\/.+$/.exec(associationArn ?? '');
  if (!match) return undefined;
  const [, partition, region, account, name] = match;
  return { arn: `arn:${partition}:eks:${region}:${account}:cluster/${name}`, name };
}

/**
 * The session tags EKS attaches to the role session: cluster ARN and name, namespace, service account, and the
 * pod's name and UID (read from the token, which carries them when it is bound to a pod).
 */
// The six tags, named as SessionTag (lib/role/session-tag.ts) names them; the API reference counts six.
// Source: https://docs.aws.amazon.com/eks/latest/APIReference/API_PodIdentityAssociation.html @ current (checked 2026-12-01)
function sessionTagsOf(output: AssumeRoleForPodIdentityCommandOutput, cluster: string, claims: TokenClaims | undefined): Record<string, string> {
  const clusterArn = clusterArnOf(output.podIdentityAssociation?.associationArn);
  const tags: Record<string, string | undefined> = {
    'eks-cluster-arn': clusterArn?.arn,
    'eks-cluster-name': clusterArn?.name ?? cluster,
    'kubernetes-namespace': output.subject?.namespace,
    'kubernetes-service-account': output.subject?.serviceAccount,
    'kubernetes-pod-name': claims?.podName,
    'kubernetes-pod-uid': claims?.podUid,
  };
  return Object.fromEntries(Object.entries(tags).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

export function buildReport(
  output: AssumeRoleForPodIdentityCommandOutput,
  context: { cluster: string; region: string; claims?: TokenClaims },
  expect: RoleExpectations,
): VerifyReport {
  const role = roleOf(output.assumedRoleUser?.arn, output.assumedRoleUser?.assumeRoleId);
  const expectations: Expectation[] = [];
  if (expect.role !== undefined) {
    // Compared on partition, account and name (the session ARN has no path); reported as EKS Auth said it.
    expectations.push({ name: 'role', expected: expect.role, actual: output.assumedRoleUser?.arn, match: roleMatches(expect.role, role) });
  }
  if (expect.namespace !== undefined) {
    const actual = output.subject?.namespace;
    expectations.push({ name: 'namespace', expected: expect.namespace, actual, match: actual === expect.namespace });
  }
  if (expect.serviceAccount !== undefined) {
    const actual = output.subject?.serviceAccount;
    expectations.push({ name: 'serviceAccount', expected: expect.serviceAccount, actual, match: actual === expect.serviceAccount });
  }
  return {
    ok: expectations.every(e => e.match),
    cluster: context.cluster,
    region: context.region,
    subject: { namespace: output.subject?.namespace, serviceAccount: output.subject?.serviceAccount },
    audience: output.audience,
    podIdentityAssociation: {
      associationArn: output.podIdentityAssociation?.associationArn,
      associationId: output.podIdentityAssociation?.associationId,
    },
    assumedRole: {
      arn: output.assumedRoleUser?.arn,
      derivedRoleArn: role?.derivedRoleArn,
      roleName: role?.roleName,
      sessionName: role?.sessionName,
      assumeRoleId: output.assumedRoleUser?.assumeRoleId,
    },
    sessionTags: sessionTagsOf(output, context.cluster, context.claims),
    // Only the key ID, which names the credentials in CloudTrail; never the secret key or the session token.
    credentials: { accessKeyId: output.credentials?.accessKeyId, expiration: output.credentials?.expiration?.toISOString() },
    expectations,
  };
}

function inWords(ms: number): string {
  if (ms <= 0) return 'already expired';
  const minutes = Math.round(ms / 60_000);
  return minutes >= 60 ? `in ${Math.floor(minutes / 60)} h ${minutes % 60} min` : `in ${minutes} min`;
}

const LABELS: Record<Expectation['name'], string> = { role: 'role', namespace: 'namespace', serviceAccount: 'service account' };

/** The report as text for a terminal. */
export function formatReport(report: VerifyReport, now = Date.now()): string {
  const lines = [
    `EKS Auth exchanged the token for credentials (cluster ${report.cluster}, ${report.region}).`,
    '',
    `Subject:          namespace ${report.subject.namespace ?? '?'}, service account ${report.subject.serviceAccount ?? '?'}`,
    `Association:      ${report.podIdentityAssociation.associationArn ?? '?'} (ID ${report.podIdentityAssociation.associationId ?? '?'})`,
    `Assumed role:     ${report.assumedRole.arn ?? '?'}`,
    `Role name:        ${report.assumedRole.roleName ?? '?'}`
      + (report.assumedRole.derivedRoleArn ? ` (derived ARN, path unknown: ${report.assumedRole.derivedRoleArn})` : ''),
    `Session name:     ${report.assumedRole.sessionName ?? '?'}`,
    `Credentials:      access key ID ${report.credentials.accessKeyId ?? '?'}, expire ${report.credentials.expiration ?? '?'}`
      + (report.credentials.expiration ? ` (${inWords(Date.parse(report.credentials.expiration) - now)})` : ''),
    'Session tags (unless the association turns them off):',
    ...['eks-cluster-arn', 'eks-cluster-name', 'kubernetes-namespace', 'kubernetes-service-account', 'kubernetes-pod-name', 'kubernetes-pod-uid']
      .map(tag => `  ${tag.padEnd(28)}${report.sessionTags[tag] ?? (tag.startsWith('kubernetes-pod') ? '(none: the token is bound to no pod)' : '?')}`),
  ];
  if (report.expectations.length > 0) {
    lines.push('Expectations:');
    for (const e of report.expectations) {
      lines.push(e.match
        ? `  match     ${LABELS[e.name]}: ${e.expected}`
        : `  MISMATCH  ${LABELS[e.name]}: expected ${e.expected}, got ${e.actual ?? 'nothing'}`);
    }
  }
  return lines.join('\n');
}
