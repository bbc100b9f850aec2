/**
 * A fake EKS Auth on loopback: checks each request's SigV4 signature by computing it again with
 * @smithy/signature-v4 from known test credentials, answers AssumeRoleForPodIdentity in the modelled shapes,
 * and can be told to fail each modelled way, stall, throttle, reset the connection or answer late, by a queue, per
 * token, or by a schedule (the soak, bench/soak.ts). It counts the calls in flight per token.
 */
import { randomBytes, randomUUID } from 'crypto';
import * as http from 'http';
import * as https from 'https';
import type { AddressInfo, Socket } from 'net';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { MODELED_ERRORS, ModeledErrorName } from '../../cli/eks-auth/models';
import { readClaims } from '../../cli/token';

/** The credentials the CLI signs with in the tests (set in its environment). */
export const SIGNER = {
  accessKeyId: 'AKIDTESTSIGNER00001',
  secretAccessKey: 'test-signer-secret-0123456789abcdefghij',
  sessionToken: 'test-signer-session-token',
};

export const REGION = 'eu-west-1';
export const CLUSTER = 'dev-cluster';
export const ACCOUNT = '111122223333';

export interface Association {
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly roleName: string;
}

export interface Call {
  readonly cluster: string;
  readonly token: string;
  readonly signatureValid: boolean;
  readonly signingRegion?: string;
  readonly body: any;
}

/** When a call came and when its connection closed (a client that gives up closes it), in epoch ms. */
export interface Exchange {
  readonly token: string;
  readonly receivedAt: number;
  closedAt?: number;
}

/** What the fake does with the next request. */
export type Behaviour =
  | { kind: 'answer' }
  | { kind: 'fail'; error: ModeledErrorName; message?: string }
  | { kind: 'stall' }
  | { kind: 'status'; status: number; errorType?: string; body?: string }
  /** Closes the connection with a TCP reset, no answer (the client sees ECONNRESET). */
  | { kind: 'reset' }
  /** Waits `ms`, then behaves as `then` (default: answers). */
  | { kind: 'slow'; ms: number; then?: Behaviour };

export interface Issued {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: number;
  /** When it was handed out, in epoch ms. */
  readonly issuedAt?: number;
}

export class FakeEksAuth {
  readonly calls: Call[] = [];
  /** Every credential it handed out, to check that no secret leaks anywhere. */
  readonly issued: Issued[] = [];
  /** The timing of every call, in the order of `calls`. */
  readonly exchanges: Exchange[] = [];
  /** Seconds that issued credentials live. */
  lifetimeSeconds = 6 * 3600;
  /** Milliseconds to wait before answering. */
  delayMs = 0;
  url = '';
  /** What a request neither per token nor queued does, when set; else the default (`always`). */
  schedule?: (call: Call) => Behaviour | undefined;
  /** The most calls in flight at once for each token (received, connection not yet closed). */
  readonly maxInFlight = new Map<string, number>();
  private readonly inFlight = new Map<string, number>();
  private readonly queue: Behaviour[] = [];
  private readonly byToken = new Map<string, Behaviour>();
  private fallback: Behaviour = { kind: 'answer' };
  private server?: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly associations: Association[];

  constructor(associations: Association[] = [{ namespace: 'shop', serviceAccount: 'checkout', roleName: 'checkout-role' }],
    private readonly tls?: { key: string; cert: string }) {
    this.associations = associations;
  }

  /** The next `count` requests behave so; after them, the default. */
  next(behaviour: Behaviour, count = 1): this {
    for (let i = 0; i < count; i++) this.queue.push(behaviour);
    return this;
  }

  /** Every request with this token behaves so, whatever is queued (for cases run side by side). */
  forToken(token: string, behaviour: Behaviour): this {
    this.byToken.set(token, behaviour);
    return this;
  }

  /** What every request not queued does. */
  always(behaviour: Behaviour): this {
    this.fallback = behaviour;
    return this;
  }

