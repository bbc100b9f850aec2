import { Tokenization } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { PodIdentityError } from './errors';
import { findLeaf, findText, holdsLoneSurrogate, printable, rawControlClause, rawControlOf } from './template-text';

// Found by `npm run fuzz`: aws-cdk-lib writes a number token in text as -1.<10 to 16 digits>e+289, and resolving
// fails (UnrecognizedTokenKey) on any such text, or number written so, that it never issued. A token of the app passes.
// Source: aws-cdk-lib core/lib/private/encoding.js @ 2.257.0 and 2.276.0 as installed (`STRINGIFIED_NUMBER_PATTERN="-1\\.\\d{10,16}e\\+289"`) (checked 2026-12-07)
const STRINGIFIED_NUMBER = /-1\.\d{10,16}e\+289/g;

/** Whether `text` holds a number token that aws-cdk-lib never issued (its own lookup may throw on one). */
export function holdsUnknownNumberToken(text: string): boolean {
  return [...text.matchAll(STRINGIFIED_NUMBER)].some(([match]) => {
    try {
      return Tokenization.reverseNumber(Number(match)) === undefined;
    } catch {
      return true;
    }
  });
}

/** The first number, or key or string, of `value` that aws-cdk-lib would take for a number token it never issued. */
function numberReadAsToken(value: unknown): string | number | undefined {
  return findLeaf(value, leaf => holdsUnknownNumberToken(String(leaf)));
}

/**
 * Throws for `configurationValues` (of an add-on or of the agent's add-on) that the template could not carry: a key
 * or string with half of a surrogate pair or a raw control character, or a number aws-cdk-lib takes for a token.
 */
export function validateConfigurationText(scope: IConstruct, configurationValues: { [key: string]: any } | undefined): void {
  if (configurationValues === undefined) return;
  if (findText(configurationValues, holdsLoneSurrogate) !== undefined) {
    throw new PodIdentityError('invalid-addon-property', scope, '`configurationValues` holds half of a UTF-16 surrogate pair, which UTF-8 cannot encode, so the template could not be read',
      'Give the configuration as plain text');
  }
  const controlled = findText(configurationValues, text => rawControlOf(text) !== undefined);
  if (controlled !== undefined) {
    throw new PodIdentityError('invalid-addon-property', scope, `\`configurationValues\` has the text ${printable(controlled.length > 60 ? `${controlled.slice(0, 60)}...` : controlled)}, which ${rawControlClause(rawControlOf(controlled)!)}`,
      'Give the configuration as plain text');
  }
  const fakeToken = numberReadAsToken(configurationValues);
  if (fakeToken !== undefined) {
    throw new PodIdentityError('invalid-addon-property', scope, `\`configurationValues\` holds ${JSON.stringify(fakeToken)}, which aws-cdk-lib reads as an encoded number token (it writes them as -1.<10 to 16 digits>e+289) though it is none, so the template could not be written`,
      'Write that number another way (with fewer digits, say), or leave it out');
  }
}
