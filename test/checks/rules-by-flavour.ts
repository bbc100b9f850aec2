import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as eksv2 from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { associationMakers, Flavour, flavours, l1Association } from './flavours';
import { findingsOf, givenApp, stackIn } from './util';

const ID = '[cdk-eks-pod-identity:';

/**
 * Every rule, over every flavour of resources (aws-eks, aws-eks-v2, L1s). Run by a test file of each
 * jest project, so that it also runs against the newest aws-cdk-lib, whose aws-eks-v2 has its own L1s.
 */
export function describeRulesByFlavour(): void {
  describe.each(flavours().map(flavour => [flavour.name, flavour] as [string, Flavour]))('with %s resources', (_name, flavour) => {
    test('duplicate-association: error for a second association of one service account, none for another one', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const cluster = flavour.cluster(stack, 'Cluster');
      cluster.addAgentAddon('Agent');
      const first = cluster.associate('First', 'default', 'app');
      const second = cluster.associate('Second', 'default', 'app');
      cluster.associate('Other', 'default', 'other');

      expect(findingsOf(app, 'duplicate-association')).toEqual([
        `error /${second.node.path}: ${ID}duplicate-association] Service account 'default/app' already has a pod identity association on this cluster, declared by '${first.node.path}'; EKS allows one per service account and the deploy would fail. Keep one of them`,
      ]);
    });

    test('agent-missing: warning for a cluster without an agent, none for one with the eks-pod-identity-agent add-on', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const bare = flavour.cluster(stack, 'Bare');
      const association = l1Association(stack, 'App', bare.name, 'default', 'app');
      const other = stackIn(app, 'Other');
      const withAgent = flavour.cluster(other, 'WithAgent');
      withAgent.addAgentAddon('Agent');
      l1Association(other, 'App', withAgent.name, 'default', 'app');

      expect(findingsOf(app, 'agent-missing')).toEqual([
        expect.stringContaining(`warning /${association.node.path}: ${ID}agent-missing] No Pod Identity Agent is declared in this app for cluster '${bare.path}',`),
      ]);
    });

    test('agent-missing: no warning for an EKS Auto Mode cluster', () => {
      const app = givenApp();
      const stack = stackIn(app);
      l1Association(stack, 'App', flavour.cluster(stack, 'Cluster', { autoMode: true }).name, 'default', 'app');
      expect(findingsOf(app, 'agent-missing')).toEqual([]);
    });

    test('unsupported-region: error for an association in China', () => {
      const app = givenApp();
      const stack = stackIn(app, 'Stack', 'cn-north-1');
      const cluster = flavour.cluster(stack, 'Cluster');
      cluster.addAgentAddon('Agent');
      const association = cluster.associate('App', 'default', 'app');
      expect(findingsOf(app, 'unsupported-region')).toEqual([
        `error /${association.node.path}: ${ID}unsupported-region] EKS Pod Identity is not available in region 'cn-north-1' (the China regions do not have it). Use IAM roles for service accounts (IRSA) there`,
      ]);
    });

    test('kubernetes-version: error for a cluster on 1.23, none for one on 1.24', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const old = flavour.cluster(stack, 'Old', { version: '1.23' });
      old.addAgentAddon('OldAgent');
      const association = old.associate('OnOld', 'default', 'app');
      const ok = flavour.cluster(stackIn(app, 'Other'), 'Ok', { version: '1.24' });
      ok.addAgentAddon('OkAgent');
      ok.associate('OnOk', 'default', 'app');

      expect(findingsOf(app, 'kubernetes-version')).toEqual([
        `error /${association.node.path}: ${ID}kubernetes-version] Cluster '${old.path}' runs Kubernetes 1.23, but EKS Pod Identity needs 1.24 or later. Upgrade the cluster first, or keep IRSA until then`,
      ]);
    });

    test('outposts-cluster: error for the associations and the agent of a local cluster on Outposts, none for a cluster in the region', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const outposts = flavour.cluster(stack, 'Outposts', { outposts: true });
      const agent = outposts.addAgentAddon('Agent');
      const association = l1Association(stack, 'App', outposts.name, 'jobs', 'worker');
      const other = stackIn(app, 'Other');
      const regional = flavour.cluster(other, 'Regional');
      regional.addAgentAddon('Agent');
      l1Association(other, 'App', regional.name, 'jobs', 'worker');

      expect(findingsOf(app, 'outposts-cluster').sort()).toEqual([
        `error /${association.node.path}: ${ID}outposts-cluster] Cluster '${outposts.path}' is a local cluster on AWS Outposts, where EKS Pod Identity is not available, so the pods of 'jobs/worker' would get no credentials. Use IAM roles for service accounts (IRSA) there`,
        `error /${agent.node.path}: ${ID}outposts-cluster] Cluster '${outposts.path}' is a local cluster on AWS Outposts, where EKS Pod Identity is not available, so the Pod Identity Agent has nothing to serve. Remove it, and use IAM roles for service accounts (IRSA) there`,
      ].sort());
    });

    test('fargate-cluster and fargate-profile: error for a namespace a selector takes whole, warning for one it takes by labels', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const cluster = flavour.cluster(stack, 'Cluster');
      cluster.addAgentAddon('Agent');
      const batch = cluster.addFargateProfile('Batch', [{ namespace: 'batch-*' }]);
      const web = cluster.addFargateProfile('Web', [{ namespace: 'web', labels: { compute: 'fargate' } }]);
      const jobs = cluster.associate('Jobs', 'batch-jobs', 'runner');
      const api = cluster.associate('Api', 'web', 'api');
      cluster.associate('Other', 'other', 'app');

      expect(findingsOf(app, 'fargate-cluster')).toEqual([
        `error /${jobs.node.path}: ${ID}fargate-cluster] Fargate profile '${batch.node.path}' takes every pod of namespace 'batch-jobs' (its selector 'batch-*' has no labels), so the pods of 'batch-jobs/runner' run on Fargate, where EKS Pod Identity does not work. Use IAM roles for service accounts (IRSA) for them, or run them in a namespace that no Fargate profile takes whole`,
      ]);
      expect(findingsOf(app, 'fargate-profile')).toEqual([
        `warning /${api.node.path}: ${ID}fargate-profile] Fargate profile '${web.node.path}' takes the pods of namespace 'web' that carry the labels of its selector 'web', so pods of 'web/api' with those labels run on Fargate, where EKS Pod Identity does not work. Keep those labels off these pods, or use IRSA for them`,
      ]);
    });

    test('windows-nodes: warning for a Windows node group in a cluster with associations, none for Linux nodes or a cluster without them', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const cluster = flavour.cluster(stack, 'Cluster');
      cluster.addAgentAddon('Agent');
      cluster.associate('App', 'default', 'app');
      const windows = cluster.addNodegroup('Windows', 'WINDOWS_CORE_2022_x86_64');
      cluster.addNodegroup('Linux', 'AL2_x86_64');
      flavour.cluster(stackIn(app, 'Other'), 'NoPodIdentity').addNodegroup('Windows', 'WINDOWS_FULL_2019_x86_64');

      expect(findingsOf(app, 'windows-nodes')).toEqual([
        `warning /${windows.node.path}: ${ID}windows-nodes] Node group '${windows.node.path}' runs Windows (WINDOWS_CORE_2022_x86_64) in cluster '${cluster.path}', which has pod identity associations, and EKS Pod Identity does not work for pods on Windows nodes. Keep the pods that use pod identity on Linux nodes (nodeSelector kubernetes.io/os: linux), or use IAM roles for service accounts (IRSA) for Windows pods`,
      ]);
    });

    test('role-trust: no finding for the roles that the flavour\'s associations use', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const cluster = flavour.cluster(stack, 'Cluster');
      cluster.addAgentAddon('Agent');
      cluster.associate('App', 'default', 'app');
      expect(findingsOf(app, 'role-trust')).toEqual([]);
    });

    test('logical-id-change: error for an association whose logical ID changed', () => {
      const build = (app: App) => {
        const cluster = flavour.cluster(stackIn(app), 'Cluster');
        cluster.addAgentAddon('Agent');
        return cluster.associate('App', 'default', 'app') as CfnResource;
      };
      const before = givenApp();
      const previous = build(before);
      const logicalId = Stack.of(previous).resolve(previous.logicalId);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'previous-'));
      fs.writeFileSync(path.join(dir, 'Stack.template.json'), JSON.stringify(before.synth().getStackByName('Stack').template));
      const app = givenApp();
      const association = build(app);
      association.overrideLogicalId('Moved');

      expect(findingsOf(app, 'logical-id-change', { previousTemplatesDir: dir })).toEqual([
        expect.stringContaining(`error /${association.node.path}: ${ID}logical-id-change] The association of 'default/app' was '${logicalId}' in the last deployed template and is 'Moved' now.`),
      ]);
    });
  });

  describe.each([
    ['aws-eks', () => eks.FargateCluster, () => eks.KubernetesVersion.of('1.34')],
    ['aws-eks-v2', () => eksv2.FargateCluster, () => eksv2.KubernetesVersion.of('1.34')],
  ] as Array<[string, () => any, () => any]>)('fargate-cluster with a FargateCluster of %s', (_name, fargateCluster, version) => {
    test('error for an association in a namespace of the default profile, none for another namespace', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const kubectlLayer = lambda.LayerVersion.fromLayerVersionArn(stack, 'Layer', 'arn:aws:lambda:eu-west-1:111111111111:layer:kubectl:1');
      const FargateCluster = fargateCluster();
      const cluster = new FargateCluster(stack, 'Fargate', { version: version(), kubectlLayer, kubectlProviderOptions: { kubectlLayer } });
      // aws-eks refuses service accounts of pod identity on a FargateCluster: associations come from elsewhere.
      l1Association(stack, 'InDefault', cluster.clusterName, 'default', 'app');
      l1Association(stack, 'InJobs', cluster.clusterName, 'jobs', 'worker');

      expect(findingsOf(app, 'fargate-cluster')).toEqual([
        `error /Stack/InDefault: ${ID}fargate-cluster] Fargate profile 'Stack/Fargate/fargate-profile-default' takes every pod of namespace 'default' (its selector 'default' has no labels), so the pods of 'default/app' run on Fargate, where EKS Pod Identity does not work. Use IAM roles for service accounts (IRSA) for them, or run them in a namespace that no Fargate profile takes whole`,
      ]);
      expect(findingsOf(app, 'fargate-profile')).toEqual([]);
    });
  });

  describe.each(associationMakers())('role-trust with %s associations', (_name, make) => {
    const statement = (actions: string[], extra: Record<string, any> = {}) =>
      ({ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: actions, ...extra });

    test('error for a trust without sts:TagSession; none for the two actions in two statements, or sts:*', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const associate = (id: string, serviceAccount: string, roleArn: string) =>
        make(stack, id, 'PodIdentityAssociation', { clusterName: 'my-cluster', namespace: 'default', serviceAccount, roleArn });
      new CfnResource(stack, 'Agent', { type: 'AWS::EKS::Addon', properties: { ClusterName: 'my-cluster', AddonName: 'eks-pod-identity-agent' } });
      const noTags = new iam.CfnRole(stack, 'NoTags', { assumeRolePolicyDocument: { Version: '2012-10-17', Statement: [statement(['sts:AssumeRole'])] } });
      const split = new CfnResource(stack, 'Split', {
        type: 'AWS::IAM::Role',
        properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [statement(['sts:AssumeRole']), statement(['sts:TagSession'])] } },
      });
      const star = new iam.Role(stack, 'Star', { assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com') });
      star.assumeRolePolicy!.addStatements(new iam.PolicyStatement({ actions: ['sts:*'], principals: [new iam.ServicePrincipal('pods.eks.amazonaws.com')] }));
      const bad = associate('WithNoTags', 'a', noTags.attrArn);
      associate('WithSplit', 'b', split.getAtt('Arn').toString());
      associate('WithStar', 'c', star.roleArn);

      expect(findingsOf(app, 'role-trust')).toEqual([
        `error /${bad.node.path}: ${ID}role-trust] The trust policy of role 'Stack/NoTags' does not let pods.eks.amazonaws.com call both sts:AssumeRole and sts:TagSession, so EKS rejects the association at deploy time ("Trust policy of the role provided is invalid"), or its pods get no credentials. Use a PodIdentityRole, or trust new iam.ServicePrincipal('pods.eks.amazonaws.com').withSessionTags()`,
      ]);
    });
  });

  describe('irsa-annotation', () => {
    const annotation = { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111111111111:role/old-irsa' };

    test.each(flavours().filter(f => !f.name.startsWith('L1')).map(f => [f.name, f] as [string, Flavour]))(
      'warning for a service account of %s with an association and the IRSA annotation, none on another cluster', (name) => {
        const app = givenApp();
        const stack = stackIn(app);
        const kubectlLayer = lambda.LayerVersion.fromLayerVersionArn(stack, 'Layer', 'arn:aws:lambda:eu-west-1:111111111111:layer:kubectl:1');
        const make = (scope: Stack, id: string): any => name === 'aws-eks'
          ? new eks.Cluster(scope, id, { version: eks.KubernetesVersion.of('1.34'), kubectlLayer, defaultCapacity: 0 })
          : new eksv2.Cluster(scope, id, { version: eksv2.KubernetesVersion.of('1.34'), defaultCapacity: 0, defaultCapacityType: eksv2.DefaultCapacityType.NODEGROUP, kubectlProviderOptions: { kubectlLayer } });
        const one = make(stack, 'One');
        const other = stackIn(app, 'Other');
        const two = make(other, 'Two');
        // The same service account on two clusters: pod identity on one, IRSA on the other.
        one.addServiceAccount('Worker', { name: 'worker', namespace: 'jobs', identityType: 'POD_IDENTITY', annotations: annotation });
        two.addServiceAccount('Irsa', { name: 'worker', namespace: 'jobs', annotations: annotation });
        l1Association(other, 'Other', two.clusterName, 'jobs', 'other');

        expect(findingsOf(app, 'irsa-annotation')).toEqual([
          expect.stringContaining(`${ID}irsa-annotation] Service account 'jobs/worker' has a pod identity association (Stack/One/Worker/Association) and also the IRSA annotation`),
        ]);
      });

    test('warning for a raw manifest and a raw association', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const manifest = [{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'worker', namespace: 'jobs', annotations: annotation } }];
      new CfnResource(stack, 'Manifest', {
        type: 'Custom::AWSCDK-EKS-KubernetesResource',
        properties: { ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:kubectl', ClusterName: 'my-cluster', Manifest: JSON.stringify(manifest) },
      });
      new CfnResource(stack, 'Association', {
        type: 'AWS::EKS::PodIdentityAssociation',
        properties: { ClusterName: 'my-cluster', Namespace: 'jobs', ServiceAccount: 'worker', RoleArn: 'arn:aws:iam::111111111111:role/r' },
      });
      expect(findingsOf(app, 'irsa-annotation')).toEqual([
        expect.stringContaining(`warning /Stack/Manifest: ${ID}irsa-annotation] Service account 'jobs/worker' has a pod identity association (Stack/Association)`),
      ]);
    });
  });
}
