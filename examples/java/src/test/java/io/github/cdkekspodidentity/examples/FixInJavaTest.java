package io.github.cdkekspodidentity.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdkekspodidentity.AgentDeployment;
import io.github.cdkekspodidentity.PodIdentityAgent;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.interfaces.eks.IClusterRef;
import software.amazon.awscdk.services.eks.CfnCluster;

/** The library's fixes show Java code to a Java app: the jsii runtime tells it who calls (JSII_AGENT). */
class FixInJavaTest {
    @Test
    void anErrorShowsItsFixInJava() {
        // An environment-agnostic stack: the self-managed agent's manifest needs the region at synth time.
        Stack stack = new Stack(new App(), "Fixes");
        IClusterRef cluster = CfnCluster.fromClusterName(stack, "Cluster", "my-cluster");

        RuntimeException thrown = assertThrows(RuntimeException.class, () -> PodIdentityAgent.Builder.create(stack, "Agent")
                .cluster(cluster)
                .deployment(AgentDeployment.selfManaged())
                .build());

        assertTrue(thrown.getMessage().startsWith("[cdk-eks-pod-identity:unresolved-region] Fixes/Agent: "), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("Give the stack an explicit env (Environment.builder().region(\"eu-west-1\").build()), "
                + "or pass `region` to AgentDeployment.selfManaged()"), thrown.getMessage());
    }

    @Test
    void aWarningShowsItsFixInJava() {
        Stack stack = new Stack(new App(), "Fixes", StackProps.builder()
                .env(Environment.builder().account("111111111111").region("eu-west-1").build())
                .build());
        CfnCluster cluster = CfnCluster.Builder.create(stack, "Cluster")
                .roleArn("arn:aws:iam::111111111111:role/cluster")
                .resourcesVpcConfig(CfnCluster.ResourcesVpcConfigProperty.builder().subnetIds(List.of("subnet-1")).build())
                .remoteNetworkConfig(CfnCluster.RemoteNetworkConfigProperty.builder()
                        .remoteNodeNetworks(List.of(CfnCluster.RemoteNodeNetworkProperty.builder().cidrs(List.of("10.100.0.0/16")).build()))
                        .build())
                .build();
        PodIdentityAgent.Builder.create(stack, "Agent").cluster(cluster).deployment(AgentDeployment.none()).build();

        List<String> warnings = Annotations.fromStack(stack).findWarning("/Fixes/Agent", Match.anyValue()).stream()
                .map(message -> String.valueOf(message.getEntry().getData()))
                .collect(Collectors.toList());

        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).endsWith("Declare the agent before anything asks for it: "
                + "PodIdentityAgent.Builder.create(this, \"Agent\").cluster(cluster)"
                + ".deployment(AgentDeployment.managedAddon(AgentAddonOptions.builder().hybridNodes(AgentHybridNodes.NODEADM).build())).build()"
                + " [ack: cdk-eks-pod-identity:agent-none-with-hybrid-nodes]"), warnings.get(0));
    }
}
