"""A private `aws-eks-v2` cluster that passes the validators, as `examples/shared.ts` builds it."""
from typing import Optional

from aws_cdk import Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_eks_v2 as eks
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from cdk_nag import NagPackSuppression, NagSuppressions
from constructs import Construct

# Every control-plane log type, as the validators ask of a cluster.
ALL_CLUSTER_LOGS = [
    eks.ClusterLoggingTypes.API,
    eks.ClusterLoggingTypes.AUDIT,
    eks.ClusterLoggingTypes.AUTHENTICATOR,
    eks.ClusterLoggingTypes.CONTROLLER_MANAGER,
    eks.ClusterLoggingTypes.SCHEDULER,
]


def guarded_key(scope: Construct, construct_id: str) -> kms.Key:
    """A customer managed key with rotation, on which only AWS services may create grants
    (cfn-guard's kms_create_grant_aws_service_check).
    """
    key = kms.Key(scope, construct_id, enable_key_rotation=True)
    key.add_to_resource_policy(
        iam.PolicyStatement(
            sid="OnlyAwsServicesCreateGrants",
            effect=iam.Effect.DENY,
            principals=[iam.AnyPrincipal()],
            actions=["kms:CreateGrant"],
            resources=["*"],
            conditions={
                "BoolIfExists": {
                    "kms:GrantIsForAWSResource": "false",
                    "aws:PrincipalIsAWSService": "false",
                }
            },
        )
    )
    return key


def cluster_vpc(scope: Construct, key: kms.IKey) -> ec2.Vpc:
    """A two-AZ VPC for a private cluster, with flow logs to a log group encrypted with `key`."""
    key.grant_encrypt_decrypt(iam.ServicePrincipal(f"logs.{Stack.of(scope).region}.amazonaws.com"))
    flow_logs = logs.LogGroup(scope, "FlowLogs", encryption_key=key, retention=logs.RetentionDays.ONE_YEAR)
    return ec2.Vpc(
        scope,
        "Vpc",
        max_azs=2,
        subnet_configuration=[
            ec2.SubnetConfiguration(name="public", subnet_type=ec2.SubnetType.PUBLIC, map_public_ip_on_launch=False),
            ec2.SubnetConfiguration(name="private", subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS),
        ],
        flow_logs={"all": ec2.FlowLogOptions(destination=ec2.FlowLogDestination.to_cloud_watch_logs(flow_logs))},
    )


def private_cluster(
    scope: Construct,
    *,
    default_capacity_type: Optional[eks.DefaultCapacityType] = None,
    default_capacity: Optional[int] = None,
) -> eks.Cluster:
    """A private cluster with secrets and flow logs encrypted with a guarded key and every log type.
    Auto Mode unless `default_capacity_type` says otherwise.
    """
    # One customer managed key for Kubernetes secrets and the VPC flow logs.
    key = guarded_key(scope, "Key")
    cluster = eks.Cluster(
        scope,
        "Cluster",
        version=eks.KubernetesVersion.V1_34,
        vpc=cluster_vpc(scope, key),
        endpoint_access=eks.EndpointAccess.PRIVATE,
        secrets_encryption_key=key,
        cluster_logging=ALL_CLUSTER_LOGS,
        default_capacity_type=default_capacity_type,
        default_capacity=default_capacity,
    )
    NagSuppressions.add_resource_suppressions(
        cluster,
        [
            NagPackSuppression(
                id="AwsSolutions-IAM4",
                reason="The EKS cluster role and the node role need the AWS managed EKS policies that the EKS User Guide prescribes; AWS maintains them as the service changes.",
            )
        ],
        True,
    )
    return cluster
