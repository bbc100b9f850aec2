package io.github.cdkekspodidentity.examples;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdkekspodidentity.PodIdentityAssociation;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.interfaces.eks.IClusterRef;
import software.amazon.awscdk.services.eks.CfnCluster;

/** The library's own errors reach Java code intact: code, construct path, problem and fix. */
class BadInputTest {
    @Test
    void badNamespaceThrowsTheLibraryError() {
        Stack stack = new Stack(new App(), "Errors");
        IClusterRef cluster = CfnCluster.fromClusterName(stack, "Cluster", "my-cluster");

        RuntimeException thrown = assertThrows(RuntimeException.class, () -> PodIdentityAssociation.Builder.create(stack, "Bad")
                .cluster(cluster)
                .namespace("Not_A_Namespace")
                .serviceAccount("app")
                .build());

        assertTrue(thrown.getMessage().startsWith("[cdk-eks-pod-identity:invalid-namespace] Errors/Bad: "
                + "namespace 'Not_A_Namespace' is not a valid Kubernetes namespace"), thrown.getMessage());
    }
}
