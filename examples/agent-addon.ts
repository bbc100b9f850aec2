import { Stack, StackProps } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import { Construct } from 'constructs';
import { AgentDeployment, AgentTolerationOperator, PodIdentityAgent, PodIdentityAssociation } from '../lib';

/**
 * The Pod Identity Agent as the `eks-pod-identity-agent` EKS add-on on an existing cluster: version
 * pinned, IPv4-only nodes, small requests, and an association that waits for the agent.
 */
export class AgentAddonStack extends Stack {
  public readonly agent: PodIdentityAgent;
  public readonly association: PodIdentityAssociation;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, { env: { region: 'eu-west-1' }, ...props });

    const cluster = eks.CfnCluster.fromClusterName(this, 'Cluster', 'my-cluster');

    this.agent = new PodIdentityAgent(this, 'PodIdentityAgent', {
      cluster,
      deployment: AgentDeployment.managedAddon({
        version: 'v1.3.10-eksbuild.2',
        // The nodes have IPv6 disabled: bind the agent to 169.254.170.23 only.
        ipv6: false,
        tolerations: [{ operator: AgentTolerationOperator.EXISTS }],
        resources: { cpuRequest: '25m', memoryRequest: '64Mi', memoryLimit: '128Mi' },
        tags: { team: 'platform' },
      }),
    });

    this.association = new PodIdentityAssociation(this, 'Reporting', {
      cluster,
      namespace: 'reporting',
      serviceAccount: 'reporter',
    });
    // Created only once the agent add-on is there, so the pods find it.
    this.agent.addDependent(this.association);
  }
}
