import { Template } from 'aws-cdk-lib/assertions';
import { WellKnownPolicy } from '../../lib';
import { CATALOGUE } from './catalogue-entries';
import { actionsOf, givenRole, plain, policyStatements } from './helpers';

/** Attaches the entry to a role and returns the stack, the policy and the role's statements. */
function attach(factory: string) {
  const { stack, role } = givenRole();
  const policy = CATALOGUE[factory](stack);
  policy.attachTo(role).assertSuccess();
  return { stack, policy, statements: policyStatements(stack) };
}

/** The id of the entry, built in a fresh stack. */
function nameOf(factory: string): string {
  return CATALOGUE[factory](givenRole().stack).name;
}

const FACTORIES = Object.keys(CATALOGUE);

describe('the WellKnownPolicy catalogue', () => {
  test('every static factory of WellKnownPolicy is in this table', () => {
    const factories = Object.getOwnPropertyNames(WellKnownPolicy)
      .filter(name => typeof (WellKnownPolicy as any)[name] === 'function');

    expect(factories.sort()).toEqual([...FACTORIES].sort());
  });

  test('manifest: the exact ids of the catalogue', () => {
    expect(FACTORIES.map(nameOf)).toEqual([
      'aws-load-balancer-controller',
      'aws-load-balancer-controller-target-group-binding',
      'cluster-autoscaler',
      'external-dns',
      'cert-manager',
      'ebs-csi-driver',
      'efs-csi-driver',
      'fsx-lustre-csi-driver',
      'mountpoint-s3-csi-driver',
      'external-secrets',
      'velero',
      'amazon-managed-prometheus',
      'cloudwatch-observability',
      'vpc-cni',
      'node-termination-handler',
      'private-ca-issuer',
      'app-mesh-controller',
      'app-mesh-envoy-proxy',
      'gateway-api-controller',
      'karpenter',
      'image-builder',
    ]);
  });

  test.each(FACTORIES)('%s grants no wildcard action', (factory) => {
    const actions = actionsOf(attach(factory).statements);

    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter(action => action === '*' || action.endsWith(':*'))).toEqual([]);
    // Stricter than the rule: no action family such as kms:ReEncrypt* either.
    expect(actions.filter(action => action.includes('*'))).toEqual([]);
    expect(actions.filter(action => !/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(action))).toEqual([]);
  });

  test.each(FACTORIES)('%s writes no literal partition', (factory) => {
    const { stack } = attach(factory);

    expect(JSON.stringify(Template.fromStack(stack).toJSON())).not.toMatch(/arn:aws[a-z-]*:/);
  });

  test.each(FACTORIES)('%s only allows, and names resources in every statement', (factory) => {
    for (const statement of attach(factory).statements) {
      expect(statement.Effect).toBe('Allow');
      expect(statement.Resource).toBeDefined();
      expect(statement).not.toHaveProperty('NotAction');
      expect(statement).not.toHaveProperty('NotResource');
    }
  });

  test.each(FACTORIES)('%s fits in one managed policy (6,144 characters)', (factory) => {
    const { stack, policy } = attach(factory);
    const document = plain(stack.resolve(policy.toPolicyDocument(stack).toJSON()));
    const size = JSON.stringify(document)
      .replace(/\$\{AWS::Partition\}/g, 'aws')
      .replace(/\$\{AWS::Region\}/g, 'ap-southeast-2')
      .replace(/\$\{AWS::AccountId\}/g, '111111111111').length;

    expect(size).toBeLessThan(6144);
  });

  test('the ids are unique kebab-case names', () => {
    const names = FACTORIES.map(nameOf);

    expect(new Set(names).size).toBe(names.length);
    expect(names.filter(name => !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name))).toEqual([]);
  });
});
