/**
 * A client for EKS Auth's one operation, AssumeRoleForPodIdentity, shaped as @aws-sdk/client-eks-auth is:
 * `new EKSAuthClient(config).send(new AssumeRoleForPodIdentityCommand(input))`. restJson1 over Node's HTTP
 * client, signed with SigV4 (signing name `eks-auth`), credentials from the SDK's default chain.
 */
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, ResponseMetadata } from '@smithy/types';
import { defaultEndpoint } from './endpoint';
import { HttpResult, HttpTimeouts, sendHttp } from './http';
import {
  AssumeRoleForPodIdentityCommandInput, AssumeRoleForPodIdentityCommandOutput, EKSAuthServiceException,
  MODELED_ERRORS, ModeledErrorName,
} from './models';
import { retryDelay, isRetryable } from './retry';

// signingName eks-auth; POST /clusters/{clusterName}/assume-role-for-pod-identity; rest-json.
// Source: boto/botocore botocore/data/eks-auth/2023-11-26/service-2.json @ 1.44.8 (checked 2026-12-01)
const SIGNING_NAME = 'eks-auth';

export interface EKSAuthClientConfig {
  /** The region; required. */
  readonly region: string;
  /** The endpoint URL. @default https://eks-auth.<region>.api.aws (per partition) */
  readonly endpoint?: string;
  /** Credentials, or a provider of them. @default the SDK's default chain for Node.js */
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts, the first included, for throttling, 5xx, timeouts and connection errors. @default 3 */
  readonly maxAttempts?: number;
  /** Milliseconds to connect (proxy and TLS included). @default 2000 */
  readonly connectionTimeout?: number;
  /** Milliseconds for the whole response of one attempt. @default 3000 */
  readonly requestTimeout?: number;
  /** Milliseconds to find the credentials that sign one attempt (the chain can wait on a network provider). @default 10000 */
  readonly credentialsTimeout?: number;
  /** The environment for the proxy variables. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

export class AssumeRoleForPodIdentityCommand {
  constructor(readonly input: AssumeRoleForPodIdentityCommandInput) {}
}

// The standard retry mode: 3 attempts, delays from the SDK's defaults.
// Source: smithy-lang/smithy-typescript packages/util-retry/src/constants.ts @ @smithy/core 3.41.1 (checked 2026-12-01)
const DEFAULT_MAX_ATTEMPTS = 3;
// The agent gives one attempt 500 ms to dial and 1 s in all (http.Client.Timeout: dial, request, whole answer),
// and makes 3 attempts with the standard retryer of the Go SDK (v1.39.2 in its go.mod), which waits [0, 2) s,
// then [0, 4) s (full jitter): against an EKS Auth that never answers it gives up after 3 to 9 s (4.0 to 7.6 s
// in our runs), then answers 500.
// Source: aws/eks-pod-identity-agent internal/cloud/eksauth/service.go @ v0.1.37 (checked 2026-12-07)
// Source: aws/aws-sdk-go-v2 aws/retry/standard.go, aws/retry/jitter_backoff.go @ v1.39.2 (checked 2026-12-07)
// We keep the 3 attempts but not the 1 s: the agent runs in the region, a laptop is 100 to 300 ms away and
// opens a new TLS connection for each call, maybe through a proxy (4 to 5 round trips before the answer), so
// 1 s would fail calls that succeed. We allow 2 s to connect and 3 s for the answer (our choice: no published
// figure for a laptop was found), and the JS SDK's shorter delays (retry.ts): against an EKS Auth that never
// answers, serve gives up after 9 to 9.6 s. test/cli/serve-vs-agent.test.ts measures both.
const DEFAULT_CONNECTION_TIMEOUT = 2000;
const DEFAULT_REQUEST_TIMEOUT = 3000;
// The HTTP timeouts do not cover the credential chain, whose container and IMDS providers make their own calls:
// without this deadline a provider that never answers (the container provider pointed at `serve` itself)
// stalls the command forever. Roomy, since SSO and process providers can be slow.
const DEFAULT_CREDENTIALS_TIMEOUT = 10_000;

export class EKSAuthClient {
  readonly config: Required<Omit<EKSAuthClientConfig, 'credentials'>> & { credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider };
  private readonly signer: SignatureV4;

  constructor(config: EKSAuthClientConfig) {
    this.config = {
      region: config.region,
      endpoint: config.endpoint ?? defaultEndpoint(config.region),
      credentials: config.credentials ?? defaultProvider(),
      maxAttempts: config.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      connectionTimeout: config.connectionTimeout ?? DEFAULT_CONNECTION_TIMEOUT,
      requestTimeout: config.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT,
      credentialsTimeout: config.credentialsTimeout ?? DEFAULT_CREDENTIALS_TIMEOUT,
      env: config.env ?? process.env,
    };
    this.signer = new SignatureV4({
      service: SIGNING_NAME,
      region: this.config.region,
      credentials: this.config.credentials,
      sha256: Sha256,
    });
  }

  async send(command: AssumeRoleForPodIdentityCommand): Promise<AssumeRoleForPodIdentityCommandOutput> {
    const { clusterName, token, eksNodeName, instanceId, zone } = command.input;
    if (!clusterName) throw new Error('No value provided for input HTTP label: clusterName.');
    if (token === undefined) throw new Error('Expected non-null value for token.');
    const body = JSON.stringify({ token, eksNodeName, instanceId, zone });
    const url = new URL(`clusters/${encodeURIComponent(clusterName)}/assume-role-for-pod-identity`, withSlash(this.config.endpoint));
    const timeouts: HttpTimeouts = this.config;

    let totalRetryDelay = 0;
    for (let attempt = 1; ; attempt++) {
      let result: HttpResult;
      try {
        result = await sendHttp(url, await this.sign(url, body).catch(error => {
          // Nothing was sent: the credentials that sign the call were not found (phase as in http.ts).
          if (error !== null && typeof error === 'object') error.phase = 'sign';
          throw error;
        }), timeouts, this.config.env);
      } catch (error: any) {
        error.$metadata = { attempts: attempt, totalRetryDelay };
        if (attempt < this.config.maxAttempts && isRetryable(error)) {
          totalRetryDelay += await sleep(retryDelay(error, attempt));
          continue;
        }
        throw error;
      }
      const $metadata: ResponseMetadata = { ...metadataOf(result), attempts: attempt, totalRetryDelay };
      if (result.statusCode >= 200 && result.statusCode < 300) return parseOutput(result.body, $metadata);
      const error = parseError(result, $metadata);
      if (attempt < this.config.maxAttempts && isRetryable(error)) {
        totalRetryDelay += await sleep(retryDelay(error, attempt, result.headers['retry-after']));
        continue;
      }
      throw error;
    }
  }

  /** Nothing to release: each call opens and closes its own connection. */
  destroy(): void {}

