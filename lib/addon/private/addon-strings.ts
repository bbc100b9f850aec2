import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { PodIdentityError, quote } from '../../private/errors';

// AddonName and AddonVersion of AWS::EKS::Addon have at least one character in the CloudFormation resource
// schema (the EKS API shapes are plain strings), as the CloudFormation Validate plugin of aws-cdk-lib reports (F3033).
// Source: aws-cdk-lib core/lib/validation (the CloudFormation Validate plugin, with the resource schemas of @aws/cloudformation-validate), findings F3033 for AWS::EKS::Addon @ 2.276.0 as installed as aws-cdk-lib-latest (checked 2026-12-07)
const MIN_LENGTH = 1;

// Half of a surrogate pair, without its other half: a JavaScript string can hold one, UTF-8 cannot encode it.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Throws a PodIdentityError for an `addonName`, `addonVersion` or `configurationValues` that the template
 * could not carry: empty (CloudFormation's schema refuses it) or holding text UTF-8 cannot encode. Tokens pass.
 */
export function validateAddonStrings(scope: IConstruct, props: { addonName: string; addonVersion?: string; configurationValues?: { [key: string]: any } }): void {
  for (const [prop, value] of [['addonName', props.addonName], ['addonVersion', props.addonVersion]] as const) {
    if (value === undefined || Token.isUnresolved(value)) continue;
    if (value.length < MIN_LENGTH) {
      throw new PodIdentityError('invalid-addon-property', scope, `\`${prop}\` is empty; AWS::EKS::Addon takes at least ${MIN_LENGTH} character`,
        prop === 'addonName' ? 'Give the name of the add-on, as `aws eks describe-addon-versions` lists it' : 'Give a version such as \'v1.19.0-eksbuild.1\', or leave `addonVersion` unset for the default version');
    }
    if (LONE_SURROGATE.test(value)) {
      throw new PodIdentityError('invalid-addon-property', scope, `\`${prop}\` ${JSON.stringify(value)} holds half of a UTF-16 surrogate pair, which UTF-8 cannot encode, so the template could not be read`,
        `Give ${quote(prop)} as plain text`);
    }
  }
  if (props.configurationValues !== undefined && holdsLoneSurrogate(props.configurationValues)) {
    throw new PodIdentityError('invalid-addon-property', scope, '`configurationValues` holds half of a UTF-16 surrogate pair, which UTF-8 cannot encode, so the template could not be read',
      'Give the configuration as plain text');
  }
}

/** Whether a string of `value` (a key or a value, at any depth) holds a lone surrogate. */
function holdsLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return LONE_SURROGATE.test(value);
  if (Array.isArray(value)) return value.some(holdsLoneSurrogate);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([key, inner]) => LONE_SURROGATE.test(key) || holdsLoneSurrogate(inner));
  }
  return false;
}
