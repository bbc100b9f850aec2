import * as iam from 'aws-cdk-lib/aws-iam';

/** An Allow statement with the given actions, resources and conditions (the catalogue's and eksctl's policies). */
export function allow(actions: string[], resources: string[], conditions?: iam.Conditions): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions, resources, conditions });
}
