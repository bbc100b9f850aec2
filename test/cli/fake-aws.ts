/**
 * A fake of the AWS reads `doctor` makes, on loopback: EKS (restJson1 GETs) and IAM (Query POSTs, XML answers)
 * behind one URL (the CLI finds it through AWS_ENDPOINT_URL). Each request's SigV4 signature is computed again
 * with @smithy/signature-v4 from the test signer's keys, as the fake EKS Auth does; a bad one is refused.
 */
import { randomUUID } from 'crypto';
import * as http from 'http';
import type { AddressInfo, Socket } from 'net';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { ACCOUNT, CLUSTER, REGION, SIGNER } from './fake-eks-auth';

export { ACCOUNT, CLUSTER, REGION, SIGNER };

export interface FakeAssociation {
  associationId: string;
  namespace: string;
  serviceAccount: string;
  roleArn: string;
  targetRoleArn?: string;
  disableSessionTags?: boolean;
  policy?: string;
  externalId?: string;
  /** The add-on that owns the association. */
  ownerArn?: string;
  /** Epoch seconds. */
  createdAt?: number;
}

export interface AwsFixture {
  cluster: {
    name: string;
    arn: string;
    status: string;
    version: string;
    platformVersion: string;
    endpoint?: string;
    caData?: string;
    autoMode?: boolean;
  };
  addon?: { status: string; addonVersion: string; issues?: Array<{ code: string; message: string }> };
  /** Other add-ons, by name: their versions. */
  addons: Record<string, string>;
  associations: FakeAssociation[];
  /** Trust policies by role ARN. */
  roles: Record<string, any>;
  /** SimulatePrincipalPolicy decisions by `<source role ARN> <action> <resource>`; anything else is allowed. */
  decisions: Record<string, string>;
  /**
   * The context keys the policies of a source test, by `<source role ARN> <action> <resource>`: without a value for
   * each in ContextEntries, the answer is implicitDeny with them as MissingContextValues.
   */
  needs: Record<string, string[]>;
  fargateProfiles: Record<string, Array<{ namespace: string; labels?: Record<string, string> }>>;
  nodegroups: Record<string, { amiType: string; nodeRole?: string }>;
  /** IAM actions (`iam:GetRole`) or EKS calls (`eks:DescribeCluster`) answered with AccessDenied. */
  denied: string[];
  /** Role names whose iam:GetRole is answered with AccessDenied. */
  deniedRoles?: string[];
}

export function roleArn(name: string, account = ACCOUNT): string {
  return `arn:aws:iam::${account}:role/${name}`;
}

export const POD_TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
};

export interface AwsCall {
  readonly service: string;
  readonly region?: string;
  readonly operation: string;
  readonly signatureValid: boolean;
}

export interface Simulation {
  readonly source: string | null;
  readonly actions: string[];
  readonly resource: string | null;
  readonly context: Record<string, string>;
}

export class FakeAws {
  readonly calls: AwsCall[] = [];
  readonly simulations: Simulation[] = [];
  url = '';
  private server?: http.Server;
  private readonly sockets = new Set<Socket>();

