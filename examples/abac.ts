import { Stack, StackProps } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { AgentDeployment, PodIdentityAgent, PodIdentityAssociation, PodIdentityRole, SessionTag } from '../lib';

/**
 * Attribute-based access control: one role serves the `app` service account of three team
 * namespaces, and each team reaches only its own prefix of a shared bucket, through the
 * `kubernetes-namespace` session tag EKS adds to every session.
 */
export class AbacStack extends Stack {
  public readonly role: PodIdentityRole;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const teams = ['team-a', 'team-b', 'team-c'];
    const cluster = eks.CfnCluster.fromClusterName(this, 'Cluster', 'shared');
    // The shared cluster runs the agent already (installed by the platform team).
    new PodIdentityAgent(this, 'Agent', { cluster, deployment: AgentDeployment.none() });

    this.role = new PodIdentityRole(this, 'TeamRole', {
      clusters: [cluster],
      namespaces: teams,
      serviceAccounts: ['app'],
      description: 'The app service account of every team namespace; data access by namespace tag',
    });
    const namespace = SessionTag.policyVariable(SessionTag.NAMESPACE);
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['s3:GetObject', 's3:PutObject'],
      resources: [`arn:${this.partition}:s3:::team-data/${namespace}/*`],
    }));
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [`arn:${this.partition}:s3:::team-data`],
      conditions: { StringLike: { 's3:prefix': [`${namespace}/*`] } },
    }));

    for (const team of teams) {
      new PodIdentityAssociation(this, `App-${team}`, { cluster, namespace: team, serviceAccount: 'app', role: this.role });
    }

    NagSuppressions.addResourceSuppressions(this.role, [{
      id: 'AwsSolutions-IAM5',
      reason: 'Objects under the prefix named by the caller\'s own kubernetes-namespace session tag; the wildcard is the rest of the object key.',
      // cdk-nag shows the policy variable in angle brackets.
      appliesTo: ['Resource::arn:<AWS::Partition>:s3:::team-data/<aws:PrincipalTag/kubernetes-namespace>/*'],
    }], true);
  }
}
