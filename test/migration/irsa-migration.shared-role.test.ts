import { CfnJson, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IrsaMigration, IrsaMigrationStep } from '../../lib';
import { ISSUER, PROVIDER_ARN, givenCluster, podIdentityStatement, trustOf } from './fixtures';

// Another cluster's provider, and an unrelated one (GitHub Actions).
const OTHER_ISSUER = 'oidc.eks.us-east-1.amazonaws.com/id/OTHER';
const OTHER_PROVIDER_ARN = `arn:aws:iam::111111111111:oidc-provider/${OTHER_ISSUER}`;
const GITHUB_PROVIDER_ARN = 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com';
const OURS = 'system:serviceaccount:media:uploader';

function webIdentity(providerArn: string, conditions: Record<string, any>, sid?: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    actions: ['sts:AssumeRoleWithWebIdentity'],
    principals: [new iam.FederatedPrincipal(providerArn, {})],
    conditions,
  });
}

/** A role that trusts the given web-identity statements, migrated for `media/uploader` to step 3. */
function migrate(...statements: iam.PolicyStatement[]) {
  const { stack, cluster } = givenCluster();
  const role = new iam.Role(stack, 'Shared', { assumedBy: new iam.AccountRootPrincipal() });
  role.assumeRolePolicy!.addStatements(...statements);
  new IrsaMigration(stack, 'Migrate', { cluster, role, namespace: 'media', serviceAccount: 'uploader', step: IrsaMigrationStep.REMOVE_IRSA_TRUST });
  return { stack, statements: trustOf(stack, 'Shared') };
}

/** The ids of the migration's warnings, from the acknowledgement hint CDK appends. */
function warningIds(stack: Stack): string[] {
  return Annotations.fromStack(stack).findWarning('/Stack/Migrate', Match.anyValue())
    .map(w => / \[ack: ([^\]]+)\]$/.exec(String(w.entry.data))?.[1] ?? '');
}

/** The migration's warnings about the trust, without the acknowledgement hint CDK appends. */
function warnings(stack: Stack): string[] {
  return Annotations.fromStack(stack).findWarning('/Stack/Migrate', Match.anyValue())
    .map(w => String(w.entry.data).replace(/ \[ack: [^\]]+\]$/, ''))
    .filter(w => w.startsWith('Role '));
}

const ROOT = expect.objectContaining({ Principal: { AWS: expect.anything() }, Action: 'sts:AssumeRole' });