  constructor(public fixture: AwsFixture) {}

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', chunk => chunks.push(chunk));
      req.on('end', () => void this.handle(req, Buffer.concat(chunks as unknown as Uint8Array[]).toString('utf-8'), res));
    });
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>(resolve => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.sockets.forEach(socket => socket.destroy());
    await new Promise<void>(resolve => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  private async checkSignature(req: http.IncomingMessage, url: URL, body: string): Promise<{ valid: boolean; service?: string; region?: string }> {
    const parsed = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]+)$/.exec(String(req.headers.authorization ?? ''));
    if (!parsed) return { valid: false };
    const [, accessKeyId, , region, service, signedHeaders] = parsed;
    const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(String(req.headers['x-amz-date'] ?? ''));
    if (!date || accessKeyId !== SIGNER.accessKeyId) return { valid: false, service, region };
    const signingDate = new Date(Date.UTC(+date[1], +date[2] - 1, +date[3], +date[4], +date[5], +date[6]));
    const headers: Record<string, string> = {};
    for (const name of signedHeaders.split(';')) headers[name] = String(req.headers[name] ?? '');
    const signer = new SignatureV4({ service, region, credentials: SIGNER, sha256: Sha256 });
    const expected = await signer.sign({
      method: req.method ?? 'GET',
      protocol: 'http:',
      hostname: String(req.headers.host ?? ''),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: Object.fromEntries(Object.entries(headers).filter(([name]) => !['x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256'].includes(name))),
      body,
    }, { signingDate });
    return { valid: expected.headers.authorization === req.headers.authorization && req.headers['x-amz-security-token'] === SIGNER.sessionToken, service, region };
  }

  private async handle(req: http.IncomingMessage, body: string, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const { valid, service, region } = await this.checkSignature(req, url, body);
    const iam = req.method === 'POST' && url.pathname === '/';
    const operation = iam ? new URLSearchParams(body).get('Action') ?? '?' : `${req.method} ${url.pathname}`;
    this.calls.push({ service: service ?? '?', region, operation, signatureValid: valid });
    if (!valid) {
      res.writeHead(403, { 'content-type': 'application/json', 'x-amzn-errortype': 'InvalidSignatureException' });
      res.end(JSON.stringify({ message: 'The request signature we calculated does not match the signature you provided.' }));
      return;
    }
    if (iam) this.iam(new URLSearchParams(body), res);
    else this.eks(req.method ?? 'GET', url, res);
  }

  private json(res: http.ServerResponse, status: number, value: any, errorType?: string): void {
    res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID(), ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
    res.end(JSON.stringify(value));
  }

  private eks(method: string, url: URL, res: http.ServerResponse): void {
    const f = this.fixture;
    const notFound = (what: string) => this.json(res, 404, { message: `No ${what} found` }, 'ResourceNotFoundException');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (method !== 'GET' || parts[0] !== 'clusters') return this.json(res, 404, { message: 'unknown operation' }, 'UnknownOperationException');
    if (parts[1] !== f.cluster.name) return notFound(`cluster ${parts[1]}`);
    const deny = (call: string) => f.denied.includes(`eks:${call}`)
      ? (this.json(res, 403, { message: `User is not authorized to perform: eks:${call}` }, 'AccessDeniedException'), true) : false;
    const [, , kind, id] = parts;
    if (kind === undefined) {
      if (deny('DescribeCluster')) return;
      const c = f.cluster;
      return this.json(res, 200, {
        cluster: {
          name: c.name, arn: c.arn, status: c.status, version: c.version, platformVersion: c.platformVersion, endpoint: c.endpoint,
          certificateAuthority: c.caData ? { data: c.caData } : undefined, computeConfig: c.autoMode ? { enabled: true } : undefined,
        },
      });
    }
    if (kind === 'addons') {
      if (id !== 'eks-pod-identity-agent' && f.addons[id] !== undefined) {
        return this.json(res, 200, { addon: { addonName: id, clusterName: c(f), status: 'ACTIVE', addonVersion: f.addons[id], health: { issues: [] } } });
      }
      if (!f.addon || id !== 'eks-pod-identity-agent') return notFound(`addon ${id}`);
      return this.json(res, 200, { addon: { addonName: id, clusterName: c(f), status: f.addon.status, addonVersion: f.addon.addonVersion, health: { issues: f.addon.issues ?? [] } } });
    }
    if (kind === 'pod-identity-associations') {
      if (id === undefined) {
        if (deny('ListPodIdentityAssociations')) return;
        const ns = url.searchParams.get('namespace');
        const sa = url.searchParams.get('serviceAccount');
        const list = f.associations.filter(a => (!ns || a.namespace === ns) && (!sa || a.serviceAccount === sa));
        return this.json(res, 200, { associations: list.map(a => ({ clusterName: c(f), namespace: a.namespace, serviceAccount: a.serviceAccount, associationId: a.associationId, associationArn: arnOf(f, a) })) });
      }
      const a = f.associations.find(x => x.associationId === id);
      if (!a) return notFound(`association ${id}`);
      return this.json(res, 200, {
        association: {
          clusterName: c(f), namespace: a.namespace, serviceAccount: a.serviceAccount, roleArn: a.roleArn, associationArn: arnOf(f, a),
          associationId: a.associationId, targetRoleArn: a.targetRoleArn, disableSessionTags: a.disableSessionTags ?? false, policy: a.policy,
          externalId: a.externalId ?? randomUUID(), ownerArn: a.ownerArn, createdAt: a.createdAt ?? Math.floor(Date.now() / 1000) - 86400, modifiedAt: Math.floor(Date.now() / 1000) - 86400,
        },
      });
    }
    if (kind === 'fargate-profiles') {
      if (id === undefined) return this.json(res, 200, { fargateProfileNames: Object.keys(f.fargateProfiles) });
      const selectors = f.fargateProfiles[id];
      return selectors ? this.json(res, 200, { fargateProfile: { fargateProfileName: id, selectors } }) : notFound(`profile ${id}`);
    }
    if (kind === 'node-groups') {
      if (id === undefined) return this.json(res, 200, { nodegroups: Object.keys(f.nodegroups) });
      const group = f.nodegroups[id];
      return group ? this.json(res, 200, { nodegroup: { nodegroupName: id, amiType: group.amiType, nodeRole: group.nodeRole } }) : notFound(`node group ${id}`);
    }
    return this.json(res, 404, { message: 'unknown operation' }, 'UnknownOperationException');
  }

  private xml(res: http.ServerResponse, status: number, body: string): void {
    res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
    res.end(body);
  }

  private iam(params: URLSearchParams, res: http.ServerResponse): void {
    const action = params.get('Action') ?? '';
    const ns = 'https://iam.amazonaws.com/doc/2010-05-08/';
    const error = (status: number, code: string, message: string) => this.xml(res, status,
      `<ErrorResponse xmlns="${ns}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escape(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`);
    if (this.fixture.denied.includes(`iam:${action}`)) {
      return error(403, 'AccessDenied', `User: arn:aws:sts::${ACCOUNT}:assumed-role/doctor/test is not authorized to perform: iam:${action}`);
    }
    if (action === 'GetRole') {
      const name = params.get('RoleName');
      if (this.fixture.deniedRoles?.includes(name ?? '')) {
        return error(403, 'AccessDenied', `User: arn:aws:sts::${ACCOUNT}:assumed-role/doctor/test is not authorized to perform: iam:GetRole on resource: role ${name}`);
      }
      const arn = Object.keys(this.fixture.roles).find(a => a.split(':')[4] === ACCOUNT && a.split('/').pop() === name);
      if (!arn) return error(404, 'NoSuchEntity', `The role with name ${name} cannot be found.`);
      return this.xml(res, 200, `<GetRoleResponse xmlns="${ns}"><GetRoleResult><Role><Path>/</Path><AssumeRolePolicyDocument>${encodeURIComponent(JSON.stringify(this.fixture.roles[arn]))}</AssumeRolePolicyDocument><RoleId>AROAFAKE</RoleId><RoleName>${name}</RoleName><Arn>${arn}</Arn><CreateDate>2026-01-01T00:00:00Z</CreateDate></Role></GetRoleResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></GetRoleResponse>`);
    }
    if (action === 'SimulatePrincipalPolicy') {
      const source = params.get('PolicySourceArn');
      const resource = params.get('ResourceArns.member.1');
      const actions = [...params.entries()].filter(([k]) => k.startsWith('ActionNames.member.')).map(([, v]) => v);
      const context: Record<string, string> = {};
      for (let i = 1; params.has(`ContextEntries.member.${i}.ContextKeyName`); i++) {
        if (params.get(`ContextEntries.member.${i}.ContextKeyType`) !== 'string') return error(400, 'InvalidInput', `ContextEntries.member.${i}.ContextKeyType`);
        context[params.get(`ContextEntries.member.${i}.ContextKeyName`)!] = params.get(`ContextEntries.member.${i}.ContextKeyValues.member.1`) ?? '';
      }
      this.simulations.push({ source, actions, resource, context });
      const members = actions.map(a => {
        const key = `${source} ${a} ${resource}`;
        const missing = (this.fixture.needs[key] ?? []).filter(name => context[name] === undefined);
        const decision = missing.length > 0 ? 'implicitDeny' : this.fixture.decisions[key] ?? 'allowed';
        const missingXml = missing.length > 0 ? `<MissingContextValues>${missing.map(m => `<member>${m}</member>`).join('')}</MissingContextValues>` : '<MissingContextValues/>';
        return `<member><EvalDecisionDetails/><EvalResourceName>${resource}</EvalResourceName><EvalDecision>${decision}</EvalDecision><MatchedStatements><member><SourcePolicyId>inline</SourcePolicyId></member></MatchedStatements>${missingXml}<EvalActionName>${a}</EvalActionName></member>`;
      }).join('');
      return this.xml(res, 200, `<SimulatePrincipalPolicyResponse xmlns="${ns}"><SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated><EvaluationResults>${members}</EvaluationResults></SimulatePrincipalPolicyResult></SimulatePrincipalPolicyResponse>`);
    }
    return error(400, 'InvalidAction', `Could not find operation ${action}`);
  }
}

function c(f: AwsFixture): string {
  return f.cluster.name;
}

function arnOf(f: AwsFixture, a: FakeAssociation): string {
  return `arn:aws:eks:${REGION}:${ACCOUNT}:podidentityassociation/${f.cluster.name}/${a.associationId}`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A healthy cluster with one association (shop/checkout → checkout-role), the agent add-on ACTIVE. */
export function healthyAws(): AwsFixture {
  return {
    cluster: {
      name: CLUSTER, arn: `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${CLUSTER}`, status: 'ACTIVE', version: '1.31', platformVersion: 'eks.12',
    },
    addon: { status: 'ACTIVE', addonVersion: 'v1.3.10-eksbuild.3' },
    addons: {},
    associations: [{ associationId: 'a-checkout000000001', namespace: 'shop', serviceAccount: 'checkout', roleArn: roleArn('checkout-role') }],
    roles: { [roleArn('checkout-role')]: POD_TRUST },
    decisions: {},
    needs: {},
    fargateProfiles: {},
    nodegroups: { linux: { amiType: 'AL2023_x86_64_STANDARD', nodeRole: roleArn('node-role') } },
    denied: [],
  };
}
