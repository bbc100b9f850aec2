import { Tags } from 'aws-cdk-lib';
import { IClusterRef } from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { WellKnownPolicy } from '../../policies/well-known-policy';
import { PodIdentityRole } from '../../role/pod-identity-role';
import { EksctlRoleSpec } from './model';
import { policyDocumentOf } from './policies';
import { DEFAULT_PERMISSION_POLICY_NAME, eksctlWellKnownPolicy } from './well-known-policies';

/** Whom a new role trusts, and how it describes itself. */
export interface RoleTrust {
  readonly namespace?: string;
  /** Only this cluster, namespace and service account (otherwise any pod of the account's clusters). */
  readonly scoped: boolean;
  readonly description: string;
}

/** Makes the roles of a file's entries: the existing role of `roleArn`, or a new PodIdentityRole with the entry's policies. */
export class EksctlRoles {
  /** How many roles were created. */
  public created = 0;

  /**
   * @param stackTags `metadata.tags`, which eksctl puts on every role it creates (as its stacks'
   * tags); an entry's own tags win over them.
   */
  constructor(private readonly cluster: IClusterRef, private readonly wellKnownPolicies: { readonly [key: string]: WellKnownPolicy },
    private readonly stackTags: { readonly [key: string]: string } = {}) {}

  /** The role of `spec`, in `scope` (as `scope/Role`). */
  public roleFor(scope: Construct, spec: EksctlRoleSpec, trust: RoleTrust): iam.IRole {
    if (spec.roleArn !== undefined) return iam.Role.fromRoleArn(scope, 'Role', spec.roleArn, { mutable: false });
    const fromCatalogue = spec.wellKnownPolicies.filter(key => this.wellKnownPolicies[key] !== undefined);
    const fromEksctl = spec.wellKnownPolicies.filter(key => this.wellKnownPolicies[key] === undefined).map(eksctlWellKnownPolicy);
    const inlinePolicies: { [name: string]: iam.PolicyDocument } = {};
    if (spec.permissionPolicy) inlinePolicies[spec.permissionPolicyName ?? DEFAULT_PERMISSION_POLICY_NAME] = policyDocumentOf(spec.permissionPolicy);
    for (const policy of fromEksctl) {
      for (const [name, statements] of Object.entries(policy.inlinePolicies)) inlinePolicies[name] = new iam.PolicyDocument({ statements });
    }
    this.created++;
    const role = new PodIdentityRole(scope, 'Role', {
      clusters: trust.scoped ? [this.cluster] : undefined,
      namespaces: trust.scoped && trust.namespace !== undefined ? [trust.namespace] : undefined,
      serviceAccounts: trust.scoped ? [spec.serviceAccount] : undefined,
      roleName: spec.roleName,
      description: trust.description,
      managedPolicies: [
        ...spec.permissionPolicyArns.map((arn, index) => iam.ManagedPolicy.fromManagedPolicyArn(scope, `PermissionPolicy${index}`, arn)),
        ...fromEksctl.flatMap(policy => policy.managedPolicyNames).map(name => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
      ],
      inlinePolicies: Object.keys(inlinePolicies).length > 0 ? inlinePolicies : undefined,
      permissionsBoundary: spec.permissionsBoundaryArn !== undefined
        ? iam.ManagedPolicy.fromManagedPolicyArn(scope, 'PermissionsBoundary', spec.permissionsBoundaryArn) : undefined,
    });
    for (const key of fromCatalogue) {
      this.wellKnownPolicies[key].attachTo(role);
    }
    tagRole(role, { ...this.stackTags, ...spec.tags });
    return role;
  }
}

/** Tags a role that this library created, as CloudFormation tags the resources of a stack with the stack's tags. */
export function tagRole(role: iam.IRole, tags: { readonly [key: string]: string }): void {
  for (const [key, value] of Object.entries(tags)) {
    Tags.of(role).add(key, value);
  }
}
