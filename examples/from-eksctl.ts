import * as path from 'path';
import { Annotations, Stack, StackProps } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { EksctlConfig, EksctlResources } from '../lib';

/**
 * The pod identity part of an eksctl config file (`eksctl/cluster.yaml`), for a cluster that eksctl
 * made: four associations (an inline policy, eksctl's `externalDNS` well-known policy, an existing
 * role, a target role in another account), the service account and namespace of the first one in a
 * manifest file asset (`createServiceAccount: true`, applied with `kubectl apply -f`), and three
 * add-ons (the agent, vpc-cni on the recommended role, the EBS CSI driver with an explicit
 * association). The node groups of the file stay eksctl's.
 */
export class FromEksctlStack extends Stack {
  public readonly eksctl: EksctlResources;

  constructor(scope: Construct, id: string, props?: StackProps) {
    const config = EksctlConfig.fromFile(path.join(__dirname, 'eksctl', 'cluster.yaml'));
    // The stack's environment is the file's, so the cluster's region is checked against metadata.region.
    super(scope, id, { ...props, env: { account: '111122223333', region: config.region } });

    const cluster = eks.CfnCluster.fromClusterName(this, 'Cluster', config.clusterName);
    this.eksctl = config.apply(this, 'Eksctl', { cluster });

    // Where the result differs from what eksctl would create, a warning says so; this one is fine here.
    Annotations.of(this.eksctl).acknowledgeWarning('cdk-eks-pod-identity:eksctl-scoped-trust',
      'Each role serves one service account of this cluster; none is shared');

    NagSuppressions.addResourceSuppressions(this.eksctl.findAddon('vpc-cni').roleFor('aws-node'), [{
      id: 'AwsSolutions-IAM4',
      reason: 'AmazonEKS_CNI_Policy is the policy EKS recommends for aws-node (DescribeAddonConfiguration); the role is scoped to kube-system/aws-node of this cluster.',
      appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonEKS_CNI_Policy'],
    }], true);
    NagSuppressions.addResourceSuppressions(this.eksctl.findAddon('aws-ebs-csi-driver').roleFor('ebs-csi-controller-sa'), [{
      id: 'AwsSolutions-IAM4',
      reason: 'AmazonEBSCSIDriverPolicy is the policy EKS recommends for the EBS CSI driver; the role is scoped to kube-system/ebs-csi-controller-sa of this cluster.',
      appliesTo: ['Policy::arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy'],
    }], true);
    NagSuppressions.addResourceSuppressions(this.eksctl.findAssociation('kube-system', 'external-dns').role, [{
      id: 'AwsSolutions-IAM5',
      reason: 'eksctl\'s externalDNS well-known policy: ExternalDNS lists every hosted zone and writes the records of the zones it manages, which the file does not name.',
    }], true);
  }
}
