import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * What every role of this library takes, as `iam.Role` does.
 */
export interface PodIdentityRoleBaseProps {
  /**
   * A description of the role.
   *
   * @default - no description
   */
  readonly description?: string;

  /**
   * Managed policies to attach to the role.
   *
   * @default - none
   */
  readonly managedPolicies?: iam.IManagedPolicy[];

  /**
   * Inline policies to put on the role, by name.
   *
   * @default - none
   */
  readonly inlinePolicies?: { [name: string]: iam.PolicyDocument };

  /**
   * A permissions boundary for the role.
   *
   * @default - no permissions boundary
   */
  readonly permissionsBoundary?: iam.IManagedPolicy;

  /**
   * The longest session the role allows (1 to 12 hours).
   *
   * @default Duration.hours(1)
   */
  readonly maxSessionDuration?: Duration;
}
