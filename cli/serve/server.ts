/**
 * The Pod Identity Agent's wire contract on a local address: `GET /v1/credentials` with the token in
 * `Authorization`, answered with the container-credentials JSON, and the agent's status codes otherwise.
 * Like the agent, it answers any method as it answers GET (its handler has no method filter).
 */
// The agent writes its errors as plain text; we write {"Code","Message"}, which the JS SDK's container
// provider reads on a 4xx, with the agent's status and wording.
// Source: aws/eks-pod-identity-agent pkg/handlers/eks_credential_handler.go @ 90f64569 (checked 2026-12-01)
// Source: aws/eks-pod-identity-agent internal/validation/request.go @ 1cbbbf40 (checked 2026-12-01)
// Source: aws/eks-pod-identity-agent pkg/errors/errors.go @ 984147ed (checked 2026-12-01)
import * as http from 'http';
import { readClaims } from '../token';
import { CachedCredentials, CredentialCache } from './credential-cache';
import { TokenSource } from './token-source';

export const CREDENTIALS_PATH = '/v1/credentials';

export interface CredentialServerOptions {
  /** The address the server listens on: the only one the Host check accepts. */
  readonly host: string;
  readonly tokens: TokenSource;
  readonly cache: CredentialCache;
  /** @default Date.now */
  readonly now?: () => number;
  /** Milliseconds a request may wait for credentials before it gets a 500. @default 30000 */
  readonly requestTimeoutMs?: number;
}

// A last guard: the EKS Auth client gives up well before (after 9 to 9.6 s against a hang, see
// cli/eks-auth/client.ts), unless finding the signing credentials is slow (up to 10 s per attempt). The agent's
// server has a 30 s read timeout and a 30 s write timeout (defaultRequestTimeout) but no handler timeout: an
// answer later than 30 s is dropped and the connection closed, with no status. serve answers 500 instead.
// Source: aws/eks-pod-identity-agent pkg/server/server.go @ v0.1.37 (checked 2026-12-07)
export const REQUEST_TIMEOUT_MS = 30_000;

function sendJson(res: http.ServerResponse, status: number, body: Buffer, extra: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': body.length, ...extra });
  res.end(body);
}

function sendError(res: http.ServerResponse, status: number, code: string, message: string, extra: http.OutgoingHttpHeaders = {}): void {
  sendJson(res, status, Buffer.from(JSON.stringify({ Code: code, Message: message })), extra);
}

function sendCredentials(res: http.ServerResponse, credentials: CachedCredentials): void {
  sendJson(res, 200, credentials.body);
}

/** EKS Auth's errors keep their status and name; anything else (network, timeouts) is a 500, as in the agent. */
function sendFetchError(res: http.ServerResponse, error: any): void {
  const status: number | undefined = error?.$metadata?.httpStatusCode;
  if (status && status >= 400) {
    sendError(res, status, error.name, String(error.message ?? ''));
  } else {
    sendError(res, 500, error?.code ?? error?.name ?? 'Error', `unable to fetch credentials from EKS Auth: ${error?.message ?? error}`);
  }
}

/** The host part of a Host header: no port, no IPv6 brackets, lower case. */
function hostOnly(header: string): string {
  const value = header.trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(1, value.indexOf(']') === -1 ? undefined : value.indexOf(']'));
  const colon = value.indexOf(':');
  return colon !== -1 && colon === value.lastIndexOf(':') ? value.slice(0, colon) : value;
}

export function createCredentialServer(options: CredentialServerOptions): http.Server {
  const accepted = options.host.replace(/^\[|\]$/g, '').toLowerCase();
  const now = options.now ?? Date.now;
  const requestTimeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  return http.createServer((req, res) => {
    const url = req.url ?? '';
    const query = url.indexOf('?');
    if ((query === -1 ? url : url.slice(0, query)) !== CREDENTIALS_PATH) {
      sendError(res, 404, 'NotFound', '404 page not found');
      return;
    }
    const host = hostOnly(req.headers.host ?? '');
    if (host !== accepted) {
      sendError(res, 403, 'AccessDenied', `Access Denied. Called agent through invalid address, please use either [${accepted}] address not ${host}`);
      return;
    }
    const token = req.headers.authorization ?? '';
    if (token === '') {
      sendError(res, 400, 'ValidationError', 'Service account token cannot be empty');
      return;
    }
    // The file's token has its claims read once; another token is read only to say what is wrong with it.
    const matches = options.tokens.matches(token);
    const claims = matches ? options.tokens.claims : readClaims(token);
    if (!claims) {
      sendError(res, 400, 'ValidationError', 'Service account token cannot be parsed: it is not a JWT');
      return;
    }
    if (claims.expiresAt && claims.expiresAt.getTime() <= now()) {
      sendError(res, 400, 'ValidationError', 'Service account token failed basic claim validations: token is expired');
      return;
    }
    if (!matches) {
      sendError(res, 400, 'ValidationError',
        `Service account token is not the one in ${options.tokens.path}: set AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE to that file`);
      return;
    }
    let result: CachedCredentials | Promise<CachedCredentials>;
    try {
      result = options.cache.get(token);
    } catch (error) {
      sendFetchError(res, error);
      return;
    }
    if (result instanceof Promise) {
      // Whatever the EKS Auth call does, this request is answered in time.
      const timer = setTimeout(() => sendError(res, 500, 'TimeoutError',
        `unable to fetch credentials from EKS Auth: no answer within ${requestTimeoutMs / 1000} s`), requestTimeoutMs);
      const settle = (send: () => void) => {
        clearTimeout(timer);
        if (!res.headersSent) send();
      };
      result.then(credentials => settle(() => sendCredentials(res, credentials)), error => settle(() => sendFetchError(res, error)));
    } else {
      sendCredentials(res, result);
    }
  });
}
