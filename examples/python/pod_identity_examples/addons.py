from aws_cdk import Stack
from aws_cdk import aws_eks_v2 as eks
from aws_cdk import aws_iam as iam
from cdk_nag import NagPackSuppression, NagSuppressions
from constructs import Construct

from cdk_eks_pod_identity import (
    AddonConflictResolution,
    AddonPodIdentityAssociation,
    PodIdentityAddon,
    PodIdentityAgent,
)

from .shared import private_cluster


class AddonsStack(Stack):
    """EKS add-ons that get their AWS permissions through pod identity, at synth time: three on the
    associations EKS recommends, and ADOT with the three associations of the eksctl documentation.
    The cluster is an `aws_eks_v2` L2 with a managed node group (not Auto Mode, which brings its own
    networking, storage and Pod Identity Agent).
    """

    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)

        # A managed node group, not Auto Mode, which brings its own networking, storage and agent.
        self.cluster = private_cluster(
            self, default_capacity_type=eks.DefaultCapacityType.NODEGROUP, default_capacity=2
        )

        # The agent that hands pods their credentials: the managed eks-pod-identity-agent add-on.
        agent = PodIdentityAgent.of(self, self.cluster)

        # Recommended associations: a role for kube-system/aws-node with AmazonEKS_CNI_Policy. OVERWRITE
        # takes over the vpc-cni that EKS installs itself when it creates the cluster.
        self.vpc_cni = PodIdentityAddon(
            self,
            "VpcCni",
            cluster=self.cluster,
            addon_name="vpc-cni",
            resolve_conflicts=AddonConflictResolution.OVERWRITE,
        )

        # A role for kube-system/ebs-csi-controller-sa with AmazonEBSCSIDriverPolicy.
        self.ebs_csi_driver = PodIdentityAddon(
            self, "EbsCsiDriver", cluster=self.cluster, addon_name="aws-ebs-csi-driver"
        )

        # A role for amazon-cloudwatch/cloudwatch-agent with CloudWatchAgentServerPolicy and AWSXrayWriteOnlyAccess.
        self.cloud_watch = PodIdentityAddon(
            self,
            "CloudWatchObservability",
            cluster=self.cluster,
            addon_name="amazon-cloudwatch-observability",
        )

        # Explicit associations, one role per collector (ADOT also needs cert-manager in the cluster).
        self.adot = PodIdentityAddon(
            self,
            "Adot",
            cluster=self.cluster,
            addon_name="adot",
            pod_identity_associations=[
                AddonPodIdentityAssociation(
                    service_account="adot-col-prom-metrics",
                    managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name("AmazonPrometheusRemoteWriteAccess")],
                ),
                AddonPodIdentityAssociation(
                    service_account="adot-col-otlp-ingest",
                    managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name("AWSXrayWriteOnlyAccess")],
                ),
                AddonPodIdentityAssociation(
                    service_account="adot-col-container-logs",
                    managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name("CloudWatchAgentServerPolicy")],
                ),
            ],
        )

        for addon in [self.vpc_cni, self.ebs_csi_driver, self.cloud_watch, self.adot]:
            agent.add_dependent(addon)
            NagSuppressions.add_resource_suppressions(
                addon,
                [
                    NagPackSuppression(
                        id="AwsSolutions-IAM4",
                        reason="EKS recommends these AWS managed policies for the add-on (DescribeAddonConfiguration); AWS keeps them in step with what the add-on calls, and each role is scoped to one service account of this cluster.",
                        applies_to=[
                            "Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonEKS_CNI_Policy",
                            "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
                            "Policy::arn:<AWS::Partition>:iam::aws:policy/CloudWatchAgentServerPolicy",
                            "Policy::arn:<AWS::Partition>:iam::aws:policy/AWSXrayWriteOnlyAccess",
                            "Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonPrometheusRemoteWriteAccess",
                        ],
                    )
                ],
                True,
            )
