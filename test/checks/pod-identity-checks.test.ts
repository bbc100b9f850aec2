import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, CfnResource, Fn, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as eksv2 from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AgentDeployment, PodIdentityAddon, PodIdentityAgent, PodIdentityAssociation, PodIdentityCheck, PodIdentityChecks, PodIdentityRole } from '../../lib';
import { findings, findingsOf, givenApp, stackIn } from './util';

describe('PodIdentityChecks', () => {
  test('the catalogue of rules', () => {
    expect(Object.values(PodIdentityCheck)).toEqual([
      'duplicate-association',
      'agent-missing',
      'unsupported-region',
      'kubernetes-version',
      'outposts-cluster',
      'fargate-cluster',
      'fargate-profile',
      'windows-nodes',
      'role-trust',
      'irsa-annotation',
      'logical-id-change',
    ]);
  });

  test('a clean app has no findings', () => {
    const app = givenApp();
    const stack = stackIn(app);
    const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'my-cluster');
    new PodIdentityAgent(stack, 'Agent', { cluster });
    new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'app' });

    expect(findings(app)).toEqual([]);
  });

  describe('duplicate-association', () => {
    test('error for a raw L1 that repeats a service account of another stack', () => {
      const app = givenApp();
      const a = stackIn(app, 'A');
      const b = stackIn(app, 'B');
      const cluster = eks.CfnCluster.fromClusterName(a, 'Cluster', 'my-cluster');
      new PodIdentityAgent(a, 'Agent', { cluster });
      new PodIdentityAssociation(a, 'App', { cluster, namespace: 'default', serviceAccount: 'app' });
      new eks.CfnPodIdentityAssociation(b, 'Raw', { clusterName: 'my-cluster', namespace: 'default', serviceAccount: 'app', roleArn: 'arn:aws:iam::111111111111:role/r' });

      expect(findingsOf(app, 'duplicate-association')).toEqual([
        "error /B/Raw: [cdk-eks-pod-identity:duplicate-association] Service account 'default/app' already has a pod identity association on this cluster, declared by 'A/App'; EKS allows one per service account and the deploy would fail. Keep one of them",
      ]);
    });

    test('error for a raw add-on association that repeats a standalone one, with the namespace from the add-on table', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'my-cluster');
      new PodIdentityAgent(stack, 'Agent', { cluster });
      new PodIdentityAssociation(stack, 'Ebs', { cluster, namespace: 'kube-system', serviceAccount: 'ebs-csi-controller-sa' });
      new eks.CfnAddon(stack, 'RawEbs', {
        clusterName: 'my-cluster',
        addonName: 'aws-ebs-csi-driver',
        podIdentityAssociations: [{ serviceAccount: 'ebs-csi-controller-sa', roleArn: 'arn:aws:iam::111111111111:role/ebs' }],
      });

      expect(findingsOf(app, 'duplicate-association')).toEqual([
        "error /Stack/RawEbs: [cdk-eks-pod-identity:duplicate-association] Service account 'kube-system/ebs-csi-controller-sa' already has a pod identity association on this cluster, declared by 'Stack/Ebs'; EKS allows one per service account and the deploy would fail. Keep one of them",
      ]);
    });

    test('no finding for the same service account on two clusters', () => {
      const app = givenApp();
      const stack = stackIn(app);
      new eks.CfnPodIdentityAssociation(stack, 'A', { clusterName: 'one', namespace: 'default', serviceAccount: 'app', roleArn: 'arn:aws:iam::111111111111:role/r' });
      new eks.CfnPodIdentityAssociation(stack, 'B', { clusterName: 'two', namespace: 'default', serviceAccount: 'app', roleArn: 'arn:aws:iam::111111111111:role/r' });
      expect(findingsOf(app, 'duplicate-association')).toEqual([]);
    });

    test('no finding for namespaces that are intrinsic objects, known only at deploy time', () => {
      // GIVEN two raw L1s whose namespaces differ, one of them set by an override
      const app = givenApp();
      const stack = stackIn(app);
      new CfnResource(stack, 'A', {
        type: 'AWS::EKS::PodIdentityAssociation',
        properties: { ClusterName: 'my-cluster', Namespace: { 'Fn::Sub': '${AWS::StackName}-a' }, ServiceAccount: 'app', RoleArn: 'arn:aws:iam::111111111111:role/r' },
      });
      const b = new eks.CfnPodIdentityAssociation(stack, 'B', { clusterName: 'my-cluster', namespace: 'default', serviceAccount: 'app', roleArn: 'arn:aws:iam::111111111111:role/r' });
      b.addPropertyOverride('Namespace', { 'Fn::Sub': '${AWS::StackName}-b' });

      // THEN they are not taken for the same service account
      expect(findingsOf(app, 'duplicate-association')).toEqual([]);
    });
  });

  describe('agent-missing', () => {
    test('warning once per cluster with associations and no agent', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'my-cluster');
      new PodIdentityAssociation(stack, 'A', { cluster, namespace: 'default', serviceAccount: 'a' });
      new PodIdentityAssociation(stack, 'B', { cluster, namespace: 'default', serviceAccount: 'b' });

      expect(findingsOf(app, 'agent-missing')).toEqual([
        "warning /Stack/A: [cdk-eks-pod-identity:agent-missing] No Pod Identity Agent is declared in this app for cluster 'my-cluster', so its pods may get no credentials. Add PodIdentityAgent.of(this, cluster), or, when the agent is installed elsewhere (EKS Auto Mode, another app), record it with new PodIdentityAgent(this, 'Agent', { cluster, deployment: AgentDeployment.none() })",
      ]);
    });

    test.each([
      ['a PodIdentityAgent recording an agent installed elsewhere', (stack: any, cluster: any) => new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.none() })],
      ['a raw eks-pod-identity-agent add-on', (stack: any) => new eks.CfnAddon(stack, 'Raw', { clusterName: 'my-cluster', addonName: 'eks-pod-identity-agent' })],
    ])('no warning with %s', (_name, declareAgent) => {
      const app = givenApp();
      const stack = stackIn(app);
      const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'my-cluster');
      declareAgent(stack, cluster);
      new PodIdentityAssociation(stack, 'A', { cluster, namespace: 'default', serviceAccount: 'a' });
      expect(findingsOf(app, 'agent-missing')).toEqual([]);
    });

    test('no warning for an EKS Auto Mode cluster, where the agent is preinstalled', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const cluster = new eksv2.Cluster(stack, 'Cluster', { version: eksv2.KubernetesVersion.V1_34 });
      new PodIdentityAssociation(stack, 'A', { cluster, namespace: 'default', serviceAccount: 'a' });
      expect(findingsOf(app, 'agent-missing')).toEqual([]);
    });

    test('names the construct of a cluster whose name is a token', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const cluster = new eksv2.Cluster(stack, 'Cluster', { version: eksv2.KubernetesVersion.V1_34, defaultCapacityType: eksv2.DefaultCapacityType.NODEGROUP });
      new PodIdentityAssociation(stack, 'A', { cluster, namespace: 'default', serviceAccount: 'a' });
      expect(findingsOf(app, 'agent-missing')).toEqual([expect.stringContaining("for cluster 'Stack/Cluster'")]);
    });
  });

  describe('unsupported-region', () => {
    test.each(['cn-north-1', 'cn-northwest-1'])('error in %s', (region) => {
      const app = givenApp();
      const stack = stackIn(app, 'Stack', region);
      new eks.CfnPodIdentityAssociation(stack, 'Raw', { clusterName: 'c', namespace: 'default', serviceAccount: 'app', roleArn: 'arn:aws:iam::111111111111:role/r' });
      expect(findingsOf(app, 'unsupported-region')).toEqual([
        `error /Stack/Raw: [cdk-eks-pod-identity:unsupported-region] EKS Pod Identity is not available in region '${region}' (the China regions do not have it). Use IAM roles for service accounts (IRSA) there`,
      ]);
    });

    // No public source says whether the isolated partitions have pod identity: a warning, not an error.
    test.each(['us-iso-east-1', 'us-isob-east-1'])('warning in %s, an isolated region', (region) => {
      const app = givenApp();
      const stack = stackIn(app, 'Stack', region);
      new eks.CfnPodIdentityAssociation(stack, 'Raw', { clusterName: 'c', namespace: 'default', serviceAccount: 'app', roleArn: 'arn:aws:iam::111111111111:role/r' });
      expect(findingsOf(app, 'unsupported-region')).toEqual([
        `warning /Stack/Raw: [cdk-eks-pod-identity:unsupported-region] Region '${region}' is in an isolated partition, for which no public AWS documentation says whether EKS Pod Identity (its agent, EKS Auth and pod identity associations) is offered, so this library does not know whether it works there. Check with the region's own documentation before you deploy, or use IAM roles for service accounts (IRSA)`,
      ]);
    });

    test('no finding in a commercial region, AWS GovCloud (US) or an unknown one', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const govCloud = stackIn(app, 'GovCloud', 'us-gov-west-1');
      new eks.CfnPodIdentityAssociation(govCloud, 'Raw', { clusterName: 'c', namespace: 'default', serviceAccount: 'app', roleArn: 'arn:aws-us-gov:iam::111111111111:role/r' });
      new eks.CfnPodIdentityAssociation(stack, 'Raw', { clusterName: 'c', namespace: 'default', serviceAccount: 'app', roleArn: 'arn:aws:iam::111111111111:role/r' });
      const agnostic = new Stack(app, 'Agnostic');
      new eks.CfnPodIdentityAssociation(agnostic, 'Raw', { clusterName: 'c', namespace: 'default', serviceAccount: 'app', roleArn: 'arn:aws:iam::111111111111:role/r' });
      expect(findingsOf(app, 'unsupported-region')).toEqual([]);
    });
  });

  describe('kubernetes-version', () => {
    test('error for a cluster older than 1.24, none for 1.24', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const old = new eks.CfnCluster(stack, 'Old', { name: 'old', version: '1.23', roleArn: 'arn:aws:iam::111111111111:role/eks', resourcesVpcConfig: { subnetIds: ['s-1'] } });
      const ok = new eks.CfnCluster(stack, 'Ok', { name: 'ok', version: '1.24', roleArn: 'arn:aws:iam::111111111111:role/eks', resourcesVpcConfig: { subnetIds: ['s-1'] } });
      new PodIdentityAssociation(stack, 'OnOld', { cluster: old, namespace: 'default', serviceAccount: 'a' });
      new PodIdentityAssociation(stack, 'OnOk', { cluster: ok, namespace: 'default', serviceAccount: 'a' });

      expect(findingsOf(app, 'kubernetes-version')).toEqual([
        "error /Stack/OnOld: [cdk-eks-pod-identity:kubernetes-version] Cluster 'Stack/Old' runs Kubernetes 1.23, but EKS Pod Identity needs 1.24 or later. Upgrade the cluster first, or keep IRSA until then",
      ]);
    });
  });

  describe('kubernetes-version and outposts-cluster read property overrides', () => {
    test('error for a CfnCluster whose version is overridden to 1.23, or which an override puts on Outposts', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const cluster = new eks.CfnCluster(stack, 'Cluster', { version: '1.30', roleArn: 'arn:aws:iam::111111111111:role/eks', resourcesVpcConfig: { subnetIds: ['s-1'] } });
      cluster.addPropertyOverride('Version', '1.23');
      cluster.addPropertyOverride('OutpostConfig.OutpostArns', ['arn:aws:outposts:eu-west-1:111111111111:outpost/op-1']);
      new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.none() });
      new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'app' });

      expect(findingsOf(app, 'kubernetes-version')).toEqual([expect.stringContaining("Cluster 'Stack/Cluster' runs Kubernetes 1.23")]);
      expect(findingsOf(app, 'outposts-cluster')).toHaveLength(2);
    });

    test('no finding once a deletion override removes the outpost config', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const cluster = new eks.CfnCluster(stack, 'Cluster', {
        version: '1.30',
        roleArn: 'arn:aws:iam::111111111111:role/eks',
        resourcesVpcConfig: { subnetIds: ['s-1'] },
        outpostConfig: { outpostArns: ['arn:aws:outposts:eu-west-1:111111111111:outpost/op-1'], controlPlaneInstanceType: 'm5.large' },
      });
      cluster.addPropertyDeletionOverride('OutpostConfig');
      new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'app' });
      expect(findingsOf(app, 'outposts-cluster')).toEqual([]);
    });
  });

  describe('outposts-cluster', () => {
    test('one error for a PodIdentityAgent that deploys the add-on on a cluster on Outposts', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const cluster = new eks.CfnCluster(stack, 'Cluster', {
        version: '1.30',
        roleArn: 'arn:aws:iam::111111111111:role/eks',
        resourcesVpcConfig: { subnetIds: ['s-1'] },
        outpostConfig: { outpostArns: ['arn:aws:outposts:eu-west-1:111111111111:outpost/op-1'], controlPlaneInstanceType: 'm5.large' },
      });
      new PodIdentityAgent(stack, 'Agent', { cluster });

      expect(findingsOf(app, 'outposts-cluster')).toEqual([
        "error /Stack/Agent: [cdk-eks-pod-identity:outposts-cluster] Cluster 'Stack/Cluster' is a local cluster on AWS Outposts, where EKS Pod Identity is not available, so the Pod Identity Agent has nothing to serve. Remove it, and use IAM roles for service accounts (IRSA) there",
      ]);
    });
  });

  describe('fargate', () => {
    test('error for an association in a namespace of a FargateCluster\'s default profile', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const cluster = new eksv2.FargateCluster(stack, 'Fargate', {
        version: eksv2.KubernetesVersion.V1_34,
        kubectlProviderOptions: { kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'Layer', 'arn:aws:lambda:eu-west-1:111111111111:layer:kubectl:1') },
      });
      new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'app' });
      new PodIdentityAssociation(stack, 'Jobs', { cluster, namespace: 'jobs', serviceAccount: 'worker' });

      expect(findingsOf(app, 'fargate-cluster')).toEqual([
        "error /Stack/App: [cdk-eks-pod-identity:fargate-cluster] Fargate profile 'Stack/Fargate/fargate-profile-default' takes every pod of namespace 'default' (its selector 'default' has no labels), so the pods of 'default/app' run on Fargate, where EKS Pod Identity does not work. Use IAM roles for service accounts (IRSA) for them, or run them in a namespace that no Fargate profile takes whole",
      ]);
    });

    test('no finding for associations on a cluster with EC2 nodes', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const cluster = new eksv2.Cluster(stack, 'Ec2', { version: eksv2.KubernetesVersion.V1_34, defaultCapacityType: eksv2.DefaultCapacityType.NODEGROUP });
      new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'app' });
      expect(findingsOf(app, 'fargate-cluster')).toEqual([]);
      expect(findingsOf(app, 'fargate-profile')).toEqual([]);
    });

    test.each([
      ['a selector without labels, by wildcard', [{ namespace: 'batch-?obs' }], 'fargate-cluster'],
      ['a selector with labels', [{ namespace: 'batch-jobs', labels: [{ key: 'compute', value: 'fargate' }] }], 'fargate-profile'],
      ['selectors with and without labels: the one without wins', [{ namespace: 'batch-*', labels: [{ key: 'a', value: 'b' }] }, { namespace: 'batch-jobs' }], 'fargate-cluster'],
    ])('%s gives %s', (_name, selectors: any[], rule) => {
      const app = givenApp();
      const stack = stackIn(app);
      const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'my-cluster');
      new PodIdentityAgent(stack, 'Agent', { cluster });
      new eks.CfnFargateProfile(stack, 'Batch', { clusterName: 'my-cluster', podExecutionRoleArn: 'arn:aws:iam::111111111111:role/f', selectors });
      new PodIdentityAssociation(stack, 'Jobs', { cluster, namespace: 'batch-jobs', serviceAccount: 'runner' });
      new PodIdentityAssociation(stack, 'Web', { cluster, namespace: 'web', serviceAccount: 'api' });

      const all = findings(app);
      expect(all).toHaveLength(1);
      expect(all[0]).toMatch(new RegExp(`^(error|warning) /Stack/Jobs: \\[cdk-eks-pod-identity:${rule}\\] Fargate profile 'Stack/Batch' takes `));
    });

    test('an add-on association in a namespace a profile takes whole is a warning, not an error: Fargate runs no DaemonSet', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'my-cluster');
      new PodIdentityAgent(stack, 'Agent', { cluster });
      new eks.CfnFargateProfile(stack, 'System', { clusterName: 'my-cluster', podExecutionRoleArn: 'arn:aws:iam::111111111111:role/f', selectors: [{ namespace: 'kube-system' }] });
      new PodIdentityAddon(stack, 'VpcCni', { cluster, addonName: 'vpc-cni', useRecommendedPolicies: true });

      expect(findingsOf(app, 'fargate-cluster')).toEqual([]);
      expect(findingsOf(app, 'fargate-profile')).toEqual([
        "warning /Stack/VpcCni: [cdk-eks-pod-identity:fargate-profile] Fargate profile 'Stack/System' takes every pod of namespace 'kube-system', so the pods of add-on 'vpc-cni' that use 'kube-system/aws-node' run on Fargate, where EKS Pod Identity does not work, unless they belong to a DaemonSet (Fargate runs none, so those stay on EC2 nodes). Run the add-on's other pods on EC2 nodes, or use IRSA for the add-on",
      ]);
    });

    test('no finding for a profile of another cluster', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'my-cluster');
      new PodIdentityAgent(stack, 'Agent', { cluster });
      new eks.CfnFargateProfile(stack, 'Other', { clusterName: 'other-cluster', podExecutionRoleArn: 'arn:aws:iam::111111111111:role/f', selectors: [{ namespace: 'default' }] });
      new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'app' });
      expect(findings(app)).toEqual([]);
    });
  });

  describe('role-trust', () => {
    test('no finding for a trust policy that is an intrinsic, known only at deploy time', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'my-cluster');
      new PodIdentityAgent(stack, 'Agent', { cluster });
      const role = new iam.CfnRole(stack, 'Chosen', {
        assumeRolePolicyDocument: Fn.conditionIf('UseA', { Statement: [] }, { Statement: [] }),
      });
      new eks.CfnPodIdentityAssociation(stack, 'Raw', { clusterName: 'my-cluster', namespace: 'default', serviceAccount: 'app', roleArn: role.attrArn });
      expect(findingsOf(app, 'role-trust')).toEqual([]);
    });

    test('error for a raw L1 association whose PodIdentityRole is scoped to another namespace', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'my-cluster');
      new PodIdentityAgent(stack, 'Agent', { cluster });
      const role = new PodIdentityRole(stack, 'Scoped', { clusters: [cluster], namespaces: ['a'] });
      new eks.CfnPodIdentityAssociation(stack, 'Raw', { clusterName: 'my-cluster', namespace: 'b', serviceAccount: 'app', roleArn: role.roleArn });
      expect(findingsOf(app, 'role-trust')).toEqual([
        expect.stringContaining("error /Stack/Raw: [cdk-eks-pod-identity:role-trust] The trust policy of role 'Stack/Scoped/Resource' lets pods.eks.amazonaws.com in only under conditions on session tags that this association never sends (eks-cluster-name 'my-cluster', kubernetes-namespace 'b', kubernetes-service-account 'app')"),
      ]);
    });

    test('error for an association whose L1 an override points to a role EKS cannot assume', () => {
      // GIVEN our association, its L1's RoleArn overridden with a role that trusts another service
      const app = givenApp();
      const stack = stackIn(app);
      const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'my-cluster');
      new PodIdentityAgent(stack, 'Agent', { cluster });
      const other = new iam.Role(stack, 'Other', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      const association = new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'app' });
      (association.node.defaultChild as CfnResource).addPropertyOverride('RoleArn', other.roleArn);

      // THEN the role the template carries is judged
      expect(findingsOf(app, 'role-trust')).toEqual([
        expect.stringContaining("error /Stack/App: [cdk-eks-pod-identity:role-trust] The trust policy of role 'Stack/Other/Resource' does not let pods.eks.amazonaws.com call both sts:AssumeRole and sts:TagSession"),
      ]);
    });

    test('error for a role in the stack that lacks sts:TagSession (aws-cdk #31522)', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'my-cluster');
      new PodIdentityAgent(stack, 'Agent', { cluster });
      const role = new iam.Role(stack, 'NoTags', { assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com') });
      new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'app', role });

      expect(findingsOf(app, 'role-trust')).toEqual([
        "error /Stack/App: [cdk-eks-pod-identity:role-trust] The trust policy of role 'Stack/NoTags/Resource' does not let pods.eks.amazonaws.com call both sts:AssumeRole and sts:TagSession, so EKS rejects the association at deploy time (\"Trust policy of the role provided is invalid\"), or its pods get no credentials. Use a PodIdentityRole, or trust new iam.ServicePrincipal('pods.eks.amazonaws.com').withSessionTags()",
      ]);
    });

    test('error for an add-on association whose role trusts another service', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const role = new iam.Role(stack, 'Ec2', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
      new eks.CfnAddon(stack, 'Addon', { clusterName: 'c', addonName: 'aws-efs-csi-driver', podIdentityAssociations: [{ serviceAccount: 'efs-csi-controller-sa', roleArn: role.roleArn }] });
      expect(findingsOf(app, 'role-trust')).toHaveLength(1);
    });

    test('error for a trust whose session-tag conditions exclude the service account, none for one they admit', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'my-cluster');
      new PodIdentityAgent(stack, 'Agent', { cluster });
      const role = new iam.Role(stack, 'JobsOnly', {
        assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com').withSessionTags().withConditions({
          StringEquals: { 'aws:RequestTag/kubernetes-namespace': 'jobs' },
          StringLike: { 'aws:RequestTag/kubernetes-service-account': 'worker-*' },
        }),
      });
      new PodIdentityAssociation(stack, 'Web', { cluster, namespace: 'web', serviceAccount: 'worker-1', role });
      new PodIdentityAssociation(stack, 'Worker', { cluster, namespace: 'jobs', serviceAccount: 'worker-2', role });

      expect(findingsOf(app, 'role-trust')).toEqual([
        "error /Stack/Web: [cdk-eks-pod-identity:role-trust] The trust policy of role 'Stack/JobsOnly/Resource' lets pods.eks.amazonaws.com in only under conditions on session tags that this association never sends (eks-cluster-name 'my-cluster', kubernetes-namespace 'web', kubernetes-service-account 'worker-1'), so its pods get no credentials. Widen the conditions of the trust policy, or use another role",
      ]);
    });

    test('error for a trust that an unconditional Deny of sts:TagSession overrides', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'my-cluster');
      new PodIdentityAgent(stack, 'Agent', { cluster });
      const role = new iam.Role(stack, 'Denied', { assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com').withSessionTags() });
      role.assumeRolePolicy!.addStatements(new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        actions: ['sts:Tag*'],
        principals: [new iam.StarPrincipal()],
      }));
      new PodIdentityAssociation(stack, 'App', { cluster, namespace: 'default', serviceAccount: 'app', role });
      expect(findingsOf(app, 'role-trust')).toEqual([expect.stringContaining("The trust policy of role 'Stack/Denied/Resource' does not let pods.eks.amazonaws.com call both")]);
    });

    test('no finding for a PodIdentityRole, a role with both actions, or an imported role', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'my-cluster');
      const tagged = new iam.Role(stack, 'TaggedRole', { assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com').withSessionTags() });
      new PodIdentityAssociation(stack, 'Default', { cluster, namespace: 'default', serviceAccount: 'a' });
      new PodIdentityAssociation(stack, 'Tagged', { cluster, namespace: 'default', serviceAccount: 'b', role: tagged });
      new PodIdentityAssociation(stack, 'Imported', { cluster, namespace: 'default', serviceAccount: 'c', role: iam.Role.fromRoleName(stack, 'Existing', 'existing') });
      expect(findingsOf(app, 'role-trust')).toEqual([]);
    });
  });

  describe('irsa-annotation', () => {
    function givenKubectlCluster(stack: any) {
      return eks.Cluster.fromClusterAttributes(stack, 'Kubectl', {
        clusterName: 'my-cluster',
        kubectlRoleArn: 'arn:aws:iam::111111111111:role/kubectl',
        kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'Layer', 'arn:aws:lambda:eu-west-1:111111111111:layer:kubectl:1'),
        openIdConnectProvider: iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, 'Oidc', 'arn:aws:iam::111111111111:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/X'),
      });
    }

    test('warning for a pod identity service account that still carries the IRSA annotation', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const cluster = givenKubectlCluster(stack);
      new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.none() });
      cluster.addServiceAccount('Worker', {
        name: 'worker',
        namespace: 'jobs',
        identityType: eks.IdentityType.POD_IDENTITY,
        annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111111111111:role/old-irsa' },
      });

      expect(findingsOf(app, 'irsa-annotation')).toEqual([
        expect.stringContaining("[cdk-eks-pod-identity:irsa-annotation] Service account 'jobs/worker' has a pod identity association (Stack/Kubectl/Worker/Association) and also the IRSA annotation 'eks.amazonaws.com/role-arn'"),
      ]);
    });

    test('no finding for an IRSA service account without an association', () => {
      const app = givenApp();
      const stack = stackIn(app);
      givenKubectlCluster(stack).addServiceAccount('Worker', { name: 'worker', namespace: 'jobs' });
      expect(findingsOf(app, 'irsa-annotation')).toEqual([]);
    });
  });

  describe('logical-id-change', () => {
    function previousTemplate(logicalId: string): string {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'previous-'));
      fs.writeFileSync(path.join(dir, 'Stack.template.json'), JSON.stringify({
        Resources: { [logicalId]: { Type: 'AWS::EKS::PodIdentityAssociation', Properties: { ClusterName: 'my-cluster', Namespace: 'default', ServiceAccount: 'app', RoleArn: 'x' } } },
      }));
      return dir;
    }

    test('error when the same service account has a new logical ID', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'my-cluster');
      new PodIdentityAgent(stack, 'Agent', { cluster });
      new PodIdentityAssociation(stack, 'Renamed', { cluster, namespace: 'default', serviceAccount: 'app' });

      expect(findingsOf(app, 'logical-id-change', { previousTemplatesDir: previousTemplate('OldName1234') })).toEqual([
        "error /Stack/Renamed: [cdk-eks-pod-identity:logical-id-change] The association of 'default/app' was 'OldName1234' in the last deployed template and is 'Renamed9CF9602B' now. CloudFormation would create the new one before deleting the old one, and EKS allows one association per service account, so the deploy would fail. Keep the old logical ID (association.node.defaultChild.overrideLogicalId('OldName1234')), or deploy the removal first",
      ]);
    });

    test('no finding when the logical ID is kept', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'my-cluster');
      new PodIdentityAssociation(stack, 'Renamed', { cluster, namespace: 'default', serviceAccount: 'app' });
      expect(findingsOf(app, 'logical-id-change', { previousTemplatesDir: previousTemplate('Renamed9CF9602B') })).toEqual([]);
    });

    test('namespaces that are intrinsic objects are compared as the templates carry them', () => {
      // GIVEN a last deployment with two associations whose namespaces are intrinsics
      const namespace = (team: string) => ({ 'Fn::Sub': `\${AWS::StackName}-${team}` });
      const association = (ns: object) => ({ Type: 'AWS::EKS::PodIdentityAssociation', Properties: { ClusterName: 'my-cluster', Namespace: ns, ServiceAccount: 'app', RoleArn: 'x' } });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'previous-'));
      fs.writeFileSync(path.join(dir, 'Stack.template.json'), JSON.stringify({ Resources: { A: association(namespace('a')), B: association(namespace('b')) } }));
      // WHEN the app keeps A and renames B to C
      const app = givenApp();
      const stack = stackIn(app);
      for (const [id, team] of [['A', 'a'], ['C', 'b']]) {
        new CfnResource(stack, id, { type: 'AWS::EKS::PodIdentityAssociation', properties: association(namespace(team)).Properties });
      }

      // THEN only C is reported, as B renamed
      const found = findingsOf(app, 'logical-id-change', { previousTemplatesDir: dir });
      expect(found.map(finding => finding.split(':')[0])).toEqual(['error /Stack/C']);
      expect(found[0]).toContain("was 'B' in the last deployed template and is 'C' now");
    });
  });

  describe('acknowledgement and automatic use', () => {
    test('an acknowledged finding is not reported', () => {
      const app = givenApp();
      const stack = stackIn(app);
      const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'my-cluster');
      new PodIdentityAssociation(stack, 'A', { cluster, namespace: 'default', serviceAccount: 'a' });
      PodIdentityChecks.acknowledge(stack, PodIdentityCheck.AGENT_MISSING, 'The agent is installed by the platform team');
      expect(findings(app)).toEqual([]);
    });

    test('the constructs add the checks to the app once', () => {
      const app = new App();
      const stack = stackIn(app);
      const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'my-cluster');
      new PodIdentityAssociation(stack, 'A', { cluster, namespace: 'default', serviceAccount: 'a' });
      new PodIdentityAddon(stack, 'Efs', { cluster, addonName: 'aws-efs-csi-driver' });

      expect(Aspects.of(app).all.filter(a => a instanceof PodIdentityChecks)).toHaveLength(1);
      const messages = app.synth().getStackByName('Stack').messages.map((m: any) => String(m.entry.data));
      expect(messages.filter((m: string) => m.includes('[cdk-eks-pod-identity:agent-missing]'))).toHaveLength(1);
    });

    test('a user-added instance with options takes over from the automatic one', () => {
      const app = new App();
      const stack = stackIn(app);
      const cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'my-cluster');
      new PodIdentityAssociation(stack, 'A', { cluster, namespace: 'default', serviceAccount: 'a' });
      Aspects.of(app).add(new PodIdentityChecks({ previousTemplatesDir: '/nonexistent' }));
      const messages = app.synth().getStackByName('Stack').messages.map((m: any) => String(m.entry.data));
      expect(messages.filter((m: string) => m.includes('[cdk-eks-pod-identity:agent-missing]'))).toHaveLength(1);
    });
  });
});
