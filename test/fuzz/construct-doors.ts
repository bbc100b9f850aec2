/**
 * The construct doors of the fuzz tests: for each construct, an arbitrary of its props (hostile strings,
 * numbers, lists, tokens, missing fields) and a function that builds it in a fresh app. Shared by
 * constructs.fuzz.test.ts (the minimum aws-cdk-lib: synth must succeed) and constructs.fuzz.latest-cdk.test.ts
 * (the newest aws-cdk-lib, whose CloudFormation Validate plugin checks every template).
 */
import { App, Duration, Fn, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import fc from 'fast-check';
import { stringify } from 'yaml';
import {
  AddonConflictResolution, AgentDeployment, AgentHybridNodes, AgentResolveConflicts, AgentTaintEffect, AgentTolerationOperator,
  EksctlConfig, IrsaAddonMigration, IrsaMigration, IrsaMigrationStep, PodIdentityAddon, PodIdentityAgent, PodIdentityAssociation,
  PodIdentityRole, PodIdentityTargetRole,
} from '../../lib';
import { hostileNumber, hostileString } from './fuzz-util';

export const ACCOUNT = '111111111111';
export const OTHER_ACCOUNT = '222222222222';
export const REGION = 'eu-west-1';
const ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE';
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER}`;

/** Deploy-time values, as a user passes them: an import, a lazy value, a reference, a parameter-like token. */
export const TOKENS: fc.Arbitrary<string> = fc.constantFrom(
  Fn.importValue('SharedName'),
  Lazy.string({ produce: () => 'lazy-value' }),
  Token.asString({ Ref: 'AWS::StackName' }),
  Fn.select(0, Fn.split(',', Fn.importValue('List'))),
  `prefix-${Fn.importValue('Middle')}-suffix`,
);

/** A string of any kind, tokens included, weighted towards names that could be valid. */
export function anyString(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof({ weight: 6, arbitrary: hostileString(valid) }, { weight: 1, arbitrary: TOKENS });
}

const kubernetesName = fc.oneof(
  fc.constantFrom('default', 'kube-system', 'my-app', 'a', 'team-a.b'),
  fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/),
);
const namePattern = fc.oneof(kubernetesName, fc.constantFrom('team-*', '*', '?', 'app-?', '*.x', '-*', 'a*-', '*.*'));
const clusterNames = fc.constantFrom('my-cluster', 'prod_1', 'A', 'x'.repeat(100));
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 3 });
const dictionary = (key: fc.Arbitrary<string>, value: fc.Arbitrary<string>) => fc.dictionary(key, value, { maxKeys: 4 });
const tags = optional(fc.oneof(
  dictionary(hostileString(fc.constantFrom('team', 'cost-center', 'aws:foo')), hostileString(fc.constantFrom('blue', ''))),
  fc.integer({ min: 40, max: 60 }).map(count => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, 'v']))),
));
const duration = optional(fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.constantFrom(3600, 43200, 3599, 43201)).map(seconds => Duration.seconds(seconds)));

/** One door: its name, the arbitrary of its input, and how to build it into `stack`. */
export interface ConstructDoor<T> {
  readonly name: string;
  readonly input: fc.Arbitrary<T>;
  readonly build: (stack: Stack, input: T) => void;
  /** Construct paths the test itself creates (the user's side), whose findings are not this library's. */
  readonly fixtures: string[];
}

function door<T>(name: string, input: fc.Arbitrary<T>, build: (stack: Stack, input: T) => void, fixtures: string[] = []): ConstructDoor<any> {
  return { name, input, build, fixtures };
}

function clusterOf(stack: Stack, name: string): eks.ICluster {
  return eks.CfnCluster.fromClusterName(stack, 'Cluster', name) as unknown as eks.ICluster;
}

/** An imported aws-eks cluster with kubectl and an OIDC provider, as the IRSA migrations need. */
function kubectlCluster(stack: Stack, name: string): eks.ICluster {
  return eks.Cluster.fromClusterAttributes(stack, 'Cluster', {
    clusterName: name,
    kubectlRoleArn: `arn:aws:iam::${ACCOUNT}:role/kubectl`,
    openIdConnectProvider: iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, 'Oidc', PROVIDER_ARN),
    kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', `arn:aws:lambda:${REGION}:${ACCOUNT}:layer:kubectl:1`),
  });
}

const roleProps = fc.record({
  namespaces: optional(fc.array(anyString(namePattern), { maxLength: 4 })),
  serviceAccounts: optional(fc.array(anyString(namePattern), { maxLength: 4 })),
  roleName: optional(anyString(fc.constantFrom('my-role', 'r'))),
  path: optional(anyString(fc.constantFrom('/', '/team/'))),
  description: optional(anyString(fc.constantFrom('pods of team a'))),
  maxSessionDuration: duration,
  scopeToCluster: fc.boolean(),
}, { requiredKeys: ['scopeToCluster'] });

const targetRoleProps = fc.record({
  roleName: optional(anyString(fc.constantFrom('target', 't'))),
  externalId: optional(anyString(fc.constantFrom('a-1234567890abcdef0'))),
  trustPolicyQuota: optional(hostileNumber),
  description: optional(anyString(fc.constantFrom('target of team a'))),
  maxSessionDuration: duration,
  otherAccount: fc.boolean(),
}, { requiredKeys: ['otherAccount'] });

const associationProps = fc.record({
  clusterName: anyString(clusterNames),
  namespace: anyString(kubernetesName),
  serviceAccount: anyString(kubernetesName),
  sessionTags: optional(fc.boolean()),
  sessionPolicyResources: optional(fc.array(hostileString(fc.constantFrom('*', 'arn:aws:s3:::bucket/*')), { minLength: 1, maxLength: 40 })),
  tags,
  role: fc.constantFrom('default', 'scoped', 'unscoped', 'imported', 'imported-other-account'),
  roleScope: fc.record({ namespaces: fc.array(anyString(namePattern), { maxLength: 3 }), serviceAccounts: fc.array(anyString(namePattern), { maxLength: 3 }) }),
  targetRole: fc.constantFrom('none', 'same-stack', 'other-account', 'imported'),
  targetRoleExternalId: optional(anyString(fc.constantFrom('a-1234567890abcdef0'))),
  grantAssumeTargetRole: optional(fc.boolean()),
  waitForAgent: optional(fc.boolean()),
});

const toleration = fc.record({
  key: optional(anyString(fc.constantFrom('dedicated', 'node.kubernetes.io/not-ready'))),
  operator: optional(fc.constantFrom(AgentTolerationOperator.EXISTS, AgentTolerationOperator.EQUAL)),
  value: optional(anyString(fc.constantFrom('gpu'))),
  effect: optional(fc.constantFrom(AgentTaintEffect.NO_SCHEDULE, AgentTaintEffect.PREFER_NO_SCHEDULE, AgentTaintEffect.NO_EXECUTE)),
  tolerationSeconds: optional(hostileNumber),
}, { requiredKeys: [] });

const agentOptions = {
  ipv6: optional(fc.boolean()),
  additionalArgs: optional(dictionary(anyString(fc.constantFrom('-b', '--metrics-port', '--port')), anyString(fc.constantFrom('169.254.170.23', '2705')))),
  hybridNodes: optional(fc.constantFrom(AgentHybridNodes.NONE, AgentHybridNodes.NODEADM, AgentHybridNodes.BOTTLEROCKET, AgentHybridNodes.ALL)),
  tolerations: optional(fc.array(toleration, { maxLength: 3 })),
  nodeSelector: optional(dictionary(anyString(fc.constantFrom('kubernetes.io/os', 'team')), anyString(fc.constantFrom('linux', 'a')))),
  resources: optional(fc.record({
    cpuRequest: optional(anyString(fc.constantFrom('100m', '1', '0.5'))),
    memoryRequest: optional(anyString(fc.constantFrom('64Mi', '1Gi'))),
    cpuLimit: optional(anyString(fc.constantFrom('200m'))),
    memoryLimit: optional(anyString(fc.constantFrom('128Mi'))),
  }, { requiredKeys: [] })),
};

const jsonValues = optional(fc.dictionary(hostileString(fc.constantFrom('agent', 'resources')), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 3 }));

const addonProps = fc.record({
  addonName: anyString(fc.constantFrom('vpc-cni', 'aws-ebs-csi-driver', 'aws-efs-csi-driver', 'coredns', 'eks-pod-identity-agent', 'adot', 'amazon-cloudwatch-observability', 'my-addon')),
  addonVersion: optional(anyString(fc.constantFrom('v1.19.0-eksbuild.1', 'v1.26.0-eksbuild.1', 'v1.0.0', 'latest'))),
  configurationValues: jsonValues,
  resolveConflicts: optional(fc.constantFrom(AddonConflictResolution.NONE, AddonConflictResolution.OVERWRITE, AddonConflictResolution.PRESERVE)),
  preserveOnDelete: optional(fc.boolean()),
  namespace: optional(anyString(kubernetesName)),
  tags,
  podIdentityAssociations: optional(fc.array(fc.record({
    serviceAccount: anyString(fc.constantFrom('aws-node', 'ebs-csi-controller-sa', 'my-sa')),
    withRole: fc.boolean(),
    withStatement: fc.boolean(),
  }), { maxLength: 4 })),
  useRecommendedPolicies: optional(fc.boolean()),
  ipFamily: optional(fc.constantFrom(eks.IpFamily.IP_V4, eks.IpFamily.IP_V6)),
  serviceAccountRole: fc.boolean(),
});

const migrationStep = optional(fc.constantFrom(IrsaMigrationStep.ADD_POD_IDENTITY, IrsaMigrationStep.REMOVE_IRSA_ANNOTATION, IrsaMigrationStep.REMOVE_IRSA_TRUST));

/** A role trusted through IRSA by `namespace/serviceAccount` (values as given, even hostile ones). */
function irsaRole(stack: Stack, namespace: string, serviceAccount: string): iam.Role {
  return new iam.Role(stack, 'IrsaRole', {
    assumedBy: new iam.FederatedPrincipal(PROVIDER_ARN, {
      StringEquals: { [`${ISSUER}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`, [`${ISSUER}:aud`]: 'sts.amazonaws.com' },
    }, 'sts:AssumeRoleWithWebIdentity'),
  });
}

/** An eksctl ClusterConfig whose values are arbitrary (the structure is right; the eksctl door mutates structure). */
const eksctlValues = fc.record({
  // Not tokens: text read from a file holds none.
  name: hostileString(clusterNames),
  region: hostileString(fc.constantFrom(REGION, 'us-east-1', 'cn-north-1')),
  tags: optional(dictionary(hostileString(fc.constantFrom('team')), hostileString(fc.constantFrom('a')))),
  associations: fc.array(fc.record({
    namespace: hostileString(kubernetesName),
    serviceAccountName: hostileString(kubernetesName),
    how: fc.constantFrom('roleARN', 'permissionPolicyARNs', 'wellKnownPolicies'),
    roleName: optional(hostileString(fc.constantFrom('my-role'))),
    createServiceAccount: optional(fc.boolean()),
    disableSessionTags: optional(fc.boolean()),
  }), { maxLength: 3 }),
  addons: fc.array(fc.record({
    name: hostileString(fc.constantFrom('vpc-cni', 'aws-ebs-csi-driver', 'coredns', 'eks-pod-identity-agent')),
    version: optional(hostileString(fc.constantFrom('latest', 'v1.26.0-eksbuild.1'))),
    useDefaultPodIdentityAssociations: optional(fc.boolean()),
  }), { maxLength: 3 }),
  autoApply: optional(fc.boolean()),
  migrateIrsa: optional(fc.boolean()),
  createNamespaces: optional(fc.boolean()),
});

export const CONSTRUCT_DOORS: ConstructDoor<any>[] = [
  door('PodIdentityRole', roleProps, (stack, props) => {
    const cluster = clusterOf(stack, 'my-cluster');
    new PodIdentityRole(stack, 'Role', { ...props, clusters: props.scopeToCluster ? [cluster] : undefined });
  }),

  door('PodIdentityTargetRole', fc.tuple(targetRoleProps, anyString(kubernetesName), anyString(kubernetesName), optional(fc.boolean())), (stack, [props, namespace, serviceAccount, sessionTags]) => {
    const app = stack.node.root as App;
    const targetStack = props.otherAccount ? new Stack(app, 'Target', { env: { account: OTHER_ACCOUNT, region: REGION } }) : stack;
    const target = new PodIdentityTargetRole(targetStack, 'TargetRole', props);
    new PodIdentityAssociation(stack, 'Association', {
      cluster: clusterOf(stack, 'my-cluster'), namespace, serviceAccount, targetRole: target, sessionTags,
    });
  }),

  door('PodIdentityAssociation', associationProps, (stack, props) => {
    const app = stack.node.root as App;
    const cluster = clusterOf(stack, props.clusterName);
    const role = props.role === 'default' ? undefined
      : props.role === 'scoped' ? new PodIdentityRole(stack, 'Role', props.roleScope)
        : props.role === 'unscoped' ? new PodIdentityRole(stack, 'Role')
          : iam.Role.fromRoleArn(stack, 'Role', `arn:aws:iam::${props.role === 'imported' ? ACCOUNT : OTHER_ACCOUNT}:role/imported`);
    const targetStack = props.targetRole === 'other-account' ? new Stack(app, 'Target', { env: { account: OTHER_ACCOUNT, region: REGION } }) : stack;
    const targetRole = props.targetRole === 'none' ? undefined
      : props.targetRole === 'imported' ? iam.Role.fromRoleArn(stack, 'Target', `arn:aws:iam::${OTHER_ACCOUNT}:role/target`)
        : new PodIdentityTargetRole(targetStack, 'TargetRole');
    const sessionPolicy = props.sessionPolicyResources && new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: props.sessionPolicyResources })],
    });
    new PodIdentityAssociation(stack, 'Association', {
      cluster, namespace: props.namespace, serviceAccount: props.serviceAccount, role, targetRole, sessionPolicy,
      sessionTags: props.sessionTags, tags: props.tags, targetRoleExternalId: props.targetRoleExternalId,
      grantAssumeTargetRole: props.grantAssumeTargetRole, waitForAgent: props.waitForAgent,
    });
  }),

  door('PodIdentityAgent managedAddon', fc.record({
    clusterName: anyString(clusterNames),
    ...agentOptions,
    version: optional(anyString(fc.constantFrom('v1.3.4-eksbuild.1', 'v1.3.10-eksbuild.2', 'latest'))),
    resolveConflicts: optional(fc.constantFrom(AgentResolveConflicts.NONE, AgentResolveConflicts.OVERWRITE, AgentResolveConflicts.PRESERVE)),
    preserveOnDelete: optional(fc.boolean()),
    tags,
    configurationValues: jsonValues,
  }, { requiredKeys: ['clusterName'] }), (stack, { clusterName, ...options }) => {
    new PodIdentityAgent(stack, 'Agent', { cluster: clusterOf(stack, clusterName), deployment: AgentDeployment.managedAddon(options) });
  }),

  door('PodIdentityAgent selfManaged', fc.record({
    clusterName: anyString(clusterNames),
    ...agentOptions,
    image: optional(anyString(fc.constantFrom('602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/eks-pod-identity-agent', 'registry.example.com/agent'))),
    imageTag: optional(anyString(fc.constantFrom('v0.1.37', 'v0.1.20', 'v0.2.1', 'latest'))),
    region: optional(anyString(fc.constantFrom(REGION, 'us-east-1', 'cn-north-1', 'us-gov-west-1'))),
    agentClusterName: optional(anyString(clusterNames)),
    namespace: optional(anyString(kubernetesName)),
  }, { requiredKeys: ['clusterName'] }), (stack, { clusterName, agentClusterName, ...options }) => {
    new PodIdentityAgent(stack, 'Agent', { cluster: clusterOf(stack, clusterName), deployment: AgentDeployment.selfManaged({ ...options, clusterName: agentClusterName }) });
  }),

  door('PodIdentityAgent none', anyString(clusterNames), (stack, clusterName) => {
    new PodIdentityAgent(stack, 'Agent', { cluster: clusterOf(stack, clusterName), deployment: AgentDeployment.none() });
  }),

  door('PodIdentityAddon', addonProps, (stack, { podIdentityAssociations, serviceAccountRole, ...props }) => {
    const cluster = clusterOf(stack, 'my-cluster');
    new PodIdentityAddon(stack, 'Addon', {
      ...props,
      cluster,
      serviceAccountRole: serviceAccountRole ? iam.Role.fromRoleArn(stack, 'IrsaRole', `arn:aws:iam::${ACCOUNT}:role/irsa`) : undefined,
      podIdentityAssociations: podIdentityAssociations?.map((entry: any, index: number) => ({
        serviceAccount: entry.serviceAccount,
        role: entry.withRole ? new PodIdentityRole(stack, `Role${index}`) : undefined,
        statements: entry.withStatement ? [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })] : undefined,
      })),
    });
  }),

  door('IrsaMigration', fc.record({
    clusterName: anyString(clusterNames),
    namespace: anyString(kubernetesName),
    serviceAccount: anyString(kubernetesName),
    step: migrationStep,
    withProvider: fc.boolean(),
    kubectl: fc.boolean(),
  }), (stack, props) => {
    const cluster = kubectlCluster(stack, props.clusterName);
    new IrsaMigration(stack, 'Migration', {
      cluster,
      role: irsaRole(stack, props.namespace, props.serviceAccount),
      namespace: props.namespace,
      serviceAccount: props.serviceAccount,
      step: props.step,
      kubectlCluster: props.kubectl ? cluster : undefined,
      openIdConnectProvider: props.withProvider ? iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, 'Provider', PROVIDER_ARN) : undefined,
    });
  }, ['Stack/IrsaRole']),

  door('IrsaAddonMigration', fc.record({
    clusterName: anyString(clusterNames),
    // The user's own CfnAddon carries the name: text UTF-8 cannot encode is theirs to fix, not ours.
    addonName: anyString(fc.constantFrom('aws-ebs-csi-driver', 'vpc-cni', 'eks-pod-identity-agent')).filter(name => !/[\ud800-\udfff]/.test(name)),
    namespace: optional(anyString(kubernetesName)),
    serviceAccount: anyString(fc.constantFrom('ebs-csi-controller-sa', 'aws-node')),
    step: migrationStep,
  }), (stack, props) => {
    const cluster = kubectlCluster(stack, props.clusterName);
    const role = irsaRole(stack, props.namespace ?? 'kube-system', props.serviceAccount);
    const addon = new eks.CfnAddon(stack, 'Addon', { clusterName: props.clusterName, addonName: props.addonName, serviceAccountRoleArn: role.roleArn });
    new IrsaAddonMigration(stack, 'Migration', {
      cluster, addon, role, serviceAccount: props.serviceAccount, namespace: props.namespace, step: props.step,
    });
  }, ['Stack/IrsaRole', 'Stack/Addon']),

  door('EksctlConfig', eksctlValues, (stack, values) => {
    const text = stringify({
      apiVersion: 'eksctl.io/v1alpha5',
      kind: 'ClusterConfig',
      metadata: { name: values.name, region: values.region, ...(values.tags ? { tags: values.tags } : {}) },
      iam: {
        withOIDC: values.migrateIrsa ?? false,
        podIdentityAssociations: values.associations.map((a: any) => ({
          namespace: a.namespace,
          serviceAccountName: a.serviceAccountName,
          ...(a.how === 'roleARN' ? { roleARN: `arn:aws:iam::${ACCOUNT}:role/r` } : a.how === 'permissionPolicyARNs'
            ? { permissionPolicyARNs: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'] } : { wellKnownPolicies: { externalDNS: true } }),
          ...(a.roleName !== undefined && a.how !== 'roleARN' ? { roleName: a.roleName } : {}),
          ...(a.createServiceAccount !== undefined ? { createServiceAccount: a.createServiceAccount } : {}),
          ...(a.disableSessionTags !== undefined ? { disableSessionTags: a.disableSessionTags } : {}),
        })),
      },
      addons: values.addons.map((a: any) => ({ name: a.name, ...(a.version !== undefined ? { version: a.version } : {}),
        ...(a.useDefaultPodIdentityAssociations !== undefined ? { useDefaultPodIdentityAssociations: a.useDefaultPodIdentityAssociations } : {}) })),
      ...(values.autoApply !== undefined ? { addonsConfig: { autoApplyPodIdentityAssociations: values.autoApply } } : {}),
    });
    const config = EksctlConfig.fromYaml(text);
    config.apply(stack, 'Eksctl', { cluster: clusterOf(stack, config.clusterName), migrateIrsa: values.migrateIrsa, createNamespaces: values.createNamespaces });
  }),
];
