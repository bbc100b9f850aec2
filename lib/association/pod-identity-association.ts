import { Fn, IResource, PhysicalName, Resource, Stack, Token } from 'aws-cdk-lib';
import { CfnPodIdentityAssociation, IClusterRef } from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type * as agentModule from '../agent/pod-identity-agent';
import { PodIdentityChecks } from '../checks/pod-identity-checks';
import { validateClusterName, validateNamespace, validateServiceAccount } from '../private/names';
import { claimServiceAccount } from '../private/registry';
import { PodIdentityRole } from '../role/pod-identity-role';
import { asTargetRole, chainTo, clusterArnFor } from './chain';
import { compareEnvironments } from '../private/environment';
import { codeSpan, propSpan, setting } from '../private/code';
import { PodIdentityError } from '../private/errors';
import { ASSOCIATION_TAG_LIMITS, validateTags } from '../private/tags';
import { validateRoleAccount, validateRoleScope, validateSessionOptions, validateSessionPolicySize } from './validate';
import { policiesOf } from '../private/role-policies';

/**
 * A pod identity association: the role EKS hands to the pods of one service account.
 */
export interface IPodIdentityAssociation extends IResource {
  /**
   * The ARN of the association.
   *
   * @attribute
   */
  readonly associationArn: string;

  /**
   * The ID of the association, e.g. `a-abcdefghijklmnop1`.
   *
   * @attribute
   */
  readonly associationId: string;
}

/**
 * Properties of a PodIdentityAssociation.
 */
export interface PodIdentityAssociationProps {
  /**
   * The cluster: an `eks.Cluster`, a `CfnCluster`, or `CfnCluster.fromClusterName(...)`.
   */
  readonly cluster: IClusterRef;

  /**
   * The Kubernetes namespace of the service account.
   */
  readonly namespace: string;

  /**
   * The name of the Kubernetes service account whose pods get the role.
   */
  readonly serviceAccount: string;

  /**
   * The role the pods receive. It must be in the cluster's account and trust `pods.eks.amazonaws.com`.
   *
   * @default - a new PodIdentityRole that only this cluster, namespace and service account can assume
   */
  readonly role?: iam.IRole;

  /**
   * A role that EKS chains into after assuming `role`, usually in another account. The pods receive
   * this role's credentials. `role` is allowed to assume it (`sts:AssumeRole`, `sts:TagSession`);
   * a `PodIdentityTargetRole` also gets a trust statement for this association: with session tags
   * on, one that tests its session tags (namespace, service account and, where it can be written
   * without a reference to another stack, cluster ARN); with `sessionTags: false`, one that tests
   * its ExternalId.
   *
   * @default - no role chaining: the pods receive `role`'s credentials
   */
  readonly targetRole?: iam.IRole;

  /**
   * This association's ExternalId, for a `PodIdentityTargetRole` that CloudFormation cannot pass it
   * to (one in another account or region), with `sessionTags: false`: EKS passes an ExternalId to
   * the target role only when session tags are off. EKS assigns it when it creates the association;
   * read it after the first deploy (a stack output of `externalId`, or
   * `aws eks describe-pod-identity-association`) and give it here, so that the target role's trust
   * statement for this association tests it. With session tags on it is an error (it would be used
   * nowhere).
   *
   * @default - with `sessionTags: false`, the association's `ExternalId` attribute when the target
   * role is in the same account and region; otherwise the target role's trust for this association
   * has no `sts:ExternalId` condition, and a warning says so
   */
  readonly targetRoleExternalId?: string;

  /**
   * Whether to give `role` `sts:AssumeRole` and `sts:TagSession` on `targetRole`. Turn it off for a
   * role whose policy this app does not manage (imported with `mutable: false`) after granting those
   * actions where the role is managed. Without `targetRole` it has no effect.
   *
   * @default true
   */
  readonly grantAssumeTargetRole?: boolean;

  /**
   * Whether EKS adds its session tags (`eks-cluster-arn`, `kubernetes-namespace`, ...) to the role session.
   * Turn them off to use a `sessionPolicy`, or when the tags would overflow the session's packed size.
   *
   * @default true
   */
  readonly sessionTags?: boolean;

  /**
   * A session policy that narrows what the pods may do with the role (or the target role). Needs
   * `sessionTags: false`; at most 2,048 characters as JSON.
   *
   * @default - no session policy
   */
  readonly sessionPolicy?: iam.PolicyDocument;

