import { Fn, IResource, Resource, Stack, Token, TokenComparison } from 'aws-cdk-lib';
import { CfnPodIdentityAssociation, IClusterRef } from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PodIdentityError, quote } from '../private/errors';
import { validateClusterName, validateNamespace, validateServiceAccount } from '../private/names';
import { claimServiceAccount } from '../private/registry';
import { PodIdentityRole } from '../role/pod-identity-role';

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

  public readonly associationArn: string;
  public readonly associationId: string;

  /**
   * The ID EKS puts in `sts:ExternalId` when it chains into a target role.
   *
   * @attribute
   */
  public readonly externalId: string;

  /** The role the pods receive. */
  public readonly role: iam.IRole;

  /** Grants to the association go to the role whose credentials the pods receive. */
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
    const clusterName = props.cluster.clusterRef.clusterName;
    validateClusterName(this, clusterName);
    validateNamespace(this, props.namespace);
    validateServiceAccount(this, props.serviceAccount);
    if (props.role) this.validateRoleAccount(props.role, props.cluster);
    claimServiceAccount(this, props.cluster, props.namespace, props.serviceAccount);

    this.cluster = props.cluster;
    this.namespace = props.namespace;
    this.serviceAccount = props.serviceAccount;
    this.role = props.role ?? new PodIdentityRole(this, 'Role', {
      clusters: [props.cluster],
      namespaces: [props.namespace],
      serviceAccounts: [props.serviceAccount],
    });
    this.grantPrincipal = this.role;

    this.resource = new CfnPodIdentityAssociation(this, 'Resource', {
      clusterName,
      namespace: props.namespace,
      serviceAccount: props.serviceAccount,
      roleArn: this.role.roleArn,
      tags: props.tags && Object.entries(props.tags).map(([key, value]) => ({ key, value })),
    });
    // Pods should not get the role before its policies exist.
    this.resource.node.addDependency(this.role);
    this.associationArn = this.resource.attrAssociationArn;
    this.associationId = this.resource.attrAssociationId;
    this.externalId = this.resource.attrExternalId;
  }

  /**
   * Make this association wait for other constructs (for example the cluster's agent or node group).
   */
  public addDependency(...dependencies: Construct[]): void {
    this.resource.node.addDependency(...dependencies);
  }

  private validateRoleAccount(role: iam.IRole, cluster: IClusterRef): void {
    const roleAccount = role.env.account;
    const clusterAccount = cluster.env.account ?? Stack.of(cluster).account;
    if (Token.compareStrings(roleAccount, clusterAccount) === TokenComparison.DIFFERENT) {
      throw new PodIdentityError('role-in-other-account', this,
        `role ${quote(role.roleArn)} is in account ${quote(roleAccount)} but the cluster is in account ${quote(clusterAccount)}; EKS only accepts a role from the cluster's account`,
        'Leave `role` unset (a role is made in the cluster\'s account) or create the role in the cluster\'s account; to reach another account, chain into a target role there');
    }
  }
}
