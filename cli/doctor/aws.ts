/**
 * The few read-only AWS calls `doctor` makes, as plain SigV4-signed HTTPS requests with the signing code and the
 * credential chain that `verify` uses: EKS (restJson1), IAM (the Query protocol, XML answers) and a presigned STS
 * GetCallerIdentity for the Kubernetes token.
 */
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { sendHttp } from '../eks-auth/http';

/** A call that could not be made or was refused: `doctor` exits 2 and says which call and which permission. */
export class AwsCallError extends Error {
  constructor(readonly call: string, readonly permission: string | undefined, readonly code: string, message: string, readonly status?: number) {
    super(message);
  }
}

// Service-specific endpoint variables: AWS_ENDPOINT_URL_<service ID, upper case, spaces as _>, then AWS_ENDPOINT_URL.
// Source: https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html @ the page as read (checked 2026-12-07)
export function endpointOf(service: 'EKS' | 'IAM' | 'STS', region: string, env: NodeJS.ProcessEnv): string {
  const configured = env[`AWS_ENDPOINT_URL_${service}`] ?? env.AWS_ENDPOINT_URL;
  if (configured && env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS !== 'true') return configured.replace(/\/+$/, '');
  const china = region.startsWith('cn-');
  const suffix = china ? 'amazonaws.com.cn' : 'amazonaws.com';
  // IAM is global: iam.amazonaws.com, iam.us-gov.amazonaws.com, iam.cn-north-1.amazonaws.com.cn.
  // Source: boto/botocore botocore/data/partitions.json and iam endpoint-rule-set-1.json @ 1.44.8 (checked 2026-12-07)
  if (service === 'IAM') return china ? 'https://iam.cn-north-1.amazonaws.com.cn' : region.startsWith('us-gov-') ? 'https://iam.us-gov.amazonaws.com' : 'https://iam.amazonaws.com';
  return `https://${service.toLowerCase()}.${region}.${suffix}`;
}

/** The region IAM requests are signed for: us-east-1 in the commercial partition. */
function iamSigningRegion(region: string): string {
  return region.startsWith('cn-') ? 'cn-north-1' : region.startsWith('us-gov-') ? 'us-gov-west-1' : 'us-east-1';
}

const TIMEOUTS = { connectionTimeout: 5000, requestTimeout: 15000 };
const MAX_ATTEMPTS = 3;

export interface AwsClientOptions {
  readonly region: string;
  readonly env: NodeJS.ProcessEnv;
  readonly credentials?: AwsCredentialIdentityProvider;
}

export class AwsClient {
  private readonly credentials: AwsCredentialIdentityProvider;
  private readonly signers = new Map<string, SignatureV4>();

  constructor(private readonly options: AwsClientOptions) {
    this.credentials = options.credentials ?? defaultProvider();
  }

  get region(): string {
    return this.options.region;
  }

  /** The credentials, once, so that a missing chain is one clear failure. */
  async checkCredentials(): Promise<void> {
    try {
      await this.credentials();
    } catch (error: any) {
      throw new AwsCallError('credentials', undefined, error?.name ?? 'CredentialsProviderError',
        `no AWS credentials were found (${error?.message ?? error})`);
    }
  }

  /** EKS restJson1: GET `path` (query included); the parsed JSON, or undefined on 404 when `missingOk`. */
  async eks(call: string, path: string, missingOk = false): Promise<any> {
    const url = new URL(path, `${endpointOf('EKS', this.region, this.options.env)}/`);
    const result = await this.send(call, `eks:${call}`, 'eks', this.region, url, 'GET', '', {});
    const data = parseJson(result.body);
    if (result.statusCode === 404 && missingOk) return undefined;
    if (result.statusCode >= 200 && result.statusCode < 300) return data ?? {};
    const code = String(header(result.headers, 'x-amzn-errortype') ?? data?.__type ?? data?.code ?? `HTTP ${result.statusCode}`).split(':')[0].split('#').pop()!;
    throw new AwsCallError(call, `eks:${call}`, code, String(data?.message ?? data?.Message ?? `HTTP ${result.statusCode}`), result.statusCode);
  }

