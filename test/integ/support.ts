import { App, Token } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import { Construct } from 'constructs';

/**
 * Shared by the integration tests (`test/integ/integ.*.ts`, run by `integ-runner`; see CONTRIBUTING.md
 * "Integration tests"). Not a test itself: integ-runner runs only files named `integ.*.ts`.
 *
 * Every test but `integ.agent-managed-addon.ts` imports an existing cluster by name instead of paying for
 * one: the environment variable `INTEG_CLUSTER_NAME`, by default `pod-identity-integ`. That cluster must
 * exist in the account and region of the live run, with at least one node and the Pod Identity Agent
 * (CONTRIBUTING.md says how to create it). The committed snapshots are synthesized with the default
 * name: a live run with another name rewrites them, which is not to be committed.
 */
export const DEFAULT_INTEG_CLUSTER_NAME = 'pod-identity-integ';

/**
 * The region of the live run (`npm run integ:deploy` passes it to integ-runner). The stacks are
 * environment-agnostic; only what must know the region at synth time (the self-managed agent's manifest)
 * reads it here. To run live elsewhere, change it here and in package.json's `integ:deploy`, and commit
 * the snapshots that changes.
 */
export const INTEG_REGION = 'eu-west-1';

/**
 * A concrete environment for tests whose stacks must know their account and region at synth time: the
 * dummy `12345678` / `test-region` that integ-runner sets for snapshots (`CDK_INTEG_ACCOUNT`,
 * `CDK_INTEG_REGION`), and in the live run the account of the credentials and the region integ-runner
 * is given (`CDK_DEFAULT_ACCOUNT`, `CDK_DEFAULT_REGION`, set by the CDK CLI).
 */
export function integEnv(): { account?: string; region?: string } {
  return {
    account: process.env.CDK_INTEG_ACCOUNT ?? process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_INTEG_REGION ?? process.env.CDK_DEFAULT_REGION,
  };
}

/** The name of the existing cluster the tests import. */
export function integClusterName(): string {
  return process.env.INTEG_CLUSTER_NAME || DEFAULT_INTEG_CLUSTER_NAME;
}

/** The existing test cluster, imported by name. */
export function importedCluster(scope: Construct, id = 'Cluster'): eks.IClusterRef {
  return eks.CfnCluster.fromClusterName(scope, id, integClusterName());
}

/**
 * An app for an integration test. Its stacks are environment-agnostic (no account or region) unless they
 * must know their environment at synth time (`integEnv`): the live run deploys them in the region
 * integ-runner is given and the account of the credentials, and the snapshots depend on neither.
 */
export function integApp(): App {
  return new App();
}

/**
 * A pattern for `Match.stringLikeRegexp` that matches a string holding every one of `present` and none of
 * `absent` (patterns made with `literal` or `condition`), in any order.
 */
export function holding(present: string[], absent: string[] = []): string {
  return '^' + [
    ...present.map(pattern => `(?=[\\s\\S]*${pattern})`),
    ...absent.map(pattern => `(?![\\s\\S]*${pattern})`),
  ].join('');
}

/** Optional white space, plain or URL-encoded. */
const SPACES = '(?:\\s|%20|\\+)*';

/**
 * A pattern for `text` in a role's trust policy. The IAM API returns the policy URL-encoded, and the
 * assertion provider does not decode it: each character matches in plain or URL-encoded form. `text`
 * must be known at synth time (escaping a token would break it). White space may follow `:`, `,` and `[`.
 */
export function literal(text: string): string {
  if (Token.isUnresolved(text)) throw new Error(`literal() needs a string known at synth time, got ${text}`);
  return text.split('').map(c => {
    const escaped = c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    const encoded = encodeURIComponent(c);
    // Either case of hex digits: %3A or %3a.
    const pattern = encoded === c ? escaped : `(?:${escaped}|${encoded.replace(/[A-F]/g, h => `[${h}${h.toLowerCase()}]`)})`;
    // The policy may be stored as it was written, with spaces after separators.
    return ':,['.includes(c) ? `${pattern}${SPACES}` : pattern;
  }).join('');
}

/**
 * A pattern for the condition `"key": "<ARN of the role named roleName>"`, as a string or a one-element list.
 * The role's name may be a token (resolved at deploy time): it is matched as it is, which holds for the
 * names CloudFormation generates (letters, digits and dashes, which URL encoding leaves alone).
 */
export function roleArnCondition(key: string, roleName: string): string {
  return `${literal(`"${key}":`)}(?:${literal('[')})?${literal('"arn')}[^,]*?${literal(':role/')}(?:[^,]*?${literal('/')})?${roleName}${literal('"')}`;
}

/** A pattern for the condition `"key": "value"` or `"key": ["value"]` (as CDK writes it) in a policy. */
export function condition(key: string, value: string): string {
  return `${literal(`"${key}":`)}(?:${literal('[')})?${literal(`"${value}"`)}`;
}
