import * as ecr from 'aws-cdk-lib/aws-ecr';
import { WellKnownPolicy } from '../../lib';
import { allow, statementsOf } from './helpers';

describe('WellKnownPolicy.imageBuilder', () => {
  test('pulls and pushes only the given repositories', () => {
    // WHEN
    const statements = statementsOf(stack => WellKnownPolicy.imageBuilder({
      repositories: [new ecr.Repository(stack, 'Repository')],
    }));

    // THEN
    expect(statements).toEqual([
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
      ], ['${Repository22E53BBD.Arn}']),
    ]);
  });
});
