/**
 * `additionalArgs` against the real agent (see pod-identity-agent.real-agent.test.ts for how it runs: its own
 * network namespace, the DaemonSet's exact arguments, no host or port swapped).
 *
 * The contract: whatever the library accepts starts the agent; whatever makes the agent exit or panic fails
 * synthesis; where the library says the agent exits on a value (`invalid-agent-arg-value`,
 * `agent-cache-too-small`), it does, and a panic is quoted with the agent's own words. The library may refuse
 * more than the agent does (`unsafe-agent-arg-value`: the agent would start, but serve nobody, serve on every
 * interface, or not do what was asked), and says so in the message.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as eksv1 from 'aws-cdk-lib/aws-eks';
import * as fc from 'fast-check';
import { AgentDeployment, PodIdentityAgent } from '../../lib';
import { agentBinary, AgentSource } from '../upstream/agent-binary';
import { runAgent } from '../upstream/run-agent';
import { ENV } from '../util';

jest.setTimeout(600_000);

const BASE_ARGS = ['server', '--port', '80', '--cluster-name', 'dev-cluster', '--probe-port', '2703', '--metrics-port', '2705'];
const ENVIRONMENT = { PATH: '/usr/bin:/bin', AWS_REGION: 'eu-west-1' };
/** Refusals where the library asks for less than the agent would take; they make no claim about the agent. */
const STRICTER = ['unsafe-agent-arg-value', 'conflicting-bind-address'];

interface Outcome {
  /** The server arguments: the DaemonSet's when accepted, else those the library would have rendered. */
  readonly args: string[];
  readonly code?: string;
  readonly message?: string;
}

function synthesize(additionalArgs: { [flag: string]: string }, ipv6: boolean): Outcome {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: ENV });
  const cluster = eksv1.CfnCluster.fromClusterName(stack, 'Cluster', 'dev-cluster');
  try {
    const agent = new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.selfManaged({ additionalArgs, ipv6 }) });
    const daemonSet = agent.manifest!.find(object => object.kind === 'DaemonSet')!;
    return { args: ['server', ...daemonSet.spec.template.spec.containers[0].args] };
  } catch (error: any) {
    const rendered = Object.entries(additionalArgs).flatMap(([flag, value]) => [flag, value]);
    return { args: [...BASE_ARGS, ...rendered, ...ipv6 ? [] : ['-b', '169.254.170.23']], code: error.code, message: error.message };
  }
}

/** Checks one case against the contract; returns the agent's run for further checks. */
async function checkContract(additionalArgs: { [flag: string]: string }, ipv6: boolean, source: AgentSource) {
  const outcome = synthesize(additionalArgs, ipv6);
  const run = await runAgent(agentBinary(source), outcome.args, ENVIRONMENT);
  const label = JSON.stringify({ additionalArgs, ipv6, source, code: outcome.code, started: run.started, output: run.started ? '' : run.output.slice(-600) });
  if (outcome.code === undefined) {
    expect(`${label} started: ${run.started}`).toBe(`${label} started: true`);
  } else if (!STRICTER.includes(outcome.code)) {
    // The library says the agent exits on it: it does.
    expect(`${label} started: ${run.started}`).toBe(`${label} started: false`);
  }
  if (!run.started) {
    // Whatever makes the agent exit fails synthesis.
    expect(`${label} refused: ${outcome.code !== undefined}`).toBe(`${label} refused: true`);
    const panic = /panic: (Refresh QPS is too small[^\n]*)/.exec(run.output);
    if (panic && outcome.code === 'agent-cache-too-small') expect(outcome.message).toContain(`"${panic[1]}"`);
  }
  return { outcome, run };
}

