import { CfnOutput, CfnResource, Stack, Token } from 'aws-cdk-lib';
import { CfnCluster, CfnPodIdentityAssociation } from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { IConstruct } from 'constructs';
import { SessionTag } from '../session-tag';

// How long a role trust policy may be, and how IAM counts it: "Role trust policy length", 2,048
// characters by default, adjustable (Service Quotas code L-C07B4B0D); "IAM does not count white space
// when calculating the size of a policy". The documented maximum has grown: the IAM User Guide's copy
// in awsdocs/iam-user-guide (archived in 2023) gives 4,096; writings of 2025-2026 that quote the
// current page give 8,192. The stored copy of the current page read here holds only its beginning,
// not its quota table, so 8,192 rests on those later quotations, not on the page itself. The library
// refuses no stated quota above it (the account's applied quota is what counts) and only warns there.
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html (the page's beginning only; its quota table not reachable) @ stored copy (checked 2026-12-07)
// Source: awsdocs/iam-user-guide doc_source/reference_iam-quotas.md @ 0baff9b ("Role trust policy length | 2048 characters | 4096 characters", the older maximum) (checked 2026-12-07)
// Source: https://docs.aws.amazon.com/general/latest/gr/iam-service.html (IAM service quotas: Role trust policy length, L-C07B4B0D, adjustable) @ the page as read (checked 2026-12-07)
export const TRUST_POLICY_DEFAULT_QUOTA = 2048;
export const TRUST_POLICY_MAXIMUM_QUOTA = 8192;
export const TRUST_POLICY_QUOTA_CODE = 'L-C07B4B0D';

// The longest values a deploy-time token in a trust policy can plausibly render to.
// An account ID is 12 digits. Role names: at most 64 characters; paths: at most 512 (IAM quotas page,
// "IAM and STS character quotas"). EKS cluster names: at most 100 (EKS CreateCluster). Kubernetes
// namespaces: RFC 1123 labels, at most 63; service accounts: RFC 1123 subdomains, at most 253.
// Source: awsdocs/iam-user-guide doc_source/reference_iam-quotas.md @ 0baff9b (checked 2026-12-07)
// Source: https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html (name: 1-100 characters) @ the page as read (checked 2026-12-07)
// Source: kubernetes/apimachinery pkg/util/validation/validation.go (DNS1123LabelMaxLength 63, DNS1123SubdomainMaxLength 253) @ master as read (checked 2026-12-07)
const ACCOUNT_ID = '123456789012';
const ROLE_NAME_MAX = 64;
const ROLE_PATH_MAX = 512;
const CLUSTER_NAME_MAX = 100;
const NAMESPACE_MAX = 63;
const SERVICE_ACCOUNT_MAX = 253;

// The ExternalId EKS passes for an association with session tags off: the EKS User Guide shows it as
// `region/111122223333/cluster-name/namespace/service-account-name`, so its longest form is made of the
// longest of each part.
// Source: awsdocs/amazon-eks-user-guide latest/ug/manage-access/aws-access/pod-id-assign-target-role.adoc @ 06e01eb (checked 2026-12-07)
function externalIdLength(context: Context, cluster: number, namespace: number, serviceAccount: number): number {
  return [context.region.length, ACCOUNT_ID.length, cluster, namespace, serviceAccount].reduce((sum, part) => sum + part, 4);
}

// Partitions and regions as aws-cdk-lib knows them: the longest of each stands for a value known only
// at deploy time (`aws-us-gov`; `us-isof-south-1` in aws-cdk-lib 2.257.0).
// Source: aws-cdk-lib region-info RegionInfo.regions @ as installed, 2.257.0 (checked 2026-12-07)
const LONGEST_PARTITION = longest(RegionInfo.regions.map(region => region.partition ?? ''));
const LONGEST_REGION = longest(RegionInfo.regions.map(region => region.name));

/** The estimated size of a role's trust policy. */
export interface TrustPolicySize {
  /** Characters of the policy without white space, each deploy-time value at its longest plausible length. */
  readonly characters: number;
  /** The deploy-time values whose length could not be bounded, which `characters` counts as empty. */
  readonly unknown: string[];
}

/**
 * Estimates the size of `role`'s trust policy as IAM counts it: the JSON document without white space
 * (CloudFormation passes the document as JSON, and IAM does not count white space), with each value
 * known only at deploy time counted at the longest value it can plausibly render to: pseudo parameters
 * by the stack's partition and region (the longest ones where the stack has none), a role or a cluster
 * of this app by its literal name and path (the longest name where CloudFormation names it), an
 * imported value by the export it reads, and any other value by the condition it stands in (an ARN of
 * a role with the longest path and name for `aws:PrincipalArn`, a cluster ARN for `eks-cluster-arn`, the longest name
 * for a namespace or service account, the longest ExternalId of EKS's form for `sts:ExternalId`); an
 * association's ExternalId attribute counts in EKS's form, from the association's own names. The result is deterministic: it depends on the app only.
 */
export function estimateTrustPolicySize(role: iam.Role): TrustPolicySize | undefined {
  const stack = Stack.of(role);
  const document = stack.resolve(role.assumeRolePolicy);
  if (document === undefined) return undefined;
  const estimator = new Estimator(role.node.root);
  const characters = estimator.json(document, contextOf(stack));
  return { characters, unknown: estimator.unknown };
}

interface Context {
  readonly stack: Stack;
  readonly partition: string;
  readonly region: string;
}

function contextOf(stack: Stack): Context {
  const region = Token.isUnresolved(stack.region) ? undefined : stack.region;
  return {
    stack,
    region: region ?? LONGEST_REGION,
    partition: (region !== undefined ? RegionInfo.get(region).partition : undefined) ?? LONGEST_PARTITION,
  };
}

class Estimator {
  public readonly unknown: string[] = [];
  private readonly resources = new Map<Stack, Map<string, CfnResource>>();
  private outputs?: CfnOutput[];

  constructor(private readonly root: IConstruct) {}

  /** Characters of `value` as JSON without white space. */
  public json(value: unknown, context: Context, slot?: string): number {
    if (value === undefined || value === null) return 'null'.length;
    if (typeof value === 'string') return JSON.stringify(value).length;
    if (typeof value !== 'object') return String(value).length;
    if (Array.isArray(value)) return list(value.map(item => this.json(item, context, slot)));
    if (isIntrinsic(value)) return 2 + this.text(value, context, slot);
    const entries = Object.entries(value).filter(([, inner]) => inner !== undefined);
    return list(entries.map(([key, inner]) => JSON.stringify(key).length + 1 + this.json(inner, context, key)));
  }

  /** Characters of the string `value` renders to, without its quotes. */
  private text(value: unknown, context: Context, slot?: string): number {
    const known = this.known(value, context, slot);
    if (known !== undefined) return known;
    const bound = slotMaximum(slot, context);
    if (bound !== undefined) return bound;
    this.unknown.push(JSON.stringify(value));
    return 0;
  }

  /** Characters of the string `value` renders to, when this app tells. */
  private known(value: unknown, context: Context, slot?: string): number | undefined {
    if (typeof value === 'string') return JSON.stringify(value).length - 2;
    if (!isIntrinsic(value)) return undefined;
    const [[fn, args]] = Object.entries(value);
    switch (fn) {
      case 'Ref': return this.ref(args, context);
      case 'Fn::GetAtt': return this.getAtt(args, context);
      case 'Fn::Join': return this.join(args, context);
      case 'Fn::ImportValue': return this.importValue(args, context, slot);
      default: return undefined;
    }
  }

  /** Characters of a resource's property: its literal, the value it refers to, or at most `max`. */
  private property(value: string | undefined, context: Context, max: number): number {
    if (value === undefined) return max;
    return this.known(context.stack.resolve(value), context) ?? max;
  }

  private ref(name: unknown, context: Context): number | undefined {
    switch (name) {
      case 'AWS::Partition': return context.partition.length;
      case 'AWS::Region': return context.region.length;
      case 'AWS::AccountId': return ACCOUNT_ID.length;
      default: return typeof name === 'string' ? this.resourceValue(name, undefined, context) : undefined;
    }
  }

  private getAtt(args: unknown, context: Context): number | undefined {
    if (!Array.isArray(args) || typeof args[0] !== 'string' || typeof args[1] !== 'string') return undefined;
    return this.resourceValue(args[0], args[1], context);
  }

  private join(args: unknown, context: Context): number | undefined {
    if (!Array.isArray(args) || typeof args[0] !== 'string' || !Array.isArray(args[1])) return undefined;
    const parts: unknown[] = args[1];
    return parts.reduce<number>((sum, part) => sum + this.text(part, context), 0) + args[0].length * Math.max(parts.length - 1, 0);
  }

  // A value of another stack of this app, which CDK passes as an export.
  private importValue(name: unknown, context: Context, slot?: string): number | undefined {
    if (typeof name !== 'string') return undefined;
    this.outputs ??= this.root.node.findAll().filter((c): c is CfnOutput => c instanceof CfnOutput);
    const output = this.outputs.find(candidate => candidate.exportName !== undefined && Stack.of(candidate).resolve(candidate.exportName) === name);
    if (!output) return undefined;
    const there = Stack.of(output);
    return this.text(there.resolve(output.value), there === context.stack ? context : contextOf(there), slot);
  }

  // A Ref or Fn::GetAtt of a role or a cluster of this app, from its literal properties.
  private resourceValue(logicalId: string, attribute: string | undefined, context: Context): number | undefined {
    const resource = this.resourceOf(logicalId, context.stack);
    if (resource?.cfnResourceType === iam.CfnRole.CFN_RESOURCE_TYPE_NAME) {
      const role = resource as iam.CfnRole;
      const name = this.property(role.roleName, context, ROLE_NAME_MAX);
      if (attribute === undefined) return name;
      if (attribute !== 'Arn') return undefined;
      // CloudFormation's default path is `/`.
      const path = role.path === undefined ? 1 : this.property(role.path, context, ROLE_PATH_MAX);
      return `arn:${context.partition}:iam::${ACCOUNT_ID}:role`.length + path + name;
    }
    if (resource?.cfnResourceType === CfnPodIdentityAssociation.CFN_RESOURCE_TYPE_NAME && attribute === 'ExternalId') {
      const association = resource as CfnPodIdentityAssociation;
      return externalIdLength(context,
        this.property(association.clusterName, context, CLUSTER_NAME_MAX),
        this.property(association.namespace, context, NAMESPACE_MAX),
        this.property(association.serviceAccount, context, SERVICE_ACCOUNT_MAX));
    }
    if (resource?.cfnResourceType === CfnCluster.CFN_RESOURCE_TYPE_NAME) {
      const name = this.property((resource as CfnCluster).name, context, CLUSTER_NAME_MAX);
      if (attribute === undefined) return name;
      return attribute === 'Arn' ? clusterArnLength(context, name) : undefined;
    }
    return undefined;
  }

  private resourceOf(logicalId: string, stack: Stack): CfnResource | undefined {
    let byId = this.resources.get(stack);
    if (!byId) {
      byId = new Map();
      for (const child of stack.node.findAll()) {
        if (CfnResource.isCfnResource(child) && Stack.of(child) === stack) byId.set(stack.resolve(child.logicalId), child);
      }
      this.resources.set(stack, byId);
    }
    return byId.get(logicalId);
  }
}

// The longest value a deploy-time value can render to where it stands for one thing of a trust statement.
function slotMaximum(slot: string | undefined, context: Context): number | undefined {
  switch (slot) {
    case 'AWS': return `arn:${context.partition}:iam::${ACCOUNT_ID}:root`.length;
    // A role imported by a deploy-time ARN may have a path (`/` and up to 512 characters with its slashes).
    case 'aws:PrincipalArn': return `arn:${context.partition}:iam::${ACCOUNT_ID}:role`.length + ROLE_PATH_MAX + ROLE_NAME_MAX;
    case `aws:RequestTag/${SessionTag.CLUSTER_ARN}`: return clusterArnLength(context, CLUSTER_NAME_MAX);
    case `aws:RequestTag/${SessionTag.NAMESPACE}`: return NAMESPACE_MAX;
    case `aws:RequestTag/${SessionTag.SERVICE_ACCOUNT}`: return SERVICE_ACCOUNT_MAX;
    case 'sts:ExternalId': return externalIdLength(context, CLUSTER_NAME_MAX, NAMESPACE_MAX, SERVICE_ACCOUNT_MAX);
    default: return undefined;
  }
}

function clusterArnLength(context: Context, name: number): number {
  return `arn:${context.partition}:eks:${context.region}:${ACCOUNT_ID}:cluster/`.length + name;
}

function isIntrinsic(value: unknown): value is { [fn: string]: unknown } {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

// Brackets or braces around items separated by commas.
function list(sizes: number[]): number {
  return 2 + sizes.reduce((sum, size) => sum + size, 0) + Math.max(sizes.length - 1, 0);
}

function longest(values: string[]): string {
  return values.reduce((best, value) => value.length > best.length ? value : best, '');
}
