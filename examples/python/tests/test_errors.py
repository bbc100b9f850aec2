import unittest

import aws_cdk as cdk
from aws_cdk import aws_eks as eks

from cdk_eks_pod_identity import PodIdentityAssociation


class BadInputTest(unittest.TestCase):
    """The library's own errors reach Python code intact: code, construct path, problem and fix."""

    def test_bad_namespace_raises_the_library_error(self) -> None:
        stack = cdk.Stack(cdk.App(), "Errors")
        cluster = eks.CfnCluster.from_cluster_name(stack, "Cluster", "my-cluster")

        with self.assertRaises(RuntimeError) as raised:
            PodIdentityAssociation(
                stack, "Bad", cluster=cluster, namespace="Not_A_Namespace", service_account="app"
            )

        self.assertTrue(
            str(raised.exception).startswith(
                "[cdk-eks-pod-identity:invalid-namespace] Errors/Bad: "
                "namespace 'Not_A_Namespace' is not a valid Kubernetes namespace"
            ),
            str(raised.exception),
        )


if __name__ == "__main__":
    unittest.main()
