import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { _amazonManagedPrometheusStatements, AmazonManagedPrometheusPolicyOptions } from './amazon-managed-prometheus';
import { _appMeshControllerStatements } from './app-mesh-controller';
import { _appMeshEnvoyProxyStatements, AppMeshEnvoyProxyPolicyOptions } from './app-mesh-envoy-proxy';
import { _awsLoadBalancerControllerStatements, AwsLoadBalancerControllerPolicyOptions } from './aws-load-balancer-controller';
import {
  _awsLoadBalancerControllerTargetGroupBindingStatements,
  AwsLoadBalancerControllerTargetGroupBindingPolicyOptions,
} from './aws-load-balancer-controller-target-group-binding';
import { _certManagerStatements, CertManagerPolicyOptions } from './cert-manager';
import { _cloudWatchObservabilityStatements } from './cloudwatch-observability';
import { _clusterAutoscalerStatements, ClusterAutoscalerPolicyOptions } from './cluster-autoscaler';
import { _ebsCsiDriverStatements, EbsCsiDriverPolicyOptions } from './ebs-csi-driver';
import { _efsCsiDriverStatements } from './efs-csi-driver';
import { _externalDnsStatements, ExternalDnsPolicyOptions } from './external-dns';
import { _externalSecretsStatements, ExternalSecretsPolicyOptions } from './external-secrets';
import { _fsxLustreCsiDriverStatements, FsxLustreCsiDriverPolicyOptions } from './fsx-lustre-csi-driver';
import { _gatewayApiControllerStatements } from './gateway-api-controller';
import { _imageBuilderStatements, ImageBuilderPolicyOptions } from './image-builder';
import { _karpenterStatements, KarpenterPolicyOptions } from './karpenter';
import { _mountpointS3CsiDriverStatements, MountpointS3CsiDriverPolicyOptions } from './mountpoint-s3-csi-driver';
import { _nodeTerminationHandlerStatements, NodeTerminationHandlerPolicyOptions } from './node-termination-handler';
import { _privateCaIssuerStatements, PrivateCaIssuerPolicyOptions } from './private-ca-issuer';
import { _veleroStatements, VeleroPolicyOptions } from './velero';
import { _vpcCniStatements, VpcCniPolicyOptions } from './vpc-cni';

type Render = (scope: IConstruct) => iam.PolicyStatement[];

/**
 * A ready, least-privilege IAM policy for a controller commonly run on EKS.
 *
 * Each factory tracks the policy the controller's project publishes (named in its documentation),
 * never grants a wildcard action, keeps upstream's tag conditions where a controller needs
 * `Resource: '*'`, and scopes to the resources you pass where it can.
 *
 * Attach one with `policy.attachTo(grantee)`, where the grantee is a role or a
 * `PodIdentityAssociation`, or render it with `statements(scope)` or `toPolicyDocument(scope)`.
 * The options are read when the statements are rendered, in `attachTo`, `statements` or
 * `toPolicyDocument`, which also check them.
 */
export class WellKnownPolicy {
  /**
   * The AWS Load Balancer Controller: ALBs and NLBs for Ingresses and Services.
   *
   * Tracks aws-load-balancer-controller v2.13 `docs/install/iam_policy.json`. With `clusterName`, the
   * tag conditions test the cluster's name, but listeners, rules, target registration and security
   * group ingress stay unconditioned, as upstream: see `clusterName`.
   */
  public static awsLoadBalancerController(options: AwsLoadBalancerControllerPolicyOptions = {}): WellKnownPolicy {
    return new WellKnownPolicy('aws-load-balancer-controller', scope => _awsLoadBalancerControllerStatements(scope, options));
  }

  /**
   * The AWS Load Balancer Controller when it only reconciles `TargetGroupBinding`s to existing target groups.
   *
   * Tracks the controller's "TargetGroupBinding only" subset (`docs/deploy/installation.md`), which
   * leaves out security group rules; with `securityGroupRulesVpc`, it may also manage ingress rules.
   */
  public static awsLoadBalancerControllerTargetGroupBinding(
    options: AwsLoadBalancerControllerTargetGroupBindingPolicyOptions): WellKnownPolicy {
    return new WellKnownPolicy('aws-load-balancer-controller-target-group-binding',
      scope => _awsLoadBalancerControllerTargetGroupBindingStatements(scope, options));
  }

  /**
   * The Kubernetes Cluster Autoscaler, limited to the Auto Scaling groups of the given clusters.
   *
   * Tracks kubernetes/autoscaler `cluster-autoscaler/cloudprovider/aws/README.md` (cluster-autoscaler 1.3x).
   */
  public static clusterAutoscaler(options: ClusterAutoscalerPolicyOptions): WellKnownPolicy {
    return new WellKnownPolicy('cluster-autoscaler', scope => _clusterAutoscalerStatements(scope, options));
  }

