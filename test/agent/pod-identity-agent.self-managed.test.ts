import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as eksv1 from 'aws-cdk-lib/aws-eks';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { parseAllDocuments } from 'yaml';
import { kubernetesSchemaErrors } from './k8s-schema';
import { AgentDeployment, AgentHybridNodes, AgentTaintEffect, AgentTolerationOperator, PodIdentityAgent, SelfManagedAgentOptions } from '../../lib';
import { ENV, givenStack } from '../util';

describe('PodIdentityAgent (self-managed DaemonSet)', () => {
  let app: App;
  let stack: Stack;
  let cluster: eksv1.IClusterRef;

  beforeEach(() => {
    ({ app, stack, cluster } = givenStack());
  });

  function daemonSetOf(agent: PodIdentityAgent): any {
    return agent.manifest!.find(object => object.kind === 'DaemonSet');
  }

  describe('the rendered manifest', () => {
    let agent: PodIdentityAgent;
    let podSpec: any;
    let container: any;

    beforeEach(() => {
      agent = new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.selfManaged() });
      podSpec = daemonSetOf(agent).spec.template.spec;
      container = podSpec.containers[0];
    });

    test('is a ServiceAccount and the DaemonSet of the default agent v0.1.37, in kube-system, without API access', () => {
      expect(agent.manifest!.map(object => `${object.apiVersion} ${object.kind} ${object.metadata.namespace ?? '-'}/${object.metadata.name}`)).toEqual([
        'v1 ServiceAccount kube-system/eks-pod-identity-agent',
        'apps/v1 DaemonSet kube-system/eks-pod-identity-agent',
      ]);
      expect(agent.manifest![0].automountServiceAccountToken).toBe(false);
      expect(podSpec.automountServiceAccountToken).toBe(false);
      expect(podSpec.serviceAccountName).toBe('eks-pod-identity-agent');
      expect(podSpec.volumes).toBeUndefined();
    });

    test('with imageTag v0.2.1 (opt-in): a ClusterRole and ClusterRoleBinding that let it read pods, an API token, its node name and a key cache', () => {
      const given = givenStack();
      const v021 = new PodIdentityAgent(given.stack, 'Agent', { cluster: given.cluster, deployment: AgentDeployment.selfManaged({ imageTag: 'v0.2.1' }) });
      const spec = daemonSetOf(v021).spec.template.spec;
      expect(v021.manifest!.map(object => `${object.apiVersion} ${object.kind} ${object.metadata.namespace ?? '-'}/${object.metadata.name}`)).toEqual([
        'v1 ServiceAccount kube-system/eks-pod-identity-agent',
        'rbac.authorization.k8s.io/v1 ClusterRole -/eks-pod-identity-agent-pod-reader',
        'rbac.authorization.k8s.io/v1 ClusterRoleBinding -/eks-pod-identity-agent-pod-reader',
        'apps/v1 DaemonSet kube-system/eks-pod-identity-agent',
      ]);
      expect(v021.manifest![0].automountServiceAccountToken).toBeUndefined();
      expect(v021.manifest![1].rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch'] }]);
      expect(v021.manifest![2].roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'eks-pod-identity-agent-pod-reader' });
      expect(v021.manifest![2].subjects).toEqual([{ kind: 'ServiceAccount', name: 'eks-pod-identity-agent', namespace: 'kube-system' }]);
      expect(spec.automountServiceAccountToken).toBe(true);
      expect(spec.containers[0].env).toContainEqual({ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } });
      expect(spec.volumes).toEqual([{ name: 'jwk-cache', emptyDir: {} }]);
      expect(spec.containers[0].volumeMounts).toEqual([{ name: 'jwk-cache', mountPath: '/var/lib/eks-pod-identity-agent' }]);
      expect(kubernetesSchemaErrors(v021.manifest!)).toEqual([]);
    });

    test('runs on the host network as a node-critical pod that tolerates every taint, rolling 10% at a time', () => {
      expect(podSpec).toMatchObject({
        hostNetwork: true,
        priorityClassName: 'system-node-critical',
        terminationGracePeriodSeconds: 30,
        tolerations: [{ operator: 'Exists' }],
      });
      expect(daemonSetOf(agent).spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } });
      expect(daemonSetOf(agent).spec.selector.matchLabels).toEqual(daemonSetOf(agent).spec.template.metadata.labels);
    });

    test('only schedules on Linux amd64/arm64 nodes that are not Fargate, hybrid or Auto Mode', () => {
      expect(podSpec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([{
        matchExpressions: [
          { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
          { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] },
          { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate', 'hybrid', 'auto'] },
        ],
      }]);
      expect(podSpec.nodeSelector).toBeUndefined();
    });

    test('sets up the link-local addresses in a privileged init container', () => {
      expect(podSpec.initContainers).toEqual([{
        name: 'eks-pod-identity-agent-init',
        image: '602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/eks-pod-identity-agent:v0.1.37',
        imagePullPolicy: 'IfNotPresent',
        command: ['/go-runner', '/eks-pod-identity-agent', 'initialize'],
        securityContext: { privileged: true },
      }]);
    });

    test('serves with the cluster name and region on port 80, probes on 2703 and NET_BIND_SERVICE only', () => {
      expect(container).toMatchObject({
        name: 'eks-pod-identity-agent',
        image: '602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/eks-pod-identity-agent:v0.1.37',
        command: ['/go-runner', '/eks-pod-identity-agent', 'server'],
        args: ['--port', '80', '--cluster-name', 'my-cluster', '--probe-port', '2703', '--metrics-port', '2705'],
        env: [{ name: 'AWS_REGION', value: 'eu-west-1' }],
        securityContext: { capabilities: { add: ['NET_BIND_SERVICE'] } },
        livenessProbe: {
          httpGet: { host: 'localhost', path: '/healthz', port: 'probes-port', scheme: 'HTTP' },
          initialDelaySeconds: 30, timeoutSeconds: 10, failureThreshold: 3,
        },
        readinessProbe: {
          httpGet: { host: 'localhost', path: '/readyz', port: 'probes-port', scheme: 'HTTP' },
          initialDelaySeconds: 1, timeoutSeconds: 10, failureThreshold: 30,
        },
      });
      expect(container.ports).toEqual([
        { name: 'proxy', containerPort: 80, protocol: 'TCP' },
        { name: 'probes-port', containerPort: 2703, protocol: 'TCP' },
        { name: 'metrics', containerPort: 2705, protocol: 'TCP' },
      ]);
      expect(container.resources).toBeUndefined();
      expect(agent.image).toBe(container.image);
    });

    test('is valid against the Kubernetes OpenAPI schemas', () => {
      expect(kubernetesSchemaErrors(agent.manifest!)).toEqual([]);
    });
  });

  describe('the manifest follows the agent version', () => {
    function shapeOf(agent: PodIdentityAgent): string {
      const podSpec = daemonSetOf(agent).spec.template.spec;
      const localValidation = podSpec.automountServiceAccountToken === true && podSpec.volumes !== undefined
        && agent.manifest!.some(object => object.kind === 'ClusterRole');
      const earlier = podSpec.automountServiceAccountToken === false && podSpec.volumes === undefined
        && agent.manifest!.length === 2 && agent.manifest![0].automountServiceAccountToken === false
        && podSpec.containers[0].env.length === 1 && podSpec.containers[0].ports.length === 3;
      return localValidation ? 'local validation' : earlier ? 'earlier' : 'mixed';
    }
    const withOptions = (options: SelfManagedAgentOptions) => {
      const given = givenStack();
      return new PodIdentityAgent(given.stack, 'Agent', { cluster: given.cluster, deployment: AgentDeployment.selfManaged(options) });
    };

    test.each(['v0.1.37', 'v0.2.0', '0.1.20', 'v0.1.17'])('imageTag %s, before v0.2.1, keeps the earlier manifest without API access', (imageTag) => {
      const agent = withOptions({ imageTag });

      expect(shapeOf(agent)).toBe('earlier');
      expect(kubernetesSchemaErrors(agent.manifest!)).toEqual([]);
    });

    test.each(['v0.2.1', 'v0.2.10', 'v0.10.0', 'v1.0.0', 'v0.2.1-rc.1'])('imageTag %s gets the manifest for local token validation', (imageTag) => {
      expect(shapeOf(withOptions({ imageTag }))).toBe('local validation');
    });

    test.each([
      ['registry.example.com:5000/mirror/eks-pod-identity-agent:v0.1.37', 'earlier'],
      ['mirror/eks-pod-identity-agent:v0.1.37@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'earlier'],
      ['registry.example.com:5000/mirror/eks-pod-identity-agent:v0.2.1', 'local validation'],
      ['registry.example.com:5000/mirror/eks-pod-identity-agent', 'local validation'],
      ['mirror/eks-pod-identity-agent@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'local validation'],
      ['mirror/eks-pod-identity-agent:latest', 'local validation'],
      ['mirror/eks-pod-identity-agent:2026-11-build', 'local validation'],
    ])('image %s: the tag decides, and a tag that is no agent version gets the current manifest', (image, shape) => {
      expect(shapeOf(withOptions({ image }))).toBe(shape);
    });

    test('an earlier agent keeps the manifest this library rendered before', () => {
      expect(withOptions({ imageTag: 'v0.1.37', ipv6: false }).manifestYaml).toMatchSnapshot();
    });
  });

  describe('hybrid nodes', () => {
    const hybridAgent = (options: SelfManagedAgentOptions) =>
      new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.selfManaged(options) });
    const daemonSets = (agent: PodIdentityAgent) => agent.manifest!.filter(object => object.kind === 'DaemonSet');

    test.each([
      [AgentHybridNodes.NONE, ['eks-pod-identity-agent']],
      [AgentHybridNodes.NODEADM, ['eks-pod-identity-agent', 'eks-pod-identity-agent-hybrid']],
      [AgentHybridNodes.BOTTLEROCKET, ['eks-pod-identity-agent', 'eks-pod-identity-agent-hybrid-bottlerocket']],
      [AgentHybridNodes.ALL, ['eks-pod-identity-agent', 'eks-pod-identity-agent-hybrid', 'eks-pod-identity-agent-hybrid-bottlerocket']],
    ])('%s renders these DaemonSets, each selecting only its own pods, valid against the Kubernetes schemas', (hybridNodes, names) => {
      const agent = hybridAgent({ hybridNodes });

      const sets = daemonSets(agent);
      expect(sets.map(set => set.metadata.name)).toEqual(names);
      expect(sets.map(set => set.spec.selector.matchLabels['app.kubernetes.io/name'])).toEqual(names);
      expect(sets.map(set => set.spec.template.metadata.labels)).toEqual(sets.map(set => set.spec.selector.matchLabels));
      expect(kubernetesSchemaErrors(agent.manifest!)).toEqual([]);
    });

    test('the hybrid DaemonSet runs on hybrid nodes that are not Bottlerocket, with the credentials from /eks-hybrid/.aws', () => {
      const [, hybrid] = daemonSets(hybridAgent({ hybridNodes: AgentHybridNodes.NODEADM }));
      const podSpec = hybrid.spec.template.spec;

      expect(podSpec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([{
        matchExpressions: [
          { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
          { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] },
          { key: 'eks.amazonaws.com/compute-type', operator: 'In', values: ['hybrid'] },
          { key: 'os.bottlerocket.aws/variant', operator: 'DoesNotExist' },
          { key: 'os.bottlerocket.aws/version', operator: 'DoesNotExist' },
        ],
      }]);
      expect(podSpec.containers[0].args).toEqual([
        '--port', '80', '--cluster-name', 'my-cluster', '--probe-port', '2703', '--metrics-port', '2705', '--rotate-credentials', 'true',
      ]);
      expect(podSpec.volumes).toEqual([{ name: 'aws-credentials', hostPath: { path: '/eks-hybrid/.aws', type: 'Directory' } }]);
      expect(podSpec.containers[0].volumeMounts).toEqual([{ name: 'aws-credentials', mountPath: '/root/.aws', readOnly: true }]);
      expect(podSpec.containers[0].securityContext).toEqual({ capabilities: { add: ['NET_BIND_SERVICE'] } });
      expect(podSpec.automountServiceAccountToken).toBe(false);
      expect(podSpec.containers[0].env).toEqual([{ name: 'AWS_REGION', value: 'eu-west-1' }]);
    });

    test('the hybrid-bottlerocket DaemonSet runs on Bottlerocket hybrid nodes, as spc_t, with the credentials from /var/eks-hybrid/.aws', () => {
      const [, bottlerocket] = daemonSets(hybridAgent({ hybridNodes: AgentHybridNodes.BOTTLEROCKET }));
      const podSpec = bottlerocket.spec.template.spec;

      expect(podSpec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions.slice(2)).toEqual([
        { key: 'eks.amazonaws.com/compute-type', operator: 'In', values: ['hybrid'] },
        { key: 'os.bottlerocket.aws/variant', operator: 'Exists' },
        { key: 'os.bottlerocket.aws/version', operator: 'Exists' },
      ]);
      expect(podSpec.containers[0].args.slice(-2)).toEqual(['--rotate-credentials', 'true']);
      expect(podSpec.volumes).toEqual([{ name: 'aws-credentials', hostPath: { path: '/var/eks-hybrid/.aws', type: 'Directory' } }]);
      expect(podSpec.containers[0].securityContext).toEqual({ capabilities: { add: ['NET_BIND_SERVICE'] }, seLinuxOptions: { type: 'spc_t' } });
    });

    test('the hybrid DaemonSets share the arguments, tolerations, resources and node selector, as the chart renders them', () => {
      const agent = hybridAgent({
        hybridNodes: AgentHybridNodes.ALL,
        ipv6: false,
        additionalArgs: { '-v': 'trace' },
        tolerations: [{ key: 'dedicated', operator: AgentTolerationOperator.EXISTS }],
        resources: { cpuRequest: '25m' },
        nodeSelector: { 'node.kubernetes.io/lifecycle': 'normal' },
      });

      const [cloud, ...hybrid] = daemonSets(agent).map(set => set.spec.template.spec);
      expect(cloud.nodeSelector).toEqual({ 'node.kubernetes.io/lifecycle': 'normal' });
      for (const podSpec of hybrid) {
        expect(podSpec.containers[0].args.slice(8)).toEqual(['-v', 'trace', '-b', '169.254.170.23', '--rotate-credentials', 'true']);
        expect(podSpec.tolerations).toEqual([{ key: 'dedicated', operator: 'Exists' }]);
        expect(podSpec.containers[0].resources).toEqual({ requests: { cpu: '25m' } });
        // aws/eks-pod-identity-agent charts/.../templates/daemonset.yaml puts the top-level nodeSelector into every DaemonSet.
        expect(podSpec.nodeSelector).toEqual({ 'node.kubernetes.io/lifecycle': 'normal' });
        expect(podSpec.containers[0].ports).toEqual(cloud.containers[0].ports);
      }
    });

    test('with an agent from v0.2.1, the hybrid DaemonSets have API access too', () => {
      const agent = hybridAgent({ hybridNodes: AgentHybridNodes.ALL, imageTag: 'v0.2.1' });

      for (const set of daemonSets(agent)) {
        expect(set.spec.template.spec.automountServiceAccountToken).toBe(true);
        expect(set.spec.template.spec.containers[0].env).toContainEqual({ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } });
      }
      expect(kubernetesSchemaErrors(agent.manifest!)).toEqual([]);
    });

    test('with an agent before v0.2.1, the hybrid DaemonSets have no API access either', () => {
      const agent = hybridAgent({ hybridNodes: AgentHybridNodes.ALL, imageTag: 'v0.1.37' });

      for (const set of daemonSets(agent)) {
        expect(set.spec.template.spec.automountServiceAccountToken).toBe(false);
        expect(set.spec.template.spec.containers[0].env).toEqual([{ name: 'AWS_REGION', value: 'eu-west-1' }]);
      }
      expect(kubernetesSchemaErrors(agent.manifest!)).toEqual([]);
    });
  });

  test('options: IPv4 only, extra args, tolerations, resources, node selector, namespace, image override', () => {
    // WHEN
    const agent = new PodIdentityAgent(stack, 'Agent', {
      cluster,
      deployment: AgentDeployment.selfManaged({
        ipv6: false,
        additionalArgs: { '-v': 'trace' },
        tolerations: [{ key: 'dedicated', operator: AgentTolerationOperator.EQUAL, value: 'gpu', effect: AgentTaintEffect.NO_SCHEDULE }],
        resources: { cpuRequest: '25m', memoryRequest: '64Mi', cpuLimit: '1', memoryLimit: '128Mi' },
        nodeSelector: { 'node.kubernetes.io/lifecycle': 'normal' },
        namespace: 'pod-identity',
        image: '111111111111.dkr.ecr.eu-west-1.amazonaws.com/mirror/eks-pod-identity-agent:v0.2.1',
      }),
    });

    // THEN
    const podSpec = daemonSetOf(agent).spec.template.spec;
    expect(podSpec.containers[0].args).toEqual([
      '--port', '80', '--cluster-name', 'my-cluster', '--probe-port', '2703', '--metrics-port', '2705',
      '-v', 'trace', '-b', '169.254.170.23',
    ]);
    expect(podSpec.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }]);
    expect(podSpec.containers[0].resources).toEqual({ requests: { cpu: '25m', memory: '64Mi' }, limits: { cpu: '1', memory: '128Mi' } });
    expect(podSpec.nodeSelector).toEqual({ 'node.kubernetes.io/lifecycle': 'normal' });
    expect(podSpec.containers[0].image).toBe('111111111111.dkr.ecr.eu-west-1.amazonaws.com/mirror/eks-pod-identity-agent:v0.2.1');
    expect(podSpec.initContainers[0].image).toBe(podSpec.containers[0].image);
    expect(agent.manifest!.map(object => object.metadata.namespace)).toEqual(['pod-identity', undefined, undefined, 'pod-identity']);
    expect(agent.manifest![2].subjects[0].namespace).toBe('pod-identity');
    expect(kubernetesSchemaErrors(agent.manifest!)).toEqual([]);
  });

  test('uses the regional registry account and a pinned tag override', () => {
    const capeTown = givenStack({ account: '111111111111', region: 'af-south-1' });
    const agent = new PodIdentityAgent(capeTown.stack, 'Agent', {
      cluster: capeTown.cluster,
      deployment: AgentDeployment.selfManaged({ imageTag: 'v0.1.36' }),
    });

    expect(agent.image).toBe('877085696533.dkr.ecr.af-south-1.amazonaws.com/eks/eks-pod-identity-agent:v0.1.36');
  });

  test('takes the region and cluster name from the options in an environment-agnostic stack', () => {
    const agnostic = givenStack('agnostic');
    const agent = new PodIdentityAgent(agnostic.stack, 'Agent', {
      cluster: agnostic.cluster,
      deployment: AgentDeployment.selfManaged({ region: 'us-east-2', clusterName: 'my-cluster' }),
    });

    expect(agent.image).toBe('602401143452.dkr.ecr.us-east-2.amazonaws.com/eks/eks-pod-identity-agent:v0.1.37');
    expect(daemonSetOf(agent).spec.template.spec.containers[0].env[0]).toEqual({ name: 'AWS_REGION', value: 'us-east-2' });
  });

  describe('the YAML file asset', () => {
    let agent: PodIdentityAgent;

    beforeEach(() => {
      agent = new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.selfManaged({ ipv6: false }) });
    });

    test('is a multi-document YAML stream of the manifest', () => {
      const documents = parseAllDocuments(agent.manifestYaml!, { version: '1.1' });

      expect(documents.map(document => document.errors)).toEqual(agent.manifest!.map(() => []));
      expect(documents.map(document => document.toJS())).toEqual(agent.manifest);
    });

    test('snapshot', () => {
      expect(agent.manifestYaml).toMatchSnapshot();
    });

    test('is a content-addressed file asset in the cloud assembly, with its S3 URL as a stack output, and no Lambda', () => {
      // WHEN
      const assembly = app.synth();

      // THEN
      const assetManifest = JSON.parse(fs.readFileSync(path.join(assembly.directory, `${stack.artifactId}.assets.json`), 'utf-8'));
      const [[hash, fileAsset]] = Object.entries<any>(assetManifest.files).filter(([, file]) => file.source.path.endsWith('.yaml'));
      expect(fileAsset.source.packaging).toBe('file');
      expect(fs.readFileSync(path.join(assembly.directory, fileAsset.source.path), 'utf-8')).toBe(agent.manifestYaml);
      expect(Object.values<any>(fileAsset.destinations)[0].objectKey).toBe(`${hash}.yaml`);

      const template = Template.fromStack(stack);
      template.hasOutput('*', {
        Description: 'Pod Identity Agent manifest of cluster my-cluster: aws s3 cp <url> - | kubectl apply -f -',
        Value: `s3://cdk-hnb659fds-assets-111111111111-eu-west-1/${hash}.yaml`,
      });
      expect(agent.manifestAssetObjectKey).toBe(`${hash}.yaml`);
      expect(stack.resolve(agent.manifestAssetS3Url)).toEqual(stack.resolve(agent.manifestAsset!.s3ObjectUrl));
      template.resourceCountIs('AWS::Lambda::Function', 0);
      template.resourceCountIs('AWS::EKS::Addon', 0);
    });

    test('changes its object key when the manifest changes, and only then', () => {
      const same = givenStack();
      const other = givenStack();
      const sameAgent = new PodIdentityAgent(same.stack, 'Agent', { cluster: same.cluster, deployment: AgentDeployment.selfManaged({ ipv6: false }) });
      const otherAgent = new PodIdentityAgent(other.stack, 'Agent', { cluster: other.cluster, deployment: AgentDeployment.selfManaged() });

      expect(sameAgent.manifestAssetObjectKey).toBe(agent.manifestAssetObjectKey);
      expect(otherAgent.manifestAssetObjectKey).not.toBe(agent.manifestAssetObjectKey);
    });
  });

  describe('applyWith', () => {
    let layer: lambda.ILayerVersion;
    let l2: eks.Cluster;

    beforeEach(() => {
      app = new App();
      stack = new Stack(app, 'Stack', { env: ENV });
      layer = lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', 'arn:aws:lambda:eu-west-1:111111111111:layer:kubectl:1');
      l2 = new eks.Cluster(stack, 'Cluster', { version: eks.KubernetesVersion.V1_34, kubectlProviderOptions: { kubectlLayer: layer } });
    });

    test('applies the manifest through the cluster\'s kubectl, and dependents wait for it', () => {
      // GIVEN
      const agent = new PodIdentityAgent(stack, 'Agent', { cluster: l2, deployment: AgentDeployment.selfManaged({ clusterName: 'my-cluster' }) });
      const workload = new sqs.Queue(stack, 'Workload');
      agent.addDependent(workload);

      // WHEN
      const applied = agent.applyWith(l2);

      // THEN
      expect(applied.node.path).toBe('Stack/Cluster/manifest-PodIdentityAgentManifest');
      const template = Template.fromStack(stack);
      const manifests = template.findResources('Custom::AWSCDK-EKS-KubernetesResource');
      const [id] = Object.keys(manifests);
      expect(JSON.parse(JSON.stringify(stack.resolve(manifests[id].Properties.Manifest)))).toBeDefined();
      template.hasResource('AWS::SQS::Queue', { DependsOn: Match.arrayWith([id]) });
    });

    test('refuses a second apply, a cluster without kubectl, another cluster, and a managed agent', () => {
      const agent = new PodIdentityAgent(stack, 'Agent', { cluster: l2, deployment: AgentDeployment.selfManaged({ clusterName: 'my-cluster' }) });
      const imported = eksv1.CfnCluster.fromClusterName(stack, 'Imported', 'my-cluster');
      const other = eks.Cluster.fromClusterAttributes(stack, 'Other', { clusterName: 'other' });

      expect(() => agent.applyWith(imported)).toThrow(
        "[cdk-eks-pod-identity:cluster-without-kubectl] Stack/Agent: cluster 'Stack/Imported' cannot apply manifests (it is not an eks.Cluster with kubectl). Pass an eks.Cluster (aws-eks, or aws-eks-v2 with kubectlProviderOptions), or apply manifestYaml with `kubectl apply -f` or GitOps",
      );
      expect(() => agent.applyWith(other)).toThrow(
        "[cdk-eks-pod-identity:apply-to-other-cluster] Stack/Agent: cluster 'other' is not this agent's cluster 'my-cluster'. Pass the agent's own cluster",
      );
      agent.applyWith(l2);
      expect(() => agent.applyWith(l2)).toThrow(
        "[cdk-eks-pod-identity:already-applied] Stack/Agent: the manifest is already applied by 'Stack/Cluster/manifest-PodIdentityAgentManifest'. Call applyWith() once",
      );

      const managed = givenStack();
      const addonAgent = new PodIdentityAgent(managed.stack, 'Agent', { cluster: managed.cluster });
      expect(() => addonAgent.applyWith(managed.cluster)).toThrow(
        "[cdk-eks-pod-identity:apply-without-manifest] Stack/Agent: applyWith() applies a self-managed agent's manifest, but this agent is deployed as 'managed-addon'. Use `deployment: AgentDeployment.selfManaged()`, or do not call applyWith()",
      );
    });
  });
});
