import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IrsaMigration, IrsaMigrationStep } from '../../lib';
import { ENV } from '../util';

const ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE';

/** An app with an imported aws-eks cluster that has kubectl and OIDC, and an IRSA service account. */
function givenIrsaServiceAccount() {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: ENV });
  const provider = iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, 'Oidc', `arn:aws:iam::111111111111:oidc-provider/${ISSUER}`);
  const cluster = eks.Cluster.fromClusterAttributes(stack, 'Cluster', {
    clusterName: 'my-cluster',
    kubectlRoleArn: 'arn:aws:iam::111111111111:role/kubectl',
    openIdConnectProvider: provider,
    kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', 'arn:aws:lambda:eu-west-1:111111111111:layer:kubectl:1'),
  });
  const serviceAccount = cluster.addServiceAccount('Uploader', { name: 'uploader', namespace: 'media' });
  new s3.Bucket(stack, 'Media').grantWrite(serviceAccount);
  return { app, stack, cluster, serviceAccount };
}

function trustStatements(stack: Stack): any[] {
  const roles = Template.fromStack(stack).findResources('AWS::IAM::Role', {
    Properties: { AssumeRolePolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sts:AssumeRoleWithWebIdentity' })]) } },
  });
  const found = Object.values<any>(roles);
  if (found.length === 0) {
    // After step 3 the web-identity statement is gone; find the role by its pod identity statement.
    const all = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::Role'));
    return all.find(r => JSON.stringify(r).includes('pods.eks.amazonaws.com')).Properties.AssumeRolePolicyDocument.Statement;
  }
  return found[0].Properties.AssumeRolePolicyDocument.Statement;
}

describe('IrsaMigration', () => {
  test('step 1 adds the pod identity trust and the association, and keeps IRSA', () => {
    const { stack, cluster, serviceAccount } = givenIrsaServiceAccount();

    const migration = IrsaMigration.fromServiceAccount(stack, 'Migrate', cluster, serviceAccount);

    const statements = trustStatements(stack);
    expect(statements.map(s => s.Action)).toEqual(['sts:AssumeRoleWithWebIdentity', ['sts:AssumeRole', 'sts:TagSession']]);
    expect(statements[1]).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Condition: {
        StringEquals: {
          'aws:SourceAccount': '111111111111',
          'aws:RequestTag/kubernetes-namespace': ['media'],
          'aws:RequestTag/kubernetes-service-account': ['uploader'],
        },
      },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      ClusterName: 'my-cluster',
      Namespace: 'media',
      ServiceAccount: 'uploader',
      RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ClusterUploaderRole'), 'Arn'] },
    });
    expect(JSON.stringify(template.toJSON())).toContain('eks.amazonaws.com/role-arn');
    template.resourceCountIs('Custom::AWSCDK-EKS-KubernetesPatch', 0);
    expect(migration.step).toBe(IrsaMigrationStep.ADD_POD_IDENTITY);
    expect(migration.association.role).toBe(serviceAccount.role);
  });

  test('step 2 removes the annotation with a merge patch through kubectl, and keeps the OIDC trust', () => {
    const { stack, cluster, serviceAccount } = givenIrsaServiceAccount();

    IrsaMigration.fromServiceAccount(stack, 'Migrate', cluster, serviceAccount, { step: IrsaMigrationStep.REMOVE_IRSA_ANNOTATION, kubectlCluster: cluster });

    Template.fromStack(stack).hasResourceProperties('Custom::AWSCDK-EKS-KubernetesPatch', {
      ResourceName: 'serviceaccount/uploader',
      ResourceNamespace: 'media',
      PatchType: 'merge',
      ApplyPatchJson: '{"metadata":{"annotations":{"eks.amazonaws.com/role-arn":null}}}',
    });
    expect(trustStatements(stack).map(s => s.Action)).toContain('sts:AssumeRoleWithWebIdentity');
  });

  test('step 2 without kubectl warns that the annotation must go', () => {
    const { stack, cluster, serviceAccount } = givenIrsaServiceAccount();

    IrsaMigration.fromServiceAccount(stack, 'Migrate', cluster, serviceAccount, { step: IrsaMigrationStep.REMOVE_IRSA_ANNOTATION });

    Annotations.fromStack(stack).hasWarning('/Stack/Migrate', Match.stringLikeRegexp("Remove the annotation 'eks.amazonaws.com/role-arn' from service account 'media/uploader'"));
    Template.fromStack(stack).resourceCountIs('Custom::AWSCDK-EKS-KubernetesPatch', 0);
  });

  test('step 3 removes the OIDC trust and leaves the pod identity trust and the permissions', () => {
    const { stack, cluster, serviceAccount } = givenIrsaServiceAccount();

    IrsaMigration.fromServiceAccount(stack, 'Migrate', cluster, serviceAccount, { step: IrsaMigrationStep.REMOVE_IRSA_TRUST, kubectlCluster: cluster });

    const statements = trustStatements(stack);
    expect(statements).toHaveLength(1);
    expect(statements[0].Action).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^ClusterUploaderRole') }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['s3:PutObject']) })]) },
    });
  });

  test('works with any IRSA role defined in the app', () => {
    const { stack, cluster } = givenIrsaServiceAccount();
    const role = new iam.Role(stack, 'Legacy', {
      assumedBy: new iam.FederatedPrincipal(`arn:aws:iam::111111111111:oidc-provider/${ISSUER}`, {
        StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:legacy:worker' },
      }, 'sts:AssumeRoleWithWebIdentity'),
    });

    new IrsaMigration(stack, 'Migrate', { cluster, role, namespace: 'legacy', serviceAccount: 'worker', step: IrsaMigrationStep.REMOVE_IRSA_TRUST });

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] })],
      },
    });
  });

  test('an imported role is an error', () => {
    const { stack, cluster } = givenIrsaServiceAccount();
    const role = iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::111111111111:role/legacy');
    expect(() => new IrsaMigration(stack, 'Migrate', { cluster, role, namespace: 'legacy', serviceAccount: 'worker' })).toThrow(
      "[cdk-eks-pod-identity:migration-role-not-editable] Stack/Migrate: role 'arn:aws:iam::111111111111:role/legacy' is imported, so its trust policy cannot be changed here. Pass the iam.Role construct that defines the IRSA role, or add the pod identity trust to it where it is defined (PodIdentityRole shows the statement) and use a PodIdentityAssociation",
    );
  });
});
