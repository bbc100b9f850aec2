import * as fs from 'fs';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { CredentialCache } from '../../cli/serve/credential-cache';
import { createCredentialServer, REQUEST_TIMEOUT_MS } from '../../cli/serve/server';
import { TokenSource } from '../../cli/serve/token-source';
import { makeToken } from './fake-eks-auth';
import { get } from './http-get';

let dir: string;
beforeAll(() => dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-eks-pod-identity-server-')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a request whose EKS Auth call never ends gets a JSON 500 at the deadline (the agent\'s 30 s by default)', async () => {
  expect(REQUEST_TIMEOUT_MS).toBe(30_000);
  const token = makeToken();
  const file = path.join(dir, 'token');
  fs.writeFileSync(file, token);
  const cache = new CredentialCache({ fetch: () => new Promise(() => {}) });
  const server = createCredentialServer({ host: '127.0.0.1', tokens: new TokenSource(file, () => {}), cache, requestTimeoutMs: 300 });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  try {
    const started = Date.now();
    const response = await get(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/credentials`, { token });

    expect(response.status).toBe(500);
    expect(response.json()).toEqual({ Code: 'TimeoutError', Message: 'unable to fetch credentials from EKS Auth: no answer within 0.3 s' });
    expect(Date.now() - started).toBeLessThan(5000);
  } finally {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  }
});
