import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as eksv1 from 'aws-cdk-lib/aws-eks';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { parseAllDocuments } from 'yaml';
import { EksctlConfig, EksctlResources } from '../../lib';
import { kubernetesSchemaErrors } from '../agent/k8s-schema';
import { clusterConfig, errorOf, fixture, givenShop, oneAssociation, SHOP_ENV } from './eksctl-util';

const PREFIX = '[cdk-eks-pod-identity:';
const ROLE = 'arn:aws:iam::111122223333:role/my-app';
const LABELS = { 'app.kubernetes.io/managed-by': 'cdk-eks-pod-identity' };

describe('EksctlConfig: createServiceAccount: true', () => {
  describe('the pod identity associations example (associations.yaml)', () => {
    let stack: Stack;
    let resources: EksctlResources;

    beforeEach(() => {
      const given = givenShop();
      stack = given.stack;
      resources = EksctlConfig.fromFile(fixture('associations.yaml')).apply(stack, 'Eksctl', { cluster: given.cluster });
    });

    test('the manifest has the namespace eksctl would create, then one ServiceAccount per association that asks, labelled, without an IRSA annotation', () => {
      expect(resources.manifest).toEqual([
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'partners' } },
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'reports-reader', namespace: 'default', labels: LABELS } },
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'partner-uploader', namespace: 'partners', labels: LABELS } },
      ]);
      expect(resources.manifestYaml).not.toContain('eks.amazonaws.com/role-arn');
    });

    test('a Namespace has its name only, as eksctl\'s: applied over an existing namespace, it sets no label of ours', () => {
      const namespaces = resources.manifest!.filter(object => object.kind === 'Namespace');
      expect(namespaces.map(object => object.metadata)).toEqual([{ name: 'partners' }]);
      expect(resources.manifestYaml).toContain('kind: Namespace\nmetadata:\n  name: partners\n---');
    });

    test('is valid against the Kubernetes OpenAPI schemas', () => {
      expect(kubernetesSchemaErrors(resources.manifest!)).toEqual([]);
    });

    test('manifestYaml is the manifest as a YAML stream, written as a file asset with a stack output, without a Lambda', () => {
      expect(parseAllDocuments(resources.manifestYaml!).map(document => document.toJS())).toEqual(resources.manifest);
      const template = Template.fromStack(stack);
      const outputs = template.findOutputs('*');
      expect(Object.keys(outputs)).toEqual([expect.stringMatching(/^EksctlServiceAccountManifestS3Url/)]);
      expect(Object.values(outputs)[0].Description).toBe('Service accounts of the eksctl config of cluster shop: aws s3 cp <url> - | kubectl apply -f -');
      expect(JSON.stringify(Object.values(outputs)[0].Value)).toContain(`${resources.manifestAssetObjectKey}`);
      template.resourceCountIs('AWS::Lambda::Function', 0);
      template.resourceCountIs('Custom::AWSCDK-EKS-KubernetesResource', 0);
      expect(resources.manifestAssetObjectKey).toMatch(/^[0-9a-f]{64}\.yaml$/);
      expect(resources.manifestAssetS3Url).toBe(resources.manifestAsset!.s3ObjectUrl);
      const assembly = (stack.node.root as App).synth();
      expect(fs.readFileSync(path.join(assembly.directory, resources.manifestAsset!.assetPath), 'utf-8')).toBe(resources.manifestYaml);
    });
  });

  test('a file without createServiceAccount: true has no manifest and no output', () => {
    const { stack, cluster } = givenShop();
    const resources = EksctlConfig.fromYaml(oneAssociation(`roleARN: ${ROLE}`, 'createServiceAccount: false')).apply(stack, 'Eksctl', { cluster });
    expect([resources.manifest, resources.manifestYaml, resources.manifestAsset, resources.manifestAssetS3Url, resources.manifestAssetObjectKey])
      .toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(Template.fromStack(stack).findOutputs('*')).toEqual({});
  });

  test('the namespaces Kubernetes starts with are never in the manifest; another one is there once', () => {
    const { stack, cluster } = givenShop();
    const text = clusterConfig('iam:', '  podIdentityAssociations:',
      ...['kube-system/a', 'kube-public/b', 'kube-node-lease/c', 'default/d', 'jobs/e', 'jobs/f'].flatMap(name => [
        `    - namespace: ${name.split('/')[0]}`, `      serviceAccountName: ${name.split('/')[1]}`, `      roleARN: ${ROLE}`, '      createServiceAccount: true']));
    const resources = EksctlConfig.fromYaml(text).apply(stack, 'Eksctl', { cluster });
    expect(resources.manifest!.filter(object => object.kind === 'Namespace').map(object => object.metadata.name)).toEqual(['jobs']);
    expect(resources.manifest!.filter(object => object.kind === 'ServiceAccount')).toHaveLength(6);
  });

  test('createNamespaces: false leaves the namespaces out', () => {
    const { stack, cluster } = givenShop();
    const resources = EksctlConfig.fromFile(fixture('associations.yaml')).apply(stack, 'Eksctl', { cluster, createNamespaces: false });
    expect(resources.manifest!.map(object => object.kind)).toEqual(['ServiceAccount', 'ServiceAccount']);
  });

  describe('a stack that holds only the manifest still deploys', () => {
    const text = oneAssociation(`roleARN: ${ROLE}`, 'createServiceAccount: true');

    test('with the association beside it, the stack has a resource and no placeholder', () => {
      const { stack, cluster } = givenShop();
      EksctlConfig.fromYaml(text).apply(stack, 'Eksctl', { cluster });
      Template.fromStack(stack).resourceCountIs('AWS::CloudFormation::WaitConditionHandle', 0);
    });

    test('with nothing else, it gets the placeholder resource beside the output', () => {
      const { stack, cluster } = givenShop();
      const resources = EksctlConfig.fromYaml(text).apply(stack, 'Eksctl', { cluster });
      resources.node.tryRemoveChild('Associations');
      const template = Template.fromStack(stack);
      expect(Object.values(template.toJSON().Resources).map((resource: any) => resource.Type)).toEqual(['AWS::CloudFormation::WaitConditionHandle']);
      expect(Object.keys(template.findOutputs('*'))).toHaveLength(1);
    });
  });

  describe('applyWith', () => {
    let stack: Stack;
    let l2: eks.Cluster;

    beforeEach(() => {
      stack = new Stack(new App(), 'Stack', { env: SHOP_ENV });
      const layer = lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', 'arn:aws:lambda:eu-west-1:111111111111:layer:kubectl:1');
      l2 = new eks.Cluster(stack, 'Cluster', { clusterName: 'shop', version: eks.KubernetesVersion.V1_34, kubectlProviderOptions: { kubectlLayer: layer } });
    });

    test('applies the manifest through the cluster\'s kubectl, and warns that kubectl deletes the namespaces with the stack', () => {
      const resources = EksctlConfig.fromFile(fixture('associations.yaml')).apply(stack, 'Eksctl', { cluster: l2 });
      const applied = resources.applyWith(l2);
      expect(applied.node.path).toBe('Stack/Cluster/manifest-StackEksctl150ACC98ServiceAccounts');
      const manifests = Template.fromStack(stack).findResources('Custom::AWSCDK-EKS-KubernetesResource');
      expect(Object.values(manifests)).toHaveLength(1);
      const raw = Object.values(manifests)[0].Properties.Manifest;
      const manifest: any[] = JSON.parse(typeof raw === 'string' ? raw : raw['Fn::Join'][1].join(''));
      expect(manifest.map(object => `${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name}`)).toEqual([
        'Namespace /partners', 'ServiceAccount default/reports-reader', 'ServiceAccount partners/partner-uploader',
      ]);
      const warnings = stack.node.findAll().flatMap(node => node.node.metadata).filter(entry => entry.type === 'aws:cdk:warning').map(entry => entry.data);
      expect(warnings).toContain('applyWith() applies the namespaces \'partners\' with kubectl, which deletes them, with everything in them, when this stack is deleted; eksctl creates a missing namespace and never deletes it. Pass createNamespaces: false to apply() if the namespaces exist or are managed elsewhere [ack: cdk-eks-pod-identity:eksctl-applied-namespaces]');
    });

    test('without namespaces in the manifest there is no warning', () => {
      const resources = EksctlConfig.fromFile(fixture('associations.yaml')).apply(stack, 'Eksctl', { cluster: l2, createNamespaces: false });
      resources.applyWith(l2);
      const warnings = stack.node.findAll().flatMap(node => node.node.metadata).filter(entry => entry.type === 'aws:cdk:warning').map(entry => String(entry.data));
      expect(warnings.filter(warning => warning.includes('eksctl-applied-namespaces'))).toEqual([]);
    });

    test('refuses a second apply, a cluster without kubectl, another cluster, and a file without service accounts', () => {
      const resources = EksctlConfig.fromFile(fixture('associations.yaml')).apply(stack, 'Eksctl', { cluster: l2 });
      const imported = eksv1.CfnCluster.fromClusterName(stack, 'Imported', 'shop');
      const other = eks.Cluster.fromClusterAttributes(stack, 'Other', { clusterName: 'other' });
      expect(errorOf(() => resources.applyWith(imported))).toBe(
        `${PREFIX}cluster-without-kubectl] Stack/Eksctl: cluster 'Stack/Imported' cannot apply manifests (it is not an eks.Cluster with kubectl). Pass an eks.Cluster (aws-eks, or aws-eks-v2 with kubectlProviderOptions), or apply manifestYaml with \`kubectl apply -f\` or GitOps`,
      );
      expect(errorOf(() => resources.applyWith(other))).toBe(
        `${PREFIX}apply-to-other-cluster] Stack/Eksctl: cluster 'other' is not the eksctl config's cluster 'shop'. Pass the cluster the file describes`,
      );
      resources.applyWith(l2);
      expect(errorOf(() => resources.applyWith(l2))).toBe(
        `${PREFIX}already-applied] Stack/Eksctl: the manifest is already applied by 'Stack/Cluster/manifest-StackEksctl150ACC98ServiceAccounts'. Call applyWith() once`,
      );
      const none = EksctlConfig.fromYaml(oneAssociation(`roleARN: ${ROLE}`)).apply(stack, 'None', { cluster: l2 });
      expect(errorOf(() => none.applyWith(l2))).toBe(
        `${PREFIX}apply-without-manifest] Stack/None: applyWith() applies the service accounts of createServiceAccount: true, but no association of the eksctl config asks for its service account. Set createServiceAccount: true on the associations whose service accounts to create, or do not call applyWith()`,
      );
    });
  });
});
