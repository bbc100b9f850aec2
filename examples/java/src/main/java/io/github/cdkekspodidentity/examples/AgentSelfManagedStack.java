package io.github.cdkekspodidentity.examples;

import io.github.cdkekspodidentity.AgentDeployment;
import io.github.cdkekspodidentity.AgentResources;
import io.github.cdkekspodidentity.PodIdentityAgent;
import io.github.cdkekspodidentity.SelfManagedAgentOptions;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.interfaces.eks.IClusterRef;
import software.amazon.awscdk.services.eks.CfnCluster;
import software.constructs.Construct;

/**
 * The Pod Identity Agent as a self-managed DaemonSet, without a Lambda function or kubectl in the stack:
 * {@code cdk deploy} publishes the manifest as a YAML file to the bootstrap bucket, and the stack output
 * {@code ...ManifestS3Url} says where. Apply it with {@code aws s3 cp <url> - | kubectl apply -f -}, or
 * commit {@code agent.getManifestYaml()} to a GitOps repository.
 */
public class AgentSelfManagedStack extends Stack {
    private final PodIdentityAgent agent;

    public AgentSelfManagedStack(final Construct scope, final String id) {
        this(scope, id, StackProps.builder().env(Environment.builder().region("eu-west-1").build()).build());
    }

    public AgentSelfManagedStack(final Construct scope, final String id, final StackProps props) {
        super(scope, id, props);

        IClusterRef cluster = CfnCluster.fromClusterName(this, "Cluster", "my-cluster");

        agent = PodIdentityAgent.Builder.create(this, "PodIdentityAgent")
                .cluster(cluster)
                .deployment(AgentDeployment.selfManaged(SelfManagedAgentOptions.builder()
                        // The nodes have IPv6 disabled: bind the agent to 169.254.170.23 only.
                        .ipv6(false)
                        .resources(AgentResources.builder()
                                .cpuRequest("25m")
                                .memoryRequest("64Mi")
                                .memoryLimit("128Mi")
                                .build())
                        .build()))
                .build();
    }

    public PodIdentityAgent getAgent() {
        return agent;
    }
}
