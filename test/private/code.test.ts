import {
  call, callerLanguage, code, CodeLanguage, codeSpan, construct, constructElided, ELLIPSIS, enumMember, IAM, list, map,
  OMITTED, propSpan, ref, setting, snakeCase, staticCall, struct,
} from '../../lib/private/code';
import { agentDeployment, agentOf, declareAgent, HYBRID_NODES_NODEADM } from '../../lib/private/fix-code';

describe('callerLanguage reads JSII_AGENT as each jsii runtime sets it', () => {
  test.each<[string | undefined, CodeLanguage]>([
    [undefined, 'typescript'],
    ['', 'typescript'],
    ['node.js/v22.11.0', 'typescript'],
    ['Python/3.11.7', 'python'],
    ['Java/17.0.15', 'java'],
    ['DotNet/8.0.11/.NETCoreApp,Version=v6.0/1.0.0.0', 'csharp'],
    ['go1.22.4/linux/amd64', 'go'],
    ['devel go1.24-abcdef/linux/arm64', 'go'],
    ['Rust/1.80', 'typescript'],
  ])('%s: %s', (agent, language) => {
    expect(callerLanguage(agent)).toEqual(language);
  });

  test('reads process.env.JSII_AGENT when given nothing', () => {
    const before = process.env.JSII_AGENT;
    try {
      process.env.JSII_AGENT = 'Python/3.12.1';
      expect(callerLanguage()).toEqual('python');
      expect(code(agentDeployment('none'))).toEqual('AgentDeployment.none()');
      expect(code(agentDeployment('managedAddon'))).toEqual('AgentDeployment.managed_addon()');
      delete process.env.JSII_AGENT;
      expect(callerLanguage()).toEqual('typescript');
    } finally {
      if (before === undefined) delete process.env.JSII_AGENT; else process.env.JSII_AGENT = before;
    }
  });
});

const render = (node: Parameters<typeof code>[0]) => ({
  typescript: code(node, 'typescript'),
  python: code(node, 'python'),
  java: code(node, 'java'),
  csharp: code(node, 'csharp'),
  go: code(node, 'go'),
});

