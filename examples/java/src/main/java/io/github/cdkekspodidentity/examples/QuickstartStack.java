package io.github.cdkekspodidentity.examples;

import java.util.List;

import io.github.cdkekspodidentity.AgentDeployment;
import io.github.cdkekspodidentity.PodIdentityAgent;
import io.github.cdkekspodidentity.PodIdentityAssociation;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.interfaces.eks.IClusterRef;
import software.amazon.awscdk.services.eks.CfnCluster;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The README quick start: pods of {@code default/my-service-account} on an existing cluster may read the
 * {@code artifacts} bucket. Synthesizes one role, its policy and one association.
 */
public class QuickstartStack extends Stack {
    private final PodIdentityAssociation association;

    public QuickstartStack(final Construct scope, final String id) {
        this(scope, id, null);
    }

    public QuickstartStack(final Construct scope, final String id, final StackProps props) {
        super(scope, id, props);

        IClusterRef cluster = CfnCluster.fromClusterName(this, "Cluster", "my-cluster");
        IBucket artifacts = Bucket.fromBucketName(this, "Artifacts", "artifacts");
        // The cluster already runs the Pod Identity Agent (EKS Auto Mode, or the add-on installed elsewhere).
        // To install the managed add-on from here instead: PodIdentityAgent.of(this, cluster).
        PodIdentityAgent.Builder.create(this, "Agent")
                .cluster(cluster)
                .deployment(AgentDeployment.none())
                .build();

        association = PodIdentityAssociation.Builder.create(this, "MyServiceAccount")
                .cluster(cluster)
                .namespace("default")
                .serviceAccount("my-service-account")
                .build();
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(association)
                .actions(List.of("s3:ListBucket"))
                .resourceArns(List.of(artifacts.getBucketArn()))
                .build());
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(association)
                .actions(List.of("s3:GetObject"))
                .resourceArns(List.of(artifacts.arnForObjects("*")))
                .build());
        NagSuppressions.addResourceSuppressions(association.getRole(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("s3:GetObject is granted on the objects of the one artifacts bucket; object ARNs need the /* suffix.")
                .appliesTo(List.of("Resource::arn:<AWS::Partition>:s3:::artifacts/*"))
                .build()), true);
    }

    public PodIdentityAssociation getAssociation() {
        return association;
    }
}
