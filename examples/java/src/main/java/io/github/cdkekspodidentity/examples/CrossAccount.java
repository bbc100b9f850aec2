package io.github.cdkekspodidentity.examples;

import java.util.List;

import io.github.cdkekspodidentity.AgentDeployment;
import io.github.cdkekspodidentity.PodIdentityAgent;
import io.github.cdkekspodidentity.PodIdentityAssociation;
import io.github.cdkekspodidentity.PodIdentityTargetRole;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.interfaces.eks.IClusterRef;
import software.amazon.awscdk.services.eks.CfnCluster;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.IBucket;

/**
 * Role chaining across accounts: the cluster runs in 111111111111, the data lives in 222222222222. EKS
 * assumes the association's role in the cluster account, then the target role in the data account; the pods
 * receive the target role's credentials.
 *
 * <p>Deploy the two stacks in either order. The target role's trust names the cluster account, admits only the
 * association's role ({@code aws:PrincipalArn}) and only sessions tagged with the shop cluster, the
 * {@code reports} namespace and the {@code report-builder} service account, so it needs nothing from the cluster
 * account's stack; the association names the target role by its ARN. Pods get credentials once both are
 * deployed. No ExternalId is involved: EKS passes one only for an association with session tags off.
 */
final class CrossAccount {
    private CrossAccount() {
    }

    static List<Stack> build(final App app) {
        Stack data = new Stack(app, "DataAccount", StackProps.builder()
                .env(Environment.builder().account("222222222222").region("eu-west-1").build())
                .build());
        Stack clusterAccount = new Stack(app, "ClusterAccount", StackProps.builder()
                .env(Environment.builder().account("111111111111").region("eu-west-1").build())
                .build());

        IBucket reports = Bucket.fromBucketName(data, "Reports", "reports-222222222222");
        PodIdentityTargetRole reader = PodIdentityTargetRole.Builder.create(data, "ReportsReader")
                .roleName("eks-reports-reader")
                .description("Pods of report-builder in the shop cluster read the reports bucket")
                .build();

        IClusterRef cluster = CfnCluster.fromClusterName(clusterAccount, "Cluster", "shop");
        // The shop cluster runs the agent already.
        PodIdentityAgent.Builder.create(clusterAccount, "Agent")
                .cluster(cluster)
                .deployment(AgentDeployment.none())
                .build();
        PodIdentityAssociation reportBuilder = PodIdentityAssociation.Builder.create(clusterAccount, "ReportBuilder")
                .cluster(cluster)
                .namespace("reports")
                .serviceAccount("report-builder")
                .targetRole(reader)
                .build();
        // Grants go to the target role: that is where the pods' credentials come from.
        reports.grantRead(reportBuilder);

        NagSuppressions.addResourceSuppressions(reader, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Read access to the objects of the one reports bucket; object ARNs and the s3:GetObject* / s3:List* action groups of grantRead need wildcards.")
                .build()), true);
        return List.of(data, clusterAccount);
    }
}
