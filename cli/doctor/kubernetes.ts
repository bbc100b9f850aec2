/**
 * A read-only client of the Kubernetes API: the cluster's endpoint and CA with the EKS token, or the current
 * context of a kubeconfig file (bearer token, client certificate, or an exec plugin such as `aws eks get-token`).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as https from 'https';
import * as path from 'path';
import { KubernetesCallError } from './findings';
import { parseKubeconfig } from './kubeconfig';

export interface KubernetesAccess {
  readonly server: string;
  readonly ca?: Buffer;
  readonly token?: string;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly insecure?: boolean;
  /** Where the access came from, for messages. */
  readonly source: string;
}

const TIMEOUT_MS = 15_000;

export class KubernetesClient {
  constructor(readonly access: KubernetesAccess) {}

  /** GET `path`; the parsed object, or undefined on 404 when `missingOk`. */
  async get(path: string, permission: string, missingOk = false): Promise<any> {
    const url = new URL(path, this.access.server.endsWith('/') ? this.access.server : `${this.access.server}/`);
    const { status, body } = await this.request(url, permission);
    if (status === 404 && missingOk) return undefined;
    if (status < 200 || status >= 300) {
      let message = `HTTP ${status}`;
      try {
        message = JSON.parse(body).message ?? message;
      } catch { /* not a Status object */ }
      throw new KubernetesCallError(`GET ${url.pathname}`, permission, message, status);
    }
    try {
      return JSON.parse(body);
    } catch {
      throw new KubernetesCallError(`GET ${url.pathname}`, permission, 'the answer is not JSON');
    }
  }

  private request(url: URL, permission: string): Promise<{ status: number; body: string }> {
    const { ca, token, cert, key, insecure } = this.access;
    return new Promise((resolve, reject) => {
      const req = https.request(url, {
        method: 'GET',
        ca,
        cert,
        key,
        rejectUnauthorized: !insecure,
        headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        timeout: TIMEOUT_MS,
        agent: false,
      }, response => {
        let body = '';
        response.setEncoding('utf-8');
        response.on('data', (chunk: string) => body += chunk);
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        response.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
      req.on('error', (error: any) => reject(new KubernetesCallError(`GET ${url.pathname}`, permission,
        `the Kubernetes API server ${url.host} (${this.access.source}) could not be reached: ${error?.code ?? ''} ${error?.message ?? error}`.trim())));
      req.end();
    });
  }
}

/** The current context of a kubeconfig file, as kubectl reads it (the fields `doctor` supports). */
export function accessFromKubeconfig(file: string, env: NodeJS.ProcessEnv): KubernetesAccess {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch (error: any) {
    throw new KubernetesCallError('read kubeconfig', 'read access to the file', `cannot read ${file}: ${error?.code ?? error?.message}`);
  }
  const config = parseKubeconfig(text, file);
  const contextName = config['current-context'];
  const named = (list: any, name: any) => ([] as any[]).concat(list ?? []).find(entry => entry?.name === name);
  const context = named(config.contexts, contextName)?.context;
  const cluster = named(config.clusters, context?.cluster)?.cluster;
  const user = named(config.users, context?.user)?.user ?? {};
  if (!context || !cluster?.server) {
    throw new KubernetesCallError('read kubeconfig', 'a current context', `${file} has no current context with a cluster server (current-context: ${contextName ?? 'none'})`);
  }
  const dir = path.dirname(file);
  const data = (inline: any, fileName: any) => inline ? Buffer.from(String(inline), 'base64')
    : fileName ? fs.readFileSync(path.resolve(dir, String(fileName))) : undefined;
  let token: string | undefined = user.token ?? (user.tokenFile ? fs.readFileSync(path.resolve(dir, user.tokenFile), 'utf-8').trim() : undefined);
  if (!token && user.exec?.command) token = execToken(user.exec, env);
  return {
    server: String(cluster.server),
    ca: data(cluster['certificate-authority-data'], cluster['certificate-authority']),
    insecure: cluster['insecure-skip-tls-verify'] === true,
    cert: data(user['client-certificate-data'], user['client-certificate']),
    key: data(user['client-key-data'], user['client-key']),
    token,
    source: `context ${contextName} of ${file}`,
  };
}

/** Runs a client-go exec credential plugin (`aws eks get-token ...`) and reads the token of its ExecCredential. */
// Source: https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins @ the page as read (checked 2026-12-07)
function execToken(exec: any, env: NodeJS.ProcessEnv): string {
  const extra = Object.fromEntries(([] as any[]).concat(exec.env ?? []).map(entry => [entry.name, entry.value]));
  let output: string;
  try {
    output = execFileSync(String(exec.command), ([] as any[]).concat(exec.args ?? []).map(String), {
      env: { ...env, ...extra, KUBERNETES_EXEC_INFO: JSON.stringify({ apiVersion: exec.apiVersion, kind: 'ExecCredential', spec: { interactive: false } }) },
      encoding: 'utf-8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error: any) {
    throw new KubernetesCallError(`exec ${exec.command}`, 'the kubeconfig\'s credential plugin', `the credential plugin failed: ${String(error?.stderr ?? error?.message ?? error).trim().split('\n')[0]}`);
  }
  const token = JSON.parse(output)?.status?.token;
  if (typeof token !== 'string') throw new KubernetesCallError(`exec ${exec.command}`, 'the kubeconfig\'s credential plugin', 'the credential plugin gave no token');
  return token;
}
