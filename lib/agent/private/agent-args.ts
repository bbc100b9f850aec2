import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { AgentOptions } from '../agent-options';
import { PodIdentityError, quote } from '../../private/errors';

/** The IPv4 link-local address the agent serves credentials on. */
export const AGENT_IPV4_ADDRESS = '169.254.170.23';

/** The agent flag that restricts the addresses it binds to, as `ipv6: false` renders it. */
export const BIND_FLAG = '-b';

/** How the agent parses a flag's value. */
type FlagKind = 'string' | 'int' | 'uint16' | 'duration' | 'bool' | 'verbosity';

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
const AGENT_FLAGS: readonly AgentFlag[] = [
  { long: '--cluster-name', short: '-c', kind: 'string', reserved: 'command-line' },
  { long: '--port', short: '-p', kind: 'uint16', reserved: 'command-line' },
  { long: '--probe-port', kind: 'uint16', reserved: 'command-line' },
  { long: '--metrics-port', kind: 'uint16', reserved: 'command-line' },
  { long: '--metrics-address', kind: 'string' },
  { long: '--max-credential-retention-before-renewal', kind: 'duration' },
  { long: '--max-cache-size', kind: 'int' },
  { long: '--max-service-qps', kind: 'int' },
  { long: '--bind-hosts', short: '-b', kind: 'string' },
  { long: '--rotate-credentials', kind: 'bool', reserved: 'hybrid' },
  { long: '--endpoint', kind: 'string' },
  { long: '--verbosity', short: '-v', kind: 'verbosity' },
];

/**
 * The values `--verbosity` accepts: the agent passes it to logrus.ParseLevel, which ignores case. The
 * agent's help text names panic, error, info and trace; logrus also takes the others.
 */
// Source: aws/eks-pod-identity-agent internal/middleware/logger/logger.go @ da4132f198eb2ce1fab1ac1d7240455c6bab15a7 (checked 2026-12-01)
// Source: sirupsen/logrus logrus.go (ParseLevel) @ 04bda4ee19be857f5c3db080cfbaa02a39b7fcf8 (checked 2026-12-01)
const VERBOSITY_LEVELS = ['panic', 'fatal', 'error', 'warn', 'warning', 'info', 'debug', 'trace'];

// Go time.ParseDuration: a bare 0, or a sequence of decimal numbers each with a unit.
const GO_DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/;
const WHOLE_NUMBER = /^[-+]?\d+$/;

const EXAMPLE = '{ \'--verbosity\': \'trace\' }';

/**
 * The agent's extra arguments, flag to value: `additionalArgs`, plus `-b 169.254.170.23` when `ipv6` is false.
 * Throws on an unknown, reserved, repeated or malformed flag, on a value the agent cannot parse, and on a
 * bind flag that would contradict `ipv6: false`. `rawArgs` are the add-on's raw
 * `configurationValues.agent.additionalArgs`, checked only against `ipv6: false`.
 */
export function renderAgentArgs(scope: IConstruct, options: AgentOptions, rawArgs?: unknown): { [flag: string]: string } {
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
    validateValue(scope, known, flag, value);
    args[flag] = value;
  }
  if (options.ipv6 === false) {
    const ownBind = bindFlagIn(Object.keys(args));
    const rawBind = rawArgs && typeof rawArgs === 'object' && !Token.isUnresolved(rawArgs) ? bindFlagIn(Object.keys(rawArgs)) : undefined;
    const [where, flag] = ownBind ? ['additionalArgs', ownBind] : rawBind ? ['configurationValues.agent.additionalArgs', rawBind] : [];
    if (where) {
      throw new PodIdentityError('conflicting-bind-address', scope,
        `ipv6 is false, which binds the agent to ${AGENT_IPV4_ADDRESS} with '${BIND_FLAG}', and ${where} also sets ${quote(flag!)}`,
        `Keep one of them: remove ${quote(flag!)} from ${where}, or drop \`ipv6: false\``);
    }
    args[BIND_FLAG] = AGENT_IPV4_ADDRESS;
  }
  return args;
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
      'Remove it, and set `hybridNodes` to run the agent on hybrid nodes');
  }
  return known;
}

function validateValue(scope: IConstruct, known: AgentFlag, flag: string, value: string): void {
  if (Token.isUnresolved(value)) return;
  const fail = (expected: string, fix: string) => {
    throw new PodIdentityError('invalid-agent-arg-value', scope,
      `additionalArgs value ${quote(value)} of ${quote(flag)} is not ${expected}, and the agent exits on it`, fix);
  };
  switch (known.kind) {
    case 'verbosity':
      if (!VERBOSITY_LEVELS.includes(value.toLowerCase())) {
        fail(`a log level (${VERBOSITY_LEVELS.join(', ')})`, `Use one of them, e.g. { ${quote(flag)}: 'trace' }`);
      }
      break;
    case 'duration':
      if (!GO_DURATION.test(value)) fail('a duration', 'Use a Go duration such as \'3h\', \'90m\' or \'1h30m\' (\'0\' turns the credential cache off)');
      break;
    case 'int':
      if (!WHOLE_NUMBER.test(value)) fail('a whole number', 'Use a whole number such as \'2000\'');
      break;
    default:
      break;
  }
}

function bindFlagIn(flags: string[]): string | undefined {
  return flags.find(flag => flag === '-b' || flag === '--bind-hosts');
}

function describe(flag: AgentFlag): string {
  return flag.short ? `${flag.short}/${flag.long}` : flag.long;
}
