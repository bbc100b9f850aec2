import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AgentDeployment, IrsaMigration, IrsaMigrationStep, PodIdentityAgent } from '../../lib';
import { ENV } from '../util';
import { ISSUER, PROVIDER_ARN, givenCluster, givenIrsaServiceAccount, onlyResource, podIdentityStatement, trustOf } from './fixtures';

describe('IrsaMigration', () => {
  test('step 1 adds the pod identity trust and the association, and keeps IRSA', () => {
    const { stack, cluster, serviceAccount } = givenIrsaServiceAccount();

    const migration = IrsaMigration.fromServiceAccount(stack, 'Migrate', cluster, serviceAccount);

    const statements = trustOf(stack, 'ClusterUploaderRole');
    expect(statements.map(s => s.Action)).toEqual(['sts:AssumeRoleWithWebIdentity', ['sts:AssumeRole', 'sts:TagSession']]);
    expect(statements[1]).toEqual(podIdentityStatement('media', 'uploader'));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      ClusterName: 'my-cluster',
      Namespace: 'media',
      ServiceAccount: 'uploader',
      RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ClusterUploaderRole'), 'Arn'] },
    });
    expect(JSON.stringify(onlyResource(stack, 'Custom::AWSCDK-EKS-KubernetesResource').resource.Properties.Manifest)).toContain('eks.amazonaws.com/role-arn');
    template.resourceCountIs('Custom::AWSCDK-EKS-KubernetesPatch', 0);
    expect(migration.step).toBe(IrsaMigrationStep.ADD_POD_IDENTITY);
    expect(migration.association.role).toBe(serviceAccount.role);
  });

  describe('the agent (as eksctl installs it)', () => {
    test('step 1 installs the managed agent add-on when the app declares none, and the association waits for it', () => {
      const { stack, cluster, serviceAccount } = givenIrsaServiceAccount();

      const migration = IrsaMigration.fromServiceAccount(stack, 'Migrate', cluster, serviceAccount);

      const agent = onlyResource(stack, 'AWS::EKS::Addon');
      expect(agent.resource.Properties).toMatchObject({ AddonName: 'eks-pod-identity-agent', ClusterName: 'my-cluster' });
      expect(onlyResource(stack, 'AWS::EKS::PodIdentityAssociation').resource.DependsOn).toContain(agent.id);
      expect(migration.agent).toBe(PodIdentityAgent.find(stack, cluster));
    });

    test('uses the agent the app declares, e.g. none on EKS Auto Mode', () => {
      const { stack, cluster, serviceAccount } = givenIrsaServiceAccount();
      const agent = new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.none() });

      const migration = IrsaMigration.fromServiceAccount(stack, 'Migrate', cluster, serviceAccount);

      expect(migration.agent).toBe(agent);
      Template.fromStack(stack).resourceCountIs('AWS::EKS::Addon', 0);
    });
  });

  describe('step 2 with fromServiceAccount', () => {
    test('renders the service account manifest without the annotation, after the association', () => {
      const { stack, cluster, serviceAccount } = givenIrsaServiceAccount();

      IrsaMigration.fromServiceAccount(stack, 'Migrate', cluster, serviceAccount, { step: IrsaMigrationStep.REMOVE_IRSA_ANNOTATION });

      const manifest = onlyResource(stack, 'Custom::AWSCDK-EKS-KubernetesResource').resource;
      expect(JSON.parse(manifest.Properties.Manifest)).toEqual([{
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: {
          name: 'uploader',
          namespace: 'media',
          labels: { 'aws.cdk.eks/prune-c8289c721ff696e26741083bcf09cfb7de827f72eb': '', 'app.kubernetes.io/name': 'uploader', 'tier': 'backend' },
          annotations: { 'example.com/team': 'media' },
        },
      }]);
      expect(manifest.DependsOn).toEqual(expect.arrayContaining([onlyResource(stack, 'AWS::EKS::PodIdentityAssociation').id]));
      // No patch: nothing would put the annotation back when it is deleted.
      Template.fromStack(stack).resourceCountIs('Custom::AWSCDK-EKS-KubernetesPatch', 0);
      expect(trustOf(stack, 'ClusterUploaderRole').map(s => s.Action)).toContain('sts:AssumeRoleWithWebIdentity');
    });

    test('leaves other annotations of the manifest as they are, and the manifest without annotations when it had only this one', () => {
      const { stack, cluster } = givenCluster();
      const serviceAccount = cluster.addServiceAccount('Worker', { name: 'worker', namespace: 'jobs' });

      IrsaMigration.fromServiceAccount(stack, 'Migrate', cluster, serviceAccount, { step: IrsaMigrationStep.REMOVE_IRSA_ANNOTATION });

      const manifest = JSON.parse(onlyResource(stack, 'Custom::AWSCDK-EKS-KubernetesResource').resource.Properties.Manifest);
      expect(manifest[0].metadata).not.toHaveProperty('annotations');
    });
  });

  describe('step 2 with a KubernetesPatch', () => {
    function givenLegacyRole() {
      const given = givenCluster();
      const role = new iam.Role(given.stack, 'Legacy', {
        assumedBy: new iam.FederatedPrincipal(PROVIDER_ARN, {
          StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:legacy:worker' },
        }, 'sts:AssumeRoleWithWebIdentity'),
      });
      return { ...given, role };
    }

    test('removes the annotation through kubectl once the association exists, and keeps the OIDC trust', () => {
      const { stack, cluster, role } = givenLegacyRole();

      new IrsaMigration(stack, 'Migrate', { cluster, role, namespace: 'legacy', serviceAccount: 'worker', step: IrsaMigrationStep.REMOVE_IRSA_ANNOTATION, kubectlCluster: cluster });

      const patch = onlyResource(stack, 'Custom::AWSCDK-EKS-KubernetesPatch').resource;
      expect(patch.Properties).toMatchObject({
        ResourceName: 'serviceaccount/worker',
        ResourceNamespace: 'legacy',
        PatchType: 'merge',
        ApplyPatchJson: '{"metadata":{"annotations":{"eks.amazonaws.com/role-arn":null}}}',
      });
      // Going back to step 1 deletes the patch, which puts the annotation back while the OIDC trust is there.
      expect(JSON.stringify(patch.Properties.RestorePatchJson)).toContain('eks.amazonaws.com/role-arn');
      expect(patch.DependsOn).toEqual(expect.arrayContaining([onlyResource(stack, 'AWS::EKS::PodIdentityAssociation').id]));
      expect(trustOf(stack, 'Legacy').map(s => s.Action)).toContain('sts:AssumeRoleWithWebIdentity');
    });

    test('at step 3, deleting the patch no longer restores the annotation', () => {
      const { stack, cluster, role } = givenLegacyRole();

      new IrsaMigration(stack, 'Migrate', { cluster, role, namespace: 'legacy', serviceAccount: 'worker', step: IrsaMigrationStep.REMOVE_IRSA_TRUST, kubectlCluster: cluster });

      expect(onlyResource(stack, 'Custom::AWSCDK-EKS-KubernetesPatch').resource.Properties.RestorePatchJson).toBe('{}');
    });

    test('without kubectl, warns that the annotation must go', () => {
      const { stack, cluster, role } = givenLegacyRole();

      new IrsaMigration(stack, 'Migrate', { cluster, role, namespace: 'legacy', serviceAccount: 'worker', step: IrsaMigrationStep.REMOVE_IRSA_ANNOTATION });

      Annotations.fromStack(stack).hasWarning('/Stack/Migrate', Match.stringLikeRegexp("^Remove the annotation 'eks.amazonaws.com/role-arn' from service account 'legacy/worker'.*\\[ack: cdk-eks-pod-identity:irsa-annotation-left\\]$"));
      Template.fromStack(stack).resourceCountIs('Custom::AWSCDK-EKS-KubernetesPatch', 0);
    });
  });

  test('step 3 removes the OIDC trust of the service account and leaves the pod identity trust and the permissions', () => {
    const { stack, cluster, serviceAccount } = givenIrsaServiceAccount();

    IrsaMigration.fromServiceAccount(stack, 'Migrate', cluster, serviceAccount, { step: IrsaMigrationStep.REMOVE_IRSA_TRUST });

    const statements = trustOf(stack, 'ClusterUploaderRole');
    expect(statements).toEqual([podIdentityStatement('media', 'uploader')]);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^ClusterUploaderRole') }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 's3:PutObject' })]) },
    });
    // Step 3 includes step 2.
    expect(JSON.stringify(onlyResource(stack, 'Custom::AWSCDK-EKS-KubernetesResource').resource.Properties.Manifest)).not.toContain('eks.amazonaws.com/role-arn');
    // The only warning: the agent it declares on an imported cluster.
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map(w => String(w.entry.data));
    expect(warnings).toEqual([expect.stringContaining('[ack: cdk-eks-pod-identity:migration-agent-declared]')]);
  });

  describe('the agent', () => {
    test('on an imported cluster without a declared agent, warns that the add-on it declares may already exist', () => {
      const { stack, cluster, serviceAccount } = givenIrsaServiceAccount();

      IrsaMigration.fromServiceAccount(stack, 'Migrate', cluster, serviceAccount);

      expect(Annotations.fromStack(stack).findWarning('/Stack/Migrate', Match.anyValue()).map(w => w.entry.data)).toEqual([
        'No Pod Identity Agent is declared for cluster \'Stack/Cluster\' in this app, so the migration declares the managed add-on eks-pod-identity-agent (Stack/Cluster/PodIdentityAgent). If the cluster already has the agent (installed with the console, eksctl or another stack), creating the add-on fails at deploy time ("already exists"): then declare it first with new PodIdentityAgent(scope, id, { cluster, deployment: AgentDeployment.none() }) [ack: cdk-eks-pod-identity:migration-agent-declared]',
      ]);
      Template.fromStack(stack).resourceCountIs('AWS::EKS::Addon', 1);
    });

    test('uses the agent the app declares, without a warning and without a second add-on', () => {
      const { stack, cluster, serviceAccount } = givenIrsaServiceAccount();
      const agent = new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.none() });

      const migration = IrsaMigration.fromServiceAccount(stack, 'Migrate', cluster, serviceAccount);

      expect(migration.agent).toBe(agent);
      Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('migration-agent-declared'));
      Template.fromStack(stack).resourceCountIs('AWS::EKS::Addon', 0);
    });
  });

  test('works with any IRSA role defined in the app', () => {
    const { stack, cluster } = givenCluster();
    const role = new iam.Role(stack, 'Legacy', {
      assumedBy: new iam.FederatedPrincipal(PROVIDER_ARN, {
        StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:legacy:worker' },
      }, 'sts:AssumeRoleWithWebIdentity'),
    });

    new IrsaMigration(stack, 'Migrate', { cluster, role, namespace: 'legacy', serviceAccount: 'worker', step: IrsaMigrationStep.REMOVE_IRSA_TRUST });

    expect(trustOf(stack, 'Legacy')).toEqual([podIdentityStatement('legacy', 'worker')]);
  });

  describe('errors', () => {
    test('an imported role', () => {
      const { stack, cluster } = givenCluster();
      const role = iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::111111111111:role/legacy');
      expect(() => new IrsaMigration(stack, 'Migrate', { cluster, role, namespace: 'legacy', serviceAccount: 'worker' })).toThrow(
        "[cdk-eks-pod-identity:migration-role-not-editable] Stack/Migrate: role 'arn:aws:iam::111111111111:role/legacy' is imported, so its trust policy cannot be changed here. Pass the iam.Role construct that defines the IRSA role, or add the pod identity trust to it where it is defined (PodIdentityRole shows the statement) and use a PodIdentityAssociation",
      );
    });

    test('a service account that already uses pod identity', () => {
      const { stack, cluster } = givenCluster();
      const serviceAccount = cluster.addServiceAccount('Uploader', { name: 'uploader', namespace: 'media', identityType: eks.IdentityType.POD_IDENTITY });
      expect(() => IrsaMigration.fromServiceAccount(stack, 'Migrate', cluster, serviceAccount)).toThrow(
        "[cdk-eks-pod-identity:migration-already-pod-identity] Stack/Migrate: service account 'media/uploader' already uses pod identity (IdentityType.POD_IDENTITY), so it has no IRSA to migrate from. Remove this IrsaMigration",
      );
    });

    test('a migration in another stack than the service account', () => {
      const { app, cluster, serviceAccount } = givenIrsaServiceAccount();
      const other = new Stack(app, 'Other', { env: ENV });
      expect(() => IrsaMigration.fromServiceAccount(other, 'Migrate', cluster, serviceAccount)).toThrow(
        "[cdk-eks-pod-identity:migration-other-stack] Other/Migrate: service account 'media/uploader' is defined in stack 'Stack': its manifest waits for the association, and the association uses its role, so the two stacks would depend on each other. Define the migration in stack 'Stack'",
      );
    });

    test('a service account without its manifest', () => {
      const { stack, cluster, serviceAccount } = givenIrsaServiceAccount();
      const bare = { node: new Construct(stack, 'Bare').node, role: serviceAccount.role, serviceAccountName: 'uploader', serviceAccountNamespace: 'media' };
      expect(() => IrsaMigration.fromServiceAccount(stack, 'Migrate', cluster, bare as unknown as eks.ServiceAccount)).toThrow(
        "[cdk-eks-pod-identity:migration-manifest-not-found] Stack/Migrate: service account 'Stack/Bare' has 0 Kubernetes manifests, not the one its annotation is written in. Pass an aws-eks or aws-eks-v2 ServiceAccount, or use `new IrsaMigration(...)` and remove the annotation where the service account is defined",
      );
    });

    test('step 3 on a cluster whose OIDC provider is not known', () => {
      const { stack } = givenCluster();
      const cluster = eks.CfnCluster.fromClusterName(stack, 'ByName', 'other-cluster');
      const role = new iam.Role(stack, 'Legacy', { assumedBy: new iam.FederatedPrincipal(PROVIDER_ARN, {}, 'sts:AssumeRoleWithWebIdentity') });
      expect(() => new IrsaMigration(stack, 'Migrate', { cluster, role, namespace: 'legacy', serviceAccount: 'worker', step: IrsaMigrationStep.REMOVE_IRSA_TRUST })).toThrow(
        "[cdk-eks-pod-identity:migration-oidc-provider-unknown] Stack/Migrate: the IAM OIDC provider of cluster 'Stack/ByName' is not known, so the web-identity trust of service account 'legacy/worker' cannot be told apart from other clusters' trust. Pass `openIdConnectProvider`, e.g. iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(...) with the ARN the role trusts",
      );
    });
  });
});
