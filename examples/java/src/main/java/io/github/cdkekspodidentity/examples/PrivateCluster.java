package io.github.cdkekspodidentity.examples;

import java.util.List;
import java.util.Map;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.eks_v2.Cluster;
import software.amazon.awscdk.services.eks_v2.ClusterLoggingTypes;
import software.amazon.awscdk.services.eks_v2.DefaultCapacityType;
import software.amazon.awscdk.services.eks_v2.EndpointAccess;
import software.amazon.awscdk.services.eks_v2.KubernetesVersion;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/** A private {@code aws-eks-v2} cluster that passes the validators, as {@code examples/shared.ts} builds it. */
final class PrivateCluster {
    /** Every control-plane log type, as the validators ask of a cluster. */
    static final List<ClusterLoggingTypes> ALL_CLUSTER_LOGS = List.of(
            ClusterLoggingTypes.API,
            ClusterLoggingTypes.AUDIT,
            ClusterLoggingTypes.AUTHENTICATOR,
            ClusterLoggingTypes.CONTROLLER_MANAGER,
            ClusterLoggingTypes.SCHEDULER);

    private PrivateCluster() {
    }

    /**
     * A private cluster with secrets and flow logs encrypted with a guarded key and every log type, on a
     * managed node group of {@code defaultCapacity} nodes.
     */
    static Cluster withNodeGroup(final Construct scope, final int defaultCapacity) {
        // One customer managed key for Kubernetes secrets and the VPC flow logs.
        Key key = guardedKey(scope, "Key");
        Cluster cluster = Cluster.Builder.create(scope, "Cluster")
                .version(KubernetesVersion.V1_34)
                .vpc(clusterVpc(scope, key))
                .endpointAccess(EndpointAccess.PRIVATE)
                .secretsEncryptionKey(key)
                .clusterLogging(ALL_CLUSTER_LOGS)
                .defaultCapacityType(DefaultCapacityType.NODEGROUP)
                .defaultCapacity(defaultCapacity)
                .build();
        NagSuppressions.addResourceSuppressions(cluster, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM4")
                .reason("The EKS cluster role and the node role need the AWS managed EKS policies that the EKS User Guide prescribes; AWS maintains them as the service changes.")
                .build()), true);
        return cluster;
    }

    /**
     * A customer managed key with rotation, on which only AWS services may create grants
     * (cfn-guard's kms_create_grant_aws_service_check).
     */
    static Key guardedKey(final Construct scope, final String id) {
        Key key = Key.Builder.create(scope, id).enableKeyRotation(true).build();
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("OnlyAwsServicesCreateGrants")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("kms:CreateGrant"))
                .resources(List.of("*"))
                .conditions(Map.of("BoolIfExists", Map.of(
                        "kms:GrantIsForAWSResource", "false",
                        "aws:PrincipalIsAWSService", "false")))
                .build());
        return key;
    }

    /** A two-AZ VPC for a private cluster, with flow logs to a log group encrypted with {@code key}. */
    static Vpc clusterVpc(final Construct scope, final IKey key) {
        key.grantEncryptDecrypt(new ServicePrincipal("logs." + Stack.of(scope).getRegion() + ".amazonaws.com"));
        LogGroup flowLogs = LogGroup.Builder.create(scope, "FlowLogs")
                .encryptionKey(key)
                .retention(RetentionDays.ONE_YEAR)
                .build();
        return Vpc.Builder.create(scope, "Vpc")
                .maxAzs(2)
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).mapPublicIpOnLaunch(false).build(),
                        SubnetConfiguration.builder().name("private").subnetType(SubnetType.PRIVATE_WITH_EGRESS).build()))
                .flowLogs(Map.of("all", FlowLogOptions.builder()
                        .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
                        .build()))
                .build();
    }
}
