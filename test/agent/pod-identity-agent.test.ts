import { App, Fn, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import {
  AgentDeployment,
  AgentDeploymentType,
  AgentHybridNodes,
  AgentResolveConflicts,
  AgentTaintEffect,
  AgentTolerationOperator,
  PodIdentityAgent,
} from '../../lib';
import { ENV, givenStack } from '../util';

describe('PodIdentityAgent (managed add-on)', () => {
  let app: App;
  let stack: Stack;
  let cluster: eks.IClusterRef;

  beforeEach(() => {
    ({ app, stack, cluster } = givenStack());
  });

  function configurationOf(template: Template): any {
    const addons = template.findResources('AWS::EKS::Addon');
    const [addon] = Object.values(addons);
    return JSON.parse(addon.Properties.ConfigurationValues);
  }

  test('synthesizes the eks-pod-identity-agent add-on by default, overwriting conflicts, with no configuration', () => {
    // WHEN
    const agent = new PodIdentityAgent(stack, 'Agent', { cluster });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EKS::Addon', 1);
    template.hasResourceProperties('AWS::EKS::Addon', {
      AddonName: 'eks-pod-identity-agent',
      ClusterName: 'my-cluster',
      ResolveConflicts: 'OVERWRITE',
      AddonVersion: Match.absent(),
      ConfigurationValues: Match.absent(),
      PreserveOnDelete: Match.absent(),
      PodIdentityAssociations: Match.absent(),
    });
    expect(agent.deployment.type).toBe(AgentDeploymentType.MANAGED_ADDON);
    expect(agent.addon).toBeDefined();
    expect(agent.manifest).toBeUndefined();
    expect(agent.manifestAsset).toBeUndefined();
  });

  test('pins the version, and sets resolveConflicts, preserveOnDelete and tags', () => {
    // WHEN
    new PodIdentityAgent(stack, 'Agent', {
      cluster,
      deployment: AgentDeployment.managedAddon({
        version: 'v1.3.10-eksbuild.2',
        resolveConflicts: AgentResolveConflicts.PRESERVE,
        preserveOnDelete: true,
        tags: { team: 'platform' },
      }),
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::Addon', {
      AddonVersion: 'v1.3.10-eksbuild.2',
      ResolveConflicts: 'PRESERVE',
      PreserveOnDelete: true,
      Tags: [{ Key: 'team', Value: 'platform' }],
    });
  });

  test('ipv6: false binds the agent to 169.254.170.23 only', () => {
    // WHEN
    new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.managedAddon({ ipv6: false }) });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::Addon', {
      ConfigurationValues: '{"agent":{"additionalArgs":{"-b":"169.254.170.23"}}}',
    });
  });

  test('renders tolerations, node selector (as node affinity), resources and extra args in the add-on schema', () => {
    // WHEN
    new PodIdentityAgent(stack, 'Agent', {
      cluster,
      deployment: AgentDeployment.managedAddon({
        additionalArgs: { '-v': 'trace', '--max-cache-size': '500' },
        tolerations: [
          { key: 'dedicated', operator: AgentTolerationOperator.EQUAL, value: 'gpu', effect: AgentTaintEffect.NO_SCHEDULE },
          { key: 'spot', operator: AgentTolerationOperator.EXISTS, effect: AgentTaintEffect.NO_EXECUTE, tolerationSeconds: 60 },
        ],
        nodeSelector: { 'node.kubernetes.io/lifecycle': 'normal' },
        resources: { cpuRequest: '25m', memoryRequest: '64Mi', memoryLimit: '128Mi' },
      }),
    });

    // THEN
    expect(configurationOf(Template.fromStack(stack))).toEqual({
      agent: { additionalArgs: { '-v': 'trace', '--max-cache-size': '500' } },
      tolerations: [
        { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
        { key: 'spot', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
      ],
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{
              matchExpressions: [
                { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
                { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] },
                { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate', 'hybrid', 'auto'] },
                { key: 'node.kubernetes.io/lifecycle', operator: 'In', values: ['normal'] },
              ],
            }],
          },
        },
      },
      resources: { requests: { cpu: '25m', memory: '64Mi' }, limits: { memory: '128Mi' } },
    });
  });

  test('deep-merges raw configurationValues on top of the typed options', () => {
    // WHEN
    new PodIdentityAgent(stack, 'Agent', {
      cluster,
      deployment: AgentDeployment.managedAddon({
        ipv6: false,
        tolerations: [{ operator: AgentTolerationOperator.EXISTS }],
        configurationValues: {
          agent: { additionalArgs: { '--verbosity': 'error' } },
          tolerations: [{ key: 'only-this', operator: 'Exists' }],
          podLabels: { team: 'platform' },
        },
      }),
    });

    // THEN
    expect(configurationOf(Template.fromStack(stack))).toEqual({
      agent: { additionalArgs: { '-b': '169.254.170.23', '--verbosity': 'error' } },
      tolerations: [{ key: 'only-this', operator: 'Exists' }],
      podLabels: { team: 'platform' },
    });
  });

  describe('hybridNodes', () => {
    test.each([
      [AgentHybridNodes.NODEADM, { hybrid: { create: true } }],
      [AgentHybridNodes.BOTTLEROCKET, { 'hybrid-bottlerocket': { create: true } }],
      [AgentHybridNodes.ALL, { 'hybrid': { create: true }, 'hybrid-bottlerocket': { create: true } }],
    ])('%s turns on the add-on\'s DaemonSets for hybrid nodes', (hybridNodes, daemonsets) => {
      new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.managedAddon({ hybridNodes, version: 'v1.3.10-eksbuild.2' }) });

      expect(configurationOf(Template.fromStack(stack))).toEqual({ daemonsets });
    });

    test('without a pinned version, warns that EKS\'s default version may not have the DaemonSets', () => {
      new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.managedAddon({ hybridNodes: AgentHybridNodes.ALL }) });

      expect(Annotations.fromStack(stack).findWarning('/Stack/Agent', Match.anyValue()).map(w => w.entry.data)).toEqual([
        "hybridNodes 'all' needs add-on version v1.3.9-eksbuild.1 or later, and no `version` is pinned: where EKS's default version for the cluster's Kubernetes version is older, CreateAddon fails (\"is not defined in the schema\"). Pin `version` to v1.3.9-eksbuild.1 or later [ack: cdk-eks-pod-identity:agent-hybrid-version-unpinned]",
      ]);
    });

    test('a pinned version, or no hybrid nodes, gives no version warning', () => {
      new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.managedAddon({ hybridNodes: AgentHybridNodes.NODEADM, version: 'v1.3.3-eksbuild.1' }) });
      const other = eks.CfnCluster.fromClusterName(stack, 'Other', 'other');
      new PodIdentityAgent(stack, 'OtherAgent', { cluster: other });

      Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('agent-hybrid-version-unpinned'));
    });

    test('NONE, the default, renders nothing', () => {
      new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.managedAddon({ hybridNodes: AgentHybridNodes.NONE }) });

      Template.fromStack(stack).hasResourceProperties('AWS::EKS::Addon', { ConfigurationValues: Match.absent() });
    });

    test('the hybrid DaemonSets share the arguments, and raw configurationValues still win', () => {
      new PodIdentityAgent(stack, 'Agent', {
        cluster,
        deployment: AgentDeployment.managedAddon({
          hybridNodes: AgentHybridNodes.ALL,
          ipv6: false,
          configurationValues: { daemonsets: { 'hybrid-bottlerocket': { create: false } } },
        }),
      });

      expect(configurationOf(Template.fromStack(stack))).toEqual({
        agent: { additionalArgs: { '-b': '169.254.170.23' } },
        daemonsets: { 'hybrid': { create: true }, 'hybrid-bottlerocket': { create: false } },
      });
    });
  });

  test('isPodIdentityAgent recognizes agents by brand', () => {
    const agent = new PodIdentityAgent(stack, 'Agent', { cluster });

    expect(PodIdentityAgent.isPodIdentityAgent(agent)).toBe(true);
    expect(PodIdentityAgent.isPodIdentityAgent(stack)).toBe(false);
    expect(PodIdentityAgent.isPodIdentityAgent(undefined)).toBe(false);
  });

  describe('one agent per cluster', () => {
    test('of() returns the agent declared for the cluster', () => {
      const agent = new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.none() });

      expect(PodIdentityAgent.of(stack, cluster)).toBe(agent);
      expect(PodIdentityAgent.find(stack, cluster)).toBe(agent);
    });

    test('of() finds the agent from another stack of the same app, for the same cluster imported again', () => {
      const agent = new PodIdentityAgent(stack, 'Agent', { cluster });
      const other = new Stack(app, 'Other', { env: ENV });
      const sameCluster = eks.CfnCluster.fromClusterName(other, 'Cluster', 'my-cluster');

      expect(PodIdentityAgent.of(other, sameCluster)).toBe(agent);
    });

    test('of() declares the managed add-on under the cluster when there is no agent yet, once', () => {
      const agent = PodIdentityAgent.of(stack, cluster);

      expect(agent.node.path).toBe('Stack/Cluster/PodIdentityAgent');
      expect(PodIdentityAgent.of(stack, cluster)).toBe(agent);
      Template.fromStack(stack).resourceCountIs('AWS::EKS::Addon', 1);
    });

    test('of() declares the add-on for a cluster whose name is built from a token and text (found by fuzzing)', () => {
      // GIVEN a name that is neither a literal nor one token: aws-cdk-lib's reverseCompleteString threw on it
      const imported = eks.CfnCluster.fromClusterName(stack, 'Built', `prod-${Fn.importValue('ClusterSuffix')}`);

      // WHEN
      const agent = PodIdentityAgent.of(stack, imported);

      // THEN
      expect(agent.node.path).toBe('Stack/Built/PodIdentityAgent');
      Template.fromStack(stack).hasResourceProperties('AWS::EKS::Addon', {
        AddonName: 'eks-pod-identity-agent',
        ClusterName: { 'Fn::Join': ['', ['prod-', { 'Fn::ImportValue': 'ClusterSuffix' }]] },
      });
    });

    test('find() returns undefined when there is no agent', () => {
      expect(PodIdentityAgent.find(stack, cluster)).toBeUndefined();
    });

    test('a second agent for the same cluster is an error naming the first', () => {
      new PodIdentityAgent(stack, 'Agent', { cluster });

      expect(() => new PodIdentityAgent(stack, 'Again', { cluster, deployment: AgentDeployment.none() })).toThrow(
        "[cdk-eks-pod-identity:duplicate-agent] Stack/Again: the Pod Identity Agent of this cluster is already declared by 'Stack/Agent'; a cluster runs one agent. Use that agent, or get it with PodIdentityAgent.of(scope, cluster) instead of creating another one",
      );
    });

    test('agents of different clusters, or of the same cluster in different apps, are independent', () => {
      new PodIdentityAgent(stack, 'Agent', { cluster });
      const other = eks.CfnCluster.fromClusterName(stack, 'Other', 'other-cluster');
      expect(() => new PodIdentityAgent(stack, 'OtherAgent', { cluster: other })).not.toThrow();

      const second = givenStack();
      expect(() => new PodIdentityAgent(second.stack, 'Agent', { cluster: second.cluster })).not.toThrow();
    });
  });

  describe('AgentDeployment.none()', () => {
    test('synthesizes nothing', () => {
      const agent = new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.none() });

      expect(Template.fromStack(stack).toJSON().Resources ?? {}).toEqual({});
      expect(agent.addon).toBeUndefined();
      expect(agent.manifest).toBeUndefined();
    });

    test('warns when the app still synthesizes the agent add-on for the cluster', () => {
      new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.none() });
      new eks.CfnAddon(stack, 'HandMade', { addonName: 'eks-pod-identity-agent', clusterName: 'my-cluster' });

      Annotations.fromStack(stack).hasWarning('/Stack/Agent', Match.stringLikeRegexp(
        "The agent is recorded as already installed \\(AgentDeployment.none\\(\\)\\), but the app also synthesizes the eks-pod-identity-agent add-on for this cluster at 'Stack/HandMade'",
      ));
    });
  });

  describe('dependencies', () => {
    test('addDependent makes a construct wait for the add-on', () => {
      const agent = new PodIdentityAgent(stack, 'Agent', { cluster });
      const queue = new sqs.Queue(stack, 'Workload');

      agent.addDependent(queue);

      const template = Template.fromStack(stack);
      const [addonId] = Object.keys(template.findResources('AWS::EKS::Addon'));
      template.hasResource('AWS::SQS::Queue', { DependsOn: [addonId] });
    });

    test('with AgentDeployment.none() there is nothing to wait for', () => {
      const agent = new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.none() });
      const queue = new sqs.Queue(stack, 'Workload');

      agent.addDependent(queue);

      Template.fromStack(stack).hasResource('AWS::SQS::Queue', { DependsOn: Match.absent() });
    });
  });

  test('snapshot', () => {
    new PodIdentityAgent(stack, 'Agent', {
      cluster,
      deployment: AgentDeployment.managedAddon({
        version: 'v1.3.10-eksbuild.2',
        ipv6: false,
        tolerations: [{ operator: AgentTolerationOperator.EXISTS }],
        resources: { cpuRequest: '25m', memoryRequest: '64Mi' },
        tags: { team: 'platform' },
      }),
    });

    expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
  });
});
