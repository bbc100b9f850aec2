import { Annotations, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { AgentOptions } from '../agent-options';
import { code, codeSpan, map, propSpan, setting } from '../../private/code';
import { LIBRARY_ID, PodIdentityError, quote } from '../../private/errors';
import { goMultiply, goSeconds, goWholeSeconds, parseGoDuration, parseGoInt, Parsed } from './go-values';

/** The IPv4 link-local address the agent serves credentials on. */
export const AGENT_IPV4_ADDRESS = '169.254.170.23';

/** The agent flag that restricts the addresses it binds to, as `ipv6: false` renders it. */
export const BIND_FLAG = '-b';

/** How the agent parses a flag's value, and what this library accepts of it. */
type FlagKind = 'string' | 'bind-host' | 'listen-host' | 'url' | 'int' | 'uint16' | 'duration' | 'bool' | 'verbosity';

interface AgentFlag {
  readonly long: string;
  readonly short?: string;
  readonly kind: FlagKind;
  /** Why `additionalArgs` must not set it, or undefined when it may. */
  readonly reserved?: 'command-line' | 'hybrid';
}

/**
 * Every flag of the agent's `server` command: its own flags and the persistent `--verbosity` of the root
 * command. The agent exits on any other flag, so its DaemonSet crash-loops.
 */
// Source: aws/eks-pod-identity-agent cmd/server.go @ d814d42f7cf2344c85380cd64d0d00bb1d7a6162 (checked 2026-12-01)
// Source: aws/eks-pod-identity-agent cmd/root.go @ da4132f198eb2ce1fab1ac1d7240455c6bab15a7 (checked 2026-12-01)
// Source: aws/eks-pod-identity-agent cmd/server.go, cmd/root.go @ v0.1.37 and @ 2b8e78c (the same flags; run in test/upstream) (checked 2026-12-07)
const AGENT_FLAGS: readonly AgentFlag[] = [
  { long: '--cluster-name', short: '-c', kind: 'string', reserved: 'command-line' },
  { long: '--port', short: '-p', kind: 'uint16', reserved: 'command-line' },
  { long: '--probe-port', kind: 'uint16', reserved: 'command-line' },
  { long: '--metrics-port', kind: 'uint16', reserved: 'command-line' },
  { long: '--metrics-address', kind: 'listen-host' },
  { long: '--max-credential-retention-before-renewal', kind: 'duration' },
  { long: '--max-cache-size', kind: 'int' },
  { long: '--max-service-qps', kind: 'int' },
  { long: '--bind-hosts', short: '-b', kind: 'bind-host' },
  { long: '--rotate-credentials', kind: 'bool', reserved: 'hybrid' },
  { long: '--endpoint', kind: 'url' },
  { long: '--verbosity', short: '-v', kind: 'verbosity' },
];

/**
 * The values `--verbosity` accepts: the agent passes it to logrus.ParseLevel, which ignores case. The
 * agent's help text names panic, error, info and trace; logrus also takes the others.
 */
// Source: aws/eks-pod-identity-agent internal/middleware/logger/logger.go @ da4132f198eb2ce1fab1ac1d7240455c6bab15a7 (checked 2026-12-01)
// Source: sirupsen/logrus logrus.go (ParseLevel) @ 04bda4ee19be857f5c3db080cfbaa02a39b7fcf8 (checked 2026-12-01)
const VERBOSITY_LEVELS = ['panic', 'fatal', 'error', 'warn', 'warning', 'info', 'debug', 'trace'];

/**
 * The addresses pods reach the agent on, which are the only Host headers its credential handler answers:
 * `internal/validation/request.go` compares the Host with these two (not with `--bind-hosts`), and answers
 * 403 to any other. So the agent must serve on one of them, and nowhere else.
 */
// Source: aws/eks-pod-identity-agent internal/validation/request.go (defaultValidTargetHosts), configuration/config.go @ v0.1.37 (checked 2026-12-07)
const AGENT_BIND_HOSTS = [AGENT_IPV4_ADDRESS, '[fd00:ec2::23]'];

/**
 * Where the metrics server may listen in a DaemonSet, whose arguments are the same on every node: every
 * interface (the agent's default `0.0.0.0`, or empty), loopback, or the agent's own link-local addresses.
 */
const LISTEN_HOSTS_IPV4 = ['', '0.0.0.0', '127.0.0.1', 'localhost', AGENT_IPV4_ADDRESS];
const LISTEN_HOSTS_IPV6 = ['[::]', '[::1]', '[fd00:ec2::23]'];

/** The agent's defaults for the flags of its credential cache, used where `additionalArgs` does not set them. */
// Source: aws/eks-pod-identity-agent cmd/server.go (init: 3*time.Hour, 2000, 3) @ v0.1.37 (checked 2026-12-07)
const CACHE_DEFAULTS = { renewal: '3h', cacheSize: '2000', qps: '3' };

const EXAMPLE = '{ \'--verbosity\': \'trace\' }';

/**
 * The agent's extra arguments, flag to value: `additionalArgs`, plus `-b 169.254.170.23` when `ipv6` is false.
 * Throws on an unknown, reserved, repeated or malformed flag, on a value the agent cannot parse, and on a
 * bind flag that would contradict `ipv6: false`. `rawArgs` are the add-on's raw
 * `configurationValues.agent.additionalArgs`, checked only against `ipv6: false`.
 */
export function renderAgentArgs(scope: IConstruct, options: AgentOptions, rawArgs?: unknown, ipFamily?: string): { [flag: string]: string } {
  const args: { [flag: string]: string } = {};
  const seen = new Map<AgentFlag, string>();
  for (const [flag, value] of Object.entries(options.additionalArgs ?? {})) {
    const known = validateFlag(scope, flag);
    const previous = seen.get(known);
    if (previous !== undefined) {
      throw new PodIdentityError('duplicate-agent-arg', scope,
        `additionalArgs sets ${quote(previous)} and ${quote(flag)}, which are the same flag`,
        'Keep one of them');
    }
    seen.set(known, flag);
    validateValue(scope, known, flag, value, options.ipv6 !== false);
    args[flag] = value;
  }
  validateCache(scope, args);
  if (options.ipv6 === false) {
    const ownBind = bindFlagIn(Object.keys(args));
    const rawBind = rawArgs && typeof rawArgs === 'object' && !Token.isUnresolved(rawArgs) ? bindFlagIn(Object.keys(rawArgs)) : undefined;
    const [where, flag] = ownBind ? ['additionalArgs', ownBind] : rawBind ? ['configurationValues.agent.additionalArgs', rawBind] : [];
    if (where) {
      throw new PodIdentityError('conflicting-bind-address', scope,
        `ipv6 is false, which binds the agent to ${AGENT_IPV4_ADDRESS} with '${BIND_FLAG}', and ${where} also sets ${quote(flag!)}`,
        `Keep one of them: remove ${quote(flag!)} from ${where}, or drop ${codeSpan(setting('ipv6', false))}`);
    }
    args[BIND_FLAG] = AGENT_IPV4_ADDRESS;
  }
  validateBindFamily(scope, args, ipFamily);
  return args;
}

/**
 * Pods call the agent on 169.254.170.23 in IPv4 clusters and on [fd00:ec2::23] in IPv6 clusters: the agent
 * must serve the address of the cluster's family. Where the family is not known, serving IPv6 only warns.
 */
// Source: https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html ("169.254.170.23 for IPv4 and [fd00:ec2::23] for IPv6 clusters") @ stored copy (checked 2026-12-07)
function validateBindFamily(scope: IConstruct, args: { [flag: string]: string }, ipFamily: string | undefined): void {
  const flag = bindFlagIn(Object.keys(args));
  if (flag === undefined || Token.isUnresolved(args[flag])) return;
  const host = args[flag];
  const needed = ipFamily === 'ipv6' ? AGENT_BIND_HOSTS[1] : ipFamily === 'ipv4' ? AGENT_BIND_HOSTS[0] : undefined;
  const what = `the agent serves ${host} only (${quote(flag)})`;
  if (needed !== undefined && host !== needed) {
    throw new PodIdentityError('unsafe-agent-arg-value', scope,
      `${what}, but the cluster is ${ipFamily === 'ipv6' ? 'an IPv6' : 'an IPv4'} cluster, whose pods call the agent on ${needed}: they would get no credentials`,
      ipFamily === 'ipv6' ? `Leave ${propSpan('ipv6')} at its default and the bind address unset` : `Bind to ${AGENT_IPV4_ADDRESS}, or leave the bind address unset`);
  }
  if (needed === undefined && host === AGENT_BIND_HOSTS[1]) {
    Annotations.of(scope).addWarningV2(`${LIBRARY_ID}:agent-ipv6-only`,
      `${what}, which only pods of IPv6 clusters call (IPv4 clusters' pods call ${AGENT_IPV4_ADDRESS}), and this library cannot tell the cluster's IP family here. Leave the bind address unset to serve both`);
  }
}

/** The flags `additionalArgs` may set, as `-v/--verbosity`, sorted by long name. */
export function settableAgentFlags(): string[] {
  return AGENT_FLAGS.filter(flag => !flag.reserved)
    .sort((a, b) => a.long.localeCompare(b.long))
    .map(describe);
}

function validateFlag(scope: IConstruct, flag: string): AgentFlag {
  if (Token.isUnresolved(flag)) {
    throw new PodIdentityError('invalid-agent-arg', scope,
      'an additionalArgs flag is a token; flags must be known at synth time',
      `Write the flag literally, e.g. ${EXAMPLE}`);
  }
  if (!flag.startsWith('-')) {
    throw new PodIdentityError('invalid-agent-arg', scope,
      `additionalArgs flag ${quote(flag)} does not start with '-'`,
      `Give each flag with its dashes, e.g. ${EXAMPLE}`);
  }
  if (flag.includes('=')) {
    throw new PodIdentityError('invalid-agent-arg', scope,
      `additionalArgs flag ${quote(flag)} holds its value; the agent gets each flag and its value as two arguments`,
      `Give the value separately, e.g. ${EXAMPLE}`);
  }
  const known = AGENT_FLAGS.find(candidate => candidate.long === flag || candidate.short === flag);
  if (!known) {
    throw new PodIdentityError('unknown-agent-arg', scope,
      `additionalArgs flag ${quote(flag)} is not a flag of the agent's server command, which exits on an unknown flag (its DaemonSet would crash-loop)`,
      `Use one of ${settableAgentFlags().join(', ')}`);
  }
  if (known.reserved === 'command-line') {
    throw new PodIdentityError('reserved-agent-arg', scope,
      `additionalArgs sets ${quote(flag)} (${describe(known)}), which the agent's command line already sets`,
      `Remove it; ${AGENT_FLAGS.filter(f => f.reserved === 'command-line').map(describe).join(', ')} are managed for you (the cluster name comes from the cluster)`);
  }
  if (known.reserved === 'hybrid') {
    throw new PodIdentityError('reserved-agent-arg', scope,
      `additionalArgs sets ${quote(flag)}, which only the DaemonSets for hybrid nodes use: elsewhere the agent would read credentials from a file that is not there`,
      `Remove it, and set ${propSpan('hybridNodes')} to run the agent on hybrid nodes`);
  }
  return known;
}

function validateValue(scope: IConstruct, known: AgentFlag, flag: string, value: string, ipv6: boolean): void {
  if (Token.isUnresolved(value)) return;
  // The agent itself exits on the value (a parse error, or a listener that cannot start).
  const fail = (expected: string, fix: string): never => {
    throw new PodIdentityError('invalid-agent-arg-value', scope,
      `additionalArgs value ${quote(value)} of ${quote(flag)} is not ${expected}, and the agent exits on it`, fix);
  };
  // The agent would start, but not as asked, or not safely: refused all the same.
  const refuse = (problem: string, fix: string): never => {
    throw new PodIdentityError('unsafe-agent-arg-value', scope, `additionalArgs value ${quote(value)} of ${quote(flag)} ${problem}`, fix);
  };
  switch (known.kind) {
    case 'verbosity':
      if (!VERBOSITY_LEVELS.includes(value.toLowerCase())) {
        fail(`a log level (${VERBOSITY_LEVELS.join(', ')})`, `Use one of them, e.g. ${code(map({ [flag]: 'trace' }))}`);
      }
      break;
    case 'duration': {
      const parsed = parseGoDuration(value);
      if ('reason' in parsed) fail(parsed.reason, 'Use a Go duration such as \'3h\', \'90m\' or \'1h30m\' (\'0\' turns the credential cache off)');
      break;
    }
    case 'int': {
      const parsed = parseGoInt(value);
      if ('reason' in parsed) fail(parsed.reason, 'Use a whole number such as \'2000\'');
      else if (!parsed.decimal) {
        refuse(`is not a plain decimal number: the agent reads it as ${parsed.value} (Go's prefixed forms: '010' is 8, '0x10' is 16, '1_000' is 1000)`,
          `Write it in decimal: '${parsed.value}'`);
      }
      break;
    }
    case 'bind-host':
      validateHost(value, AGENT_BIND_HOSTS, fail, refuse, 'serve credentials on', ipv6);
      break;
    case 'listen-host':
      validateHost(value, [...LISTEN_HOSTS_IPV4, ...ipv6 ? LISTEN_HOSTS_IPV6 : []], fail, refuse, 'serve metrics on', ipv6);
      break;
    case 'url':
      if (!/^https?:\/\/[^\s/?#]+(\/[^\s]*)?$/.test(value)) {
        refuse('is not an http(s) URL: the agent would start, and every credential request would fail', 'Give the EKS Auth endpoint as a URL, e.g. \'https://eks-auth.eu-west-1.api.aws\'');
      }
      break;
    default:
      break;
  }
}

/**
 * A host for one of the agent's listeners (`host:port`, Go's net.Listen): an IPv6 address needs brackets,
 * and a DaemonSet's arguments are the same on every node, so only addresses that every node has will do.
 */
function validateHost(value: string, allowed: string[], fail: (expected: string, fix: string) => never,
  refuse: (problem: string, fix: string) => never, purpose: string, ipv6: boolean): void {
  if (allowed.includes(value)) return;
  const choices = allowed.map(host => quote(host)).join(', ');
  // Source: golang/go src/net/ipsock.go (SplitHostPort: "too many colons in address", "missing ']' in address") @ go1.26 (checked 2026-12-07)
  if (!/^\[[^\]]*\]$/.test(value) && value.includes(':')) {
    fail('an address the agent can listen on: an IPv6 address needs brackets, and the agent adds the port (it fails with "too many colons in address")',
      `Write IPv6 addresses in brackets, e.g. '[fd00:ec2::23]'; use one of ${choices}`);
  }
  if (value === '' || value === '0.0.0.0' || value === '[::]') {
    refuse(`makes the agent ${purpose} every interface of the node (it runs in the node's network)`,
      `Use one of ${choices}`);
  }
  if (!ipv6 && value.startsWith('[')) {
    refuse('is an IPv6 address, and ipv6 is false (nodes without IPv6, where the agent cannot listen on it)', `Use one of ${choices}`);
  }
  refuse(purpose === 'serve credentials on'
    ? 'is not an address pods reach the agent on: the agent answers 403 to every request whose Host is not 169.254.170.23 or fd00:ec2::23, and a DaemonSet\'s arguments are the same on every node'
    : 'is not an address every node has, and a DaemonSet\'s arguments are the same on every node (the agent exits where it cannot listen)',
  `Use one of ${choices}`);
}

/**
 * The agent's credential cache refuses to start (a panic, so the DaemonSet crash-loops) when its refresh
 * rate cannot keep up with its size: with the cache on (renewal and size not 0), `qps * int(renewal in
 * seconds)` must be at least `size / 2`, in Go's int64 arithmetic, a qps of 0 or less counting as 3.
 */
// Source: aws/eks-pod-identity-agent internal/credsretriever/refreshing_cache.go (NewCachedCredentialRetriever) @ v0.1.37 and @ 2b8e78c (checked 2026-12-07)
// Source: aws/eks-pod-identity-agent pkg/handlers/eks_credential_handler.go (the cache only when renewal != 0 and size != 0) @ v0.1.37 (checked 2026-12-07)
function validateCache(scope: IConstruct, args: { [flag: string]: string }): void {
  const raw = (long: string, fallback: string) => {
    const entry = Object.entries(args).find(([flag]) => flag === long);
    return entry === undefined ? { text: fallback, given: false } : { text: entry[1], given: true };
  };
  const renewal = raw('--max-credential-retention-before-renewal', CACHE_DEFAULTS.renewal);
  const size = raw('--max-cache-size', CACHE_DEFAULTS.cacheSize);
  const qps = raw('--max-service-qps', CACHE_DEFAULTS.qps);
  if ([renewal, size, qps].some(value => Token.isUnresolved(value.text))) return;
  const renewalNs = valueOf(parseGoDuration(renewal.text));
  const sizeValue = valueOf(parseGoInt(size.text));
  const qpsValue = valueOf(parseGoInt(qps.text));
  if (renewalNs === 0n || sizeValue === 0n) return;

  const effectiveQps = qpsValue <= 0n ? 3n : qpsValue;
  const seconds = goWholeSeconds(renewalNs);
  if (goMultiply(effectiveQps, seconds) < sizeValue / 2n) {
    const describeFlag = (name: string, value: { text: string; given: boolean }) => `${name} ${quote(value.text)}${value.given ? '' : ' (the default)'}`;
    throw new PodIdentityError('agent-cache-too-small', scope,
      `additionalArgs sets ${describeFlag('--max-credential-retention-before-renewal', renewal)}, ${describeFlag('--max-cache-size', size)} and ${describeFlag('--max-service-qps', qps)}: `
      + `the agent panics at start with "Refresh QPS is too small (${effectiveQps}) or credentials renewal to small (${goFixed2(goSeconds(renewalNs))}s) to keep up with cache's size (${sizeValue})", `
      + `because its cache needs max-service-qps x whole seconds of renewal (${effectiveQps} x ${seconds}) to be at least max-cache-size / 2 (${sizeValue / 2n})`,
      'Raise --max-service-qps or --max-credential-retention-before-renewal, lower --max-cache-size, or set either of the last two to \'0\' to turn the cache off');
  }
  if (sizeValue < 0n) {
    throw new PodIdentityError('unsafe-agent-arg-value', scope,
      `additionalArgs value ${quote(size.text)} of '--max-cache-size' is negative: the agent would start with a cache that evicts every entry at once`,
      'Use \'0\' to turn the cache off, or a positive size');
  }
  if (qps.given && qpsValue <= 0n) {
    throw new PodIdentityError('unsafe-agent-arg-value', scope,
      `additionalArgs value ${quote(qps.text)} of '--max-service-qps' is not positive: the agent would use 3 instead`,
      'Use a positive number of queries per second');
  }
}

/** The value of a parse that validateValue already accepted. */
function valueOf(parsed: Parsed<bigint>): bigint {
  if ('reason' in parsed) throw new Error(`unreachable: ${parsed.reason}`);
  return parsed.value;
}

/**
 * Go's `%0.2f`: the exact binary value rounded to two decimals, which `toFixed` does too, except at an exact tie
 * (a multiple of 1/8 that is not one of 1/4), where Go rounds half to even and `toFixed` up.
 */
// Source: golang/go src/strconv/ftoa.go (%f rounds the exact decimal expansion, ties to even) @ go1.26 (checked 2026-12-07)
function goFixed2(value: number): string {
  const eighths = value * 8;
  if (Number.isInteger(eighths) && Math.abs(eighths) % 2 === 1) {
    const scaled = Math.abs(value) * 100;
    const floor = Math.floor(scaled);
    const even = floor % 2 === 0 ? floor : floor + 1;
    return `${value < 0 ? '-' : ''}${(even / 100).toFixed(2)}`;
  }
  return value.toFixed(2);
}

function bindFlagIn(flags: string[]): string | undefined {
  return flags.find(flag => flag === '-b' || flag === '--bind-hosts');
}

function describe(flag: AgentFlag): string {
  return flag.short ? `${flag.short}/${flag.long}` : flag.long;
}
