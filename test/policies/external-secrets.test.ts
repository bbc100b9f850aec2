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

  test('allowPushSecrets with customer managed keys: kms:GenerateDataKey besides kms:Decrypt, which writing a secret value needs', () => {
    // WHEN
    const statements = statementsOf(stack => WellKnownPolicy.externalSecrets({
      secretArns: [`arn:${stack.partition}:secretsmanager:eu-west-1:111111111111:secret:pushed/*`],
      kmsKeys: [new kms.Key(stack, 'Key')],
      kmsKeyArns: [`arn:${stack.partition}:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555`],
      allowPushSecrets: true,
    }));

    // THEN
    expect(statements[statements.length - 1]).toEqual(allow(['kms:Decrypt', 'kms:GenerateDataKey'],
      ['${Key961B73FD.Arn}', arn('kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555')]));
    expect(statements.filter(statement => ([] as string[]).concat(statement.Action).some(action => action.startsWith('kms:')))).toHaveLength(1);
  });

  test('read-only, or pushing with only parameters (allowPushSecrets writes no parameter): kms:Decrypt alone', () => {
    const readOnly = statementsOf(stack => WellKnownPolicy.externalSecrets({
      secretArns: [`arn:${stack.partition}:secretsmanager:eu-west-1:111111111111:secret:app/*`],
      kmsKeyArns: [`arn:${stack.partition}:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555`],
    }));
    const parametersOnly = statementsOf(stack => WellKnownPolicy.externalSecrets({
      ssmParameterArns: [`arn:${stack.partition}:ssm:eu-west-1:111111111111:parameter/app/*`],
      kmsKeyArns: [`arn:${stack.partition}:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555`],
      allowPushSecrets: true,
    }));

    const decryptOnly = allow(['kms:Decrypt'], [arn('kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555')]);
    expect(readOnly[readOnly.length - 1]).toEqual(decryptOnly);
    expect(parametersOnly[parametersOnly.length - 1]).toEqual(decryptOnly);
  });
});