describe('additionalArgs: the known escapes, each against the real agent', () => {
  test.each([
    [{ '--max-credential-retention-before-renewal': '1m', '--max-cache-size': '100000' },
      "[cdk-eks-pod-identity:agent-cache-too-small] Stack/Agent: additionalArgs sets --max-credential-retention-before-renewal '1m', --max-cache-size '100000' and --max-service-qps '3' (the default): the agent panics at start with \"Refresh QPS is too small (3) or credentials renewal to small (60.00s) to keep up with cache's size (100000)\", because its cache needs max-service-qps x whole seconds of renewal (3 x 60) to be at least max-cache-size / 2 (50000). Raise --max-service-qps or --max-credential-retention-before-renewal, lower --max-cache-size, or set either of the last two to '0' to turn the cache off"],
    [{ '--max-credential-retention-before-renewal': '500ms' },
      "[cdk-eks-pod-identity:agent-cache-too-small] Stack/Agent: additionalArgs sets --max-credential-retention-before-renewal '500ms', --max-cache-size '2000' (the default) and --max-service-qps '3' (the default): the agent panics at start with \"Refresh QPS is too small (3) or credentials renewal to small (0.50s) to keep up with cache's size (2000)\", because its cache needs max-service-qps x whole seconds of renewal (3 x 0) to be at least max-cache-size / 2 (1000). Raise --max-service-qps or --max-credential-retention-before-renewal, lower --max-cache-size, or set either of the last two to '0' to turn the cache off"],
    [{ '--max-credential-retention-before-renewal': '-1h' },
      "[cdk-eks-pod-identity:agent-cache-too-small] Stack/Agent: additionalArgs sets --max-credential-retention-before-renewal '-1h', --max-cache-size '2000' (the default) and --max-service-qps '3' (the default): the agent panics at start with \"Refresh QPS is too small (3) or credentials renewal to small (-3600.00s) to keep up with cache's size (2000)\", because its cache needs max-service-qps x whole seconds of renewal (3 x -3600) to be at least max-cache-size / 2 (1000). Raise --max-service-qps or --max-credential-retention-before-renewal, lower --max-cache-size, or set either of the last two to '0' to turn the cache off"],
    [{ '--max-credential-retention-before-renewal': '9999999999h' },
      "[cdk-eks-pod-identity:invalid-agent-arg-value] Stack/Agent: additionalArgs value '9999999999h' of '--max-credential-retention-before-renewal' is not a duration the agent can hold (at most about 2562047h, Go's time.Duration; the agent fails with \"invalid duration\"), and the agent exits on it. Use a Go duration such as '3h', '90m' or '1h30m' ('0' turns the credential cache off)"],
    [{ '--max-cache-size': '99999999999999999999' },
      "[cdk-eks-pod-identity:invalid-agent-arg-value] Stack/Agent: additionalArgs value '99999999999999999999' of '--max-cache-size' is not a whole number the agent can hold (from -9223372036854775808 to 9223372036854775807; the agent fails with \"value out of range\"), and the agent exits on it. Use a whole number such as '2000'"],
    [{ '-b': '::1' },
      "[cdk-eks-pod-identity:invalid-agent-arg-value] Stack/Agent: additionalArgs value '::1' of '-b' is not an address the agent can listen on: an IPv6 address needs brackets, and the agent adds the port (it fails with \"too many colons in address\"), and the agent exits on it. Write IPv6 addresses in brackets, e.g. '[fd00:ec2::23]'; use one of '169.254.170.23', '[fd00:ec2::23]'"],
    [{ '--metrics-address': '::1' },
      "[cdk-eks-pod-identity:invalid-agent-arg-value] Stack/Agent: additionalArgs value '::1' of '--metrics-address' is not an address the agent can listen on: an IPv6 address needs brackets, and the agent adds the port (it fails with \"too many colons in address\"), and the agent exits on it. Write IPv6 addresses in brackets, e.g. '[fd00:ec2::23]'; use one of '', '0.0.0.0', '127.0.0.1', 'localhost', '169.254.170.23', '[::]', '[::1]', '[fd00:ec2::23]'"],
    [{ '-b': '' },
      "[cdk-eks-pod-identity:unsafe-agent-arg-value] Stack/Agent: additionalArgs value '' of '-b' makes the agent serve credentials on every interface of the node (it runs in the node's network). Use one of '169.254.170.23', '[fd00:ec2::23]'"],
    [{ '--bind-hosts': '127.0.0.1' },
      "[cdk-eks-pod-identity:unsafe-agent-arg-value] Stack/Agent: additionalArgs value '127.0.0.1' of '--bind-hosts' is not an address pods reach the agent on: the agent answers 403 to every request whose Host is not 169.254.170.23 or fd00:ec2::23, and a DaemonSet's arguments are the same on every node. Use one of '169.254.170.23', '[fd00:ec2::23]'"],
    [{ '--max-cache-size': '0x10' },
      "[cdk-eks-pod-identity:unsafe-agent-arg-value] Stack/Agent: additionalArgs value '0x10' of '--max-cache-size' is not a plain decimal number: the agent reads it as 16 (Go's prefixed forms: '010' is 8, '0x10' is 16, '1_000' is 1000). Write it in decimal: '16'"],
    [{ '--max-cache-size': '010' },
      "[cdk-eks-pod-identity:unsafe-agent-arg-value] Stack/Agent: additionalArgs value '010' of '--max-cache-size' is not a plain decimal number: the agent reads it as 8 (Go's prefixed forms: '010' is 8, '0x10' is 16, '1_000' is 1000). Write it in decimal: '8'"],
    [{ '--max-service-qps': '1_000' },
      "[cdk-eks-pod-identity:unsafe-agent-arg-value] Stack/Agent: additionalArgs value '1_000' of '--max-service-qps' is not a plain decimal number: the agent reads it as 1000 (Go's prefixed forms: '010' is 8, '0x10' is 16, '1_000' is 1000). Write it in decimal: '1000'"],
    [{ '--max-cache-size': '08' },
      "[cdk-eks-pod-identity:invalid-agent-arg-value] Stack/Agent: additionalArgs value '08' of '--max-cache-size' is not a whole number, and the agent exits on it. Use a whole number such as '2000'"],
    [{ '--max-cache-size': '1e3' },
      "[cdk-eks-pod-identity:invalid-agent-arg-value] Stack/Agent: additionalArgs value '1e3' of '--max-cache-size' is not a whole number, and the agent exits on it. Use a whole number such as '2000'"],
    [{ '--max-service-qps': '0' },
      "[cdk-eks-pod-identity:unsafe-agent-arg-value] Stack/Agent: additionalArgs value '0' of '--max-service-qps' is not positive: the agent would use 3 instead. Use a positive number of queries per second"],
    [{ '--max-cache-size': '-5' },
      "[cdk-eks-pod-identity:unsafe-agent-arg-value] Stack/Agent: additionalArgs value '-5' of '--max-cache-size' is negative: the agent would start with a cache that evicts every entry at once. Use '0' to turn the cache off, or a positive size"],
    [{ '--endpoint': 'eks-auth.eu-west-1.api.aws' },
      "[cdk-eks-pod-identity:unsafe-agent-arg-value] Stack/Agent: additionalArgs value 'eks-auth.eu-west-1.api.aws' of '--endpoint' is not an http(s) URL: the agent would start, and every credential request would fail. Give the EKS Auth endpoint as a URL, e.g. 'https://eks-auth.eu-west-1.api.aws'"],
  ])('%j fails synthesis with its reason, and the real agent agrees', async (additionalArgs, message) => {
    // WHEN
    const { outcome } = await checkContract(additionalArgs, true, 'v0.1.37');

    // THEN
    expect(outcome.message).toBe(message);
  });

  test('a metrics address in IPv6 with ipv6: false is refused (the node has no IPv6)', async () => {
    const { outcome } = await checkContract({ '--metrics-address': '[::1]' }, false, 'v0.1.37');
    expect(outcome.message).toBe(
      "[cdk-eks-pod-identity:unsafe-agent-arg-value] Stack/Agent: additionalArgs value '[::1]' of '--metrics-address' is an IPv6 address, and ipv6 is false (nodes without IPv6, where the agent cannot listen on it). Use one of '', '0.0.0.0', '127.0.0.1', 'localhost', '169.254.170.23'",
    );
  });

  test.each([
    [{ '--max-credential-retention-before-renewal': '1m', '--max-cache-size': '360' }],
    [{ '--max-credential-retention-before-renewal': '1m', '--max-cache-size': '100000', '--max-service-qps': '834' }],
    [{ '--max-credential-retention-before-renewal': '1m', '--max-cache-size': '100000', '--max-service-qps': '0x10' }],
    [{ '--max-credential-retention-before-renewal': '500ms', '--max-cache-size': '0' }],
    [{ '--max-credential-retention-before-renewal': '-1h', '--max-cache-size': '0' }],
    [{ '--max-credential-retention-before-renewal': '2562047h', '--max-service-qps': '9223372036854775807' }],
    // Go's %0.2f of the renewal in the quoted panic: exact binary values, ties to even, the sign kept.
    [{ '--max-credential-retention-before-renewal': '15ms' }],
    [{ '--max-credential-retention-before-renewal': '-5ms' }],
    [{ '--max-credential-retention-before-renewal': '125ms' }],
    [{ '--max-credential-retention-before-renewal': '28.765s', '--max-cache-size': '200' }],
  ])('the cache rule holds at its edges, as the agent decides: %j', async (additionalArgs) => {
    const { outcome, run } = await checkContract(additionalArgs, true, '2b8e78c');
    // Every case here is decided by the agent's own rule: the library agrees with the run either way, and quotes
    // the agent's panic word for word (checkContract).
    if (outcome.code === 'unsafe-agent-arg-value') expect(outcome.message).toContain('plain decimal');
    else expect(outcome.code === undefined).toBe(run.started);
    if (!run.started) expect(run.output).toContain('panic: Refresh QPS is too small');
  });
});

