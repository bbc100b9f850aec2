import { CfnJson, CfnResource, Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { canonical, parseJsonText } from './json-text';
import { ConditionReader, TrustChange, WebIdentitySubject, withoutWebIdentity } from './web-identity-trust';

/** A service account whose web-identity trust on a provider is to go from a role. */
export interface WebIdentityTrust {
  readonly provider: iam.IOpenIdConnectProvider;
  readonly namespace: string;
  readonly serviceAccount: string;
}

// Per L1 role, the web identities that migrations at step REMOVE_IRSA_TRUST take out of it. A role
// shared by several service accounts gets one override that takes out all of theirs.
const removals = new WeakMap<CfnResource, WebIdentityTrust[]>();

/**
 * Takes the web-identity trust of `trust` out of the trust policy of `role` when the template is
 * rendered (so statements added later are seen too), and nothing else of it.
 */
export function removeWebIdentityTrust(role: iam.Role, cfnRole: CfnResource, trust: WebIdentityTrust): void {
  let list = removals.get(cfnRole);
  if (!list) {
    const all: WebIdentityTrust[] = list = [];
    removals.set(cfnRole, all);
    const document = role.assumeRolePolicy!;
    cfnRole.addPropertyOverride('AssumeRolePolicyDocument', Lazy.any({
      produce: () => {
        const stack = Stack.of(cfnRole);
        const resolved = stack.resolve(document);
        let statements: any[] = resolved.Statement ?? [];
        for (const each of all) statements = webIdentityChange(cfnRole, statements, each).statements;
        return { ...resolved, Statement: statements };
      },
    }));
  }
  list.push(trust);
}

/** What taking `trust` out of the role's trust policy as it stands changes, for reporting. */
export function describeRemoval(role: iam.Role, cfnRole: CfnResource, trust: WebIdentityTrust): TrustChange {
  const resolved = Stack.of(cfnRole).resolve(role.assumeRolePolicy!);
  return webIdentityChange(cfnRole, resolved.Statement ?? [], trust);
}

function webIdentityChange(cfnRole: CfnResource, statements: any[], trust: WebIdentityTrust): TrustChange {
  const stack = Stack.of(cfnRole);
  const subject: WebIdentitySubject = {
    provider: canonical(stack.resolve(trust.provider.openIdConnectProviderArn)),
    issuer: canonical(stack.resolve(trust.provider.openIdConnectProviderIssuer)),
    subject: canonical(stack.resolve(`system:serviceaccount:${trust.namespace}:${trust.serviceAccount}`)),
  };
  return withoutWebIdentity(statements, subject, cfnJsonReader(stack));
}

/**
 * Reads a condition block that refers to a `CfnJson` of the role's stack (aws-eks's `ServiceAccount`
 * writes its conditions so, because their keys hold the OIDC issuer, a token).
 */
function cfnJsonReader(stack: Stack): ConditionReader {
  let byReference: Map<string, CfnJson> | undefined;
  return block => {
    byReference ??= new Map(stack.node.findAll()
      .filter((c: IConstruct): c is CfnJson => c instanceof CfnJson && Stack.of(c) === stack)
      .map(json => [canonical(stack.resolve(json.value)), json]));
    const json = byReference.get(canonical(block));
    return json && parseJsonText(stack.resolve(json.toJSON()));
  };
}
