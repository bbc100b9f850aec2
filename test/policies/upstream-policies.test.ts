import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { VpcCniIpFamily, WellKnownPolicy } from '../../lib';
import { CATALOGUE } from './catalogue-entries';
import { actionsOf, givenRole, policyStatements } from './helpers';

// Each well-known policy against the upstream policy it records in a `// Source:` line: every action
// of the upstream list (test/fixtures/upstream-policies/<id>.json) must be in the rendered policy,
// unless the fixture lists it under `omitted` with the reason.

const ROOT = path.join(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'upstream-policies');

interface Variant {
  readonly upstream?: string;
  readonly actions: string[];
  readonly omitted: { [action: string]: string };
}

interface UpstreamPolicy {
  readonly policy: string;
  readonly sources: string[];
  readonly singleUpstreamPolicy: boolean;
  readonly why?: string;
  readonly note?: string;
  readonly variants: { [variant: string]: Variant };
}

const UPSTREAM: UpstreamPolicy[] = fs.readdirSync(FIXTURES).filter(file => file.endsWith('.json')).sort()
  .map(file => JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf-8')));

/** The catalogue entry (every option on) of each policy id. */
function catalogueEntry(id: string): (stack: Stack) => WellKnownPolicy {
  const entry = Object.values(CATALOGUE).find(factory => factory(givenRole().stack).name === id);
  if (!entry) throw new Error(`no catalogue entry for ${id}`);
  return entry;
}

/** How each variant of a fixture renders; `default` is the catalogue entry. */
function variantOf(id: string, variant: string): (stack: Stack) => WellKnownPolicy {
  const vpcCni: { [name: string]: (stack: Stack) => WellKnownPolicy } = {
    'ipv4': () => WellKnownPolicy.vpcCni(),
    'ipv6': () => WellKnownPolicy.vpcCni({ ipFamily: VpcCniIpFamily.IPV6 }),
    'ipv4-scoped': stack => WellKnownPolicy.vpcCni({
      clusterName: 'my-cluster',
      vpc: ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['eu-west-1a'] }),
    }),
  };
  if (id === 'vpc-cni') return vpcCni[variant];
  if (variant === 'default') return catalogueEntry(id);
  throw new Error(`${id}: unknown variant ${variant}`);
}

function renderedActions(id: string, variant: string): string[] {
  const { stack, role } = givenRole();
  variantOf(id, variant)(stack).attachTo(role).assertSuccess();
  return actionsOf(policyStatements(stack));
}

/** The `// Source:` lines of lib/policies/<id>.ts, without the prefix. */
function sourceLines(id: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, 'lib', 'policies', `${id}.ts`), 'utf-8');
  return [...text.matchAll(/^\s*\/\/ Source: (.+)$/gm)].map(match => match[1]);
}

const CASES = UPSTREAM.flatMap(upstream => Object.entries(upstream.variants)
  .map(([variant, spec]) => [upstream.policy, variant, spec] as const));

describe('the well-known policies against their upstream policies', () => {
  test('every catalogue entry has an upstream fixture, and no fixture is left over', () => {
    const ids = Object.values(CATALOGUE).map(factory => factory(givenRole().stack).name).sort();

    expect(UPSTREAM.map(upstream => upstream.policy).sort()).toEqual(ids);
  });

  test.each(UPSTREAM.map(upstream => [upstream.policy, upstream] as const))(
    '%s: the fixture names the sources its policy file records', (id, upstream) => {
      expect(upstream.sources.length).toBeGreaterThan(0);
      for (const source of upstream.sources) {
        expect(sourceLines(id)).toContain(source);
        expect(source).toMatch(/ @ .+ \(checked \d{4}-\d{2}-\d{2}\)$/);
      }
      if (!upstream.singleUpstreamPolicy) expect(upstream.why).toMatch(/\S/);
    });

  test.each(CASES)('%s (%s): has every upstream action, except the listed omissions', (id, variant, spec) => {
    const rendered = renderedActions(id, variant);

    const missing = spec.actions.filter(action => !(action in spec.omitted) && !rendered.includes(action));
    expect(missing).toEqual([]);
  });

  test.each(CASES)('%s (%s): every omission is an upstream action the policy really leaves out, with a reason', (id, variant, spec) => {
    const rendered = renderedActions(id, variant);

    for (const [action, reason] of Object.entries(spec.omitted)) {
      expect(spec.actions).toContain(action);
      expect(rendered).not.toContain(action);
      expect(reason.length).toBeGreaterThan(20);
    }
  });

  test('a policy without a single upstream policy says so instead of listing actions', () => {
    const imageBuilder = UPSTREAM.find(upstream => upstream.policy === 'image-builder')!;

    expect(imageBuilder.singleUpstreamPolicy).toBe(false);
    expect(imageBuilder.variants.default.actions).toEqual([]);
    expect(imageBuilder.why).toContain('AmazonEC2ContainerRegistryPowerUser');
  });
});