  /** Signs within `credentialsTimeout`; a chain that finds nothing in time is a CredentialsProviderError, not retried. */
  private async sign(url: URL, body: string) {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new Error(`no AWS credentials were found within ${this.config.credentialsTimeout} ms`);
        error.name = 'CredentialsProviderError';
        reject(error);
      }, this.config.credentialsTimeout);
    });
    try {
      return await Promise.race([this.signNow(url, body), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async signNow(url: URL, body: string) {
    const signed = await this.signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query: {},
      headers: {
        'host': url.host,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
      },
      body,
    });
    return { method: 'POST', headers: { ...signed.headers, 'user-agent': 'cdk-eks-pod-identity' }, body };
  }
}

function withSlash(endpoint: string): string {
  return endpoint.endsWith('/') ? endpoint : `${endpoint}/`;
}

function sleep(ms: number): Promise<number> {
  return new Promise(resolve => setTimeout(() => resolve(ms), ms));
}

function header(result: HttpResult, name: string): string | undefined {
  const value = result.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function metadataOf(result: HttpResult): ResponseMetadata {
  return {
    httpStatusCode: result.statusCode,
    requestId: header(result, 'x-amzn-requestid') ?? header(result, 'x-amzn-request-id') ?? header(result, 'x-amz-request-id'),
    extendedRequestId: header(result, 'x-amz-id-2'),
    cfId: header(result, 'x-amz-cf-id'),
  };
}

function parseJson(body: string): any {
  try {
    return body.trim() === '' ? {} : JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** Epoch seconds (a number, or a string of one) into a Date, as the SDK reads restJson1 timestamps. */
function epochSeconds(value: unknown): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const seconds = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(seconds)) throw new Error(`Expected an epoch-seconds timestamp, got ${JSON.stringify(value)}`);
  return new Date(Math.round(seconds * 1000));
}

function parseOutput(body: string, $metadata: ResponseMetadata): AssumeRoleForPodIdentityCommandOutput {
  const data = parseJson(body);
  if (data === undefined || data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new EKSAuthServiceException({ name: 'SerializationException', $fault: 'server', $metadata, message: 'EKS Auth answered 200 with a body that is not a JSON object' });
  }
  return {
    $metadata,
    subject: data.subject && { namespace: data.subject.namespace, serviceAccount: data.subject.serviceAccount },
    audience: data.audience,
    podIdentityAssociation: data.podIdentityAssociation && {
      associationArn: data.podIdentityAssociation.associationArn,
      associationId: data.podIdentityAssociation.associationId,
    },
    assumedRoleUser: data.assumedRoleUser && { arn: data.assumedRoleUser.arn, assumeRoleId: data.assumedRoleUser.assumeRoleId },
    credentials: data.credentials && {
      sessionToken: data.credentials.sessionToken,
      secretAccessKey: data.credentials.secretAccessKey,
      accessKeyId: data.credentials.accessKeyId,
      expiration: epochSeconds(data.credentials.expiration),
    },
    ...(data.workloadIdentityProviderArn !== undefined ? { workloadIdentityProviderArn: data.workloadIdentityProviderArn } : {}),
  };
}

/** `aws.protocols#restJson1` error codes: the X-Amzn-ErrorType header, else `code`, else `__type`, trimmed. */
function errorCode(result: HttpResult, data: any): string | undefined {
  const raw = header(result, 'x-amzn-errortype') ?? data?.code ?? data?.Code ?? data?.__type;
  if (typeof raw !== 'string' || raw === '') return undefined;
  return raw.split(':')[0].split('#').pop();
}

function parseError(result: HttpResult, $metadata: ResponseMetadata): Error {
  const data = parseJson(result.body);
  const code = errorCode(result, data);
  const message: string | undefined = data?.message ?? data?.Message;
  const modeled = code !== undefined ? MODELED_ERRORS[code as ModeledErrorName] : undefined;
  if (modeled) return new modeled.ctor({ $metadata, message });
  return new EKSAuthServiceException({
    name: code ?? 'UnknownError',
    $fault: result.statusCode >= 500 ? 'server' : 'client',
    $metadata,
    message: message ?? (data === undefined ? `HTTP ${result.statusCode} with a body that is not JSON` : `HTTP ${result.statusCode}`),
  });
}
