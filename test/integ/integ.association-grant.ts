import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { AgentDeployment, PodIdentityAgent, PodIdentityAssociation } from '../../lib';
import { condition, holding, importedCluster, integApp, integClusterName, literal } from './support';

// An association on the existing test cluster (imported by name, see ./support.ts), with its default role
// and a grant: pods of integ-grant/reader may read one bucket. Deploys a role, its policy, the
// association and an empty bucket: no charge beyond the assertions' Lambda calls.
const app = integApp();
const stack = new Stack(app, 'PodIdentityIntegAssociationGrant');

const cluster = importedCluster(stack);
// The test cluster runs the agent already.
new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.none() });

const bucket = new s3.Bucket(stack, 'Data', {
  enforceSSL: true,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  removalPolicy: RemovalPolicy.DESTROY,
});
const association = new PodIdentityAssociation(stack, 'Reader', {
  cluster,
  namespace: 'integ-grant',
  serviceAccount: 'reader',
  tags: { purpose: 'integ' },
});
bucket.grantRead(association);

const integ = new IntegTest(app, 'AssociationGrant', { testCases: [stack] });

// EKS holds the association as declared, with session tags on.
integ.assertions.awsApiCall('EKS', 'describePodIdentityAssociation', {
  clusterName: integClusterName(),
  associationId: association.associationId,
}).expect(ExpectedResult.objectLike({
  association: {
    clusterName: integClusterName(),
    namespace: 'integ-grant',
    serviceAccount: 'reader',
    roleArn: association.role.roleArn,
    associationArn: association.associationArn,
    disableSessionTags: false,
    tags: { purpose: 'integ' },
  },
}));

// The role trusts the EKS Auth service principal, with session tags, for this service account only.
integ.assertions.awsApiCall('IAM', 'getRole', { RoleName: association.role.roleName })
  .expect(ExpectedResult.objectLike({
    Role: {
      AssumeRolePolicyDocument: Match.stringLikeRegexp(holding([
        literal('"Service":"pods.eks.amazonaws.com"'),
        literal('"sts:AssumeRole"'),
        literal('"sts:TagSession"'),
        condition('aws:RequestTag/kubernetes-namespace', 'integ-grant'),
        condition('aws:RequestTag/kubernetes-service-account', 'reader'),
      ])),
    },
  }));

// The grant landed on the association's role: IAM allows it to read the bucket's objects.
integ.assertions.awsApiCall('IAM', 'simulatePrincipalPolicy', {
  PolicySourceArn: association.role.roleArn,
  ActionNames: ['s3:GetObject'],
  ResourceArns: [bucket.arnForObjects('any-key')],
}).expect(ExpectedResult.objectLike({
  EvaluationResults: [{ EvalActionName: 's3:GetObject', EvalDecision: 'allowed' }],
}));