// Values drawn for each flag: the edges the agent's parsers have, and arbitrary ones.
const duration = fc.oneof(
  fc.constantFrom('0', '0s', '-0', '1m', '500ms', '-1h', '3h', '1h30m', '.5s', '1.5h', '9999999999h', '2562047h', '2562048h', '15ms', '-5ms', '125ms', '28.765s', '1.h',
    '9223372036854775807ns', '9223372036854775808ns', '-9223372036854775808ns', '10', '', '1e3s', '+5m', '1hm', '1µs', '3 hours'),
  fc.tuple(fc.integer({ min: -100_000, max: 10_000_000 }), fc.constantFrom('ns', 'us', 'ms', 's', 'm', 'h')).map(([n, unit]) => `${n}${unit}`),
);
const integer = fc.oneof(
  fc.constantFrom('0', '-1', '1', '2000', '100000', '99999999999999999999', '9223372036854775807', '9223372036854775808', '-9223372036854775808',
    '0x10', '010', '08', '1_000', '+5', '', '2.5', 'lots', '1e3', 'ff', '0b2', '0o8', '0x_1F', 'dead_beef', '0_10', '0x', '-0x8000000000000000'),
  fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).map(String),
  fc.integer({ min: 0, max: 3000 }).map(String),
);
const bindHost = fc.constantFrom('169.254.170.23', '[fd00:ec2::23]', '::1', '', '127.0.0.1', '0.0.0.0', '[::1]', '[::]', 'fd00:ec2::23',
  '[fd00:ec2::23', 'localhost', '169.254.170.23:80', 'example.invalid');
