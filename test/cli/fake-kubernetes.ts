/**
 * A fake Kubernetes API server over HTTPS on loopback, with a self-signed certificate the test makes with
 * openssl (its own CA). It checks the bearer token: an EKS token (`k8s-aws-v1.` and a presigned STS
 * GetCallerIdentity URL, signed again here from the test signer's keys, with `x-k8s-aws-id` of the cluster),
 * or the static token of a test kubeconfig. It serves the objects of its fixture, read-only.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as https from 'https';
import type { AddressInfo, Socket } from 'net';
import * as path from 'path';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { CLUSTER, SIGNER } from './fake-eks-auth';

export const KUBECONFIG_TOKEN = 'test-kubeconfig-token-0123456789';

export interface TlsMaterial {
  readonly key: string;
  readonly cert: string;
}

/** A key and a self-signed certificate for 127.0.0.1, made with openssl in `dir`. */
export function makeTls(dir: string): TlsMaterial {
  const key = path.join(dir, 'k8s-key.pem');
  const cert = path.join(dir, 'k8s-cert.pem');
  if (!fs.existsSync(cert)) {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-addext', 'basicConstraints=critical,CA:TRUE'], { stdio: 'ignore' });
  }
  return { key: fs.readFileSync(key, 'utf-8'), cert: fs.readFileSync(cert, 'utf-8') };
}

export interface KubernetesFixture {
  serviceAccounts: any[];
  pods: any[];
  nodes: any[];
  networkPolicies: any[];
  /** DaemonSets in every namespace (the agent's and others). */
  daemonSets: any[];
  /** Paths (without query) answered 403. */
  forbidden: string[];
  /** Every request answered 401, as an API server does for an identity without an access entry. */
  unauthorized?: boolean;
}

export interface KubernetesCall {
  readonly path: string;
  readonly query: string;
  readonly tokenValid: boolean;
  readonly tokenKind: 'eks' | 'kubeconfig' | 'other';
}

export class FakeKubernetes {
  readonly calls: KubernetesCall[] = [];
  url = '';
  private server?: https.Server;
  private readonly sockets = new Set<Socket>();

  constructor(public fixture: KubernetesFixture, private readonly tls: TlsMaterial) {}

