/**
 * The service-account token: read from its file, and its claims read (never verified: EKS Auth does that).
 */
import * as fs from 'fs';

// The response's audience "is always pods.eks.amazonaws.com", the audience of the agent's projected tokens.
// Source: boto/botocore botocore/data/eks-auth/2023-11-26/service-2.json @ 1.44.8 (checked 2026-12-01)
export const POD_IDENTITY_AUDIENCE = 'pods.eks.amazonaws.com';

/** The claims of a projected or `kubectl create token` service-account token that we read. */
export interface TokenClaims {
  readonly audiences: string[];
  readonly subject?: string;
  readonly namespace?: string;
  readonly serviceAccount?: string;
  readonly podName?: string;
  readonly podUid?: string;
  readonly expiresAt?: Date;
}

export class TokenFileError extends Error {}

/**
 * The command that writes a token EKS Pod Identity takes to `path`. `tr -d '\n'` drops the newline kubectl
 * prints: SDKs send the token file as it is, and botocore refuses a newline in it.
 */
export function createTokenCommand(path: string, serviceAccount = 'SA', namespace = 'NS'): string {
  return `kubectl create token ${serviceAccount} -n ${namespace} --audience ${POD_IDENTITY_AUDIENCE} | tr -d '\\n' > ${path}`;
}

/** Why a token file that holds no JWT is refused before any call, in the words of TokenFileError. */
export function notAJwt(path: string): string {
  return `The token file ${path} does not hold a Kubernetes service-account token (a JWT: three base64url parts joined by dots), so EKS Auth was not called`;
}

export interface TokenFile {
  /** The token, without the surrounding whitespace a shell redirection leaves. */
  readonly token: string;
  /** Whether the file had whitespace around the token (SDKs send the file as it is). */
  readonly padded: boolean;
}

export function readTokenFile(path: string): TokenFile {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf-8');
  } catch (error: any) {
    throw new TokenFileError(`Cannot read the token file ${path}: ${error.code === 'ENOENT' ? 'it does not exist' : error.message}`);
  }
  const token = text.trim();
  if (token === '') throw new TokenFileError(`The token file ${path} is empty`);
  return { token, padded: token !== text };
}

function base64UrlJson(part: string): any {
  return JSON.parse(Buffer.from(part.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf-8'));
}

/** The claims of a JWT, or undefined when the text is not one. */
export function readClaims(token: string): TokenClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some(part => !/^[A-Za-z0-9_=-]+$/.test(part))) return undefined;
  let payload: any;
  try {
    payload = base64UrlJson(parts[1]);
  } catch {
    return undefined;
  }
  if (payload === null || typeof payload !== 'object') return undefined;
  // A claim is anything JSON holds: String() throws on an object whose toString is not a function (found by fuzzing).
  const audiences = (Array.isArray(payload.aud) ? payload.aud : payload.aud !== undefined ? [payload.aud] : [])
    .map((aud: unknown) => typeof aud === 'string' ? aud : JSON.stringify(aud));
  // sub is system:serviceaccount:<namespace>:<name>; the kubernetes.io claim holds namespace, serviceaccount and pod.
  // Source: kubernetes/kubernetes pkg/serviceaccount/claims.go @ 031075d1 (checked 2026-12-01)
  const subject = typeof payload.sub === 'string' ? payload.sub : undefined;
  const fromSubject = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(subject ?? '');
  const k8s = payload['kubernetes.io'] ?? {};
  return {
    audiences,
    subject,
    namespace: stringOr(k8s.namespace, fromSubject?.[1]),
    serviceAccount: stringOr(k8s.serviceaccount?.name, fromSubject?.[2]),
    podName: stringOr(k8s.pod?.name),
    podUid: stringOr(k8s.pod?.uid),
    expiresAt: dateOf(payload.exp),
  };
}

/** A claim that should be a string, when it is one; a token's claims are not checked by anyone before us. */
function stringOr(value: unknown, fallback?: string): string | undefined {
  return typeof value === 'string' ? value : fallback;
}

/** `exp` (seconds since the epoch) as a Date, or undefined when it is no time a Date can hold (1e308, say). */
function dateOf(exp: unknown): Date | undefined {
  if (typeof exp !== 'number') return undefined;
  const date = new Date(exp * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
