import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * Policies the bundled add-on table refers to by id where EKS recommends no AWS managed policy.
 * Private to this library.
 */
const CUSTOM_POLICIES: { [id: string]: () => iam.PolicyStatement[] } = {
  // EKS User Guide, "Configure the Amazon VPC CNI plugin to use IRSA" > "Create IAM policy for
  // clusters that use the IPv6 family". AWS publishes no managed policy for it.
  'vpc-cni-ipv6': () => [
    new iam.PolicyStatement({
      sid: 'AssignIpv6Addresses',
      actions: [
        'ec2:AssignIpv6Addresses',
        'ec2:DescribeInstances',
        'ec2:DescribeTags',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeInstanceTypes',
      ],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'TagNetworkInterfaces',
      actions: ['ec2:CreateTags'],
      resources: [`arn:${Aws.PARTITION}:ec2:*:*:network-interface/*`],
    }),
  ],
};

/** The ids of the custom policies, for tests. */
export const CUSTOM_POLICY_IDS = Object.keys(CUSTOM_POLICIES);

/** The statements of custom policy `id`. Throws on an unknown id: the table and this file disagree. */
export function customPolicyStatements(id: string): iam.PolicyStatement[] {
  const statements = CUSTOM_POLICIES[id];
  if (!statements) {
    throw new Error(`The add-on defaults table refers to an unknown custom policy '${id}'; add it to lib/addon/custom-policies.ts`);
  }
  return statements();
}