  /**
   * ExternalDNS with Route 53, writing only to the given hosted zones.
   *
   * Tracks kubernetes-sigs/external-dns `docs/tutorials/aws.md` (v0.1x).
   */
  public static externalDns(options: ExternalDnsPolicyOptions): WellKnownPolicy {
    return new WellKnownPolicy('external-dns', scope => _externalDnsStatements(scope, options));
  }

  /**
   * cert-manager's Route 53 DNS-01 solver, writing only `TXT` records in the given hosted zones.
   *
   * Tracks cert-manager v1.x `docs/configuration/acme/dns01/route53`.
   */
  public static certManager(options: CertManagerPolicyOptions): WellKnownPolicy {
    return new WellKnownPolicy('cert-manager', scope => _certManagerStatements(scope, options));
  }

  /**
   * The Amazon EBS CSI driver, with optional customer managed keys.
   *
   * Tracks aws-ebs-csi-driver v1.59 `docs/example-iam-policy.json` (= `AmazonEBSCSIDriverPolicy` v15).
   */
  public static ebsCsiDriver(options: EbsCsiDriverPolicyOptions = {}): WellKnownPolicy {
    return new WellKnownPolicy('ebs-csi-driver', scope => _ebsCsiDriverStatements(scope, options));
  }

  /**
   * The Amazon EFS CSI driver (dynamic provisioning with access points).
   *
   * Tracks the AWS managed policy `AmazonEFSCSIDriverPolicy` (aws-efs-csi-driver v2.x).
   */
  public static efsCsiDriver(): WellKnownPolicy {
    return new WellKnownPolicy('efs-csi-driver', scope => _efsCsiDriverStatements(scope));
  }

  /**
   * The Amazon FSx for Lustre CSI driver, with optional S3 data repositories.
   *
   * Tracks aws-fsx-csi-driver v1.x `docs/install.md`.
   */
  public static fsxLustreCsiDriver(options: FsxLustreCsiDriverPolicyOptions = {}): WellKnownPolicy {
    return new WellKnownPolicy('fsx-lustre-csi-driver', scope => _fsxLustreCsiDriverStatements(scope, options));
  }

  /**
   * The Mountpoint for Amazon S3 CSI driver, for the given buckets and prefixes.
   *
   * Tracks awslabs/mountpoint-s3 v1.x `doc/CONFIGURATION.md` ("IAM permissions").
   */
  public static mountpointS3CsiDriver(options: MountpointS3CsiDriverPolicyOptions): WellKnownPolicy {
    return new WellKnownPolicy('mountpoint-s3-csi-driver', scope => _mountpointS3CsiDriverStatements(scope, options));
  }

  /**
   * The External Secrets Operator, reading the given SSM parameters and Secrets Manager secrets.
   *
   * Tracks external-secrets `docs/provider/aws-secrets-manager.md` (with `BatchGetSecretValue` for `find`)
   * and terraform-aws-eks-pod-identity `external_secrets.tf` for Parameter Store.
   */
  public static externalSecrets(options: ExternalSecretsPolicyOptions): WellKnownPolicy {
    return new WellKnownPolicy('external-secrets', scope => _externalSecretsStatements(scope, options));
  }

  /**
   * Velero with the AWS plugin: backups in one bucket (and prefix), optional EBS snapshots and keys.
   *
   * Tracks vmware-tanzu/velero-plugin-for-aws v1.x `README.md` ("Set permissions for Velero").
   */
  public static velero(options: VeleroPolicyOptions): WellKnownPolicy {
    return new WellKnownPolicy('velero', scope => _veleroStatements(scope, options));
  }

  /**
   * A collector that remote-writes to (and queries) Amazon Managed Service for Prometheus workspaces.
   *
   * Tracks the Amazon Managed Service for Prometheus User Guide ("Set up IAM roles for service accounts").
   */
  public static amazonManagedPrometheus(options: AmazonManagedPrometheusPolicyOptions): WellKnownPolicy {
    return new WellKnownPolicy('amazon-managed-prometheus', scope => _amazonManagedPrometheusStatements(scope, options));
  }

  /**
   * The Amazon CloudWatch Observability add-on (CloudWatch agent, Fluent Bit, X-Ray).
   *
   * Tracks the AWS managed policies `CloudWatchAgentServerPolicy` and `AWSXrayWriteOnlyAccess`.
   */
  public static cloudWatchObservability(): WellKnownPolicy {
    return new WellKnownPolicy('cloudwatch-observability', scope => _cloudWatchObservabilityStatements(scope));
  }

  /**
   * The Amazon VPC CNI plugin, for IPv4 (optionally scoped to one cluster) or IPv6 clusters.
   *
   * Tracks amazon-vpc-cni-k8s `docs/iam-policy.md` after v1.22.1 (= `AmazonEKS_CNI_Policy` for IPv4).
   */
  public static vpcCni(options: VpcCniPolicyOptions = {}): WellKnownPolicy {
    return new WellKnownPolicy('vpc-cni', scope => _vpcCniStatements(scope, options));
  }

