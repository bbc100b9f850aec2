import * as http from 'http';

export interface GetResult {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  json(): any;
}

/** One request to `serve`, as an SDK's container provider makes it, with what the test wants changed. */
export function get(url: string, options: { token?: string; host?: string; method?: string; path?: string; agent?: http.Agent } = {}): Promise<GetResult> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = {};
    if (options.token !== undefined) headers.authorization = options.token;
    if (options.host !== undefined) headers.host = options.host;
    const req = http.request({
      hostname: target.hostname,
      port: target.port,
      path: options.path ?? target.pathname,
      method: options.method ?? 'GET',
      headers,
      agent: options.agent ?? false,
    }, res => {
      let body = '';
      res.setEncoding('utf-8');
      res.on('data', chunk => body += chunk);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) }));
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('no answer in 30 s')));
    req.end();
  });
}
