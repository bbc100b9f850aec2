import { Stack, StackProps } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import { Construct } from 'constructs';
import { AgentDeployment, PodIdentityAgent } from '../lib';

/**
 * The Pod Identity Agent as a self-managed DaemonSet, without a Lambda function or kubectl in the stack:
 * `cdk deploy` publishes the manifest as a YAML file to the bootstrap bucket, and the stack output
 * `...ManifestS3Url` says where. Apply it with
 * `aws s3 cp <url> - | kubectl apply -f -`, or commit `agent.manifestYaml` to a GitOps repository.
 * The stack has no other resource, so the agent adds an empty `AWS::CloudFormation::WaitConditionHandle`
 * for CloudFormation to accept the template.
 */
export class AgentSelfManagedStack extends Stack {
  public readonly agent: PodIdentityAgent;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, { env: { region: 'eu-west-1' }, ...props });

    const cluster = eks.CfnCluster.fromClusterName(this, 'Cluster', 'my-cluster');

    this.agent = new PodIdentityAgent(this, 'PodIdentityAgent', {
      cluster,
      deployment: AgentDeployment.selfManaged({
        // The nodes have IPv6 disabled: bind the agent to 169.254.170.23 only.
        ipv6: false,
        resources: { cpuRequest: '25m', memoryRequest: '64Mi', memoryLimit: '128Mi' },
      }),
    });
  }
}