describe('code renders one description in each language', () => {
  test('a construct with props, one of them shorthand, one a static call with no options', () => {
    expect(render(declareAgent(agentDeployment('managedAddon')))).toEqual({
      typescript: "new PodIdentityAgent(this, 'Agent', { cluster, deployment: AgentDeployment.managedAddon() })",
      python: 'PodIdentityAgent(self, "Agent", cluster=cluster, deployment=AgentDeployment.managed_addon())',
      java: 'PodIdentityAgent.Builder.create(this, "Agent").cluster(cluster).deployment(AgentDeployment.managedAddon()).build()',
      csharp: 'new PodIdentityAgent(this, "Agent", new PodIdentityAgentProps { Cluster = cluster, Deployment = AgentDeployment.ManagedAddon() })',
      go: 'cdkekspodidentity.NewPodIdentityAgent(stack, jsii.String("Agent"), &cdkekspodidentity.PodIdentityAgentProps{Cluster: cluster, Deployment: cdkekspodidentity.AgentDeployment_ManagedAddon(nil)})',
    });
  });

  test('a static call whose options struct holds an enum member', () => {
    expect(render(agentDeployment('managedAddon', { hybridNodes: HYBRID_NODES_NODEADM }))).toEqual({
      typescript: 'AgentDeployment.managedAddon({ hybridNodes: AgentHybridNodes.NODEADM })',
      python: 'AgentDeployment.managed_addon(hybrid_nodes=AgentHybridNodes.NODEADM)',
      java: 'AgentDeployment.managedAddon(AgentAddonOptions.builder().hybridNodes(AgentHybridNodes.NODEADM).build())',
      csharp: 'AgentDeployment.ManagedAddon(new AgentAddonOptions { HybridNodes = AgentHybridNodes.NODEADM })',
      go: 'cdkekspodidentity.AgentDeployment_ManagedAddon(&cdkekspodidentity.AgentAddonOptions{HybridNodes: cdkekspodidentity.AgentHybridNodes_NODEADM})',
    });
  });

  test('a construct in another scope with a variable id, and a static call without parameters', () => {
    expect(render(declareAgent(agentDeployment('none'), ref('scope'), ref('id')))).toEqual({
      typescript: 'new PodIdentityAgent(scope, id, { cluster, deployment: AgentDeployment.none() })',
      python: 'PodIdentityAgent(scope, id, cluster=cluster, deployment=AgentDeployment.none())',
      java: 'PodIdentityAgent.Builder.create(scope, id).cluster(cluster).deployment(AgentDeployment.none()).build()',
      csharp: 'new PodIdentityAgent(scope, id, new PodIdentityAgentProps { Cluster = cluster, Deployment = AgentDeployment.None() })',
      go: 'cdkekspodidentity.NewPodIdentityAgent(scope, id, &cdkekspodidentity.PodIdentityAgentProps{Cluster: cluster, Deployment: cdkekspodidentity.AgentDeployment_None()})',
    });
  });

  test('method calls on variables, one nested in the other, an optional parameter left out', () => {
    expect(render(call(ref('bucket'), 'grantRead', [call(ref('addon'), 'roleFor', ['s3-csi-driver-sa']), OMITTED]))).toEqual({
      typescript: "bucket.grantRead(addon.roleFor('s3-csi-driver-sa'))",
      python: 'bucket.grant_read(addon.role_for("s3-csi-driver-sa"))',
      java: 'bucket.grantRead(addon.roleFor("s3-csi-driver-sa"))',
      csharp: 'bucket.GrantRead(addon.RoleFor("s3-csi-driver-sa"))',
      go: 'bucket.GrantRead(addon.RoleFor(jsii.String("s3-csi-driver-sa")), nil)',
    });
  });

  test('a static call with `this` and a variable', () => {
    expect(render(agentOf())).toEqual({
      typescript: 'PodIdentityAgent.of(this, cluster)',
      python: 'PodIdentityAgent.of(self, cluster)',
      java: 'PodIdentityAgent.of(this, cluster)',
      csharp: 'PodIdentityAgent.Of(this, cluster)',
      go: 'cdkekspodidentity.PodIdentityAgent_Of(stack, cluster)',
    });
  });

  test('elided options, elided arguments and a type of aws-cdk-lib', () => {
    expect(render(agentDeployment('managedAddon', 'elided'))).toEqual({
      typescript: 'AgentDeployment.managedAddon({...})',
      python: 'AgentDeployment.managed_addon(...)',
      java: 'AgentDeployment.managedAddon(AgentAddonOptions.builder()...build())',
      csharp: 'AgentDeployment.ManagedAddon(new AgentAddonOptions { ... })',
      go: 'cdkekspodidentity.AgentDeployment_ManagedAddon(&cdkekspodidentity.AgentAddonOptions{...})',
    });
    expect(render(staticCall({ name: 'OpenIdConnectProvider', module: IAM }, 'fromOpenIdConnectProviderArn', [ELLIPSIS]))).toEqual({
      typescript: 'iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(...)',
      python: 'iam.OpenIdConnectProvider.from_open_id_connect_provider_arn(...)',
      java: 'OpenIdConnectProvider.fromOpenIdConnectProviderArn(...)',
      csharp: 'OpenIdConnectProvider.FromOpenIdConnectProviderArn(...)',
      go: 'awsiam.OpenIdConnectProvider_FromOpenIdConnectProviderArn(...)',
    });
    expect(render(constructElided('IrsaMigration'))).toEqual({
      typescript: 'new IrsaMigration(...)',
      python: 'IrsaMigration(...)',
      java: 'new IrsaMigration(...)',
      csharp: 'new IrsaMigration(...)',
      go: 'cdkekspodidentity.NewIrsaMigration(...)',
    });
  });

  test('literals: strings, numbers, booleans', () => {
    const node = construct('Thing', 'Id', { name: 'x', count: 3, enabled: true, disabled: false });
    expect(render(node)).toEqual({
      typescript: "new Thing(this, 'Id', { name: 'x', count: 3, enabled: true, disabled: false })",
      python: 'Thing(self, "Id", name="x", count=3, enabled=True, disabled=False)',
      java: 'Thing.Builder.create(this, "Id").name("x").count(3).enabled(true).disabled(false).build()',
      csharp: 'new Thing(this, "Id", new ThingProps { Name = "x", Count = 3, Enabled = true, Disabled = false })',
      go: 'cdkekspodidentity.NewThing(stack, jsii.String("Id"), &cdkekspodidentity.ThingProps{Name: jsii.String("x"), Count: jsii.Number(3), Enabled: jsii.Bool(true), Disabled: jsii.Bool(false)})',
    });
  });

  test('a list of structs as a prop setting, the structs not in keyword position', () => {
    const node = setting('podIdentityAssociations', list([struct('AddonPodIdentityAssociation', { serviceAccount: ref('serviceAccount') })], 'AddonPodIdentityAssociation'));
    expect(render(node)).toEqual({
      typescript: 'podIdentityAssociations: [{ serviceAccount }]',
      python: 'pod_identity_associations=[AddonPodIdentityAssociation(service_account=service_account)]',
      java: '.podIdentityAssociations(List.of(AddonPodIdentityAssociation.builder().serviceAccount(serviceAccount).build()))',
      csharp: 'PodIdentityAssociations = new [] { new AddonPodIdentityAssociation { ServiceAccount = serviceAccount } }',
      go: 'PodIdentityAssociations: &[]*cdkekspodidentity.AddonPodIdentityAssociation{&cdkekspodidentity.AddonPodIdentityAssociation{ServiceAccount: serviceAccount}}',
    });
  });

  test('a map keeps its keys as they are', () => {
    expect(render(map({ '--log-level': 'trace' }))).toEqual({
      typescript: "{ '--log-level': 'trace' }",
      python: '{"--log-level": "trace"}',
      java: 'Map.of("--log-level", "trace")',
      csharp: 'new Dictionary<string, object> { { "--log-level", "trace" } }',
      go: '&map[string]interface{}{"--log-level": jsii.String("trace")}',
    });
  });

  test('prop names, settings and a method named alone, as code spans', () => {
    const spans = (language: CodeLanguage) => [
      propSpan('targetRoleExternalId', language),
      codeSpan(setting('sessionTags', false), language),
      codeSpan(call(undefined, 'applyWith'), language),
      codeSpan(enumMember('AgentHybridNodes', 'NODEADM'), language),
    ];
    expect(spans('typescript')).toEqual(['`targetRoleExternalId`', '`sessionTags: false`', '`applyWith()`', '`AgentHybridNodes.NODEADM`']);
    expect(spans('python')).toEqual(['`target_role_external_id`', '`session_tags=False`', '`apply_with()`', '`AgentHybridNodes.NODEADM`']);
    expect(spans('java')).toEqual(['`targetRoleExternalId`', '`.sessionTags(false)`', '`applyWith()`', '`AgentHybridNodes.NODEADM`']);
    expect(spans('csharp')).toEqual(['`TargetRoleExternalId`', '`SessionTags = false`', '`ApplyWith()`', '`AgentHybridNodes.NODEADM`']);
    expect(spans('go')).toEqual(['`TargetRoleExternalId`', '`SessionTags: jsii.Bool(false)`', '`ApplyWith()`', '`cdkekspodidentity.AgentHybridNodes_NODEADM`']);
  });
});

test.each([
  ['managedAddon', 'managed_addon'],
  ['fromOpenIdConnectProviderArn', 'from_open_id_connect_provider_arn'],
  ['roleFor', 'role_for'],
  ['ipv6', 'ipv6'],
  ['serviceAccountRoleArn', 'service_account_role_arn'],
  ['maxCacheSize', 'max_cache_size'],
])('snakeCase(%s) is %s, as jsii names Python members', (name, snake) => {
  expect(snakeCase(name)).toEqual(snake);
});
