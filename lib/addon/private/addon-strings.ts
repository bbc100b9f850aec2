import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { PodIdentityError, quote } from '../../private/errors';
import { validateConfigurationText } from '../../private/configuration-values';
import { holdsLoneSurrogate, printable, rawControlClause, rawControlOf } from '../../private/template-text';

// AddonName and AddonVersion of AWS::EKS::Addon have at least one character in the CloudFormation resource
// schema (the EKS API shapes are plain strings), as the CloudFormation Validate plugin of aws-cdk-lib reports (F3033).
// Source: aws-cdk-lib core/lib/validation (the CloudFormation Validate plugin, with the resource schemas of @aws/cloudformation-validate), findings F3033 for AWS::EKS::Addon @ 2.276.0 as installed as aws-cdk-lib-latest (checked 2026-12-07)
const MIN_LENGTH = 1;

/**
 * Throws a PodIdentityError for an `addonName`, `addonVersion` or `configurationValues` that the template
 * could not carry: empty (CloudFormation's schema refuses it), or holding text the template cannot carry
 * (lib/private/template-text.ts). Tokens pass.
 */
export function validateAddonStrings(scope: IConstruct, props: { addonName: string; addonVersion?: string; configurationValues?: { [key: string]: any } }): void {
  for (const [prop, value] of [['addonName', props.addonName], ['addonVersion', props.addonVersion]] as const) {
    if (value === undefined || Token.isUnresolved(value)) continue;
    if (value.length < MIN_LENGTH) {
      throw new PodIdentityError('invalid-addon-property', scope, `\`${prop}\` is empty; AWS::EKS::Addon takes at least ${MIN_LENGTH} character`,
        prop === 'addonName' ? 'Give the name of the add-on, as `aws eks describe-addon-versions` lists it' : 'Give a version such as \'v1.19.0-eksbuild.1\', or leave `addonVersion` unset for the default version');
    }
    if (holdsLoneSurrogate(value)) {
      throw new PodIdentityError('invalid-addon-property', scope, `\`${prop}\` ${JSON.stringify(value)} holds half of a UTF-16 surrogate pair, which UTF-8 cannot encode, so the template could not be read`,
        `Give ${quote(prop)} as plain text`);
    }
    const control = rawControlOf(value);
    if (control !== undefined) {
      throw new PodIdentityError('invalid-addon-property', scope, `\`${prop}\` ${printable(value)} ${rawControlClause(control)}`,
        `Give ${quote(prop)} as plain text`);
    }
  }
  validateConfigurationText(scope, props.configurationValues);
}
