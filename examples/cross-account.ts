import { App, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import { AgentDeployment, PodIdentityAgent, PodIdentityAssociation, PodIdentityTargetRole } from '../lib';

/**
 * Role chaining across accounts: the cluster runs in 111111111111, the data lives in 222222222222.
 * EKS assumes the association's role in the cluster account, then the target role in the data
 * account; the pods receive the target role's credentials.
 *
 * Deploy the two stacks in either order. The target role's trust names the cluster account, admits
 * only the association's role (`aws:PrincipalArn`) and only sessions tagged with the shop cluster,
 * the `reports` namespace and the `report-builder` service account, so it needs nothing from the
 * cluster account's stack; the association names the target role by its ARN. Pods get credentials
 * once both are deployed. No ExternalId is involved: EKS passes one only for an association with
 * session tags off.
 */
export function crossAccount(app: App): Stack[] {
  const data = new Stack(app, 'DataAccount', { env: { account: '222222222222', region: 'eu-west-1' } });
  const clusterAccount = new Stack(app, 'ClusterAccount', { env: { account: '111111111111', region: 'eu-west-1' } });

  const reports = s3.Bucket.fromBucketName(data, 'Reports', 'reports-222222222222');
  const reader = new PodIdentityTargetRole(data, 'ReportsReader', {
    roleName: 'eks-reports-reader',
    description: 'Pods of report-builder in the shop cluster read the reports bucket',
  });

  const cluster = eks.CfnCluster.fromClusterName(clusterAccount, 'Cluster', 'shop');
  // The shop cluster runs the agent already.
  new PodIdentityAgent(clusterAccount, 'Agent', { cluster, deployment: AgentDeployment.none() });
  const reportBuilder = new PodIdentityAssociation(clusterAccount, 'ReportBuilder', {
    cluster,
    namespace: 'reports',
    serviceAccount: 'report-builder',
    targetRole: reader,
  });
  // Grants go to the target role: that is where the pods' credentials come from.
  reports.grantRead(reportBuilder);

  NagSuppressions.addResourceSuppressions(reader, [{
    id: 'AwsSolutions-IAM5',
    reason: 'Read access to the objects of the one reports bucket; object ARNs and the s3:GetObject* / s3:List* action groups of grantRead need wildcards.',
  }], true);
  return [data, clusterAccount];
}
