import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { AgentDeployment, IrsaMigration, IrsaMigrationStep, PodIdentityAgent } from '../../lib';
import { holding, importedCluster, integApp, integClusterName, integEnv, literal } from './support';

// Moving from IRSA, on the existing test cluster (imported by name, see ./support.ts): two roles that
// trust an IAM OIDC provider as IRSA roles do, and a migration of each at a different step.
// - integ-irsa/uploader at step 1 (ADD_POD_IDENTITY): its role trusts pod identity too, and the
//   association uses that same role.
// - integ-irsa/indexer at step 3 (REMOVE_IRSA_TRUST): its role, shared with integ-irsa/other through one
//   `sub` condition, loses the web-identity trust of indexer only.
// The OIDC provider is made here, with a URL that does not resolve and a placeholder thumbprint (IAM does
// not fetch either when a thumbprint is given): the test proves the trust policies IAM accepts and keeps,
// not a web-identity sign-in. No service account is touched (no kubectl): step 3 warns that the annotation
// is to be removed where the service account is defined. Nothing billed but the assertions' Lambda calls.
const app = integApp();
// A concrete account, so that the provider's ARN, and so its issuer, are literal strings: the migration
// can then read and narrow the roles' web-identity conditions at synth time (with an issuer only known at
// deploy time, as in a CfnJson, it keeps them and warns irsa-trust-kept).
const stack = new Stack(app, 'PodIdentityIntegIrsaMigration', { env: integEnv() });

const cluster = importedCluster(stack);
// The test cluster runs the agent already: the migration must not install the add-on a second time.
new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.none() });

const ISSUER = 'oidc.cdk-eks-pod-identity.invalid/id/integ-irsa-migration';
const providerResource = new iam.OidcProviderNative(stack, 'Oidc', {
  url: `https://${ISSUER}`,
  clientIds: ['sts.amazonaws.com'],
  thumbprints: ['0000000000000000000000000000000000000000'],
  removalPolicy: RemovalPolicy.DESTROY,
});
// The same provider by its literal ARN (the live run is in the aws partition).
const provider = iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, 'OidcByArn',
  `arn:aws:iam::${stack.account}:oidc-provider/${ISSUER}`);

/** A role that trusts the provider for the given service accounts, as an IRSA role does. */
function irsaRole(id: string, serviceAccounts: string[]): iam.Role {
  const role = new iam.Role(stack, id, {
    assumedBy: new iam.OpenIdConnectPrincipal(provider, {
      StringEquals: {
        [`${ISSUER}:aud`]: 'sts.amazonaws.com',
        [`${ISSUER}:sub`]: serviceAccounts.map(name => `system:serviceaccount:integ-irsa:${name}`),
      },
    }),
  });
  role.node.addDependency(providerResource);
  return role;
}

const uploaderRole = irsaRole('UploaderRole', ['uploader']);
const uploader = new IrsaMigration(stack, 'Uploader', {
  cluster,
  role: uploaderRole,
  namespace: 'integ-irsa',
  serviceAccount: 'uploader',
  openIdConnectProvider: provider,
  step: IrsaMigrationStep.ADD_POD_IDENTITY,
});

const indexerRole = irsaRole('IndexerRole', ['indexer', 'other']);
new IrsaMigration(stack, 'Indexer', {
  cluster,
  role: indexerRole,
  namespace: 'integ-irsa',
  serviceAccount: 'indexer',
  openIdConnectProvider: provider,
  step: IrsaMigrationStep.REMOVE_IRSA_TRUST,
});

const integ = new IntegTest(app, 'IrsaMigration', {
  testCases: [stack],
  // In the same environment, so that the assertions can read the stack's attributes.
  assertionStack: new Stack(app, 'PodIdentityIntegIrsaMigrationAssertions', { env: integEnv() }),
});

// Step 1: the association hands the pods the same role.
integ.assertions.awsApiCall('EKS', 'describePodIdentityAssociation', {
  clusterName: integClusterName(),
  associationId: uploader.association.associationId,
}).expect(ExpectedResult.objectLike({
  association: { namespace: 'integ-irsa', serviceAccount: 'uploader', roleArn: uploaderRole.roleArn },
}));

// Step 1: the role trusts both IRSA and pod identity.
integ.assertions.awsApiCall('IAM', 'getRole', { RoleName: uploaderRole.roleName })
  .expect(ExpectedResult.objectLike({
    Role: {
      AssumeRolePolicyDocument: Match.stringLikeRegexp(holding([
        literal('"sts:AssumeRoleWithWebIdentity"'),
        literal('"system:serviceaccount:integ-irsa:uploader"'),
        literal('"Service":"pods.eks.amazonaws.com"'),
      ])),
    },
  }));

// Step 3: the shared role trusts pod identity and still the other service account's IRSA, not indexer's.
integ.assertions.awsApiCall('IAM', 'getRole', { RoleName: indexerRole.roleName })
  .expect(ExpectedResult.objectLike({
    Role: {
      AssumeRolePolicyDocument: Match.stringLikeRegexp(holding([
        literal('"sts:AssumeRoleWithWebIdentity"'),
        literal('"system:serviceaccount:integ-irsa:other"'),
        literal('"Service":"pods.eks.amazonaws.com"'),
      ], [
        literal('system:serviceaccount:integ-irsa:indexer'),
      ])),
    },
  }));
