import unittest

import aws_cdk as cdk
from aws_cdk import aws_eks as eks
from aws_cdk.assertions import Annotations, Match

from cdk_eks_pod_identity import AgentDeployment, PodIdentityAgent


class FixInPythonTest(unittest.TestCase):
    """The library's fixes show Python code to a Python app: the jsii runtime tells it who calls (JSII_AGENT)."""

    def test_an_error_shows_its_fix_in_python(self) -> None:
        # An environment-agnostic stack: the self-managed agent's manifest needs the region at synth time.
        stack = cdk.Stack(cdk.App(), "Fixes")
        cluster = eks.CfnCluster.from_cluster_name(stack, "Cluster", "my-cluster")

        with self.assertRaises(RuntimeError) as raised:
            PodIdentityAgent(stack, "Agent", cluster=cluster, deployment=AgentDeployment.self_managed())

        self.assertIn(
            "[cdk-eks-pod-identity:unresolved-region] Fixes/Agent: ",
            str(raised.exception),
        )
        self.assertIn(
            'Give the stack an explicit env (cdk.Environment(region="eu-west-1")), '
            "or pass `region` to AgentDeployment.self_managed()",
            str(raised.exception),
        )

    def test_a_warning_shows_its_fix_in_python(self) -> None:
        stack = cdk.Stack(cdk.App(), "Fixes", env=cdk.Environment(account="111111111111", region="eu-west-1"))
        cluster = eks.CfnCluster(
            stack,
            "Cluster",
            role_arn="arn:aws:iam::111111111111:role/cluster",
            resources_vpc_config=eks.CfnCluster.ResourcesVpcConfigProperty(subnet_ids=["subnet-1"]),
            remote_network_config=eks.CfnCluster.RemoteNetworkConfigProperty(
                remote_node_networks=[eks.CfnCluster.RemoteNodeNetworkProperty(cidrs=["10.100.0.0/16"])]
            ),
        )
        PodIdentityAgent(stack, "Agent", cluster=cluster, deployment=AgentDeployment.none())

        warnings = [
            str(message.entry.data)
            for message in Annotations.from_stack(stack).find_warning("/Fixes/Agent", Match.any_value())
        ]

        fix = (
            "Declare the agent before anything asks for it: "
            'PodIdentityAgent(self, "Agent", cluster=cluster, '
            "deployment=AgentDeployment.managed_addon(hybrid_nodes=AgentHybridNodes.NODEADM))"
            " [ack: cdk-eks-pod-identity:agent-none-with-hybrid-nodes]"
        )
        self.assertEqual(len(warnings), 1, warnings)
        self.assertTrue(warnings[0].endswith(fix), warnings[0])


if __name__ == "__main__":
    unittest.main()
