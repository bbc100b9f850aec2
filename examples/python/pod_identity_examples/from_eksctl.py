from pathlib import Path

import aws_cdk as cdk
from aws_cdk import aws_eks as eks
from cdk_nag import NagPackSuppression, NagSuppressions
from constructs import Construct

from cdk_eks_pod_identity import EksctlConfig

# The eksctl config file that the TypeScript and Java examples read too.
CLUSTER_YAML = Path(__file__).resolve().parents[2] / "eksctl" / "cluster.yaml"


class FromEksctlStack(cdk.Stack):
    """The pod identity part of an eksctl config file (`examples/eksctl/cluster.yaml`), for a cluster
    that eksctl made: four associations (an inline policy, eksctl's `externalDNS` well-known policy, an
    existing role, a target role in another account), the service account and namespace of the first one
    in a manifest file asset (`createServiceAccount: true`, applied with `kubectl apply -f`), and three
    add-ons (the agent, vpc-cni on the recommended role, the EBS CSI driver with an explicit
    association). The node groups of the file stay eksctl's.
    """

    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        config = EksctlConfig.from_file(str(CLUSTER_YAML))
        # The stack's environment is the file's, so the cluster's region is checked against metadata.region.
        kwargs["env"] = cdk.Environment(account="111122223333", region=config.region)
        super().__init__(scope, construct_id, **kwargs)

        cluster = eks.CfnCluster.from_cluster_name(self, "Cluster", config.cluster_name)
        self.eksctl = config.apply(self, "Eksctl", cluster=cluster)

        # Where the result differs from what eksctl would create, a warning says so; this one is fine here.
        cdk.Annotations.of(self.eksctl).acknowledge_warning(
            "cdk-eks-pod-identity:eksctl-scoped-trust",
            "Each role serves one service account of this cluster; none is shared",
        )

        NagSuppressions.add_resource_suppressions(
            self.eksctl.find_addon("vpc-cni").role_for("aws-node"),
            [
                NagPackSuppression(
                    id="AwsSolutions-IAM4",
                    reason="AmazonEKS_CNI_Policy is the policy EKS recommends for aws-node (DescribeAddonConfiguration); the role is scoped to kube-system/aws-node of this cluster.",
                    applies_to=["Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonEKS_CNI_Policy"],
                )
            ],
            True,
        )
        NagSuppressions.add_resource_suppressions(
            self.eksctl.find_addon("aws-ebs-csi-driver").role_for("ebs-csi-controller-sa"),
            [
                NagPackSuppression(
                    id="AwsSolutions-IAM4",
                    reason="AmazonEBSCSIDriverPolicy is the policy EKS recommends for the EBS CSI driver; the role is scoped to kube-system/ebs-csi-controller-sa of this cluster.",
                    applies_to=["Policy::arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"],
                )
            ],
            True,
        )
        NagSuppressions.add_resource_suppressions(
            self.eksctl.find_association("kube-system", "external-dns").role,
            [
                NagPackSuppression(
                    id="AwsSolutions-IAM5",
                    reason="eksctl's externalDNS well-known policy: ExternalDNS lists every hosted zone and writes the records of the zones it manages, which the file does not name.",
                )
            ],
            True,
        )
