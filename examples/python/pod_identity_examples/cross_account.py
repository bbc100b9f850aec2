from typing import List

import aws_cdk as cdk
from aws_cdk import aws_eks as eks
from aws_cdk import aws_s3 as s3
from cdk_nag import NagPackSuppression, NagSuppressions

from cdk_eks_pod_identity import (
    AgentDeployment,
    PodIdentityAgent,
    PodIdentityAssociation,
    PodIdentityTargetRole,
)


def cross_account(app: cdk.App) -> List[cdk.Stack]:
    """Role chaining across accounts: the cluster runs in 111111111111, the data lives in 222222222222.
    EKS assumes the association's role in the cluster account, then the target role in the data
    account; the pods receive the target role's credentials.

    Deploy the two stacks in either order. The target role's trust names the cluster account, admits
    only the association's role (`aws:PrincipalArn`) and only sessions tagged with the shop cluster,
    the `reports` namespace and the `report-builder` service account, so it needs nothing from the
    cluster account's stack; the association names the target role by its ARN. Pods get credentials
    once both are deployed. No ExternalId is involved: EKS passes one only for an association with
    session tags off.
    """
    data = cdk.Stack(app, "DataAccount", env=cdk.Environment(account="222222222222", region="eu-west-1"))
    cluster_account = cdk.Stack(
        app, "ClusterAccount", env=cdk.Environment(account="111111111111", region="eu-west-1")
    )

    reports = s3.Bucket.from_bucket_name(data, "Reports", "reports-222222222222")
    reader = PodIdentityTargetRole(
        data,
        "ReportsReader",
        role_name="eks-reports-reader",
        description="Pods of report-builder in the shop cluster read the reports bucket",
    )

    cluster = eks.CfnCluster.from_cluster_name(cluster_account, "Cluster", "shop")
    # The shop cluster runs the agent already.
    PodIdentityAgent(cluster_account, "Agent", cluster=cluster, deployment=AgentDeployment.none())
    report_builder = PodIdentityAssociation(
        cluster_account,
        "ReportBuilder",
        cluster=cluster,
        namespace="reports",
        service_account="report-builder",
        target_role=reader,
    )
    # Grants go to the target role: that is where the pods' credentials come from.
    reports.grant_read(report_builder)

    NagSuppressions.add_resource_suppressions(
        reader,
        [
            NagPackSuppression(
                id="AwsSolutions-IAM5",
                reason="Read access to the objects of the one reports bucket; object ARNs and the s3:GetObject* / s3:List* action groups of grantRead need wildcards.",
            )
        ],
        True,
    )
    return [data, cluster_account]
