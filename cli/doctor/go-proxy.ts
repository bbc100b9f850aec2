/**
 * Whether a Go program sends a request for `url` to a proxy, as `http.ProxyFromEnvironment` decides from a
 * container's environment. Of the AWS SDKs, only the Go v2 SDK sends the container-credential request through
 * the environment's proxy; `doctor` uses this to say which pods a proxy cuts off from the agent.
 */
import { BlockList, isIP } from 'net';

// http.ProxyFromEnvironment: HTTP_PROXY (else http_proxy) for http URLs, HTTPS_PROXY (else https_proxy) for https,
// NO_PROXY (else no_proxy) as a comma list of `*`, CIDRs (IPv4 and IPv6), IP addresses (bare IPv6, or [v6]:port),
// domains (a leading `.` or `*.` for subdomains only), each with an optional port; localhost and loopback addresses
// never go through a proxy; an IP address is matched only by CIDRs and IP entries, never by a domain entry.
// Source: golang/go src/vendor/golang.org/x/net/http/httpproxy/proxy.go (FromEnvironment, useProxy, config.init, domainMatch) @ go1.26.8 (checked 2026-12-07)
export function goProxies(url: URL, env: Readonly<Record<string, string | undefined>>): boolean {
  const pick = (name: string) => env[name] || env[name.toLowerCase()] || '';
  if (!pick(url.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY')) return false;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const family = isIP(host);
  /** Whether `host` is an IP address in `base`/`bits` (a single address without `bits`). */
  const type = (address: string) => isIP(address) === 6 ? 'ipv6' : 'ipv4';
  const within = (base: string, bits?: number) => {
    if (family === 0 || (bits !== undefined && isIP(base) !== family)) return false;
    const list = new BlockList();
    if (bits === undefined) list.addAddress(base, type(base));
    else list.addSubnet(base, bits, type(base));
    return list.check(host, type(host));
  };
  if (host === 'localhost' || within('127.0.0.0', 8) || within('::1')) return false;

  for (const raw of pick('NO_PROXY').split(',')) {
    const entry = raw.trim().toLowerCase();
    if (entry === '*') return false;
    const cidr = /^([^/]+)\/(\d{1,3})$/.exec(entry);
    if (cidr && isIP(cidr[1]) && Number(cidr[2]) <= (isIP(cidr[1]) === 6 ? 128 : 32)) {
      if (within(cidr[1], Number(cidr[2]))) return false;
      continue;
    }
    // net.SplitHostPort: "[v6]:port" or "host:port" with a single colon; a bare IPv6 address or "[v6]" is all host.
    const bracketed = /^\[([^\]]*)\]:(.*)$/.exec(entry);
    const [entryHost, entryPort] = bracketed ? bracketed.slice(1) : entry.split(':').length === 2 ? entry.split(':') : [entry, ''];
    if (!entryHost || (entryPort && entryPort !== port)) continue;
    if (isIP(entryHost)) {
      if (within(entryHost)) return false;
    } else if (family === 0) {
      const suffix = entryHost.startsWith('*.') ? entryHost.slice(1) : entryHost;
      if (suffix.startsWith('.') ? host.endsWith(suffix) : host === suffix || host.endsWith(`.${suffix}`)) return false;
    }
  }
  return true;
}
