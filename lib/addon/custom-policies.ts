import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { _vpcCniStatements, VpcCniIpFamily } from '../policies/vpc-cni';

/**
 * Policies the bundled add-on table refers to by id where EKS recommends no AWS managed policy.
 * Private to this library.
 */
const CUSTOM_POLICIES: { [id: string]: (scope: IConstruct) => iam.PolicyStatement[] } = {
  // The EKS User Guide ("Amazon VPC CNI plugin for Kubernetes", Required IAM permissions) sends IPv6
  // clusters to the plugin's own IPv6 policy; AWS publishes no managed policy for it. The statements
  // are those of WellKnownPolicy.vpcCni({ ipFamily: IPV6 }), so both stay the same.
  // Source: https://docs.aws.amazon.com/eks/latest/userguide/workloads-add-ons-available-eks.html#add-ons-vpc-cni @ awsdocs/amazon-eks-user-guide commit 027430e0 (checked 2026-12-01)
  'vpc-cni-ipv6': scope => _vpcCniStatements(scope, { ipFamily: VpcCniIpFamily.IPV6 }),
};

/** The ids of the custom policies, for tests. */
export const CUSTOM_POLICY_IDS = Object.keys(CUSTOM_POLICIES);

/**
 * The statements of custom policy `id`, rendered for `scope`. Throws on an unknown id: the table
 * and this file disagree.
 */
export function customPolicyStatements(id: string, scope: IConstruct): iam.PolicyStatement[] {
  const statements = CUSTOM_POLICIES[id];
  if (!statements) {
    throw new Error(`The add-on defaults table refers to an unknown custom policy '${id}'; add it to lib/addon/custom-policies.ts`);
  }
  return statements(scope);
}
