package io.github.cdkekspodidentity.examples;

import java.util.List;

import io.github.cdkekspodidentity.AddonConflictResolution;
import io.github.cdkekspodidentity.AddonPodIdentityAssociation;
import io.github.cdkekspodidentity.PodIdentityAddon;
import io.github.cdkekspodidentity.PodIdentityAgent;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.eks_v2.Cluster;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.constructs.Construct;

/**
 * EKS add-ons that get their AWS permissions through pod identity, at synth time: three on the associations
 * EKS recommends, and ADOT with the three associations of the eksctl documentation. The cluster is an
 * {@code aws-eks-v2} L2 with a managed node group (not Auto Mode, which brings its own networking, storage
 * and Pod Identity Agent).
 */
public class AddonsStack extends Stack {
    private final Cluster cluster;
    private final PodIdentityAddon vpcCni;
    private final PodIdentityAddon ebsCsiDriver;
    private final PodIdentityAddon cloudWatch;
    private final PodIdentityAddon adot;

    public AddonsStack(final Construct scope, final String id) {
        this(scope, id, null);
    }

    public AddonsStack(final Construct scope, final String id, final StackProps props) {
        super(scope, id, props);

        // A managed node group, not Auto Mode, which brings its own networking, storage and agent.
        cluster = PrivateCluster.withNodeGroup(this, 2);

        // The agent that hands pods their credentials: the managed eks-pod-identity-agent add-on.
        PodIdentityAgent agent = PodIdentityAgent.of(this, cluster);

        // Recommended associations: a role for kube-system/aws-node with AmazonEKS_CNI_Policy. OVERWRITE
        // takes over the vpc-cni that EKS installs itself when it creates the cluster.
        vpcCni = PodIdentityAddon.Builder.create(this, "VpcCni")
                .cluster(cluster)
                .addonName("vpc-cni")
                .resolveConflicts(AddonConflictResolution.OVERWRITE)
                .build();

        // A role for kube-system/ebs-csi-controller-sa with AmazonEBSCSIDriverPolicy.
        ebsCsiDriver = PodIdentityAddon.Builder.create(this, "EbsCsiDriver")
                .cluster(cluster)
                .addonName("aws-ebs-csi-driver")
                .build();

        // A role for amazon-cloudwatch/cloudwatch-agent with CloudWatchAgentServerPolicy and AWSXrayWriteOnlyAccess.
        cloudWatch = PodIdentityAddon.Builder.create(this, "CloudWatchObservability")
                .cluster(cluster)
                .addonName("amazon-cloudwatch-observability")
                .build();

        // Explicit associations, one role per collector (ADOT also needs cert-manager in the cluster).
        adot = PodIdentityAddon.Builder.create(this, "Adot")
                .cluster(cluster)
                .addonName("adot")
                .podIdentityAssociations(List.of(
                        AddonPodIdentityAssociation.builder()
                                .serviceAccount("adot-col-prom-metrics")
                                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("AmazonPrometheusRemoteWriteAccess")))
                                .build(),
                        AddonPodIdentityAssociation.builder()
                                .serviceAccount("adot-col-otlp-ingest")
                                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("AWSXrayWriteOnlyAccess")))
                                .build(),
                        AddonPodIdentityAssociation.builder()
                                .serviceAccount("adot-col-container-logs")
                                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("CloudWatchAgentServerPolicy")))
                                .build()))
                .build();

        for (PodIdentityAddon addon : List.of(vpcCni, ebsCsiDriver, cloudWatch, adot)) {
            agent.addDependent(addon);
            NagSuppressions.addResourceSuppressions(addon, List.of(NagPackSuppression.builder()
                    .id("AwsSolutions-IAM4")
                    .reason("EKS recommends these AWS managed policies for the add-on (DescribeAddonConfiguration); AWS keeps them in step with what the add-on calls, and each role is scoped to one service account of this cluster.")
                    .appliesTo(List.of(
                            "Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonEKS_CNI_Policy",
                            "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
                            "Policy::arn:<AWS::Partition>:iam::aws:policy/CloudWatchAgentServerPolicy",
                            "Policy::arn:<AWS::Partition>:iam::aws:policy/AWSXrayWriteOnlyAccess",
                            "Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonPrometheusRemoteWriteAccess"))
                    .build()), true);
        }
    }

    public Cluster getCluster() {
        return cluster;
    }

    public PodIdentityAddon getVpcCni() {
        return vpcCni;
    }

    public PodIdentityAddon getEbsCsiDriver() {
        return ebsCsiDriver;
    }

    public PodIdentityAddon getCloudWatch() {
        return cloudWatch;
    }

    public PodIdentityAddon getAdot() {
        return adot;
    }
}