  async start(): Promise<string> {
    this.server = https.createServer(this.tls, (req, res) => void this.handle(req, res));
    this.server.on('secureConnection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>(resolve => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.sockets.forEach(socket => socket.destroy());
    await new Promise<void>(resolve => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  /** Whether `authorization` is an EKS token for CLUSTER, signed by the test signer, as aws-iam-authenticator reads them. */
  private async checkToken(authorization: string): Promise<{ valid: boolean; kind: KubernetesCall['tokenKind'] }> {
    if (authorization === `Bearer ${KUBECONFIG_TOKEN}`) return { valid: true, kind: 'kubeconfig' };
    const match = /^Bearer k8s-aws-v1\.([A-Za-z0-9_-]+)$/.exec(authorization);
    if (!match) return { valid: false, kind: 'other' };
    let url: URL;
    try {
      url = new URL(Buffer.from(match[1], 'base64url').toString('utf-8'));
    } catch {
      return { valid: false, kind: 'eks' };
    }
    const q = url.searchParams;
    const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(q.get('X-Amz-Date') ?? '');
    const scope = /^([^/]+)\/\d{8}\/([^/]+)\/sts\/aws4_request$/.exec(q.get('X-Amz-Credential') ?? '');
    if (!date || !scope || scope[1] !== SIGNER.accessKeyId || q.get('Action') !== 'GetCallerIdentity' || q.get('Version') !== '2011-06-15'
      || q.get('X-Amz-Expires') !== '60' || !(q.get('X-Amz-SignedHeaders') ?? '').split(';').includes('x-k8s-aws-id')) {
      return { valid: false, kind: 'eks' };
    }
    const signingDate = new Date(Date.UTC(+date[1], +date[2] - 1, +date[3], +date[4], +date[5], +date[6]));
    const signer = new SignatureV4({ service: 'sts', region: scope[2], credentials: SIGNER, sha256: Sha256 });
    const expected = await signer.presign({
      method: 'GET', protocol: url.protocol, hostname: url.hostname, port: url.port ? Number(url.port) : undefined, path: url.pathname,
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { 'host': url.host, 'x-k8s-aws-id': CLUSTER },
    }, { expiresIn: 60, signingDate });
    return { valid: expected.query?.['X-Amz-Signature'] === q.get('X-Amz-Signature'), kind: 'eks' };
  }

  private async handle(req: import('http').IncomingMessage, res: import('http').ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://placeholder');
    const token = await this.checkToken(String(req.headers.authorization ?? ''));
    this.calls.push({ path: url.pathname, query: url.search, tokenValid: token.valid, tokenKind: token.kind });
    const send = (status: number, body: any) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const status = (code: number, reason: string, message: string) => send(code, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, message, code });
    if (!token.valid || this.fixture.unauthorized) return status(401, 'Unauthorized', 'Unauthorized');
    if (this.fixture.forbidden.includes(url.pathname)) return status(403, 'Forbidden', `forbidden: User "doctor" cannot get resource at ${url.pathname}`);
    const f = this.fixture;
    const list = (items: any[]) => send(200, { kind: 'List', apiVersion: 'v1', items });
    let m: RegExpExecArray | null;
    if ((m = /^\/api\/v1\/namespaces\/([^/]+)\/serviceaccounts\/([^/]+)$/.exec(url.pathname))) {
      const sa = f.serviceAccounts.find(s => s.metadata.namespace === m![1] && s.metadata.name === m![2]);
      return sa ? send(200, sa) : status(404, 'NotFound', `serviceaccounts "${m[2]}" not found`);
    }
    if ((m = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(url.pathname))) {
      const selector = url.searchParams.get('labelSelector');
      const wanted = selector ? Object.fromEntries(selector.split(',').map(part => part.split('='))) : {};
      // The field selectors pods support that doctor sends: spec.serviceAccountName and spec.nodeName, with =.
      const fields = url.searchParams.get('fieldSelector');
      const paths: Record<string, (p: any) => unknown> = { 'spec.serviceAccountName': p => p.spec?.serviceAccountName ?? 'default', 'spec.nodeName': p => p.spec?.nodeName };
      const fieldTests = (fields ? fields.split(',') : []).map(part => part.split('='));
      if (fieldTests.some(([field, value]) => !paths[field] || value === undefined)) return status(400, 'BadRequest', `field label not supported: ${fields}`);
      return list(f.pods.filter(p => p.metadata.namespace === m![1] && Object.entries(wanted).every(([k, v]) => p.metadata.labels?.[k] === v)
        && fieldTests.every(([field, value]) => paths[field](p) === value)));
    }
    if ((m = /^\/api\/v1\/nodes\/([^/]+)$/.exec(url.pathname))) {
      const node = f.nodes.find(n => n.metadata.name === m![1]);
      return node ? send(200, node) : status(404, 'NotFound', `nodes "${m[1]}" not found`);
    }
    if ((m = /^\/apis\/networking\.k8s\.io\/v1\/namespaces\/([^/]+)\/networkpolicies$/.exec(url.pathname))) {
      return list(f.networkPolicies.filter(p => p.metadata.namespace === m![1]));
    }
    if (url.pathname === '/apis/apps/v1/daemonsets') return list(f.daemonSets);
    return status(404, 'NotFound', 'the server could not find the requested resource');
  }
}

const AGENT_LABELS = { 'app.kubernetes.io/name': 'eks-pod-identity-agent', 'app.kubernetes.io/instance': 'eks-pod-identity-agent' };

export function node(name: string, labels: Record<string, string> = {}): any {
  return { metadata: { name, labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', ...labels } } };
}

export function agentPod(nodeName: string, ready = true, labels: Record<string, string> = AGENT_LABELS, namespace = 'kube-system'): any {
  return {
    metadata: { name: `${labels['app.kubernetes.io/name'] ?? 'agent'}-${nodeName}`, namespace, labels },
    spec: { nodeName, hostNetwork: true },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

/** A pod of shop/checkout as EKS's webhook leaves it: the credential variables injected. */
/** An agent DaemonSet (the chart's labels and image), ready on `ready` of `desired` nodes. */
export function agentDaemonSet(name = 'eks-pod-identity-agent', namespace = 'kube-system', ready = 2, desired = 2, labels: Record<string, string> = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'eks-pod-identity-agent' }): any {
  return {
    metadata: { name, namespace, labels },
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'eks-pod-identity-agent', image: '602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/eks-pod-identity-agent:v0.1.37' }] } },
    },
    status: { desiredNumberScheduled: desired, numberReady: ready },
  };
}

export function appPod(name: string, nodeName = 'node-a', extra: { env?: any[]; hostNetwork?: boolean; labels?: Record<string, string>; injected?: boolean } = {}): any {
  const injected = extra.injected ?? true;
  const env = [
    ...(injected ? [
      { name: 'AWS_STS_REGIONAL_ENDPOINTS', value: 'regional' },
      { name: 'AWS_CONTAINER_CREDENTIALS_FULL_URI', value: 'http://169.254.170.23/v1/credentials' },
      { name: 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE', value: '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token' },
    ] : []),
    ...(extra.env ?? []),
  ];
  return {
    metadata: { name, namespace: 'shop', labels: { app: 'checkout', ...extra.labels }, creationTimestamp: new Date(Date.now() - 3600_000).toISOString() },
    spec: { serviceAccountName: 'checkout', nodeName, hostNetwork: extra.hostNetwork, containers: [{ name: 'app', image: 'app:1', env }] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

/** shop/checkout with two pods on two Linux nodes, each with a Ready agent pod. */
export function healthyKubernetes(): KubernetesFixture {
  return {
    serviceAccounts: [{ metadata: { name: 'checkout', namespace: 'shop', annotations: {} } }],
    pods: [appPod('checkout-1', 'node-a'), appPod('checkout-2', 'node-b'), agentPod('node-a'), agentPod('node-b')],
    nodes: [node('node-a'), node('node-b')],
    networkPolicies: [],
    daemonSets: [
      agentDaemonSet(),
      // Another DaemonSet, which is not the agent.
      { metadata: { name: 'aws-node', namespace: 'kube-system', labels: { 'k8s-app': 'aws-node' } }, spec: { selector: { matchLabels: { 'k8s-app': 'aws-node' } }, template: { spec: { containers: [{ name: 'aws-node', image: '602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.19.0' }] } } }, status: { desiredNumberScheduled: 2, numberReady: 2 } },
    ],
    forbidden: [],
  };
}
