/**
 * The proxy a URL goes through, as curl and most tools read the environment: https_proxy/HTTPS_PROXY for
 * https URLs, http_proxy/HTTP_PROXY for http URLs, and no_proxy/NO_PROXY for the hosts that go direct.
 */
// Source: none found (searched for a standard of the proxy variables; this follows curl's documented reading of them)

function pick(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value && value.trim() !== '' ? value.trim() : undefined;
}

/** Whether NO_PROXY says to reach `url` directly: `*`, a host, a domain suffix, each with an optional port. */
export function bypassesProxy(url: URL, env: NodeJS.ProcessEnv): boolean {
  const noProxy = pick(env, 'no_proxy');
  if (!noProxy) return false;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return noProxy.split(/[\s,]+/).filter(Boolean).some(entry => {
    if (entry === '*') return true;
    let [pattern, entryPort] = [entry.toLowerCase(), ''];
    const portMatch = /^(.*[^\]]|\[.*\]):(\d+)$/.exec(pattern);
    if (portMatch) [pattern, entryPort] = [portMatch[1], portMatch[2]];
    pattern = pattern.replace(/^\[|\]$/g, '').replace(/^\*?\./, '.');
    if (entryPort && entryPort !== port) return false;
    if (pattern.startsWith('.')) return host.endsWith(pattern) || host === pattern.slice(1);
    return host === pattern || host.endsWith(`.${pattern}`);
  });
}

/** The proxy to use for `url`, or undefined to connect directly. */
export function proxyFor(url: URL, env: NodeJS.ProcessEnv = process.env): URL | undefined {
  const value = url.protocol === 'https:' ? pick(env, 'https_proxy') : pick(env, 'http_proxy');
  if (!value || bypassesProxy(url, env)) return undefined;
  const proxy = new URL(value.includes('://') ? value : `http://${value}`);
  if (proxy.protocol !== 'http:') {
    throw new Error(`The proxy ${proxy.protocol}//${proxy.host} is not supported: give an http:// proxy URL`);
  }
  return proxy;
}
