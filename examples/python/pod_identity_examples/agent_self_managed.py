import aws_cdk as cdk
from aws_cdk import aws_eks as eks
from constructs import Construct

from cdk_eks_pod_identity import AgentDeployment, AgentResources, PodIdentityAgent


class AgentSelfManagedStack(cdk.Stack):
    """The Pod Identity Agent as a self-managed DaemonSet, without a Lambda function or kubectl in the
    stack: `cdk deploy` publishes the manifest as a YAML file to the bootstrap bucket, and the stack
    output `...ManifestS3Url` says where. Apply it with `aws s3 cp <url> - | kubectl apply -f -`, or
    commit `agent.manifest_yaml` to a GitOps repository.
    """

    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        kwargs.setdefault("env", cdk.Environment(region="eu-west-1"))
        super().__init__(scope, construct_id, **kwargs)

        cluster = eks.CfnCluster.from_cluster_name(self, "Cluster", "my-cluster")

        self.agent = PodIdentityAgent(
            self,
            "PodIdentityAgent",
            cluster=cluster,
            deployment=AgentDeployment.self_managed(
                # The nodes have IPv6 disabled: bind the agent to 169.254.170.23 only.
                ipv6=False,
                resources=AgentResources(cpu_request="25m", memory_request="64Mi", memory_limit="128Mi"),
            ),
        )