const listenHost = fc.constantFrom('', '0.0.0.0', '127.0.0.1', 'localhost', '[::1]', '::1', '[::]', '10.0.0.1', 'example.invalid',
  '169.254.170.23', '[fd00:ec2::23]', '127.0.0.1:9000');
const verbosity = fc.constantFrom('trace', 'TRACE', 'Info', 'debug', 'warning', 'panic', 'fatal', 'verbose', '');
const endpoint = fc.constantFrom('https://eks-auth.eu-west-1.api.aws', 'http://127.0.0.1:9', 'nope', '');

const FLAGS: Array<[string[], fc.Arbitrary<string>]> = [
  [['--max-credential-retention-before-renewal'], duration],
  [['--max-cache-size'], integer],
  [['--max-service-qps'], integer],
  [['-b', '--bind-hosts'], bindHost],
  [['--metrics-address'], listenHost],
  [['-v', '--verbosity'], verbosity],
  [['--endpoint'], endpoint],
];

const additionalArgs = fc.tuple(...FLAGS.map(([names, values]) => fc.option(fc.tuple(fc.constantFrom(...names), values), { nil: undefined, freq: 2 })))
  .map(entries => Object.fromEntries(entries.filter((entry): entry is [string, string] => entry !== undefined)));

describe('additionalArgs: drawn values, each against the real agent', () => {
  test('whatever synthesizes starts the agent, and whatever the agent exits on fails synthesis', async () => {
    let index = 0;
    await fc.assert(
      fc.asyncProperty(additionalArgs, fc.boolean(), async (args, ipv6) => {
        // Alternate the two agent sources: their flags and cache rule are the same.
        await checkContract(args, ipv6, index++ % 2 === 0 ? 'v0.1.37' : '2b8e78c');
      }),
      // A fixed seed, so that a failure replays; FC_NUM_RUNS raises the count for a longer local run.
      { seed: 20261207, numRuns: Number(process.env.FC_NUM_RUNS ?? 40), endOnFailure: true },
    );
  });
});
