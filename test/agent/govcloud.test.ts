import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import { AgentDeployment, PodIdentityAddon, PodIdentityAgent, PodIdentityAssociation } from '../../lib';
import { DEFAULT_AGENT_IMAGE_TAG } from '../../lib/private/image-registry';
import { givenStack } from '../util';

/** Every warning and error the app's synthesis left on the stack, as `level path: message`. */
function messagesOf(stack: Stack): string[] {
  const annotations = Annotations.fromStack(stack);
  return [
    ...annotations.findWarning('*', Match.anyValue()).map(m => `warning ${m.id}: ${String(m.entry.data)}`),
    ...annotations.findError('*', Match.anyValue()).map(m => `error ${m.id}: ${String(m.entry.data)}`),
  ];
}

/**
 * AWS GovCloud (US) has EKS Pod Identity (the EKS guide's restrictions no longer name it, the General
 * Reference lists EKS Auth endpoints there): the agent, associations and the checks all work, with no
 * warning, as no current source says otherwise. China stays an error.
 */
describe('AWS GovCloud (US)', () => {
  describe.each(['us-gov-west-1', 'us-gov-east-1'])('in %s', (region) => {
    let app: App;
    let stack: Stack;
    let cluster: eks.IClusterRef;

    beforeEach(() => {
      // GIVEN
      ({ app, stack, cluster } = givenStack({ account: '111111111111', region }));
    });

    test('the managed add-on synthesizes, with no warning or error', () => {
      // WHEN
      new PodIdentityAgent(stack, 'Agent', { cluster });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EKS::Addon', { AddonName: 'eks-pod-identity-agent', ClusterName: 'my-cluster' });
      expect(messagesOf(stack)).toEqual([]);
    });

    test('AgentDeployment.none() synthesizes, with no warning or error', () => {
      // WHEN
      const agent = new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.none() });

      // THEN
      expect(agent.addon).toBeUndefined();
      Template.fromStack(stack).resourceCountIs('AWS::EKS::Addon', 0);
      expect(messagesOf(stack)).toEqual([]);
    });

    test('a PodIdentityAssociation synthesizes, and the checks (unsupported-region among them) find nothing', () => {
      // WHEN
      new PodIdentityAgent(stack, 'Agent', { cluster });
      new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'app' });

      // THEN
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { ClusterName: 'my-cluster', Namespace: 'default', ServiceAccount: 'app' });
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: Match.objectLike({
          Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'pods.eks.amazonaws.com' } })]),
        }),
      });
      expect(messagesOf(stack)).toEqual([]);
      expect(app.node.tryGetContext('cdk-eks-pod-identity:checks')).toBeUndefined();
    });

    test('an add-on with its recommended association synthesizes, its managed policy in the stack\'s partition', () => {
      // WHEN
      new PodIdentityAgent(stack, 'Agent', { cluster });
      new PodIdentityAddon(stack, 'Ebs', { cluster, addonName: 'aws-ebs-csi-driver' });

      // THEN
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::EKS::Addon', {
        AddonName: 'aws-ebs-csi-driver',
        PodIdentityAssociations: [Match.objectLike({ ServiceAccount: 'ebs-csi-controller-sa' })],
      });
      template.hasResourceProperties('AWS::IAM::Role', {
        ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy']] }],
      });
      expect(messagesOf(stack)).toEqual([]);
    });
  });

  test.each([
    ['us-gov-east-1', '151742754352'],
    ['us-gov-west-1', '013241004608'],
  ])('the self-managed agent in %s pulls from the GovCloud registry account %s', (region, account) => {
    // GIVEN
    const { stack, cluster } = givenStack({ account: '111111111111', region });

    // WHEN
    const agent = new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.selfManaged() });

    // THEN
    const image = `${account}.dkr.ecr.${region}.amazonaws.com/eks/eks-pod-identity-agent:${DEFAULT_AGENT_IMAGE_TAG}`;
    expect(agent.image).toBe(image);
    expect(agent.manifestYaml).toContain(`image: ${image}`);
    expect(agent.manifestYaml).toContain(`value: ${region}`);
    expect(messagesOf(stack)).toEqual([]);
  });

  test('an environment-agnostic stack may name a GovCloud region for the self-managed agent', () => {
    // GIVEN
    const { stack, cluster } = givenStack('agnostic');

    // WHEN
    const agent = new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.selfManaged({ region: 'us-gov-west-1' }) });

    // THEN
    expect(agent.image).toBe(`013241004608.dkr.ecr.us-gov-west-1.amazonaws.com/eks/eks-pod-identity-agent:${DEFAULT_AGENT_IMAGE_TAG}`);
  });
});