  /**
   * Wait for the cluster's Pod Identity Agent before creating the association, so that workloads
   * deployed after it find the agent running. Uses the agent declared for the cluster in this app, or
   * declares the managed add-on (`PodIdentityAgent.of`); declare `AgentDeployment.none()` first for
   * EKS Auto Mode or an agent installed elsewhere.
   *
   * @default false
   */
  readonly waitForAgent?: boolean;

  /**
   * Tags for the association.
   *
   * @default - none
   */
  readonly tags?: { [key: string]: string };
}

/**
 * Attributes of an existing pod identity association.
 */
export interface PodIdentityAssociationAttributes {
  /**
   * The ARN of the association.
   */
  readonly associationArn: string;

  /**
   * The ID of the association.
   *
   * @default - taken from the last part of the ARN
   */
  readonly associationId?: string;
}

/**
 * An EKS pod identity association (`AWS::EKS::PodIdentityAssociation`).
 *
 * Grants go to the role whose credentials the pods receive: `bucket.grantRead(association)`.
 * Nothing here needs kubectl or a Lambda function, and no IRSA annotation is written.
 */
export class PodIdentityAssociation extends Resource implements IPodIdentityAssociation, iam.IGrantable {
  /**
   * Import an association by its ARN.
   */
  public static fromAssociationArn(scope: Construct, id: string, associationArn: string): IPodIdentityAssociation {
    return PodIdentityAssociation.fromAssociationAttributes(scope, id, { associationArn });
  }

  /**
   * Import an association from its attributes.
   */
  public static fromAssociationAttributes(scope: Construct, id: string, attrs: PodIdentityAssociationAttributes): IPodIdentityAssociation {
    // arn:<partition>:eks:<region>:<account>:podidentityassociation/<cluster>/<id>
    const arn = attrs.associationArn;
    const associationId = attrs.associationId
      ?? (Token.isUnresolved(arn) ? Fn.select(2, Fn.split('/', arn)) : arn.split('/').pop()!);
    class Import extends Resource implements IPodIdentityAssociation {
      public readonly associationArn = attrs.associationArn;
      public readonly associationId = associationId;
    }
    return new Import(scope, id, { environmentFromArn: attrs.associationArn });
  }

  // Attributes are read on demand: most apps never read them, and large apps make thousands.
  public get associationArn(): string {
    return this.resource.attrAssociationArn;
  }

  public get associationId(): string {
    return this.resource.attrAssociationId;
  }

  /**
   * The ID EKS puts in `sts:ExternalId` when it chains into a target role for an association with
   * session tags off (EKS User Guide, pod-id-assign-target-role).
   *
   * @attribute
   */
  public get externalId(): string {
    return this.resource.attrExternalId;
  }

  /** The association's role, which EKS assumes for the pods. */
  public readonly role: iam.IRole;

  /** The role EKS chains into after `role`, if any; the pods then receive its credentials. */
  public readonly targetRole?: iam.IRole;

  /** Grants go to the role whose credentials the pods receive: `targetRole` if set, else `role`. */
  public readonly grantPrincipal: iam.IPrincipal;

  /** The cluster of the association. */
  public readonly cluster: IClusterRef;

  /** The namespace of the service account. */
  public readonly namespace: string;

  /** The service account. */
  public readonly serviceAccount: string;

  private readonly resource: CfnPodIdentityAssociation;

