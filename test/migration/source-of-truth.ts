import { App, CfnResource, Fn, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import { SynthesisMessage } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { IrsaMigration, IrsaMigrationStep } from '../../lib';
import { givenIrsaServiceAccount, givenV2Cluster, onlyResource, podIdentityStatement, trustOf } from './fixtures';

/** The findings of the `irsa-annotation` check in the synthesized app. */
function irsaAnnotationFindings(app: App): string[] {
  return app.synth().stacks.flatMap(stack => (stack.messages as SynthesisMessage[])
    .map(message => String(message.entry.data))
    .filter(text => text.startsWith('[cdk-eks-pod-identity:irsa-annotation]')));
}

function manifestOf(stack: Stack): any {
  return onlyResource(stack, 'Custom::AWSCDK-EKS-KubernetesResource').resource.Properties.Manifest;
}

/** The tests of item "the annotation leaves the source of truth", run against both aws-cdk-lib versions. */
export function describeSourceOfTruth(): void {
  describe('IrsaMigration.fromServiceAccount: the annotation leaves the source of truth', () => {
    test('the irsa-annotation check reports the service account at step 1', () => {
      const { app, stack, cluster, serviceAccount } = givenIrsaServiceAccount({ checks: true });

      IrsaMigration.fromServiceAccount(stack, 'Migrate', cluster, serviceAccount);

      expect(irsaAnnotationFindings(app)).toEqual([
        expect.stringContaining("Service account 'media/uploader' has a pod identity association (Stack/Migrate/Association) and also the IRSA annotation 'eks.amazonaws.com/role-arn'"),
      ]);
    });

    test.each([IrsaMigrationStep.REMOVE_IRSA_ANNOTATION, IrsaMigrationStep.REMOVE_IRSA_TRUST])('the irsa-annotation check passes from step %s on', (step) => {
      const { app, stack, cluster, serviceAccount } = givenIrsaServiceAccount({ checks: true });

      IrsaMigration.fromServiceAccount(stack, 'Migrate', cluster, serviceAccount, { step });

      expect(irsaAnnotationFindings(app)).toEqual([]);
      expect(JSON.stringify(manifestOf(stack))).not.toContain('eks.amazonaws.com/role-arn');
    });

    test('the manifest no longer refers to the role, so its updates cannot bring the annotation back', () => {
      const { stack, cluster, serviceAccount } = givenIrsaServiceAccount();

      IrsaMigration.fromServiceAccount(stack, 'Migrate', cluster, serviceAccount, { step: IrsaMigrationStep.REMOVE_IRSA_ANNOTATION });

      // A plain string: the role ARN was the only token of the manifest.
      expect(typeof manifestOf(stack)).toBe('string');
    });

    test('other tokens of the manifest stay in place', () => {
      const { stack, cluster } = givenIrsaServiceAccount();
      const serviceAccount = cluster.addServiceAccount('Reporter', {
        name: 'reporter',
        namespace: 'media',
        annotations: { 'example.com/bucket': Fn.importValue('ReportsBucket') },
      });

      IrsaMigration.fromServiceAccount(stack, 'Reporter', cluster, serviceAccount, { step: IrsaMigrationStep.REMOVE_IRSA_ANNOTATION });

      const manifests = Template.fromStack(stack).findResources('Custom::AWSCDK-EKS-KubernetesResource');
      const reporter = Object.entries<any>(manifests).find(([id]) => id.startsWith('ClusterReporter'))![1].Properties.Manifest;
      expect(reporter).toEqual({
        'Fn::Join': ['', [
          expect.stringMatching(/"annotations":\{"example\.com\/bucket":"$/),
          { 'Fn::ImportValue': 'ReportsBucket' },
          '"}}}]',
        ]],
      });
      expect(JSON.stringify(reporter)).not.toContain('role-arn');
    });

    test('works the same for an aws-eks-v2 ServiceAccount', () => {
      const { stack, cluster } = givenV2Cluster();
      const serviceAccount = cluster.addServiceAccount('Uploader', { name: 'uploader', namespace: 'media' });

      IrsaMigration.fromServiceAccountV2(stack, 'Migrate', cluster, serviceAccount, { step: IrsaMigrationStep.REMOVE_IRSA_TRUST });

      const manifest = onlyResource(stack, 'Custom::AWSCDK-EKS-KubernetesResource').resource;
      expect(JSON.parse(manifest.Properties.Manifest)[0].metadata).not.toHaveProperty('annotations');
      expect(manifest.DependsOn).toEqual(expect.arrayContaining([onlyResource(stack, 'AWS::EKS::PodIdentityAssociation').id]));
      expect(trustOf(stack, 'ClusterUploaderRole')).toEqual([podIdentityStatement('media', 'uploader')]);
    });

    test('a manifest that is not JSON text is an error', () => {
      const { stack, cluster, serviceAccount } = givenIrsaServiceAccount();
      const odd = new Construct(stack, 'Odd');
      new CfnResource(odd, 'Manifest', { type: 'Custom::AWSCDK-EKS-KubernetesResource', properties: { Manifest: Fn.importValue('Manifest') } });
      const fake = Object.assign(odd, { role: serviceAccount.role, serviceAccountName: 'uploader', serviceAccountNamespace: 'media' });

      IrsaMigration.fromServiceAccount(stack, 'Migrate', cluster, fake as unknown as eks.ServiceAccount, { step: IrsaMigrationStep.REMOVE_IRSA_ANNOTATION });

      expect(() => Template.fromStack(stack)).toThrow(
        "[cdk-eks-pod-identity:migration-manifest-unreadable] Stack/Migrate: the manifest of 'Stack/Odd/Manifest' is not a JSON list of Kubernetes objects this library can read. Remove the annotation where the service account is defined, and use `new IrsaMigration(...)`",
      );
    });
  });
}