describe('China stays unavailable', () => {
  test.each([
    ['managed add-on', AgentDeployment.managedAddon()],
    ['self-managed', AgentDeployment.selfManaged()],
    ['none', AgentDeployment.none()],
  ])('the agent (%s) in cn-north-1 is an error', (_, deployment) => {
    const { stack, cluster } = givenStack({ account: '111111111111', region: 'cn-north-1' });
    expect(() => new PodIdentityAgent(stack, 'Agent', { cluster, deployment })).toThrow(
      "[cdk-eks-pod-identity:pod-identity-unavailable] Stack/Agent: EKS Pod Identity is not available in region 'cn-north-1' (it is not offered in the China regions), so there is no agent to install. Use IAM roles for service accounts (IRSA) for clusters in this region",
    );
  });

  test('an association in cn-northwest-1 is an unsupported-region error on synth', () => {
    // GIVEN
    const { stack, cluster } = givenStack({ account: '111111111111', region: 'cn-northwest-1' });

    // WHEN
    new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'app' });

    // THEN
    expect(messagesOf(stack).filter(m => m.includes('unsupported-region'))).toEqual([
      "error /Stack/App: [cdk-eks-pod-identity:unsupported-region] EKS Pod Identity is not available in region 'cn-northwest-1' (the China regions do not have it). Use IAM roles for service accounts (IRSA) there",
    ]);
  });
});

/**
 * The isolated partitions (aws-iso*): no public source says whether EKS Pod Identity is offered there, so
 * nothing is refused; the agent and the checks warn instead, with the construct's path.
 */
describe('the isolated regions are warned about, not refused', () => {
  const undocumented = (region: string) => `Region '${region}' is in an isolated partition, for which no public AWS documentation says whether EKS Pod Identity (its agent, EKS Auth and pod identity associations) is offered, so this library does not know whether it works there. Check with the region's own documentation before you deploy, or use IAM roles for service accounts (IRSA)`;

  test.each([
    ['us-iso-east-1', 'managed add-on', AgentDeployment.managedAddon()],
    ['us-isob-east-1', 'none', AgentDeployment.none()],
  ])('the agent in %s (%s) synthesizes, with a warning on it', (region, _, deployment) => {
    // GIVEN
    const { stack, cluster } = givenStack({ account: '111111111111', region });

    // WHEN
    new PodIdentityAgent(stack, 'Agent', { cluster, deployment });

    // THEN
    expect(messagesOf(stack)).toEqual([
      `warning /Stack/Agent: ${undocumented(region)} [ack: cdk-eks-pod-identity:pod-identity-undocumented-region]`,
    ]);
  });

  test('an association in us-iso-west-1 is an unsupported-region warning on synth', () => {
    // GIVEN
    const { stack, cluster } = givenStack({ account: '111111111111', region: 'us-iso-west-1' });
    new PodIdentityAgent(stack, 'Agent', { cluster });

    // WHEN
    new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'app' });

    // THEN
    expect(messagesOf(stack).filter(m => m.includes('unsupported-region'))).toEqual([
      `warning /Stack/App: [cdk-eks-pod-identity:unsupported-region] ${undocumented('us-iso-west-1')} [ack: cdk-eks-pod-identity:unsupported-region]`,
    ]);
  });
});
