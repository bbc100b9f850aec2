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

describe('WellKnownPolicy.imageBuilder with repository ARNs', () => {
  test('allows pushing to the repositories named by ARN, also all of them', () => {
    const statements = statementsOf(() => WellKnownPolicy.imageBuilder({ repositoryArns: ['arn:aws:ecr:eu-west-1:111111111111:repository/*'] }));
    expect(statements[1].Resource).toEqual('arn:aws:ecr:eu-west-1:111111111111:repository/*');
  });
});