  constructor(scope: Construct, id: string, props: PodIdentityAssociationProps) {
    super(scope, id);
    PodIdentityChecks.addTo(this);
    const clusterName = props.cluster.clusterRef.clusterName;
    const sessionTags = props.sessionTags ?? true;
    validateClusterName(this, clusterName);
    validateNamespace(this, props.namespace);
    validateServiceAccount(this, props.serviceAccount);
    validateTags(this, 'tags', props.tags, ASSOCIATION_TAG_LIMITS);
    validateRoleScope(this, props.role, props.cluster, props.namespace, props.serviceAccount);
    validateSessionOptions(this, props.role, sessionTags, props.sessionPolicy);
    validateTargetRoleOptions(this, props, sessionTags);
    if (props.role) validateRoleAccount(this, props.role, props.cluster);
    claimServiceAccount(this, props.cluster, props.namespace, props.serviceAccount);

    this.cluster = props.cluster;
    this.namespace = props.namespace;
    this.serviceAccount = props.serviceAccount;
    this.role = props.role ?? new PodIdentityRole(this, 'Role', {
      // Without session tags a tag-scoped trust could never match.
      clusters: sessionTags ? [props.cluster] : undefined,
      namespaces: sessionTags ? [props.namespace] : undefined,
      serviceAccounts: sessionTags ? [props.serviceAccount] : undefined,
      // A target role in another account refers to this role by name.
      roleName: PhysicalName.GENERATE_IF_NEEDED,
    });
    this.targetRole = props.targetRole;
    this.grantPrincipal = props.targetRole ?? this.role;

    this.resource = new CfnPodIdentityAssociation(this, 'Resource', {
      clusterName,
      namespace: props.namespace,
      serviceAccount: props.serviceAccount,
      roleArn: this.role.roleArn,
      targetRoleArn: props.targetRole && chainTo(this, props.targetRole, props.grantAssumeTargetRole ?? true),
      // Explicit false: an update that leaves DisableSessionTags out need not turn the tags back on
      // (it is optional in UpdatePodIdentityAssociation).
      // Source: https://docs.rs/aws-sdk-eks/latest/aws_sdk_eks/operation/update_pod_identity_association/struct.UpdatePodIdentityAssociationInput.html @ latest (checked 2026-12-01)
      disableSessionTags: !sessionTags,
      policy: props.sessionPolicy && Stack.of(this).toJsonString(props.sessionPolicy),
      tags: props.tags && Object.entries(props.tags).map(([key, value]) => ({ key, value })),
    });
    // Pods should not get the role before its policies exist.
    this.resource.node.addDependency(policiesOf(this.role));
    if (props.waitForAgent) {
      // Loaded here, not at import: an app whose associations do not wait for the agent never needs its module.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { PodIdentityAgent }: typeof agentModule = require('../agent/pod-identity-agent');
      PodIdentityAgent.of(this, props.cluster).addDependent(this.resource);
    }
    const targetRole = asTargetRole(props.targetRole);
    if (targetRole) {
      targetRole.trustAssociation(sessionTags ? {
        role: this.role,
        construct: this,
        namespace: props.namespace,
        serviceAccount: props.serviceAccount,
        clusterArn: clusterArnFor(this, props.cluster, targetRole),
      } : {
        role: this.role,
        construct: this,
        sessionTags: false,
        // The ExternalId attribute reaches the target role only within one account and region.
        externalId: props.targetRoleExternalId
          ?? (compareEnvironments(Stack.of(this), Stack.of(targetRole)) === 'same' ? this.externalId : undefined),
      });
    }
    if (props.sessionPolicy) {
      const policy = props.sessionPolicy;
      this.node.addValidation({ validate: () => validateSessionPolicySize(this, policy) });
    }
  }

  /**
   * Make this association wait for other constructs (for example the cluster's agent or node group).
   */
  public addDependency(...dependencies: Construct[]): void {
    this.resource.node.addDependency(...dependencies);
  }
}

function validateTargetRoleOptions(scope: PodIdentityAssociation, props: PodIdentityAssociationProps, sessionTags: boolean): void {
  if (props.targetRoleExternalId === undefined) return;
  if (!asTargetRole(props.targetRole)) {
    throw new PodIdentityError('external-id-without-target-role', scope,
      `${propSpan('targetRoleExternalId')} is given, but ${props.targetRole ? '`targetRole` is not a PodIdentityTargetRole, whose trust this library writes' : 'there is no `targetRole`'}, so it would be used nowhere`,
      `Pass a PodIdentityTargetRole as ${propSpan('targetRole')}, or remove ${propSpan('targetRoleExternalId')} and put the ExternalId in the target role's trust where it is managed`);
  }
  if (sessionTags) {
    throw new PodIdentityError('external-id-with-session-tags', scope,
      `${propSpan('targetRoleExternalId')} is given, but session tags are on, and EKS passes an ExternalId to a target role only for an association with session tags off; the target role's trust for this association tests its session tags instead, so the ExternalId would be used nowhere`,
      `Remove ${propSpan('targetRoleExternalId')}, or set ${codeSpan(setting('sessionTags', false))} to have the trust test the ExternalId`);
  }
}
