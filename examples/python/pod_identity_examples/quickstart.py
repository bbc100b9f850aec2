from aws_cdk import Stack
from aws_cdk import aws_eks as eks
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from cdk_nag import NagPackSuppression, NagSuppressions
from constructs import Construct

from cdk_eks_pod_identity import AgentDeployment, PodIdentityAgent, PodIdentityAssociation


class QuickstartStack(Stack):
    """The README quick start: pods of `default/my-service-account` on an existing cluster may read
    the `artifacts` bucket. Synthesizes one role, its policy and one association.
    """

    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)

        cluster = eks.CfnCluster.from_cluster_name(self, "Cluster", "my-cluster")
        artifacts = s3.Bucket.from_bucket_name(self, "Artifacts", "artifacts")
        # The cluster already runs the Pod Identity Agent (EKS Auto Mode, or the add-on installed elsewhere).
        # To install the managed add-on from here instead: PodIdentityAgent.of(self, cluster).
        PodIdentityAgent(self, "Agent", cluster=cluster, deployment=AgentDeployment.none())

        self.association = PodIdentityAssociation(
            self,
            "MyServiceAccount",
            cluster=cluster,
            namespace="default",
            service_account="my-service-account",
        )
        iam.Grant.add_to_principal(
            grantee=self.association,
            actions=["s3:ListBucket"],
            resource_arns=[artifacts.bucket_arn],
        )
        iam.Grant.add_to_principal(
            grantee=self.association,
            actions=["s3:GetObject"],
            resource_arns=[artifacts.arn_for_objects("*")],
        )
        NagSuppressions.add_resource_suppressions(
            self.association.role,
            [
                NagPackSuppression(
                    id="AwsSolutions-IAM5",
                    reason="s3:GetObject is granted on the objects of the one artifacts bucket; object ARNs need the /* suffix.",
                    applies_to=["Resource::arn:<AWS::Partition>:s3:::artifacts/*"],
                )
            ],
            True,
        )
