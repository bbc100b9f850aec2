import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { IConstruct } from 'constructs';
import { allow, hasEntries, keyArnsOf, requireSome } from './private/policy-helpers';
import { propSpan } from '../private/code';

/**
 * Options of `WellKnownPolicy.externalSecrets`.
 */
export interface ExternalSecretsPolicyOptions {
  /**
   * SSM parameters that `ExternalSecret`s read.
   *
   * @default - none
   */
  readonly ssmParameters?: ssm.IParameter[];

  /**
   * ARNs of more SSM parameters; a trailing `*` matches a path, e.g.
   * `arn:aws:ssm:eu-west-1:111111111111:parameter/app/*`.
   *
   * @default - none
   */
  readonly ssmParameterArns?: string[];

  /**
   * Secrets Manager secrets that `ExternalSecret`s read.
   *
   * @default - none
   */
  readonly secrets?: secretsmanager.ISecret[];

  /**
   * ARNs of more Secrets Manager secrets; may end with `*` to match a name prefix, e.g.
   * `arn:aws:secretsmanager:eu-west-1:111111111111:secret:app/*`.
   *
   * @default - none
   */
  readonly secretArns?: string[];

  /**
   * Customer managed keys that encrypt the parameters or secrets.
   *
   * @default - none: values encrypted with AWS managed keys
   */
  readonly kmsKeys?: kms.IKey[];

  /**
   * ARNs of more customer managed keys, for keys not defined in this app.
   *
   * @default - none
   */
  readonly kmsKeyArns?: string[];

  /**
   * Whether `PushSecret`s may create, update, tag and delete the given Secrets Manager secrets.
   * Deletion is limited to secrets tagged `managed-by: external-secrets`. With `kmsKeys` or
   * `kmsKeyArns`, also `kms:GenerateDataKey` on those keys, which writing a secret value under a
   * customer managed key needs.
   *
   * @default false
   */
  readonly allowPushSecrets?: boolean;
}

/**
 * The statements of the External Secrets Operator with the AWS Parameter Store and Secrets Manager providers.
 *
 * Actions follow external-secrets `docs/provider/aws-secrets-manager.md` (`ListSecrets` and
 * `BatchGetSecretValue` on `*`, which `find` by tags or path needs, and the reads on the secrets) and
 * terraform-aws-modules/terraform-aws-eks-pod-identity `external_secrets.tf`
 * (`attach_external_secrets_policy`) for Parameter Store, plus `ssm:GetParametersByPath` for `find`
 * by path; `kms:Decrypt` on the given keys, and `kms:GenerateDataKey` too when pushing secrets.
 *
 * @internal
 */
export function _externalSecretsStatements(scope: IConstruct, options: ExternalSecretsPolicyOptions): iam.PolicyStatement[] {
  requireSome(scope, 'policy-no-secrets', 'external-secrets',
    `at least one parameter or secret in ${propSpan('ssmParameters')}, ${propSpan('ssmParameterArns')}, ${propSpan('secrets')} or ${propSpan('secretArns')}`,
    'Pass what your ExternalSecrets read, e.g. `secrets: [secret]` or `ssmParameterArns: [\'arn:aws:ssm:eu-west-1:111111111111:parameter/app/*\']`',
    options.ssmParameters, options.ssmParameterArns, options.secrets, options.secretArns);

  const parameterArns = [...(options.ssmParameters ?? []).map(parameter => parameter.parameterArn), ...(options.ssmParameterArns ?? [])];
  // A secret's ARN ends with a random suffix; an imported secret may only know its partial ARN.
  const secretArns = [
    ...(options.secrets ?? []).map(secret => secret.secretFullArn ?? `${secret.secretArn}-??????`),
    ...(options.secretArns ?? []),
  ];
  const keyArns = keyArnsOf(options.kmsKeys, options.kmsKeyArns);

  const statements: iam.PolicyStatement[] = [];
  if (hasEntries(parameterArns)) {
    // ESO's docs/provider/aws-parameter-store.md lists `ssm:*WithContext` names, which are SDK methods, not IAM actions.
    // Source: terraform-aws-modules/terraform-aws-eks-pod-identity external_secrets.tf @ commit 40a789ed (checked 2026-12-01)
    // GetParametersByPath is authorized against the path asked for, not the parameters it returns: `find`
    // by path `/app` needs `parameter/app` itself, which `parameter/app/*` does not match.
    // Source: https://docs.aws.amazon.com/systems-manager/latest/userguide/ps-retrieval-authorization.html @ page as published (checked 2026-12-01)
    // A token inside the ARN (the partition) leaves its literal end in place.
    const pathArns = parameterArns.filter(arn => arn.endsWith('/*')).map(arn => arn.slice(0, -2));
    statements.push(
      allow(['ssm:DescribeParameters'], ['*']),
      allow(['ssm:GetParameter', 'ssm:GetParameters'], parameterArns),
      allow(['ssm:GetParametersByPath'], [...parameterArns, ...pathArns]),
    );
  }
  if (hasEntries(secretArns)) {
    // BatchGetSecretValue on `*` grants no value by itself: it also needs GetSecretValue on each secret.
    // Source: external-secrets/external-secrets docs/provider/aws-secrets-manager.md @ commit 0153477f (checked 2026-12-01)
    statements.push(
      allow(['secretsmanager:ListSecrets', 'secretsmanager:BatchGetSecretValue'], ['*']),
      allow([
        'secretsmanager:GetResourcePolicy',
        'secretsmanager:GetSecretValue',
        'secretsmanager:DescribeSecret',
        'secretsmanager:ListSecretVersionIds',
      ], secretArns),
    );
    if (options.allowPushSecrets) {
      statements.push(
        allow(['secretsmanager:CreateSecret', 'secretsmanager:PutSecretValue', 'secretsmanager:TagResource'], secretArns),
        allow(['secretsmanager:DeleteSecret'], secretArns,
          { StringEquals: { 'secretsmanager:ResourceTag/managed-by': 'external-secrets' } }),
      );
    }
  }
  if (keyArns.length > 0) {
    // Reading a value under a customer managed key needs kms:Decrypt; writing one (CreateSecret with a
    // value, PutSecretValue) makes Secrets Manager generate a new data key on the caller's behalf, which
    // needs kms:GenerateDataKey as well, so a push gets it, and a read-only policy does not
    // (https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-authz).
    // Source: awsdocs/aws-secrets-manager-docs doc_source/security-encryption.md @ commit 0d5c8f4d (checked 2026-12-07)
    // allowPushSecrets grants no Parameter Store write (ssm:PutParameter), so no key permission for one either.
    const pushes = options.allowPushSecrets === true && hasEntries(secretArns);
    statements.push(allow(pushes ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'], keyArns));
  }
  return statements;
}