  /** IAM Query: POST Action=`action`; the XML answer, or undefined on NoSuchEntity when `missingOk`. */
  async iam(action: string, parameters: Record<string, string>, missingOk = false): Promise<string | undefined> {
    const url = new URL(`${endpointOf('IAM', this.region, this.options.env)}/`);
    const body = new URLSearchParams({ Action: action, Version: '2010-05-08', ...parameters }).toString();
    const result = await this.send(action, `iam:${action}`, 'iam', iamSigningRegion(this.region), url, 'POST', body,
      { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' });
    if (result.statusCode >= 200 && result.statusCode < 300) return result.body;
    const code = xmlText(result.body, 'Code') ?? `HTTP ${result.statusCode}`;
    if (code === 'NoSuchEntity' && missingOk) return undefined;
    throw new AwsCallError(action, `iam:${action}`, code, xmlText(result.body, 'Message') ?? `HTTP ${result.statusCode}`, result.statusCode);
  }

  /**
   * The token `aws eks get-token` makes: `k8s-aws-v1.` and the base64url of a GetCallerIdentity URL presigned
   * for 60 seconds with the signed header `x-k8s-aws-id: <cluster>`.
   */
  // Source: kubernetes-sigs/aws-iam-authenticator pkg/token/token.go (GetWithSTS: presign 60 s, clusterIDHeader x-k8s-aws-id, v1Prefix k8s-aws-v1.) @ master (checked 2026-12-07)
  async kubernetesToken(cluster: string): Promise<string> {
    const url = new URL(`${endpointOf('STS', this.region, this.options.env)}/`);
    let presigned;
    try {
      presigned = await this.signer('sts', this.region).presign({
        method: 'GET',
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
        headers: { 'host': url.host, 'x-k8s-aws-id': cluster },
      }, { expiresIn: 60 });
    } catch (error: any) {
      throw new AwsCallError('credentials', undefined, error?.name ?? 'CredentialsProviderError', `could not sign the Kubernetes token: ${error?.message ?? error}`);
    }
    const query = new URLSearchParams(presigned.query as Record<string, string>).toString();
    const signedUrl = `${url.protocol}//${url.host}${url.pathname}?${query}`;
    return `k8s-aws-v1.${Buffer.from(signedUrl).toString('base64url')}`;
  }

  private signer(service: string, region: string): SignatureV4 {
    const key = `${service}/${region}`;
    let signer = this.signers.get(key);
    if (!signer) {
      signer = new SignatureV4({ service, region, credentials: this.credentials, sha256: Sha256 });
      this.signers.set(key, signer);
    }
    return signer;
  }

  private async send(call: string, permission: string, service: string, region: string, url: URL, method: string, body: string, headers: Record<string, string>) {
    for (let attempt = 1; ; attempt++) {
      let signed;
      try {
        signed = await this.signer(service, region).sign({
          method,
          protocol: url.protocol,
          hostname: url.hostname,
          port: url.port ? Number(url.port) : undefined,
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers: { host: url.host, ...headers, ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}) },
          body,
        });
      } catch (error: any) {
        throw new AwsCallError('credentials', undefined, error?.name ?? 'CredentialsProviderError', `no AWS credentials to sign ${call} with (${error?.message ?? error})`);
      }
      try {
        const result = await sendHttp(url, { method, headers: { ...signed.headers, 'user-agent': 'cdk-eks-pod-identity-doctor' }, body }, TIMEOUTS, this.options.env);
        const throttled = result.statusCode === 429 || /Throttl/.test(result.body.slice(0, 500));
        if (attempt < MAX_ATTEMPTS && (throttled || result.statusCode >= 500)) {
          await new Promise(resolve => setTimeout(resolve, Math.random() * 200 * 2 ** attempt));
          continue;
        }
        return result;
      } catch (error: any) {
        if (attempt < MAX_ATTEMPTS) continue;
        throw new AwsCallError(call, permission, error?.code ?? error?.name ?? 'NetworkError', `${url.host} could not be reached: ${error?.message ?? error}`);
      }
    }
  }
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseJson(body: string): any {
  try {
    return body.trim() === '' ? undefined : JSON.parse(body);
  } catch {
    return undefined;
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: '\'' };

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => name.startsWith('#x') || name.startsWith('#X')
    ? String.fromCodePoint(parseInt(name.slice(2), 16))
    : name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : ENTITIES[name] ?? whole);
}

/** The text of the first `<tag>` element in `xml` (IAM answers hold no CDATA), unescaped. */
export function xmlText(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
  return match ? unescapeXml(match[1]) : undefined;
}

/** The top-level `<member>` elements inside the first `<list>` element. */
export function xmlMembers(xml: string, list: string): string[] {
  const inner = new RegExp(`<${list}>([\\s\\S]*?)</${list}>`).exec(xml)?.[1] ?? '';
  const members: string[] = [];
  let depth = 0;
  let start = 0;
  for (const match of inner.matchAll(/<(\/?)member>/g)) {
    if (match[1] === '') {
      if (depth++ === 0) start = match.index! + match[0].length;
    } else if (--depth === 0) {
      members.push(inner.slice(start, match.index));
    }
  }
  return members;
}
