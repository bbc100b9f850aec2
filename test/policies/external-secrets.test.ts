import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { WellKnownPolicy } from '../../lib';
import { allow, arn, statementsOf } from './helpers';

describe('WellKnownPolicy.externalSecrets', () => {
  test('reads only the given parameters and secrets, and decrypts with the given keys', () => {
    // WHEN
    const statements = statementsOf(stack => WellKnownPolicy.externalSecrets({
      ssmParameters: [ssm.StringParameter.fromStringParameterName(stack, 'Parameter', 'app-config')],
      secrets: [
        secretsmanager.Secret.fromSecretNameV2(stack, 'ByName', 'app/db'),
        secretsmanager.Secret.fromSecretCompleteArn(stack, 'ByArn',
          `arn:${stack.partition}:secretsmanager:eu-west-1:111111111111:secret:app/api-AbCdEf`),
      ],
      kmsKeys: [new kms.Key(stack, 'Key')],
    }));

    // THEN
    expect(statements).toEqual([
      allow(['ssm:DescribeParameters'], ['*']),
      allow(['ssm:GetParameter', 'ssm:GetParameters'], [arn('ssm:eu-west-1:111111111111:parameter/app-config')]),
      allow(['ssm:GetParametersByPath'], [arn('ssm:eu-west-1:111111111111:parameter/app-config')]),
      allow(['secretsmanager:ListSecrets', 'secretsmanager:BatchGetSecretValue'], ['*']),
      allow([
        'secretsmanager:GetResourcePolicy',
        'secretsmanager:GetSecretValue',
        'secretsmanager:DescribeSecret',
        'secretsmanager:ListSecretVersionIds',
      ], [
        arn('secretsmanager:eu-west-1:111111111111:secret:app/db-??????'),
        arn('secretsmanager:eu-west-1:111111111111:secret:app/api-AbCdEf'),
      ]),
      allow(['kms:Decrypt'], ['${Key961B73FD.Arn}']),
    ]);
  });

  test('only secrets: no SSM permission', () => {
    const statements = statementsOf(stack => WellKnownPolicy.externalSecrets({
      secretArns: [`arn:${stack.partition}:secretsmanager:eu-west-1:111111111111:secret:app/*`],
    }));

    expect(statements.map(statement => statement.Action)).toEqual([
      ['secretsmanager:ListSecrets', 'secretsmanager:BatchGetSecretValue'],
      ['secretsmanager:GetResourcePolicy', 'secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', 'secretsmanager:ListSecretVersionIds'],
    ]);
  });

  test('`find` by tags or path: BatchGetSecretValue on "*" (it also needs GetSecretValue on each secret) and GetParametersByPath', () => {
    const statements = statementsOf(stack => WellKnownPolicy.externalSecrets({
      secretArns: [`arn:${stack.partition}:secretsmanager:eu-west-1:111111111111:secret:app/*`],
      ssmParameterArns: [`arn:${stack.partition}:ssm:eu-west-1:111111111111:parameter/app/*`],
    }));

    expect(statements).toContainEqual(allow(['secretsmanager:ListSecrets', 'secretsmanager:BatchGetSecretValue'], ['*']));
    expect(statements).toContainEqual(allow(['ssm:GetParameter', 'ssm:GetParameters'], [arn('ssm:eu-west-1:111111111111:parameter/app/*')]));
    // GetParametersByPath is authorized against the path itself: /app, besides what is below it.
    expect(statements).toContainEqual(allow(['ssm:GetParametersByPath'],
      [arn('ssm:eu-west-1:111111111111:parameter/app/*'), arn('ssm:eu-west-1:111111111111:parameter/app')]));
  });

  test('allowPushSecrets adds writes, and deletes only secrets managed by external-secrets', () => {
    const statements = statementsOf(stack => WellKnownPolicy.externalSecrets({
      secretArns: [`arn:${stack.partition}:secretsmanager:eu-west-1:111111111111:secret:pushed/*`],
      allowPushSecrets: true,
    }));

    const pushed = arn('secretsmanager:eu-west-1:111111111111:secret:pushed/*');
    expect(statements.slice(2)).toEqual([
      allow(['secretsmanager:CreateSecret', 'secretsmanager:PutSecretValue', 'secretsmanager:TagResource'], [pushed]),
      allow(['secretsmanager:DeleteSecret'], [pushed],
        { StringEquals: { 'secretsmanager:ResourceTag/managed-by': 'external-secrets' } }),
    ]);
  });
});
