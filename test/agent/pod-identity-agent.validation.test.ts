import { App, CfnResource, Fn, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import {
  AgentAddonOptions,
  AgentDeployment,
  AgentHybridNodes,
  AgentTaintEffect,
  AgentTolerationOperator,
  PodIdentityAgent,
  SelfManagedAgentOptions,
} from '../../lib';
import { givenStack } from '../util';

describe('PodIdentityAgent validation', () => {
  let app: App;
  let stack: Stack;
  let cluster: eks.IClusterRef;

  beforeEach(() => {
    ({ app, stack, cluster } = givenStack());
  });

  const managed = (options: AgentAddonOptions) => () =>
    new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.managedAddon(options) });

  describe('regions', () => {
    test.each([
      ['cn-north-1', 'managed', AgentDeployment.managedAddon()],
      ['cn-northwest-1', 'self-managed', AgentDeployment.selfManaged()],
      ['cn-south-9', 'managed (a region the region database does not know)', AgentDeployment.managedAddon()],
    ])('rejects %s (%s), where pod identity is unavailable', (region, _, deployment) => {
      const given = givenStack({ account: '111111111111', region });
      expect(() => new PodIdentityAgent(given.stack, 'Agent', { cluster: given.cluster, deployment })).toThrow(
        `[cdk-eks-pod-identity:pod-identity-unavailable] Stack/Agent: EKS Pod Identity is not available in region '${region}' (it is not offered in the China regions), so there is no agent to install. Use IAM roles for service accounts (IRSA) for clusters in this region`,
      );
    });

    test('rejects an unavailable region given to selfManaged() in an environment-agnostic stack', () => {
      const agnostic = givenStack('agnostic');
      expect(() => new PodIdentityAgent(agnostic.stack, 'Agent', {
        cluster: agnostic.cluster,
        deployment: AgentDeployment.selfManaged({ region: 'cn-north-1' }),
      })).toThrow(/^\[cdk-eks-pod-identity:pod-identity-unavailable\] Stack\/Agent: EKS Pod Identity is not available in region 'cn-north-1'/);
    });

    test.each(['eusc-de-east-1', 'xx-new-1'])('self-managed: rejects region %s, whose image registry is unknown, and says how to fix it', (region) => {
      const given = givenStack({ account: '111111111111', region });
      expect(() => new PodIdentityAgent(given.stack, 'Agent', { cluster: given.cluster, deployment: AgentDeployment.selfManaged() })).toThrow(
        `[cdk-eks-pod-identity:unknown-image-region] Stack/Agent: this library does not know the EKS image registry of region '${region}' (it knows af-south-1, ap-east-1, ap-east-2, ap-northeast-1, ap-northeast-2, ap-northeast-3, ap-south-1, ap-south-2, ap-southeast-1, ap-southeast-2, ap-southeast-3, ap-southeast-4, ap-southeast-5, ap-southeast-6, ap-southeast-7, ca-central-1, ca-west-1, eu-central-1, eu-central-2, eu-north-1, eu-south-1, eu-south-2, eu-west-1, eu-west-2, eu-west-3, il-central-1, me-central-1, me-south-1, mx-central-1, sa-east-1, us-east-1, us-east-2, us-gov-east-1, us-gov-west-1, us-west-1, us-west-2). Pass \`image\` to AgentDeployment.selfManaged() with the agent image for that region or a private mirror, e.g. '<account>.dkr.ecr.<region>.amazonaws.com/eks/eks-pod-identity-agent:v0.1.37' (see "Amazon container image registries" in the EKS User Guide), or use AgentDeployment.managedAddon()`,
      );
    });

    test('self-managed: an unknown region works with an image override; the managed add-on needs none', () => {
      const given = givenStack({ account: '111111111111', region: 'xx-new-1' });
      const agent = new PodIdentityAgent(given.stack, 'Agent', {
        cluster: given.cluster,
        deployment: AgentDeployment.selfManaged({ image: 'registry.example.com/eks-pod-identity-agent:v0.1.37' }),
      });
      expect(agent.image).toBe('registry.example.com/eks-pod-identity-agent:v0.1.37');

      const other = givenStack({ account: '111111111111', region: 'xx-new-1' });
      expect(() => new PodIdentityAgent(other.stack, 'Agent', { cluster: other.cluster })).not.toThrow();
    });

    test('self-managed: an environment-agnostic stack needs the region', () => {
      const agnostic = givenStack('agnostic');
      expect(() => new PodIdentityAgent(agnostic.stack, 'Agent', { cluster: agnostic.cluster, deployment: AgentDeployment.selfManaged() })).toThrow(
        "[cdk-eks-pod-identity:unresolved-region] Stack/Agent: the cluster's region is only known at deploy time (an environment-agnostic stack), but the self-managed agent's manifest is a file written at synth time: it needs the region for the image registry and AWS_REGION. Give the stack an explicit env ({ region: 'eu-west-1' }), or pass `region` to AgentDeployment.selfManaged()",
      );
    });

    test('self-managed: a region that contradicts the stack\'s', () => {
      expect(() => new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.selfManaged({ region: 'us-east-1' }) })).toThrow(
        "[cdk-eks-pod-identity:region-mismatch] Stack/Agent: region 'us-east-1' differs from the cluster's region 'eu-west-1'. Leave `region` unset; it is only needed when the stack is environment-agnostic",
      );
    });
  });

  describe('cluster names', () => {
    test('rejects a cluster name EKS would not accept', () => {
      const bad = eks.CfnCluster.fromClusterName(stack, 'Bad', 'my cluster');
      expect(() => new PodIdentityAgent(stack, 'Agent', { cluster: bad })).toThrow(/^\[cdk-eks-pod-identity:invalid-cluster-name\] Stack\/Agent: cluster name 'my cluster'/);
    });

    test('self-managed: a cluster name known at deploy time only needs clusterName', () => {
      const deployTime = eks.CfnCluster.fromClusterName(stack, 'DeployTime', Fn.importValue('ClusterName'));
      expect(() => new PodIdentityAgent(stack, 'Agent', { cluster: deployTime, deployment: AgentDeployment.selfManaged() })).toThrow(
        "[cdk-eks-pod-identity:unresolved-cluster-name] Stack/Agent: the cluster's name is only known at deploy time, but the self-managed agent's manifest is a file written at synth time: it needs the name for --cluster-name. Give the cluster a `clusterName`, or pass `clusterName` to AgentDeployment.selfManaged()",
      );
    });

    test('self-managed: a clusterName that contradicts the cluster\'s', () => {
      expect(() => new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.selfManaged({ clusterName: 'other' }) })).toThrow(
        "[cdk-eks-pod-identity:cluster-name-mismatch] Stack/Agent: clusterName 'other' differs from the cluster's name 'my-cluster'. Leave `clusterName` unset; it is only needed when the cluster's name is known at deploy time only",
      );
    });
  });

  describe('versions and images', () => {
    test.each(['1.3.10', 'v1.3', 'latest', 'v1.3.10'])('rejects add-on version %j', (version) => {
      expect(managed({ version })).toThrow(
        `[cdk-eks-pod-identity:invalid-addon-version] Stack/Agent: version '${version}' is not an EKS add-on version (like 'v1.3.10-eksbuild.2'). Pick one from \`aws eks describe-addon-versions --addon-name eks-pod-identity-agent\`, or leave \`version\` unset for the default`,
      );
    });

    test.each(['v0.1 .37', '-v1', 'a'.repeat(129)])('rejects image tag %j', (imageTag) => {
      expect(() => new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.selfManaged({ imageTag }) })).toThrow(
        `[cdk-eks-pod-identity:invalid-image-tag] Stack/Agent: imageTag '${imageTag}' is not an image tag (letters, digits, '_', '.' and '-', at most 128, not starting with '.' or '-'). Use an agent release tag such as 'v0.1.37', or leave \`imageTag\` unset`,
      );
    });

    test('rejects image with imageTag, and a blank image', () => {
      expect(() => new PodIdentityAgent(stack, 'Agent', {
        cluster,
        deployment: AgentDeployment.selfManaged({ image: 'mirror/agent:v1', imageTag: 'v0.1.37' }),
      })).toThrow(
        "[cdk-eks-pod-identity:conflicting-image-options] Stack/Agent: both image 'mirror/agent:v1' and imageTag 'v0.1.37' are set; image already names its tag. Set the tag inside `image`, and remove `imageTag`",
      );
      expect(() => new PodIdentityAgent(stack, 'Blank', { cluster, deployment: AgentDeployment.selfManaged({ image: ' ' }) })).toThrow(
        "[cdk-eks-pod-identity:invalid-image] Stack/Blank: image ' ' is not an image reference. Pass a full image reference, e.g. '111111111111.dkr.ecr.eu-west-1.amazonaws.com/mirror/eks-pod-identity-agent:v0.1.37'",
      );
    });

    test('self-managed: rejects a deploy-time value in the manifest', () => {
      expect(() => new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.selfManaged({ image: Fn.importValue('AgentImage') }) })).toThrow(
        "[cdk-eks-pod-identity:unresolved-manifest-value] Stack/Agent: the manifest value at '/3/spec/template/spec/initContainers/0/image' is only known at deploy time, but the self-managed agent's manifest is a file written at synth time. Pass a literal value (not a reference to another resource) in AgentDeployment.selfManaged()",
      );
    });

    test('self-managed: rejects an invalid namespace', () => {
      expect(() => new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.selfManaged({ namespace: 'Kube_System' }) })).toThrow(
        /^\[cdk-eks-pod-identity:invalid-namespace\] Stack\/Agent: namespace 'Kube_System'/,
      );
    });
  });

  describe('agent arguments', () => {
    const SETTABLE = '-b/--bind-hosts, --endpoint, --max-cache-size, --max-credential-retention-before-renewal, --max-service-qps, --metrics-address, -v/--verbosity';
    // In a stack of its own, so that one test can try both deployments.
    const selfManaged = (options: SelfManagedAgentOptions) => () => {
      const other = givenStack();
      return new PodIdentityAgent(other.stack, 'Agent', { cluster: other.cluster, deployment: AgentDeployment.selfManaged(options) });
    };

    test.each([
      ['additionalArgs', '-b', { ipv6: false, additionalArgs: { '-b': '169.254.170.23' } }],
      ['additionalArgs', '--bind-hosts', { ipv6: false, additionalArgs: { '--bind-hosts': '[fd00:ec2::23]' } }],
      ['configurationValues.agent.additionalArgs', '-b', { ipv6: false, configurationValues: { agent: { additionalArgs: { '-b': '127.0.0.1' } } } }],
      ['configurationValues.agent.additionalArgs', '--bind-hosts', { ipv6: false, configurationValues: { agent: { additionalArgs: { '--bind-hosts': '127.0.0.1' } } } }],
    ])('ipv6: false conflicts with a raw bind flag in %s: %s', (where, flag, options) => {
      expect(managed(options)).toThrow(
        `[cdk-eks-pod-identity:conflicting-bind-address] Stack/Agent: ipv6 is false, which binds the agent to 169.254.170.23 with '-b', and ${where} also sets '${flag}'. Keep one of them: remove '${flag}' from ${where}, or drop \`ipv6: false\``,
      );
    });

    test.each(['-b', '--bind-hosts'])('self-managed: ipv6: false conflicts with %s', (flag) => {
      expect(selfManaged({ ipv6: false, additionalArgs: { [flag]: '169.254.170.23' } })).toThrow(
        `[cdk-eks-pod-identity:conflicting-bind-address] Stack/Agent: ipv6 is false, which binds the agent to 169.254.170.23 with '-b', and additionalArgs also sets '${flag}'. Keep one of them: remove '${flag}' from additionalArgs, or drop \`ipv6: false\``,
      );
    });

    test.each([
      ['--port', '-p/--port'],
      ['-p', '-p/--port'],
      ['--cluster-name', '-c/--cluster-name'],
      ['-c', '-c/--cluster-name'],
      ['--probe-port', '--probe-port'],
      ['--metrics-port', '--metrics-port'],
    ])('rejects the reserved flag %s, long or short, in both deployments', (flag, both) => {
      const message = `[cdk-eks-pod-identity:reserved-agent-arg] Stack/Agent: additionalArgs sets '${flag}' (${both}), which the agent's command line already sets. Remove it; -c/--cluster-name, -p/--port, --probe-port, --metrics-port are managed for you (the cluster name comes from the cluster)`;
      expect(managed({ additionalArgs: { [flag]: 'other' } })).toThrow(message);
      expect(selfManaged({ additionalArgs: { [flag]: 'other' } })).toThrow(message);
    });

    test('rejects --rotate-credentials, which only the hybrid DaemonSets set', () => {
      expect(managed({ additionalArgs: { '--rotate-credentials': 'true' } })).toThrow(
        "[cdk-eks-pod-identity:reserved-agent-arg] Stack/Agent: additionalArgs sets '--rotate-credentials', which only the DaemonSets for hybrid nodes use: elsewhere the agent would read credentials from a file that is not there. Remove it, and set `hybridNodes` to run the agent on hybrid nodes",
      );
    });

    test.each(['--log-level', '-verbosity', '---verbosity', '--Verbosity', '-x', '--cluster'])('rejects %s, which the agent does not have, listing the flags it has', (flag) => {
      const message = `[cdk-eks-pod-identity:unknown-agent-arg] Stack/Agent: additionalArgs flag '${flag}' is not a flag of the agent's server command, which exits on an unknown flag (its DaemonSet would crash-loop). Use one of ${SETTABLE}`;
      expect(managed({ additionalArgs: { [flag]: 'debug' } })).toThrow(message);
      expect(selfManaged({ additionalArgs: { [flag]: 'debug' } })).toThrow(message);
    });

    test.each(['--verbosity=trace', '-v=trace'])('rejects %s, a flag with its value in the key', (flag) => {
      expect(managed({ additionalArgs: { [flag]: '' } })).toThrow(
        `[cdk-eks-pod-identity:invalid-agent-arg] Stack/Agent: additionalArgs flag '${flag}' holds its value; the agent gets each flag and its value as two arguments. Give the value separately, e.g. { '--verbosity': 'trace' }`,
      );
    });

    test('rejects a flag given in both its forms', () => {
      expect(managed({ additionalArgs: { '-v': 'info', '--verbosity': 'trace' } })).toThrow(
        "[cdk-eks-pod-identity:duplicate-agent-arg] Stack/Agent: additionalArgs sets '-v' and '--verbosity', which are the same flag. Keep one of them",
      );
    });

    test.each([
      ['-v', 'verbose', 'a log level (panic, fatal, error, warn, warning, info, debug, trace)', "Use one of them, e.g. { '-v': 'trace' }"],
      ['--verbosity', '', 'a log level (panic, fatal, error, warn, warning, info, debug, trace)', "Use one of them, e.g. { '--verbosity': 'trace' }"],
      ['--max-credential-retention-before-renewal', '3 hours', 'a duration', "Use a Go duration such as '3h', '90m' or '1h30m' ('0' turns the credential cache off)"],
      ['--max-credential-retention-before-renewal', '10', 'a duration', "Use a Go duration such as '3h', '90m' or '1h30m' ('0' turns the credential cache off)"],
      ['--max-cache-size', 'lots', 'a whole number', "Use a whole number such as '2000'"],
      ['--max-service-qps', '2.5', 'a whole number', "Use a whole number such as '2000'"],
    ])('rejects %s %j, which the agent cannot parse', (flag, value, expected, fix) => {
      expect(managed({ additionalArgs: { [flag]: value } })).toThrow(
        `[cdk-eks-pod-identity:invalid-agent-arg-value] Stack/Agent: additionalArgs value '${value}' of '${flag}' is not ${expected}, and the agent exits on it. ${fix}`,
      );
    });

    test('accepts every settable flag in its long and short forms, with values the agent parses', () => {
      expect(managed({
        additionalArgs: {
          '-b': '169.254.170.23',
          '--endpoint': 'https://eks-auth.eu-west-1.api.aws',
          '--max-cache-size': '500',
          '--max-credential-retention-before-renewal': '1h30m',
          '--max-service-qps': '5',
          '--metrics-address': '127.0.0.1',
          '-v': 'TRACE',
        },
      })).not.toThrow();
      const other = givenStack();
      expect(() => new PodIdentityAgent(other.stack, 'Agent', {
        cluster: other.cluster,
        deployment: AgentDeployment.selfManaged({
          additionalArgs: { '--bind-hosts': '[fd00:ec2::23]', '--verbosity': 'error', '--max-credential-retention-before-renewal': '0' },
        }),
      })).not.toThrow();
    });

    test('does not check flags or values that are tokens, nor the raw configurationValues (an escape hatch)', () => {
      expect(managed({
        additionalArgs: { '--max-cache-size': Fn.importValue('CacheSize') },
        configurationValues: { agent: { additionalArgs: { '--a-newer-flag': 'x' } } },
      })).not.toThrow();
    });

    test('rejects a flag without dashes, and a token flag', () => {
      expect(managed({ additionalArgs: { verbosity: 'trace' } })).toThrow(
        "[cdk-eks-pod-identity:invalid-agent-arg] Stack/Agent: additionalArgs flag 'verbosity' does not start with '-'. Give each flag with its dashes, e.g. { '--verbosity': 'trace' }",
      );
      expect(() => new PodIdentityAgent(stack, 'Token', {
        cluster: eks.CfnCluster.fromClusterName(stack, 'Other', 'other'),
        deployment: AgentDeployment.managedAddon({ additionalArgs: { [Fn.importValue('Flag')]: 'x' } }),
      })).toThrow(
        "[cdk-eks-pod-identity:invalid-agent-arg] Stack/Token: an additionalArgs flag is a token; flags must be known at synth time. Write the flag literally, e.g. { '--verbosity': 'trace' }",
      );
    });
  });

  describe('hybrid nodes', () => {
    test.each([
      [AgentHybridNodes.NODEADM, 'v1.3.2-eksbuild.1', 'hybrid', 'v1.3.3-eksbuild.1'],
      [AgentHybridNodes.ALL, 'v1.2.0-eksbuild.1', 'hybrid', 'v1.3.3-eksbuild.1'],
      [AgentHybridNodes.BOTTLEROCKET, 'v1.3.8-eksbuild.2', 'hybrid-bottlerocket', 'v1.3.9-eksbuild.1'],
      [AgentHybridNodes.BOTTLEROCKET, 'v1.3.7-eksbuild.2', 'hybrid-bottlerocket', 'v1.3.9-eksbuild.1'],
      [AgentHybridNodes.ALL, 'v1.3.5-eksbuild.1', 'hybrid-bottlerocket', 'v1.3.9-eksbuild.1'],
    ])('hybridNodes %s rejects add-on version %s, which has no %s DaemonSet', (hybridNodes, version, key, minimum) => {
      expect(managed({ hybridNodes, version })).toThrow(
        `[cdk-eks-pod-identity:addon-version-without-hybrid] Stack/Agent: version '${version}' of the eks-pod-identity-agent add-on has no '${key}' DaemonSet, which hybridNodes '${hybridNodes}' needs (from ${minimum}). Pin ${minimum} or later, or leave \`version\` unset`,
      );
    });

    test.each([
      [AgentHybridNodes.NODEADM, 'v1.3.3-eksbuild.1'],
      [AgentHybridNodes.NODEADM, 'v1.4.0-eksbuild.10'],
      [AgentHybridNodes.BOTTLEROCKET, 'v1.3.9-eksbuild.1'],
      [AgentHybridNodes.ALL, 'v1.3.10-eksbuild.2'],
      [AgentHybridNodes.NONE, 'v1.0.0-eksbuild.1'],
      [AgentHybridNodes.ALL, Fn.importValue('AddonVersion')],
    ])('hybridNodes %s accepts add-on version %s', (hybridNodes, version) => {
      expect(managed({ hybridNodes, version })).not.toThrow();
    });
  });

  describe('scheduling', () => {
    test('rejects tolerations Kubernetes would reject', () => {
      expect(managed({ tolerations: [{ operator: AgentTolerationOperator.EXISTS, value: 'x' }] })).toThrow(
        "[cdk-eks-pod-identity:invalid-toleration] Stack/Agent: toleration 0 has operator Exists and value 'x'; Exists matches every value. Remove `value`, or use AgentTolerationOperator.EQUAL",
      );
      expect(() => new PodIdentityAgent(stack, 'NoKey', {
        cluster: eks.CfnCluster.fromClusterName(stack, 'C2', 'c2'),
        deployment: AgentDeployment.managedAddon({ tolerations: [{ operator: AgentTolerationOperator.EXISTS }, { value: 'x' }] }),
      })).toThrow(
        '[cdk-eks-pod-identity:invalid-toleration] Stack/NoKey: toleration 1 has no key, which Kubernetes only accepts with operator Exists. Set `key`, or use AgentTolerationOperator.EXISTS to tolerate every taint',
      );
      expect(() => new PodIdentityAgent(stack, 'Seconds', {
        cluster: eks.CfnCluster.fromClusterName(stack, 'C3', 'c3'),
        deployment: AgentDeployment.selfManaged({ tolerations: [{ key: 'a', effect: AgentTaintEffect.NO_SCHEDULE, tolerationSeconds: 5 }] }),
      })).toThrow(
        '[cdk-eks-pod-identity:invalid-toleration] Stack/Seconds: toleration 0 sets tolerationSeconds, which only applies to NoExecute taints. Set `effect: AgentTaintEffect.NO_EXECUTE`, or remove `tolerationSeconds`',
      );
    });

    test('rejects an Equal toleration\'s value that is not a label value, as Kubernetes does', () => {
      expect(managed({ tolerations: [{ key: 'dedicated', value: 'a\x85b' }] })).toThrow(
        '[cdk-eks-pod-identity:invalid-toleration] Stack/Agent: toleration 0 has the value "a\\u0085b", which is not a valid Kubernetes label value (at most 63 letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit), as Kubernetes requires with operator Equal. Use the taint\'s value exactly as `kubectl describe node` shows it',
      );
      expect(() => new PodIdentityAgent(stack, 'Fine', {
        cluster: eks.CfnCluster.fromClusterName(stack, 'C4', 'c4'),
        deployment: AgentDeployment.managedAddon({ tolerations: [{ key: 'dedicated', value: 'gpu-1.a_b' }, { key: 'x', value: '' }] }),
      })).not.toThrow();
    });

    // Found by cfn-lint on a sample of fuzzed templates (test/langs/fuzz-cfn-lint.langs.ts): the agent add-on's
    // configurationValues went to the template unchecked.
    test.each([
      [{ 'x\x86': 1 }, '`configurationValues` has the text "x\\u0086", which holds the control character U+0086, which readers of the template as YAML (cfn-lint among them) refuse. Give the configuration as plain text'],
      [{ agent: { note: '\ud800' } }, '`configurationValues` holds half of a UTF-16 surrogate pair, which UTF-8 cannot encode, so the template could not be read. Give the configuration as plain text'],
    ])('rejects configurationValues %j the template could not carry', (configurationValues, message) => {
      expect(managed({ configurationValues })).toThrow(`[cdk-eks-pod-identity:invalid-addon-property] Stack/Agent: ${message}`);
    });

    test('takes a token object in configurationValues', () => {
      const bucket = new CfnResource(stack, 'Bucket', { type: 'AWS::S3::Bucket' });
      expect(managed({ configurationValues: { note: bucket.getAtt('Arn') } })).not.toThrow();
    });

    test.each([['cpuRequest', '100 m'], ['memoryLimit', '1GB'], ['cpuLimit', 'lots']])('rejects resources.%s %j', (name, value) => {
      expect(managed({ resources: { [name]: value } })).toThrow(
        `[cdk-eks-pod-identity:invalid-resource-quantity] Stack/Agent: resources.${name} '${value}' is not a Kubernetes quantity. Use a quantity such as '100m' or '0.5' for CPU, '128Mi' or '1Gi' for memory`,
      );
    });

    test.each(['100m', '0.5', '2', '128Mi', '1Gi', '1e3', '500M'])('accepts the quantity %j', (quantity) => {
      expect(managed({ resources: { cpuRequest: quantity } })).not.toThrow();
    });

    test('rejects node selector labels and toleration keys Kubernetes would reject', () => {
      expect(managed({ nodeSelector: { 'bad key': 'x' } })).toThrow(
        "[cdk-eks-pod-identity:invalid-label-key] Stack/Agent: nodeSelector label 'bad key' is not a valid Kubernetes label key (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit). Use the key exactly as Kubernetes shows it, e.g. 'node.kubernetes.io/instance-type'",
      );
      expect(() => new PodIdentityAgent(stack, 'Prefix', {
        cluster: eks.CfnCluster.fromClusterName(stack, 'C2', 'c2'),
        deployment: AgentDeployment.selfManaged({ tolerations: [{ key: 'Example.COM/x' }] }),
      })).toThrow(/^\[cdk-eks-pod-identity:invalid-label-key\] Stack\/Prefix: toleration key 'Example.COM\/x'/);
      expect(() => new PodIdentityAgent(stack, 'Value', {
        cluster: eks.CfnCluster.fromClusterName(stack, 'C3', 'c3'),
        deployment: AgentDeployment.selfManaged({ nodeSelector: { team: 'a b' } }),
      })).toThrow(
        "[cdk-eks-pod-identity:invalid-node-selector] Stack/Value: nodeSelector value 'a b' of label 'team' is not a valid Kubernetes label value (at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit). Use the label value exactly as `kubectl get nodes --show-labels` shows it",
      );
    });

    test('accepts an empty label value and token values', () => {
      expect(managed({ nodeSelector: { 'example.com/pool': '', 'team': Fn.importValue('Team') } })).not.toThrow();
    });
  });

  describe('pod identity associations on the agent add-on', () => {
    const message = "[cdk-eks-pod-identity:agent-addon-associations] Stack/Agent: the eks-pod-identity-agent add-on has pod identity associations, which EKS does not allow on the agent's own add-on (the agent needs no AWS role). Remove them; associate roles with your workloads with PodIdentityAssociation, or with the add-ons that need AWS permissions";

    test('are refused when passed in the options by an untyped caller', () => {
      const options = { podIdentityAssociations: [{ roleArn: 'arn', serviceAccount: 'sa' }] } as AgentAddonOptions;
      expect(managed(options)).toThrow(message);
    });

    test('fail synthesis when added to the add-on through the escape hatch', () => {
      const agent = new PodIdentityAgent(stack, 'Agent', { cluster });
      agent.addon!.podIdentityAssociations = [{ roleArn: 'arn:aws:iam::111111111111:role/x', serviceAccount: 'sa' }];

      expect(() => app.synth()).toThrow(message);
    });
  });

  test('self-managed: a hand-written agent add-on for the same cluster fails synthesis', () => {
    new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.selfManaged() });
    new eks.CfnAddon(stack, 'HandMade', { addonName: 'eks-pod-identity-agent', clusterName: 'my-cluster' });
    new eks.CfnAddon(stack, 'OtherCluster', { addonName: 'eks-pod-identity-agent', clusterName: 'other-cluster' });
    new eks.CfnAddon(stack, 'OtherAddon', { addonName: 'vpc-cni', clusterName: 'my-cluster' });

    expect(() => app.synth()).toThrow(
      /\[cdk-eks-pod-identity:self-managed-with-addon\] Stack\/Agent: the agent is self-managed, but the app also synthesizes the eks-pod-identity-agent add-on for this cluster at 'Stack\/HandMade';/,
    );
  });

  test('an agent add-on for a same-named cluster in another region does not count', () => {
    new PodIdentityAgent(stack, 'Agent', { cluster, deployment: AgentDeployment.selfManaged() });
    const elsewhere = new Stack(app, 'Elsewhere', { env: { account: '111111111111', region: 'us-east-1' } });
    new eks.CfnAddon(elsewhere, 'Addon', { addonName: 'eks-pod-identity-agent', clusterName: 'my-cluster' });

    expect(() => app.synth()).not.toThrow();
  });
  // Found by fuzzing (test/fuzz/constructs.fuzz.latest-cdk.test.ts): a key longer than the 127 characters of
  // the CloudFormation schema of AWS::EKS::Addon reached the template, and failed only at deploy.
  test('rejects add-on tags CloudFormation refuses', () => {
    expect(managed({ tags: { ['k'.repeat(128)]: 'v' } })).toThrow(
      `[cdk-eks-pod-identity:invalid-tags] Stack/Agent: \`tags\` has the key '${'k'.repeat(60)}... (128 characters)', which AWS::EKS::Addon does not take (a key has 1 to 127 characters). Give at most 50 tags, each key of 1 to 127 characters not starting with 'aws:', each value of 1 to 255`,
    );
  });
});
