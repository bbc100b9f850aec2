import { App, AspectPriority, Aspects, CfnResource, IAspect, NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { IConstruct } from 'constructs';
import { AgentDeployment, PodIdentityAgent } from '../../lib';
import { ENV, givenStack } from '../util';

const HANDLE = 'AWS::CloudFormation::WaitConditionHandle';

describe('a stack that holds only a self-managed agent', () => {
  let app: App;
  let stack: Stack;
  let cluster: eks.IClusterRef;

  beforeEach(() => {
    ({ app, stack, cluster } = givenStack());
  });

  const selfManaged = (scope: Stack, id = 'Agent', target?: eks.IClusterRef) =>
    new PodIdentityAgent(scope, id, { cluster: target ?? eks.CfnCluster.fromClusterName(scope, `${id}Cluster`, 'my-cluster'), deployment: AgentDeployment.selfManaged() });

  test('gets one empty WaitConditionHandle, so that its template has a resource beside the manifest output', () => {
    // WHEN
    selfManaged(stack);

    // THEN
    const template = Template.fromStack(stack).toJSON();
    expect(Object.values<any>(template.Resources)).toEqual([{ Type: HANDLE }]);
    expect(Object.keys(template.Outputs)).toEqual([expect.stringMatching(/^AgentManifestS3Url/)]);
    expect(Object.keys(template.Resources)).toEqual([expect.stringMatching(/^PodIdentityAgentPlaceholder/)]);
  });

  test('two self-managed agents (two clusters) in one stack share one handle', () => {
    selfManaged(stack);
    selfManaged(stack, 'Other', eks.CfnCluster.fromClusterName(stack, 'OtherCluster', 'my-cluster-2'));

    Template.fromStack(stack).resourceCountIs(HANDLE, 1);
  });

  test('a stack with any other resource, declared before or after the agent, gets no handle', () => {
    new sqs.Queue(stack, 'Before');
    selfManaged(stack);
    const after = givenStack();
    selfManaged(after.stack);
    new sqs.Queue(after.stack, 'After');

    Template.fromStack(stack).resourceCountIs(HANDLE, 0);
    Template.fromStack(after.stack).resourceCountIs(HANDLE, 0);
  });

  test('a resource that a mutating aspect of the stack adds counts', () => {
    class AddsAQueue implements IAspect {
      public visit(node: IConstruct): void {
        if (node === stack && !stack.node.tryFindChild('FromAspect')) new sqs.Queue(stack, 'FromAspect');
      }
    }
    Aspects.of(stack).add(new AddsAQueue(), { priority: AspectPriority.MUTATING });
    selfManaged(stack);

    const template = Template.fromStack(stack);
    template.resourceCountIs(HANDLE, 0);
    template.resourceCountIs('AWS::SQS::Queue', 1);
  });

  test('a nested stack counts as a resource of its parent, and its own resources do not count for the parent', () => {
    const nested = new NestedStack(stack, 'Nested');
    new sqs.Queue(nested, 'Queue');
    selfManaged(stack);

    Template.fromStack(stack).resourceCountIs(HANDLE, 0);
    Template.fromStack(stack).resourceCountIs('AWS::CloudFormation::Stack', 1);
  });

  test('only the stack of the agent is touched', () => {
    const other = new Stack(app, 'Other', { env: ENV });
    new CfnResource(other, 'Something', { type: 'AWS::SNS::Topic' });
    const empty = new Stack(app, 'Empty', { env: ENV });
    selfManaged(stack);

    Template.fromStack(stack).resourceCountIs(HANDLE, 1);
    Template.fromStack(other).resourceCountIs(HANDLE, 0);
    expect(Template.fromStack(empty).toJSON().Resources).toBeUndefined();
  });

  test('a managed add-on or AgentDeployment.none() adds no handle', () => {
    new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.none() });
    const managed = givenStack();
    new PodIdentityAgent(managed.stack, 'Agent', { cluster: managed.cluster });

    expect(Template.fromStack(stack).toJSON().Resources).toBeUndefined();
    Template.fromStack(managed.stack).resourceCountIs(HANDLE, 0);
  });

  test('synthesizing twice keeps one handle', () => {
    selfManaged(stack);
    app.synth();

    expect(() => app.synth({ force: true })).not.toThrow();
    Template.fromStack(stack).resourceCountIs(HANDLE, 1);
  });
});
