import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { AgentDeployment, PodIdentityAgent, PodIdentityAssociation, PodIdentityTargetRole } from '../../lib';
import { condition, holding, importedCluster, integApp, integClusterName, integEnv, literal, roleArnCondition } from './support';

// Role chaining in two stacks, as across accounts: a "data" stack with a bucket and a PodIdentityTargetRole,
// and a "cluster" stack with the association on the existing test cluster (imported by name, see
// ./support.ts) that chains into the target role. integ-runner deploys with one set of credentials, so
// both stacks land in the same account: the test proves the chain EKS is given (association role ->
// target role), the target role's trust (account principal, session tags, aws:PrincipalArn) and the
// grants, not the bootstrap trust between two accounts. Nothing billed but the assertions' Lambda calls.
const app = integApp();
// Concrete environments, as across accounts: the target role's trust then names the cluster's ARN, and
// neither stack reads the other's outputs.
const data = new Stack(app, 'PodIdentityIntegChainData', { env: integEnv() });
const clusterStack = new Stack(app, 'PodIdentityIntegChainCluster', { env: integEnv() });

const reports = new s3.Bucket(data, 'Reports', {
  enforceSSL: true,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  removalPolicy: RemovalPolicy.DESTROY,
});
const reader = new PodIdentityTargetRole(data, 'ReportsReader', {
  description: 'Pods of integ-chain/report-builder in the test cluster read the reports bucket',
});

const cluster = importedCluster(clusterStack);
// The test cluster runs the agent already.
new PodIdentityAgent(clusterStack, 'Agent', { cluster, deployment: AgentDeployment.none() });
const reportBuilder = new PodIdentityAssociation(clusterStack, 'ReportBuilder', {
  cluster,
  namespace: 'integ-chain',
  serviceAccount: 'report-builder',
  targetRole: reader,
});
// Grants go to the target role: that is where the pods' credentials come from.
reports.grantRead(reportBuilder);

const integ = new IntegTest(app, 'CrossAccountChain', {
  testCases: [data, clusterStack],
  // In the same environment, so that the assertions can read both stacks' attributes.
  assertionStack: new Stack(app, 'PodIdentityIntegChainAssertions', { env: integEnv() }),
});

// EKS chains the association's role into the target role.
integ.assertions.awsApiCall('EKS', 'describePodIdentityAssociation', {
  clusterName: integClusterName(),
  associationId: reportBuilder.associationId,
}).expect(ExpectedResult.objectLike({
  association: {
    namespace: 'integ-chain',
    serviceAccount: 'report-builder',
    roleArn: reportBuilder.role.roleArn,
    targetRoleArn: reader.roleArn,
    disableSessionTags: false,
  },
}));

// The target role trusts only this association's role, with its session tags.
integ.assertions.awsApiCall('IAM', 'getRole', { RoleName: reader.roleName })
  .expect(ExpectedResult.objectLike({
    Role: {
      AssumeRolePolicyDocument: Match.stringLikeRegexp(holding([
        literal('"sts:AssumeRole"'),
        literal('"sts:TagSession"'),
        roleArnCondition('aws:PrincipalArn', reportBuilder.role.roleName),
        condition('aws:RequestTag/kubernetes-namespace', 'integ-chain'),
        condition('aws:RequestTag/kubernetes-service-account', 'report-builder'),
      ])),
    },
  }));

// The association's role may assume the target role; the target role may read the bucket.
integ.assertions.awsApiCall('IAM', 'simulatePrincipalPolicy', {
  PolicySourceArn: reportBuilder.role.roleArn,
  ActionNames: ['sts:AssumeRole', 'sts:TagSession'],
  ResourceArns: [reader.roleArn],
}).expect(ExpectedResult.objectLike({
  EvaluationResults: [
    { EvalActionName: 'sts:AssumeRole', EvalDecision: 'allowed' },
    { EvalActionName: 'sts:TagSession', EvalDecision: 'allowed' },
  ],
}));
integ.assertions.awsApiCall('IAM', 'simulatePrincipalPolicy', {
  PolicySourceArn: reader.roleArn,
  ActionNames: ['s3:GetObject'],
  ResourceArns: [reports.arnForObjects('any-key')],
}).expect(ExpectedResult.objectLike({
  EvaluationResults: [{ EvalActionName: 's3:GetObject', EvalDecision: 'allowed' }],
}));
