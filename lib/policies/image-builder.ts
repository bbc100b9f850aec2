import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { allow, requireSome } from './private/policy-helpers';
import { propSpan } from '../private/code';

/**
 * Options of `WellKnownPolicy.imageBuilder`.
 */
export interface ImageBuilderPolicyOptions {
  /**
   * The repositories that the builder (Kaniko, BuildKit, a CI runner) pulls from and pushes to.
   * Give at least one here or in `repositoryArns`.
   *
   * @default - none
   */
  readonly repositories?: ecr.IRepository[];

  /**
   * ARNs of more repositories. `arn:<partition>:ecr:<region>:<account>:repository/*` allows every
   * repository of the account and region (still narrower than eksctl's `imageBuilder`, whose managed
   * policy `AmazonEC2ContainerRegistryPowerUser` allows every repository); prefer naming them.
   *
   * @default - none
   */
  readonly repositoryArns?: string[];
}

/**
 * The statements of an in-cluster image builder that pushes to Amazon ECR.
 *
 * Actions follow eksctl's `imageBuilder` well-known policy (`pkg/cfn/builder/iam_helper.go`, which
 * attaches `AmazonEC2ContainerRegistryPowerUser`), narrowed to pulling and pushing images of the
 * given repositories; only `ecr:GetAuthorizationToken` stays on `*`, as it has no resource.
 *
 * @internal
 */
export function _imageBuilderStatements(scope: IConstruct, options: ImageBuilderPolicyOptions): iam.PolicyStatement[] {
  requireSome(scope, 'policy-no-repositories', 'image-builder', `at least one repository in ${propSpan('repositories')} or ${propSpan('repositoryArns')}`,
    'Pass the repositories the builder pushes to, e.g. `repositories: [repository]`', options.repositories, options.repositoryArns);
  // No single upstream policy: eksctl attaches the AWS managed AmazonEC2ContainerRegistryPowerUser, narrowed here.
  // Source: eksctl-io/eksctl pkg/cfn/builder/iam_helper.go (imageBuilder well-known policy) @ stored copy, not re-read (checked 2026-12-01)
  return [
    allow(['ecr:GetAuthorizationToken'], ['*']),
    allow([
      'ecr:BatchCheckLayerAvailability',
      'ecr:BatchGetImage',
      'ecr:GetDownloadUrlForLayer',
      'ecr:DescribeImages',
      'ecr:DescribeRepositories',
      'ecr:ListImages',
      'ecr:InitiateLayerUpload',
      'ecr:UploadLayerPart',
      'ecr:CompleteLayerUpload',
      'ecr:PutImage',
    ], [...(options.repositories ?? []).map(repository => repository.repositoryArn), ...(options.repositoryArns ?? [])]),
  ];
}
