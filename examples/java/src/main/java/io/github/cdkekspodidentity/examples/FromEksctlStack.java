package io.github.cdkekspodidentity.examples;

import java.nio.file.Path;
import java.util.List;

import io.github.cdkekspodidentity.EksctlApplyOptions;
import io.github.cdkekspodidentity.EksctlConfig;
import io.github.cdkekspodidentity.EksctlResources;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.interfaces.eks.IClusterRef;
import software.amazon.awscdk.services.eks.CfnCluster;
import software.constructs.Construct;

/**
 * The pod identity part of an eksctl config file ({@code examples/eksctl/cluster.yaml}), for a cluster that
 * eksctl made: four associations (an inline policy, a well-known policy, an existing role, a target role in
 * another account) and three add-ons (the agent, vpc-cni on the recommended role, the EBS CSI driver with
 * eksctl's {@code ebsCSIController} policy). The node groups of the file stay eksctl's.
 */
public class FromEksctlStack extends Stack {
    /** The eksctl config file that the TypeScript and Python examples read too (run from examples/java). */
    static final Path CLUSTER_YAML = Path.of("..", "eksctl", "cluster.yaml");

    private final EksctlResources eksctl;

    public FromEksctlStack(final Construct scope, final String id) {
        this(scope, id, EksctlConfig.fromFile(CLUSTER_YAML.toString()));
    }

    private FromEksctlStack(final Construct scope, final String id, final EksctlConfig config) {
        // The stack's environment is the file's, so the cluster's region is checked against metadata.region.
        super(scope, id, StackProps.builder()
                .env(Environment.builder().account("111122223333").region(config.getRegion()).build())
                .build());

        IClusterRef cluster = CfnCluster.fromClusterName(this, "Cluster", config.getClusterName());
        eksctl = config.apply(this, "Eksctl", EksctlApplyOptions.builder().cluster(cluster).build());

        NagSuppressions.addResourceSuppressions(eksctl.findAddon("vpc-cni").roleFor("aws-node"), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM4")
                .reason("AmazonEKS_CNI_Policy is the policy EKS recommends for aws-node (DescribeAddonConfiguration); the role is scoped to kube-system/aws-node of this cluster.")
                .appliesTo(List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonEKS_CNI_Policy"))
                .build()), true);
        NagSuppressions.addResourceSuppressions(eksctl.findAddon("aws-ebs-csi-driver").roleFor("ebs-csi-controller-sa"), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("The EBS CSI driver's upstream policy (eksctl ebsCSIController): volumes and snapshots are created under names the driver picks, so it needs ec2 volume/snapshot ARNs with wildcards, limited by tag conditions.")
                .build()), true);
        NagSuppressions.addResourceSuppressions(eksctl.findAssociation("kube-system", "external-dns").getRole(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("eksctl's externalDNS well-known policy: ExternalDNS lists every hosted zone and writes the records of the zones it manages, which the file does not name.")
                .build()), true);
    }

    public EksctlResources getEksctl() {
        return eksctl;
    }
}
