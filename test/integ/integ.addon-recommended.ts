import { Stack } from 'aws-cdk-lib';
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { AgentDeployment, PodIdentityAddon, PodIdentityAgent } from '../../lib';
import { condition, holding, importedCluster, integApp, integClusterName, literal } from './support';

// An EKS add-on with the pod identity association EKS recommends, on the existing test cluster (imported by
// name, see ./support.ts): aws-ebs-csi-driver gets a role for kube-system/ebs-csi-controller-sa with
// AmazonEBSCSIDriverPolicy. The test cluster must not have this add-on already. Deleting the stack removes
// the add-on. Nothing billed but the assertions' Lambda calls (no volume is created).
const app = integApp();
const stack = new Stack(app, 'PodIdentityIntegAddonRecommended');

const cluster = importedCluster(stack);
// The test cluster runs the agent already.
new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.none() });

const addon = new PodIdentityAddon(stack, 'EbsCsiDriver', { cluster, addonName: 'aws-ebs-csi-driver' });
const role = addon.associationRoles['ebs-csi-controller-sa'];

const integ = new IntegTest(app, 'AddonRecommended', { testCases: [stack] });

// EKS lists the add-on's one association.
integ.assertions.awsApiCall('EKS', 'describeAddon', {
  clusterName: integClusterName(),
  addonName: 'aws-ebs-csi-driver',
}).expect(ExpectedResult.objectLike({
  addon: {
    addonName: 'aws-ebs-csi-driver',
    status: 'ACTIVE',
    podIdentityAssociations: [Match.stringLikeRegexp(`:podidentityassociation/${integClusterName()}/a-`)],
  },
}));

// That association is the add-on's, for its controller's service account, with the recommended role.
integ.assertions.awsApiCall('EKS', 'listPodIdentityAssociations', {
  clusterName: integClusterName(),
  namespace: 'kube-system',
  serviceAccount: 'ebs-csi-controller-sa',
}).expect(ExpectedResult.objectLike({
  associations: [{
    clusterName: integClusterName(),
    namespace: 'kube-system',
    serviceAccount: 'ebs-csi-controller-sa',
    ownerArn: addon.addonArn,
  }],
}));

// The role trusts pods.eks.amazonaws.com for that service account only, and carries the recommended policy.
integ.assertions.awsApiCall('IAM', 'getRole', { RoleName: role.roleName })
  .expect(ExpectedResult.objectLike({
    Role: {
      AssumeRolePolicyDocument: Match.stringLikeRegexp(holding([
        literal('"Service":"pods.eks.amazonaws.com"'),
        literal('"sts:TagSession"'),
        condition('aws:RequestTag/kubernetes-namespace', 'kube-system'),
        condition('aws:RequestTag/kubernetes-service-account', 'ebs-csi-controller-sa'),
      ])),
    },
  }));
integ.assertions.awsApiCall('IAM', 'listAttachedRolePolicies', { RoleName: role.roleName })
  .expect(ExpectedResult.objectLike({
    AttachedPolicies: [{ PolicyName: 'AmazonEBSCSIDriverPolicy' }],
  }));
