/**
 * Where a failed EKS Auth call failed, so that a message names the right party: the credentials that sign it
 * (nothing was sent), the connection (EKS Auth never answered), or EKS Auth, which answered with an error.
 */
import { defaultEndpoint } from './endpoint';
import { proxyFor } from './proxy';

/**
 * `signing`: no credentials to sign with, no call made; `connection`: the request did not get an answer (proxy,
 * DNS, TCP, TLS, timeouts); `eks-auth`: EKS Auth answered with an HTTP error status.
 */
export type FailureSite = 'signing' | 'connection' | 'eks-auth';

/** The site of a failure of `EKSAuthClient.send`, or undefined for an error of another kind. */
export function failureSite(error: any): FailureSite | undefined {
  if (error?.$metadata?.httpStatusCode !== undefined) return 'eks-auth';
  // The phases the client (client.ts) and its transport (http.ts) set on the errors they throw.
  if (error?.phase === 'sign') return 'signing';
  if (error?.phase === 'connect' || error?.phase === 'answer') return 'connection';
  return undefined;
}

function attemptsOf(error: any): string {
  const attempts: number | undefined = error?.$metadata?.attempts;
  return attempts !== undefined && attempts > 1 ? ` (${attempts} attempts)` : '';
}

/** The error's message, with its errno or TLS code when the message does not carry it. */
function reasonOf(error: any): string {
  const message = String(error?.message ?? error ?? '');
  const code = typeof error?.code === 'string' ? error.code : undefined;
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

/**
 * One sentence, without its final period, saying where and how the call failed: "EKS Auth answered HTTP 404
 * ResourceNotFoundException: ...", "Could not connect to EKS Auth at <endpoint>: ...", "No AWS credentials ...".
 */
export function describeFailure(error: any, endpoint: string): string {
  switch (failureSite(error)) {
    case 'eks-auth': {
      const requestId: string | undefined = error.$metadata.requestId;
      const message = String(error.message ?? '');
      return `EKS Auth answered HTTP ${error.$metadata.httpStatusCode} ${error.name}${message ? `: ${message}` : ''}${requestId ? ` (request ID ${requestId})` : ''}`;
    }
    case 'signing':
      return `No AWS credentials were found to sign the call, so EKS Auth was not called (${error.name}: ${reasonOf(error)})`;
    case 'connection':
      return error.phase === 'connect'
        ? `Could not connect to EKS Auth at ${endpoint}: ${reasonOf(error)}${attemptsOf(error)}`
        : `The connection to EKS Auth at ${endpoint} failed before it answered: ${reasonOf(error)}${attemptsOf(error)}`;
    default:
      return `The call to EKS Auth failed: ${error?.name ?? 'Error'}: ${reasonOf(error)}`;
  }
}

/** What to do when no credentials sign the call. */
export const SIGNING_FIX = 'Set AWS_PROFILE (and run `aws sso login` for an SSO profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, as for any AWS SDK.';

export interface ConnectionContext {
  readonly region: string;
  readonly endpoint: string;
  /** The environment, for the proxy variables. */
  readonly env: NodeJS.ProcessEnv;
}

/**
 * What to do when EKS Auth cannot be reached: the proxy in use (or none), the region and --endpoint, and the
 * VPC endpoint a network without internet access needs.
 */
export function connectionFix(context: ConnectionContext): string {
  const url = new URL(context.endpoint);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const variable = url.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY';
  let proxy: URL | undefined;
  try {
    proxy = proxyFor(url, context.env);
  } catch {
    proxy = undefined;
  }
  const network = proxy
    ? `Check that the proxy ${proxy.host} (${variable}) is up and lets this machine reach ${url.host}, or list ${url.hostname} in NO_PROXY to go direct.`
    : `Check that this machine reaches ${url.hostname} on port ${port} (no ${variable} applies to it: set one if your network needs a proxy).`;
  const where = context.endpoint === defaultEndpoint(context.region)
    ? `The endpoint is the one of --region ${context.region}: check that it is the cluster's region, or give another URL with --endpoint.`
    : `Check --endpoint ${context.endpoint}.`;
  // The interface VPC endpoint of the EKS Auth API (EKS Pod Identity): com.amazonaws.region-code.eks-auth.
  // Source: https://docs.aws.amazon.com/eks/latest/userguide/vpc-interface-endpoints.html (checked 2026-12-07)
  const vpc = `From a network without internet access, EKS Auth needs an interface VPC endpoint for com.amazonaws.${context.region}.eks-auth (with private DNS, or its DNS name as --endpoint).`;
  return `${network} ${where} ${vpc}`;
}
