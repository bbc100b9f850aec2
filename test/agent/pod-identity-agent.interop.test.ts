import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as eksv1 from 'aws-cdk-lib/aws-eks';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { AgentDeployment, PodIdentityAgent, PodIdentityAssociation } from '../../lib';
import { ENV } from '../util';

// aws/aws-cdk#32580: an eks.Cluster adds its own eks-pod-identity-agent add-on on
// addServiceAccount({ identityType: POD_IDENTITY }); with a separate agent add-on the app had two.
describe('PodIdentityAgent with an eks.Cluster L2 (aws/aws-cdk#32580)', () => {
  let app: App;
  let stack: Stack;
  let layer: lambda.ILayerVersion;

  beforeEach(() => {
    app = new App();
    stack = new Stack(app, 'Stack', { env: ENV });
    // addServiceAccount applies a manifest, so these clusters need a kubectl layer (any ARN will do).
    layer = lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', 'arn:aws:lambda:eu-west-1:111111111111:layer:kubectl:1');
  });

  function v2Cluster(): eks.Cluster {
    return new eks.Cluster(stack, 'Cluster', { version: eks.KubernetesVersion.V1_34, kubectlProviderOptions: { kubectlLayer: layer } });
  }

  test.each([
    ['service account first', true],
    ['agent first', false],
  ])('aws-eks-v2: addServiceAccount(POD_IDENTITY) plus the agent make exactly one add-on (%s)', (_, serviceAccountFirst) => {
    // GIVEN
    const cluster = v2Cluster();

    // WHEN
    if (serviceAccountFirst) cluster.addServiceAccount('App', { identityType: eks.IdentityType.POD_IDENTITY });
    const agent = new PodIdentityAgent(stack, 'Agent', {
      cluster,
      deployment: AgentDeployment.managedAddon({ version: 'v1.3.10-eksbuild.2', ipv6: false }),
    });
    if (!serviceAccountFirst) cluster.addServiceAccount('App', { identityType: eks.IdentityType.POD_IDENTITY });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EKS::Addon', 1);
    template.hasResourceProperties('AWS::EKS::Addon', {
      AddonName: 'eks-pod-identity-agent',
      ClusterName: { Ref: Match.stringLikeRegexp('^Cluster') },
      AddonVersion: 'v1.3.10-eksbuild.2',
      ResolveConflicts: 'OVERWRITE',
      ConfigurationValues: '{"agent":{"additionalArgs":{"-b":"169.254.170.23"}}}',
    });
    // The one add-on is the cluster's own, configured by the agent.
    expect(agent.addon).toBe(cluster.eksPodIdentityAgent!.node.defaultChild);
    expect(agent.addon!.node.path).toBe('Stack/Cluster/EksPodIdentityAgentAddon/Resource');
  });

  test('aws-eks (v1): the cluster\'s add-on is adopted too', () => {
    // GIVEN
    const cluster = new eksv1.Cluster(stack, 'Cluster', { version: eksv1.KubernetesVersion.V1_32, kubectlLayer: layer, defaultCapacity: 0 });

    // WHEN
    cluster.addServiceAccount('App', { identityType: eksv1.IdentityType.POD_IDENTITY });
    const agent = new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.managedAddon({ tags: { team: 'platform' } }) });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EKS::Addon', 1);
    template.hasResourceProperties('AWS::EKS::Addon', { ResolveConflicts: 'OVERWRITE', Tags: [{ Key: 'team', Value: 'platform' }] });
    expect(agent.addon).toBe(cluster.eksPodIdentityAgent!.node.defaultChild);
  });

  test('a PodIdentityAssociation made to wait for the agent depends on the cluster\'s add-on', () => {
    // GIVEN a cluster with node groups (in Auto Mode, the aws-eks-v2 default, PodIdentityAgent.of adds no add-on)
    const cluster = new eks.Cluster(stack, 'Cluster', {
      version: eks.KubernetesVersion.V1_34,
      kubectlProviderOptions: { kubectlLayer: layer },
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
    });
    const agent = PodIdentityAgent.of(stack, cluster);

    // WHEN
    const association = new PodIdentityAssociation(stack, 'Association', { cluster, namespace: 'default', serviceAccount: 'app' });
    agent.addDependent(association);

    // THEN
    const template = Template.fromStack(stack);
    const [addonId] = Object.keys(template.findResources('AWS::EKS::Addon'));
    template.hasResource('AWS::EKS::PodIdentityAssociation', { DependsOn: Match.arrayWith([addonId]) });
  });

  test('a hand-written second agent add-on fails synthesis', () => {
    // GIVEN
    const cluster = v2Cluster();
    new PodIdentityAgent(stack, 'Agent', { cluster });

    // WHEN
    new eks.Addon(stack, 'Extra', { cluster, addonName: 'eks-pod-identity-agent' });

    // THEN
    expect(() => app.synth()).toThrow(
      "[cdk-eks-pod-identity:duplicate-agent-addon] Stack/Agent: the app also synthesizes the eks-pod-identity-agent add-on for this cluster at 'Stack/Extra/Resource'; EKS accepts one. Remove the other add-on and configure the agent here (AgentDeployment.managedAddon({...}))",
    );
  });

  test('self-managed on a cluster whose L2 adds the managed add-on fails synthesis', () => {
    // GIVEN
    const cluster = v2Cluster();
    new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.selfManaged({ clusterName: 'my-cluster' }) });

    // WHEN
    cluster.addServiceAccount('App', { identityType: eks.IdentityType.POD_IDENTITY });

    // THEN
    expect(() => app.synth()).toThrow(
      "[cdk-eks-pod-identity:self-managed-with-addon] Stack/Agent: the agent is self-managed, but the app also synthesizes the eks-pod-identity-agent add-on for this cluster at 'Stack/Cluster/EksPodIdentityAgentAddon/Resource'; the add-on's DaemonSet and this one would clash. Remove the add-on (an eks.Cluster adds it on addServiceAccount with IdentityType.POD_IDENTITY: use PodIdentityAssociation instead), or use AgentDeployment.managedAddon()",
    );
  });

  test('a cluster whose eksPodIdentityAgent is not backed by a CfnAddon gets an add-on of the agent', () => {
    // GIVEN a cluster reference that exposes an eksPodIdentityAgent without an L1 inside
    const imported = eksv1.CfnCluster.fromClusterName(stack, 'Imported', 'my-cluster');
    const opaque = new Construct(stack, 'Opaque');
    const cluster = Object.assign(Object.create(imported), { eksPodIdentityAgent: opaque }) as eksv1.IClusterRef;

    // WHEN
    const agent = new PodIdentityAgent(stack, 'Agent', { cluster });

    // THEN
    expect(agent.addon!.node.path).toBe('Stack/Agent/Resource');
    Template.fromStack(stack).resourceCountIs('AWS::EKS::Addon', 1);
  });
});
