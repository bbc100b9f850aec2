package io.github.cdkekspodidentity.examples;

import java.nio.file.Path;
import java.util.List;

import io.github.cdkekspodidentity.EksctlApplyOptions;
import io.github.cdkekspodidentity.EksctlConfig;
import io.github.cdkekspodidentity.EksctlResources;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.interfaces.eks.IClusterRef;
import software.amazon.awscdk.services.eks.CfnCluster;
import software.constructs.Construct;

/**
 * The pod identity part of an eksctl config file ({@code examples/eksctl/cluster.yaml}), for a cluster that
 * eksctl made: four associations (an inline policy, eksctl's {@code externalDNS} well-known policy, an existing
 * role, a target role in another account), the service account and namespace of the first one in a manifest
 * file asset ({@code createServiceAccount: true}, applied with {@code kubectl apply -f}), and three add-ons (the
 * agent, vpc-cni on the recommended role, the EBS CSI driver with an explicit association). The node groups of
 * the file stay eksctl's.
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

        // Where the result differs from what eksctl would create, a warning says so; this one is fine here.
        Annotations.of(eksctl).acknowledgeWarning("cdk-eks-pod-identity:eksctl-scoped-trust",
                "Each role serves one service account of this cluster; none is shared");

        NagSuppressions.addResourceSuppressions(eksctl.findAddon("vpc-cni").roleFor("aws-node"), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM4")
                .reason("AmazonEKS_CNI_Policy is the policy EKS recommends for aws-node (DescribeAddonConfiguration); the role is scoped to kube-system/aws-node of this cluster.")
                .appliesTo(List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonEKS_CNI_Policy"))
                .build()), true);
        NagSuppressions.addResourceSuppressions(eksctl.findAddon("aws-ebs-csi-driver").roleFor("ebs-csi-controller-sa"), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM4")
                .reason("AmazonEBSCSIDriverPolicy is the policy EKS recommends for the EBS CSI driver; the role is scoped to kube-system/ebs-csi-controller-sa of this cluster.")
                .appliesTo(List.of("Policy::arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"))
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
