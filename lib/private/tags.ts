import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { PodIdentityError, quote } from './errors';
import { holdsUnknownNumberToken } from './configuration-values';
import { holdsLoneSurrogate, printable, rawControlClause, rawControlOf } from './template-text';

/** The lengths of a tag key and value a resource type takes. */
export interface TagLimits {
  /** The resource type, for the message. */
  readonly resourceType: string;
  readonly maxKeyLength: number;
  readonly minValueLength: number;
  readonly maxValueLength: number;
}

// EKS takes at most 50 tags per resource, and reserves the prefix `aws:` (any case) for AWS.
// Source: boto/botocore botocore/data/eks/2017-11-01/service-2.json (TagMap: max 50; TagKey 1 to 128; TagValue at most 256) @ 1.44.8 (checked 2026-12-07)
const MAX_TAGS = 50;

// The CloudFormation resource schemas are narrower than the EKS API for AWS::EKS::Addon (a key of 1 to 127
// characters, a value of 1 to 255) and match it for AWS::EKS::PodIdentityAssociation (1 to 128, 0 to 256), as
// the CloudFormation Validate plugin of aws-cdk-lib reports them (F3033).
// Source: aws-cdk-lib core/lib/validation (the CloudFormation Validate plugin, with the resource schemas of @aws/cloudformation-validate), findings F3033 for both types @ 2.276.0 as installed as aws-cdk-lib-latest (checked 2026-12-07)
export const ADDON_TAG_LIMITS: TagLimits = { resourceType: 'AWS::EKS::Addon', maxKeyLength: 127, minValueLength: 1, maxValueLength: 255 };
export const ASSOCIATION_TAG_LIMITS: TagLimits = { resourceType: 'AWS::EKS::PodIdentityAssociation', maxKeyLength: 128, minValueLength: 0, maxValueLength: 256 };

/**
 * Throws a PodIdentityError, naming the prop `prop`, the tag and the limit, for tags that CloudFormation or
 * EKS would refuse at deploy. Tokens pass.
 */
export function validateTags(scope: IConstruct, prop: string, tags: { [key: string]: string } | undefined, limits: TagLimits): void {
  if (tags === undefined) return;
  const entries = Object.entries(tags);
  const fix = `Give at most ${MAX_TAGS} tags, each key of 1 to ${limits.maxKeyLength} characters not starting with 'aws:', each value of ${limits.minValueLength} to ${limits.maxValueLength}`;
  if (entries.length > MAX_TAGS) {
    throw new PodIdentityError('invalid-tags', scope, `\`${prop}\` holds ${entries.length} tags; EKS takes at most ${MAX_TAGS} per resource`, fix);
  }
  for (const [key, value] of entries) {
    const broken = [key, value].find(text => typeof text === 'string' && holdsLoneSurrogate(text));
    if (broken !== undefined) {
      throw new PodIdentityError('invalid-tags', scope,
        `\`${prop}\` has the ${broken === key ? 'key' : `value of the key ${quote(shorten(key))}`} ${JSON.stringify(shorten(broken))}, which holds half of a UTF-16 surrogate pair: it is not text UTF-8 can encode, and the template could not be read`, fix);
    }
    const controlled = [key, value].find(text => typeof text === 'string' && rawControlOf(text) !== undefined);
    if (controlled !== undefined) {
      throw new PodIdentityError('invalid-tags', scope,
        `\`${prop}\` has the ${controlled === key ? 'key' : `value of the key ${quote(shorten(key))}`} ${printable(shorten(controlled))}, which ${rawControlClause(rawControlOf(controlled)!)}`, fix);
    }
    const fakeToken = [key, value].find(text => typeof text === 'string' && holdsUnknownNumberToken(text));
    if (fakeToken !== undefined) {
      throw new PodIdentityError('invalid-tags', scope,
        `\`${prop}\` has the ${fakeToken === key ? 'key' : `value of the key ${quote(shorten(key))}`} ${printable(shorten(fakeToken))}, which aws-cdk-lib reads as an encoded number token (it writes them as -1.<10 to 16 digits>e+289) though it is none, so the template could not be written`, fix);
    }
    if (!Token.isUnresolved(key)) {
      if (key.length < 1 || key.length > limits.maxKeyLength || key.toLowerCase().startsWith('aws:')) {
        throw new PodIdentityError('invalid-tags', scope,
          `\`${prop}\` has the key ${quote(shorten(key))}, which ${limits.resourceType} does not take (${key.toLowerCase().startsWith('aws:') ? 'the prefix aws: is reserved for AWS' : `a key has 1 to ${limits.maxKeyLength} characters`})`, fix);
      }
    }
    if (typeof value === 'string' && !Token.isUnresolved(value) && (value.length < limits.minValueLength || value.length > limits.maxValueLength)) {
      throw new PodIdentityError('invalid-tags', scope,
        `\`${prop}\` gives the key ${quote(shorten(key))} a value of ${value.length} characters; ${limits.resourceType} takes ${limits.minValueLength} to ${limits.maxValueLength}`, fix);
    }
  }
}

function shorten(value: string): string {
  return value.length > 60 ? `${value.slice(0, 60)}... (${value.length} characters)` : value;
}