  async start(): Promise<string> {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', chunk => chunks.push(chunk));
      req.on('end', () => {
        void this.handle(req, Buffer.concat(chunks as unknown as Uint8Array[]).toString('utf-8'), res);
      });
    };
    this.server = this.tls ? https.createServer(this.tls, handler) : http.createServer(handler);
    this.server.on(this.tls ? 'secureConnection' : 'connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>(resolve => this.server!.listen(0, '127.0.0.1', resolve));
    const port = (this.server.address() as AddressInfo).port;
    this.url = `${this.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.sockets.forEach(socket => socket.destroy());
    await new Promise<void>(resolve => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  private async checkSignature(req: http.IncomingMessage, body: string): Promise<{ valid: boolean; region?: string }> {
    const authorization = String(req.headers.authorization ?? '');
    const parsed = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]+)$/.exec(authorization);
    if (!parsed) return { valid: false };
    const [, accessKeyId, , region, service, signedHeaders] = parsed;
    const amzDate = String(req.headers['x-amz-date'] ?? '');
    const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
    if (!date || accessKeyId !== SIGNER.accessKeyId || service !== 'eks-auth') return { valid: false, region };
    const signingDate = new Date(Date.UTC(+date[1], +date[2] - 1, +date[3], +date[4], +date[5], +date[6]));
    if (Math.abs(Date.now() - signingDate.getTime()) > 5 * 60_000) return { valid: false, region };
    const headers: Record<string, string> = {};
    for (const name of signedHeaders.split(';')) headers[name] = String(req.headers[name] ?? '');
    const url = new URL(req.url ?? '/', 'http://placeholder');
    // The JS SDK signs x-amz-content-sha256; the Go SDK (the agent) does not: sign it again only when it was signed.
    const applyChecksum = signedHeaders.split(';').includes('x-amz-content-sha256');
    const signer = new SignatureV4({ service: 'eks-auth', region, credentials: SIGNER, sha256: Sha256, applyChecksum });
    const expected = await signer.sign({
      method: req.method ?? 'POST',
      protocol: 'https:',
      hostname: String(req.headers.host ?? ''),
      path: url.pathname,
      query: {},
      headers: Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'x-amz-date' && name !== 'x-amz-security-token' && name !== 'x-amz-content-sha256')),
      body,
    }, { signingDate });
    return { valid: expected.headers.authorization === authorization && req.headers['x-amz-security-token'] === SIGNER.sessionToken, region };
  }

  private sendError(res: http.ServerResponse, name: ModeledErrorName, message: string): void {
    res.writeHead(MODELED_ERRORS[name].status, {
      'content-type': 'application/json',
      'x-amzn-errortype': `${name}:http://internal.amazon.com/coral/com.amazonaws.eksauth/`,
      'x-amzn-requestid': randomUUID(),
    });
    res.end(JSON.stringify({ message }));
  }

  private async handle(req: http.IncomingMessage, body: string, res: http.ServerResponse): Promise<void> {
    const match = /^\/clusters\/([^/]+)\/assume-role-for-pod-identity$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) {
      res.writeHead(404, { 'x-amzn-errortype': 'UnknownOperationException' }).end('{}');
      return;
    }
    const { valid, region } = await this.checkSignature(req, body);
    let parsed: any;
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = {};
    }
    const cluster = decodeURIComponent(match[1]);
    this.calls.push({ cluster, token: parsed.token, signatureValid: valid, signingRegion: region, body: parsed });
    const exchange: Exchange = { token: parsed.token, receivedAt: Date.now() };
    this.exchanges.push(exchange);
    const inFlight = (this.inFlight.get(parsed.token) ?? 0) + 1;
    this.inFlight.set(parsed.token, inFlight);
    this.maxInFlight.set(parsed.token, Math.max(inFlight, this.maxInFlight.get(parsed.token) ?? 0));
    res.once('close', () => {
      exchange.closedAt = Date.now();
      this.inFlight.set(parsed.token, (this.inFlight.get(parsed.token) ?? 1) - 1);
    });
    if (!valid) {
      res.writeHead(403, { 'content-type': 'application/json', 'x-amzn-errortype': 'InvalidSignatureException', 'x-amzn-requestid': randomUUID() });
      res.end(JSON.stringify({ message: 'The request signature we calculated does not match the signature you provided.' }));
      return;
    }
    let behaviour = this.byToken.get(parsed.token) ?? this.queue.shift() ?? this.schedule?.(this.calls[this.calls.length - 1]) ?? this.fallback;
    if (this.delayMs > 0) await new Promise(resolve => setTimeout(resolve, this.delayMs));
    if (behaviour.kind === 'slow') {
      while (behaviour.kind === 'slow') {
        await new Promise(resolve => setTimeout(resolve, (behaviour as { ms: number }).ms));
        behaviour = behaviour.then ?? { kind: 'answer' };
      }
      if (res.destroyed) return; // the client gave up while it waited: nothing is issued
    }
    switch (behaviour.kind) {
      case 'reset':
        req.socket.resetAndDestroy();
        return;
      case 'stall':
        return; // never answers; stop() cuts the connection
      case 'fail':
        this.sendError(res, behaviour.error, behaviour.message ?? `fake ${behaviour.error}`);
        return;
      case 'status':
        res.writeHead(behaviour.status, behaviour.errorType ? { 'x-amzn-errortype': behaviour.errorType } : {});
        res.end(behaviour.body ?? '');
        return;
    }
    this.answer(res, cluster, String(parsed.token ?? ''));
  }

  /** What EKS Auth itself checks: the token's audience and expiry, the cluster, an association for the subject. */
  private answer(res: http.ServerResponse, cluster: string, token: string): void {
    const claims = readClaims(token);
    if (!claims || !claims.audiences.includes('pods.eks.amazonaws.com')) {
      this.sendError(res, 'InvalidTokenException', 'Token is invalid');
      return;
    }
    if (claims.expiresAt && claims.expiresAt.getTime() < Date.now()) {
      this.sendError(res, 'ExpiredTokenException', 'Token is expired');
      return;
    }
    const association = this.associations.find(a => a.namespace === claims.namespace && a.serviceAccount === claims.serviceAccount);
    if (cluster !== CLUSTER || !association) {
      this.sendError(res, 'ResourceNotFoundException', 'Pod identity association not found');
      return;
    }
    const issued: Issued = {
      accessKeyId: `ASIAFAKE${String(this.issued.length + 1).padStart(8, '0')}`,
      secretAccessKey: `fake-secret-${randomBytes(12).toString('hex')}`,
      sessionToken: `fake-session-${randomBytes(24).toString('hex')}`,
      expiration: Math.floor(Date.now() / 1000) + this.lifetimeSeconds,
      issuedAt: Date.now(),
    };
    this.issued.push(issued);
    const id = `a-${association.serviceAccount.replace(/[^a-z0-9]/g, '').padEnd(17, '0').slice(0, 17)}`;
    const session = `eks-${cluster}-${claims.podName ?? 'none'}-${randomUUID()}`;
    res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() });
    res.end(JSON.stringify({
      subject: { namespace: association.namespace, serviceAccount: association.serviceAccount },
      audience: 'pods.eks.amazonaws.com',
      podIdentityAssociation: {
        associationArn: `arn:aws:eks:${REGION}:${ACCOUNT}:podidentityassociation/${cluster}/${id}`,
        associationId: id,
      },
      assumedRoleUser: {
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${association.roleName}/${session}`,
        assumeRoleId: `AROAFAKEROLEID:${session}`,
      },
      credentials: {
        sessionToken: issued.sessionToken,
        secretAccessKey: issued.secretAccessKey,
        accessKeyId: issued.accessKeyId,
        expiration: issued.expiration,
      },
    }));
  }
}

/** A service-account token as Kubernetes makes them (unsigned here: EKS Auth is the one that checks). */
export function makeToken(options: { namespace?: string; serviceAccount?: string; audience?: string; expiresInSeconds?: number; pod?: { name: string; uid: string } } = {}): string {
  const namespace = options.namespace ?? 'shop';
  const serviceAccount = options.serviceAccount ?? 'checkout';
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const payload = {
    aud: [options.audience ?? 'pods.eks.amazonaws.com'],
    exp: now + (options.expiresInSeconds ?? 3600),
    iat: now,
    iss: 'https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE',
    jti: randomUUID(),
    'kubernetes.io': {
      namespace,
      serviceaccount: { name: serviceAccount, uid: randomUUID() },
      ...(options.pod ? { pod: options.pod } : {}),
    },
    nbf: now,
    sub: `system:serviceaccount:${namespace}:${serviceAccount}`,
  };
  return `${encode({ alg: 'RS256', kid: 'test' })}.${encode(payload)}.${randomBytes(32).toString('base64url')}`;
}
