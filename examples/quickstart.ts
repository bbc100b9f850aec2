import { Stack, StackProps } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { AgentDeployment, PodIdentityAgent, PodIdentityAssociation } from '../lib';

/**
 * The README quick start: pods of `default/my-service-account` on an existing cluster may read the
 * `artifacts` bucket. Synthesizes one role, its policy and one association.
 */
export class QuickstartStack extends Stack {
  public readonly association: PodIdentityAssociation;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const cluster = eks.CfnCluster.fromClusterName(this, 'Cluster', 'my-cluster');
    const artifacts = s3.Bucket.fromBucketName(this, 'Artifacts', 'artifacts');
    // The cluster already runs the Pod Identity Agent (EKS Auto Mode, or the add-on installed elsewhere).
    // To install the managed add-on from here instead: PodIdentityAgent.of(this, cluster).
    new PodIdentityAgent(this, 'Agent', { cluster, deployment: AgentDeployment.none() });

    this.association = new PodIdentityAssociation(this, 'MyServiceAccount', {
      cluster,
      namespace: 'default',
      serviceAccount: 'my-service-account',
    });
    iam.Grant.addToPrincipal({
      grantee: this.association,
      actions: ['s3:ListBucket'],
      resourceArns: [artifacts.bucketArn],
    });
    iam.Grant.addToPrincipal({
      grantee: this.association,
      actions: ['s3:GetObject'],
      resourceArns: [artifacts.arnForObjects('*')],
    });
    NagSuppressions.addResourceSuppressions(this.association.role, [{
      id: 'AwsSolutions-IAM5',
      reason: 's3:GetObject is granted on the objects of the one artifacts bucket; object ARNs need the /* suffix.',
      appliesTo: ['Resource::arn:<AWS::Partition>:s3:::artifacts/*'],
    }], true);
  }
}
