import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { runCli, tempDir, testEnv, writeToken } from './cli-process';
import { CLUSTER, FakeEksAuth, makeToken } from './fake-eks-auth';

/** A loopback proxy: CONNECT tunnels and absolute-form requests, each one recorded. */
class LoopbackProxy {
  readonly seen: Array<{ method: string; target: string; authorization?: string }> = [];
  url = '';
  private readonly server = http.createServer((req, res) => {
    this.seen.push({ method: req.method ?? '', target: req.url ?? '', authorization: req.headers['proxy-authorization'] });
    const target = new URL(req.url ?? '');
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = http.request({ hostname: target.hostname, port: target.port, path: target.pathname, method: req.method, headers }, answer => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  private readonly sockets = new Set<net.Socket>();

  async start(): Promise<string> {
    this.server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      this.seen.push({ method: 'CONNECT', target: req.url ?? '', authorization: req.headers['proxy-authorization'] });
      const [host, port] = (req.url ?? '').split(':');
      const upstream = net.connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head as unknown as Uint8Array);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('error', () => socket.destroy());
      }
    });
    await new Promise<void>(resolve => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.sockets.forEach(socket => socket.destroy());
    this.server.closeAllConnections();
    await new Promise(resolve => this.server.close(resolve));
  }
}

/** A self-signed certificate for 127.0.0.1, made by openssl for this run. */
function certificate(): { key: string; cert: string; certFile: string } {
  const dir = path.join(tempDir(), 'tls');
  fs.mkdirSync(dir, { recursive: true });
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'pipe' });
  return { key: fs.readFileSync(keyFile, 'utf-8'), cert: fs.readFileSync(certFile, 'utf-8'), certFile };
}

let tls: ReturnType<typeof certificate>;
let proxy: LoopbackProxy;

beforeAll(() => {
  tls = certificate();
});

beforeEach(async () => {
  proxy = new LoopbackProxy();
  await proxy.start();
});

afterEach(async () => {
  await proxy.stop();
});

async function verifyThrough(fake: FakeEksAuth, env: NodeJS.ProcessEnv) {
  return runCli(['verify', '--cluster', CLUSTER, '--token-file', writeToken('proxy-token', makeToken()), '--endpoint', fake.url], testEnv(env));
}

describe('the EKS Auth client honours the proxy variables', () => {
  let fake: FakeEksAuth;

  beforeEach(async () => {
    fake = new FakeEksAuth(undefined, tls);
    await fake.start();
  });

  afterEach(async () => {
    await fake.stop();
  });

  test('HTTPS_PROXY: an https endpoint is reached through a CONNECT tunnel, with the proxy credentials', async () => {
    const proxyUrl = new URL(proxy.url);
    const result = await verifyThrough(fake, { HTTPS_PROXY: `http://user:p%40ss@${proxyUrl.host}`, NODE_EXTRA_CA_CERTS: tls.certFile });

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(proxy.seen).toEqual([{ method: 'CONNECT', target: new URL(fake.url).host, authorization: `Basic ${Buffer.from('user:p@ss').toString('base64')}` }]);
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0].signatureValid).toBe(true);
  });

  test('https_proxy (lower case) works the same', async () => {
    const result = await verifyThrough(fake, { https_proxy: proxy.url, NODE_EXTRA_CA_CERTS: tls.certFile });

    expect(result.code).toBe(0);
    expect(proxy.seen.map(s => s.method)).toEqual(['CONNECT']);
  });

  test('NO_PROXY: a listed host is reached directly', async () => {
    const result = await verifyThrough(fake, { HTTPS_PROXY: proxy.url, NO_PROXY: 'example.com,127.0.0.1', NODE_EXTRA_CA_CERTS: tls.certFile });

    expect(result.code).toBe(0);
    expect(proxy.seen).toEqual([]);
    expect(fake.calls).toHaveLength(1);
  });

  test('the endpoint\'s certificate is verified through the tunnel: an untrusted one fails, and says why', async () => {
    const result = await verifyThrough(fake, { HTTPS_PROXY: proxy.url });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`verify failed: The TLS certificate of ${fake.url} is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT).`);
    expect(result.stderr).toContain('NODE_EXTRA_CA_CERTS');
    expect(fake.calls).toHaveLength(0);
  });
});

test('HTTP_PROXY: an http endpoint is reached through the proxy with an absolute-form request', async () => {
  const fake = new FakeEksAuth();
  await fake.start();
  try {
    const result = await verifyThrough(fake, { HTTP_PROXY: proxy.url });

    expect(result.code).toBe(0);
    expect(proxy.seen).toEqual([{ method: 'POST', target: `${fake.url}/clusters/${CLUSTER}/assume-role-for-pod-identity`, authorization: undefined }]);
    expect(fake.calls[0].signatureValid).toBe(true);
  } finally {
    await fake.stop();
  }
});
