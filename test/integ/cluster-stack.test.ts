import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CLUSTER_STACK_NAME, IntegClusterStack } from './cluster/cluster-stack';
import { DEFAULT_INTEG_CLUSTER_NAME, INTEG_REGION } from './support';

// The shared test cluster that `npm run integ:live` deploys (test/integ/cluster), synthesized offline.

/** Runs `fn` with environment variables set (a value) or unset (undefined), then restores them. */
function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map(name => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(vars);
  try {
    return fn();
  } finally {
    apply(saved);
  }
}

/** The stack as the CDK CLI synthesizes it: with the account of the credentials, or without any. */
function clusterStack(vars: Record<string, string | undefined> = {}): IntegClusterStack {
  return withEnv({ INTEG_CLUSTER_NAME: undefined, CDK_DEFAULT_ACCOUNT: undefined, ...vars }, () => new IntegClusterStack(new App()));
}

describe('the shared test cluster', () => {
  const stack = clusterStack();
  const template = Template.fromStack(stack);

  test('is the stack PodIdentityIntegCluster, in the region of the integration tests', () => {
    expect(stack.stackName).toBe(CLUSTER_STACK_NAME);
    expect(CLUSTER_STACK_NAME).toBe('PodIdentityIntegCluster');
    expect(stack.region).toBe(INTEG_REGION);
  });

  test('is the cluster the tests import, on Kubernetes 1.35', () => {
    template.resourceCountIs('AWS::EKS::Cluster', 1);
    template.hasResourceProperties('AWS::EKS::Cluster', { Name: DEFAULT_INTEG_CLUSTER_NAME, Version: '1.35' });
    expect(DEFAULT_INTEG_CLUSTER_NAME).toBe('pod-identity-integ');
  });

  test('takes the name of INTEG_CLUSTER_NAME', () => {
    const named = clusterStack({ INTEG_CLUSTER_NAME: 'my-integ' });
    Template.fromStack(named).hasResourceProperties('AWS::EKS::Cluster', { Name: 'my-integ' });
  });

  test('has one node group of one t3.medium on Amazon Linux 2023', () => {
    template.resourceCountIs('AWS::EKS::Nodegroup', 1);
    template.hasResourceProperties('AWS::EKS::Nodegroup', {
      InstanceTypes: ['t3.medium'],
      // Amazon Linux 2, aws-cdk-lib's default for a t3, has no AMI for Kubernetes 1.33 and later.
      AmiType: 'AL2023_x86_64_STANDARD',
      ScalingConfig: { DesiredSize: 1, MinSize: 1, MaxSize: 1 },
    });
    template.resourceCountIs('AWS::AutoScaling::AutoScalingGroup', 0);
  });

  test('runs the agent as the managed add-on, created after the node group, and no other add-on', () => {
    const addons = template.findResources('AWS::EKS::Addon');
    expect(Object.values(addons).map(addon => addon.Properties.AddonName)).toEqual(['eks-pod-identity-agent']);
    const nodegroupId = Object.keys(template.findResources('AWS::EKS::Nodegroup'))[0];
    expect(Object.values(addons)[0].DependsOn).toContain(nodegroupId);
  });

  test('has public subnets only, in two zones, and no NAT gateway', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::Subnet', 2);
    template.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: true });
  });

  test('takes the account the CDK CLI found, and looks nothing up (no cdk.context.json in the tree)', () => {
    const app = withEnv({ INTEG_CLUSTER_NAME: undefined, CDK_DEFAULT_ACCOUNT: '123456789012' }, () => {
      const withAccount = new App();
      new IntegClusterStack(withAccount);
      return withAccount;
    });
    const assembly = app.synth();
    expect(assembly.getStackByName(CLUSTER_STACK_NAME).environment.name).toBe('aws://123456789012/eu-west-1');
    expect(assembly.manifest.missing).toBeUndefined();
    const subnets = Template.fromJSON(assembly.getStackByName(CLUSTER_STACK_NAME).template).findResources('AWS::EC2::Subnet');
    expect(Object.values(subnets).map(subnet => subnet.Properties.AvailabilityZone)).toEqual([
      { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
      { 'Fn::Select': [1, { 'Fn::GetAZs': '' }] },
    ]);
  });

  test('without credentials, names an unknown account in its manifest, which scripts/integ-live.sh refuses', () => {
    const assembly = (stack.node.root as App).synth();
    expect(assembly.getStackByName(CLUSTER_STACK_NAME).environment.name).toBe('aws://unknown-account/eu-west-1');
  });
});