describe('IrsaMigration step REMOVE_IRSA_TRUST on a shared role', () => {
  test('removes only this service account on this cluster, and keeps other service accounts, clusters and providers', () => {
    const others = [
      webIdentity(PROVIDER_ARN, { StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:media:thumbnailer', [`${ISSUER}:aud`]: 'sts.amazonaws.com' } }, 'OtherServiceAccount'),
      webIdentity(OTHER_PROVIDER_ARN, { StringEquals: { [`${OTHER_ISSUER}:sub`]: OURS } }, 'OtherCluster'),
      webIdentity(GITHUB_PROVIDER_ARN, { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:example/media:*' } }, 'GitHubActions'),
    ];
    const { stack, statements } = migrate(
      webIdentity(PROVIDER_ARN, { StringEquals: { [`${ISSUER}:sub`]: OURS, [`${ISSUER}:aud`]: 'sts.amazonaws.com' } }, 'ThisServiceAccount'),
      ...others,
    );

    const rendered = (statement: iam.PolicyStatement) => stack.resolve(statement.toStatementJson());
    expect(statements).toEqual([ROOT, ...others.map(rendered), podIdentityStatement('media', 'uploader')]);
    expect(warnings(stack)).toEqual([]);
  });

  test('narrows a list of subjects to the others', () => {
    const { statements } = migrate(webIdentity(PROVIDER_ARN, {
      StringEquals: { [`${ISSUER}:sub`]: ['system:serviceaccount:media:thumbnailer', OURS, 'system:serviceaccount:jobs:worker'], [`${ISSUER}:aud`]: 'sts.amazonaws.com' },
    }));

    expect(statements[1].Condition).toEqual({
      StringEquals: { [`${ISSUER}:sub`]: ['system:serviceaccount:media:thumbnailer', 'system:serviceaccount:jobs:worker'], [`${ISSUER}:aud`]: 'sts.amazonaws.com' },
    });
    expect(statements[1].Principal).toEqual({ Federated: PROVIDER_ARN });
  });

  test('takes this cluster out of a statement shared with another cluster\'s provider', () => {
    const { statements } = migrate(new iam.PolicyStatement({
      actions: ['sts:AssumeRoleWithWebIdentity'],
      principals: [new iam.FederatedPrincipal(PROVIDER_ARN, {}), new iam.FederatedPrincipal(OTHER_PROVIDER_ARN, {})],
      conditions: { StringEquals: { [`${ISSUER}:sub`]: OURS, [`${ISSUER}:aud`]: 'sts.amazonaws.com', [`${OTHER_ISSUER}:sub`]: OURS } },
    }));

    expect(statements[1]).toEqual({
      Effect: 'Allow',
      Action: 'sts:AssumeRoleWithWebIdentity',
      Principal: { Federated: OTHER_PROVIDER_ARN },
      Condition: { StringEquals: { [`${OTHER_ISSUER}:sub`]: OURS } },
    });
  });

  test('removes an exact StringLike subject, and a statement that also tests a pattern the subject matches', () => {
    const { statements } = migrate(
      webIdentity(PROVIDER_ARN, { StringLike: { [`${ISSUER}:sub`]: OURS } }),
      webIdentity(PROVIDER_ARN, { StringEquals: { [`${ISSUER}:sub`]: OURS }, StringLike: { [`${ISSUER}:sub`]: 'system:serviceaccount:*' } }),
    );

    expect(statements).toEqual([ROOT, podIdentityStatement('media', 'uploader')]);
  });

  test('keeps statements that do not trust this service account: another subject, a deny', () => {
    const deny = new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      actions: ['sts:AssumeRoleWithWebIdentity'],
      principals: [new iam.FederatedPrincipal(PROVIDER_ARN, {})],
      conditions: { StringEquals: { [`${ISSUER}:sub`]: OURS } },
    });
    const other = webIdentity(PROVIDER_ARN, { StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:media:thumbnailer' }, StringLike: { [`${ISSUER}:sub`]: 'system:serviceaccount:media:*' } });
    const { stack, statements } = migrate(deny, other);

    expect(statements.slice(1, 3)).toEqual([stack.resolve(deny.toStatementJson()), stack.resolve(other.toStatementJson())]);
    expect(warnings(stack)).toEqual([
      "Role 'Stack/Shared' has no web-identity trust of service account 'media/uploader' on OIDC provider 'Stack/Oidc', so step REMOVE_IRSA_TRUST removes nothing. If the role trusts the cluster under another provider ARN, pass that provider as `openIdConnectProvider`",
    ]);
    expect(warningIds(stack)).toContain('cdk-eks-pod-identity:irsa-trust-not-found');
  });

  test.each([
    ['a pattern', { StringLike: { [`${ISSUER}:sub`]: 'system:serviceaccount:media:*' } },
      "admits it through the pattern 'system:serviceaccount:media:*', which other service accounts may match"],
    ['a pattern beside the exact name', { StringLike: { [`${ISSUER}:sub`]: [OURS, 'system:serviceaccount:*:uploader'] } },
      "admits it through the pattern 'system:serviceaccount:*:uploader', which other service accounts may match"],
    ['no sub test', { StringEquals: { [`${ISSUER}:aud`]: 'sts.amazonaws.com' } },
      'does not test `sub`, so it trusts every service account of the cluster'],
    ['another operator', { 'ForAnyValue:StringEquals': { [`${ISSUER}:sub`]: [OURS] } },
      'tests `sub` with ForAnyValue:StringEquals, which this library does not rewrite'],
  ])('keeps and reports a statement that trusts the service account through %s', (_, conditions, reason) => {
    const statement = webIdentity(PROVIDER_ARN, conditions, 'Broad');
    const { stack, statements } = migrate(statement);

    expect(statements[1]).toEqual(stack.resolve(statement.toStatementJson()));
    expect(warnings(stack)).toEqual([
      `Role 'Stack/Shared' still lets service account 'media/uploader' assume it with web identity: its trust statement Broad ${reason}. Remove that trust where the role is defined once no pod uses IRSA`,
    ]);
    expect(warningIds(stack)).toContain('cdk-eks-pod-identity:irsa-trust-kept');
  });

  test('two migrations of one role each remove their own service account', () => {
    const { stack, cluster } = givenCluster();
    const role = new iam.Role(stack, 'Shared', {
      assumedBy: new iam.FederatedPrincipal(PROVIDER_ARN, { StringEquals: { [`${ISSUER}:sub`]: [OURS, 'system:serviceaccount:jobs:worker', 'system:serviceaccount:jobs:cron'] } }, 'sts:AssumeRoleWithWebIdentity'),
    });

    new IrsaMigration(stack, 'Uploader', { cluster, role, namespace: 'media', serviceAccount: 'uploader', step: IrsaMigrationStep.REMOVE_IRSA_TRUST });
    new IrsaMigration(stack, 'Worker', { cluster, role, namespace: 'jobs', serviceAccount: 'worker', step: IrsaMigrationStep.REMOVE_IRSA_TRUST });

    expect(trustOf(stack, 'Shared')[0].Condition).toEqual({ StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:jobs:cron' } });
  });

  describe('conditions in a CfnJson (as aws-eks ServiceAccount writes them)', () => {
    /** A cluster whose OIDC provider is made in the app, so its issuer is a token. */
    function givenClusterWithOwnProvider() {
      const { stack } = givenCluster();
      const provider = new iam.OpenIdConnectProvider(stack, 'Provider', { url: `https://${ISSUER}` });
      const cluster = eks.Cluster.fromClusterAttributes(stack, 'Own', {
        clusterName: 'own-cluster',
        kubectlRoleArn: 'arn:aws:iam::111111111111:role/kubectl',
        openIdConnectProvider: provider,
        kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'OwnKubectl', 'arn:aws:lambda:eu-west-1:111111111111:layer:kubectl:1'),
      });
      return { stack, cluster, provider };
    }

    test('removes the service account\'s statement whose keys hold the issuer token', () => {
      const { stack, cluster } = givenClusterWithOwnProvider();
      const serviceAccount = cluster.addServiceAccount('Uploader', { name: 'uploader', namespace: 'media' });
      (serviceAccount.role as iam.Role).assumeRolePolicy!.addStatements(webIdentity(GITHUB_PROVIDER_ARN, { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:example/media:*' } }, 'GitHubActions'));

      IrsaMigration.fromServiceAccount(stack, 'Migrate', cluster, serviceAccount, { step: IrsaMigrationStep.REMOVE_IRSA_TRUST });

      const statements = trustOf(stack, 'OwnUploaderRole');
      expect(statements.map(s => s.Sid ?? s.Principal)).toEqual(['GitHubActions', { Service: 'pods.eks.amazonaws.com' }]);
      expect(warnings(stack)).toEqual([]);
    });

    test('narrows a CfnJson without tokens, written out inline', () => {
      const { stack, cluster } = givenCluster();
      const conditions = new CfnJson(stack, 'Conditions', { value: { [`${ISSUER}:sub`]: [OURS, 'system:serviceaccount:jobs:worker'] } });
      const role = new iam.Role(stack, 'Shared', { assumedBy: new iam.FederatedPrincipal(PROVIDER_ARN, { StringEquals: conditions }, 'sts:AssumeRoleWithWebIdentity') });

      new IrsaMigration(stack, 'Migrate', { cluster, role, namespace: 'media', serviceAccount: 'uploader', step: IrsaMigrationStep.REMOVE_IRSA_TRUST });

      expect(trustOf(stack, 'Shared')[0].Condition).toEqual({ StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:jobs:worker' } });
    });

    test('keeps and reports a CfnJson with tokens that also names other service accounts', () => {
      const { stack, cluster, provider } = givenClusterWithOwnProvider();
      const conditions = new CfnJson(stack, 'Conditions', {
        value: { [`${provider.openIdConnectProviderIssuer}:sub`]: [OURS, 'system:serviceaccount:jobs:worker'] },
      });
      const role = new iam.Role(stack, 'Shared', { assumedBy: new iam.OpenIdConnectPrincipal(provider, { StringEquals: conditions }) });

      new IrsaMigration(stack, 'Migrate', { cluster, role, namespace: 'media', serviceAccount: 'uploader', step: IrsaMigrationStep.REMOVE_IRSA_TRUST });

      expect(trustOf(stack, 'Shared')[0].Condition).toEqual({ StringEquals: { 'Fn::GetAtt': [expect.stringMatching(/^Conditions/), 'Value'] } });
      expect(warnings(stack)).toEqual([
        "Role 'Stack/Shared' still lets service account 'media/uploader' assume it with web identity: its trust statement #1 also names other service accounts in a CfnJson condition with tokens, which cannot be narrowed at synth time. Remove that trust where the role is defined once no pod uses IRSA",
      ]);
    });

    test('keeps and reports a condition that cannot be read at synth time', () => {
      const { stack, cluster } = givenCluster();
      const role = new iam.Role(stack, 'Shared', {
        assumedBy: new iam.FederatedPrincipal(PROVIDER_ARN, { StringEquals: { 'Fn::GetAtt': ['Elsewhere', 'Value'] } }, 'sts:AssumeRoleWithWebIdentity'),
      });

      new IrsaMigration(stack, 'Migrate', { cluster, role, namespace: 'media', serviceAccount: 'uploader', step: IrsaMigrationStep.REMOVE_IRSA_TRUST });

      expect(warnings(stack)).toEqual([
        "Role 'Stack/Shared' still lets service account 'media/uploader' assume it with web identity: its trust statement #1 has a condition this library cannot read at synth time. Remove that trust where the role is defined once no pod uses IRSA",
      ]);
    });
  });
});