  /**
   * The AWS Node Termination Handler in queue processor mode, polling the given queues.
   *
   * Tracks aws/aws-node-termination-handler v1.x `README.md` ("Queue Processor").
   */
  public static nodeTerminationHandler(options: NodeTerminationHandlerPolicyOptions): WellKnownPolicy {
    return new WellKnownPolicy('node-termination-handler', scope => _nodeTerminationHandlerStatements(scope, options));
  }

  /**
   * The AWS Private CA Issuer for cert-manager, issuing from the given CAs.
   *
   * Tracks cert-manager/aws-privateca-issuer v1.x `README.md`.
   */
  public static privateCaIssuer(options: PrivateCaIssuerPolicyOptions): WellKnownPolicy {
    return new WellKnownPolicy('private-ca-issuer', scope => _privateCaIssuerStatements(scope, options));
  }

  /**
   * The AWS App Mesh controller for Kubernetes.
   *
   * Tracks aws-app-mesh-controller-for-k8s v1.x `config/iam/controller-iam-policy.json`.
   */
  public static appMeshController(): WellKnownPolicy {
    return new WellKnownPolicy('app-mesh-controller', scope => _appMeshControllerStatements(scope));
  }

  /**
   * The Envoy proxies of App Mesh, with TLS permissions only for the given certificates and CAs.
   *
   * Tracks aws-app-mesh-controller-for-k8s v1.x `config/iam/envoy-iam-policy.json`.
   */
  public static appMeshEnvoyProxy(options: AppMeshEnvoyProxyPolicyOptions = {}): WellKnownPolicy {
    return new WellKnownPolicy('app-mesh-envoy-proxy', scope => _appMeshEnvoyProxyStatements(scope, options));
  }

  /**
   * The AWS Gateway API Controller for Amazon VPC Lattice.
   *
   * Tracks aws-application-networking-k8s v2.0.2 `files/controller-installation/recommended-inline-policy.json`
   * (with `acm:ListCertificates`), with its `vpc-lattice:*` spelled out.
   */
  public static gatewayApiController(): WellKnownPolicy {
    return new WellKnownPolicy('gateway-api-controller', scope => _gatewayApiControllerStatements(scope));
  }

  /**
   * The Karpenter controller for one cluster, its node role and optional interruption queue.
   *
   * Tracks karpenter-provider-aws 1.12 `getting-started-with-karpenter/cloudformation.yaml`.
   */
  public static karpenter(options: KarpenterPolicyOptions): WellKnownPolicy {
    return new WellKnownPolicy('karpenter', scope => _karpenterStatements(scope, options));
  }

  /**
   * An in-cluster image builder that pulls from and pushes to the given ECR repositories.
   *
   * Tracks eksctl's `imageBuilder` well-known policy (`AmazonEC2ContainerRegistryPowerUser`), narrowed.
   */
  public static imageBuilder(options: ImageBuilderPolicyOptions): WellKnownPolicy {
    return new WellKnownPolicy('image-builder', scope => _imageBuilderStatements(scope, options));
  }

  /**
   * The stable id of the policy, e.g. `'aws-load-balancer-controller'`.
   */
  public readonly name: string;

  private readonly render: Render;

  private constructor(name: string, render: Render) {
    this.name = name;
    this.render = render;
  }

  /**
   * The policy's statements, checked and rendered for `scope` (new objects on every call).
   *
   * @param scope the construct that reports bad options, e.g. the role the statements go to
   * @throws PodIdentityError if the options are not usable, e.g. an empty list of clusters
   */
  public statements(scope: IConstruct): iam.PolicyStatement[] {
    return this.render(scope);
  }

  /**
   * The policy as a document, e.g. for an `iam.ManagedPolicy` or a role's `inlinePolicies`.
   *
   * @param scope the construct that reports bad options
   */
  public toPolicyDocument(scope: IConstruct): iam.PolicyDocument {
    return new iam.PolicyDocument({ statements: this.statements(scope) });
  }

  /**
   * Adds the statements to the policy of the grantee's principal, like the `grantXxx()` methods do.
   *
   * Works with a role, a user, a group, or anything that grants to one, such as a `PodIdentityAssociation`.
   * The returned grant is unsuccessful if the principal has no policy to add to (e.g. an imported role
   * that cannot be changed); `assertSuccess()` turns that into an error.
   *
   * @param grantee who gets the permissions
   */
  public attachTo(grantee: iam.IGrantable): iam.Grant {
    const scope = Construct.isConstruct(grantee) ? grantee
      : Construct.isConstruct(grantee.grantPrincipal) ? grantee.grantPrincipal
        : undefined;
    if (scope === undefined) {
      return iam.Grant.drop(grantee, `attach well-known policy '${this.name}'`);
    }
    return this.statements(scope)
      .map(statement => iam.Grant.addToPrincipal({
        grantee,
        actions: statement.actions,
        resourceArns: statement.resources,
        conditions: statement.conditions,
      }))
      .reduce((all, grant) => all.combine(grant));
  }
}
