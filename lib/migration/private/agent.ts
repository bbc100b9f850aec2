import { Annotations, CfnResource } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import { Construct } from 'constructs';
import { PodIdentityAgent } from '../../agent/pod-identity-agent';
import { code, ref } from '../../private/code';
import { LIBRARY_ID } from '../../private/errors';
import { agentDeployment, declareAgent } from '../../private/fix-code';

const CLUSTER_TYPES = ['AWS::EKS::Cluster', 'Custom::AWSCDK-EKS-Cluster'];

/**
 * The cluster's agent, as eksctl ensures it before migrating. When the app declares none for a cluster it
 * does not create, the managed add-on declared here may already exist on the cluster (installed by the
 * console or eksctl), and CloudFormation would then fail to create it: say so, and how to avoid it.
 */
export function ensureAgent(scope: Construct, cluster: eks.IClusterRef): PodIdentityAgent {
  const declared = PodIdentityAgent.find(scope, cluster);
  if (declared) return declared;
  const agent = PodIdentityAgent.of(scope, cluster);
  const createdHere = cluster.node.findAll().some(c => CfnResource.isCfnResource(c) && CLUSTER_TYPES.includes(c.cfnResourceType));
  if (!createdHere) {
    Annotations.of(scope).addWarningV2(`${LIBRARY_ID}:migration-agent-declared`,
      `No Pod Identity Agent is declared for cluster '${cluster.node.path}' in this app, so the migration declares the managed add-on eks-pod-identity-agent (${agent.node.path}). If the cluster already has the agent (installed with the console, eksctl or another stack), creating the add-on fails at deploy time ("already exists"): then declare it first with ${code(declareAgent(agentDeployment('none'), ref('scope'), ref('id')))}`);
  }
  return agent;
}
