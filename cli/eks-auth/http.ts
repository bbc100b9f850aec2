/**
 * One HTTP exchange with Node's own client: bounded connection and response times, and the proxy from the
 * environment (CONNECT tunnels for https, absolute-form requests for http).
 */
import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import * as tls from 'tls';
import { proxyFor } from './proxy';

export interface HttpExchange {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface HttpResult {
  readonly statusCode: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface HttpTimeouts {
  /** Milliseconds to open the connection, through the proxy and TLS included. */
  readonly connectionTimeout: number;
  /** Milliseconds from the request sent to the whole response read. */
  readonly requestTimeout: number;
}

/** Responses larger than this are cut off: EKS Auth answers in a few kilobytes. */
const MAX_BODY_BYTES = 1024 * 1024;

/** An error named as the SDK names its timeouts, so that retry decisions read the same. */
function timeoutError(message: string): Error {
  return Object.assign(new Error(message), { name: 'TimeoutError' });
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => void, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(timeoutError(message));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function portOf(url: URL): number {
  return Number(url.port || (url.protocol === 'https:' ? 443 : 80));
}

function connected(socket: net.Socket, event: 'connect' | 'secureConnect'): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    socket.once(event, () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

function proxyAuthorization(proxy: URL): Record<string, string> {
  if (!proxy.username) return {};
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { 'proxy-authorization': `Basic ${Buffer.from(credentials).toString('base64')}` };
}

/** A socket to the target host through an HTTP proxy's CONNECT method. */
function tunnel(proxy: URL, target: URL, sockets: net.Socket[]): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const authority = `${target.hostname}:${portOf(target)}`;
    const request = http.request({
      host: proxy.hostname.replace(/^\[|\]$/g, ''),
      port: portOf(proxy),
      method: 'CONNECT',
      path: authority,
      headers: { host: authority, ...proxyAuthorization(proxy) },
      agent: false,
    });
    request.once('socket', socket => sockets.push(socket));
    request.once('connect', (response, socket) => {
      if (response.statusCode === 200) {
        resolve(socket);
      } else {
        socket.destroy();
        reject(new Error(`The proxy ${proxy.host} refused to connect to ${authority}: HTTP ${response.statusCode}`));
      }
    });
    request.once('error', reject);
    request.end();
  });
}

async function openSocket(url: URL, proxy: URL | undefined, sockets: net.Socket[]): Promise<net.Socket> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (url.protocol === 'https:') {
    const raw = proxy ? await tunnel(proxy, url, sockets) : undefined;
    const secure = tls.connect({ socket: raw, host, port: portOf(url), servername: net.isIP(host) ? undefined : host });
    sockets.push(secure);
    return connected(secure, 'secureConnect');
  }
  const target = proxy ?? url;
  const socket = net.connect(portOf(target), target.hostname.replace(/^\[|\]$/g, ''));
  sockets.push(socket);
  return connected(socket, 'connect');
}

function exchange(url: URL, proxied: boolean, socket: net.Socket, request: HttpExchange, extra: Record<string, string>): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? https.request : http.request;
    const req = send({
      method: request.method,
      // Through an http proxy the request line carries the absolute URL.
      path: proxied && url.protocol === 'http:' ? url.href : `${url.pathname}${url.search}`,
      headers: { ...request.headers, ...extra },
      createConnection: () => socket,
    }, response => {
      let body = '';
      response.setEncoding('utf-8');
      response.on('data', (chunk: string) => {
        body += chunk;
        if (body.length > MAX_BODY_BYTES) response.destroy(new Error(`The response from ${url.host} is larger than ${MAX_BODY_BYTES} bytes`));
      });
      response.once('end', () => resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body }));
      response.once('error', reject);
    });
    req.once('error', reject);
    req.end(request.body);
  });
}

/**
 * Where a transport failure happened: before the connection was open (proxy, DNS, TCP, TLS), or after the
 * request was sent and before the whole answer was read. Set on the error as `phase`.
 */
export type HttpPhase = 'connect' | 'answer';

function inPhase(error: unknown, phase: HttpPhase): unknown {
  if (error !== null && typeof error === 'object' && !('phase' in error)) Object.assign(error, { phase });
  return error;
}

/** Sends one request to `url` and reads the whole response, within the timeouts. */
export async function sendHttp(url: URL, request: HttpExchange, timeouts: HttpTimeouts, env: NodeJS.ProcessEnv = process.env): Promise<HttpResult> {
  const sockets: net.Socket[] = [];
  const destroyAll = () => sockets.forEach(socket => socket.destroy());
  try {
    let proxy: URL | undefined;
    let socket: net.Socket;
    try {
      proxy = proxyFor(url, env);
      socket = await withTimeout(openSocket(url, proxy, sockets), timeouts.connectionTimeout, destroyAll,
        `Connecting to ${url.host}${proxy ? ` through the proxy ${proxy.host}` : ''} took longer than ${timeouts.connectionTimeout} ms`);
    } catch (error) {
      throw inPhase(error, 'connect');
    }
    const extra = proxy && url.protocol === 'http:' ? proxyAuthorization(proxy) : {};
    try {
      return await withTimeout(exchange(url, proxy !== undefined, socket, request, extra), timeouts.requestTimeout, destroyAll,
        `${url.host} did not answer within ${timeouts.requestTimeout} ms`);
    } catch (error) {
      throw inPhase(error, 'answer');
    }
  } finally {
    destroyAll();
  }
}
