import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { propSpan } from '../../private/code';
import { PodIdentityError, quote } from '../../private/errors';

// The constraints of IAM CreateRole on the props a role passes on as they are: roleNameType [\w+=,.@-]+, 1 to
// 64; pathType (\u002F)|(\u002F[\u0021-\u007E]+\u002F), 1 to 512; roleDescriptionType
// [\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*, at most 1000; roleMaxSessionDurationType 3600 to 43200.
// Source: boto/botocore botocore/data/iam/2010-05-08/service-2.json @ 1.44.8 (checked 2026-12-07)
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const PATH = /^(\/|\/[\u0021-\u007E]{1,510}\/)$/;
// Tab, line feed and carriage return, by code point: a regular expression with control characters is linted out.
const DESCRIPTION_CONTROLS = new Set([0x09, 0x0a, 0x0d]);
function descriptionCharacter(character: string): boolean {
  const code = character.codePointAt(0)!;
  return DESCRIPTION_CONTROLS.has(code) || (code >= 0x20 && code <= 0x7e) || (code >= 0xa1 && code <= 0xff);
}
const DESCRIPTION_MAX = 1000;
const SESSION_MIN_SECONDS = 3600;
const SESSION_MAX_SECONDS = 43200;

/** The props of a role that go to IAM as they are. */
export interface PassedRoleProps {
  readonly roleName?: string;
  readonly path?: string;
  readonly description?: string;
  readonly maxSessionDuration?: Duration;
}

/**
 * Throws a PodIdentityError, naming the prop and the value, for a prop IAM would refuse. Runs before the
 * role's super() (which would otherwise throw aws-cdk-lib's own error, or let a description IAM refuses
 * through), so the error is given the path the role will have. Tokens pass.
 */
export function validatePassedRoleProps(scope: IConstruct, id: string, props: PassedRoleProps): void {
  const where = futurePath(scope.node.path === '' ? id : `${scope.node.path}/${id}`);
  const { roleName, path, description, maxSessionDuration } = props;
  if (roleName !== undefined && !Token.isUnresolved(roleName) && !ROLE_NAME.test(roleName)) {
    throw new PodIdentityError('invalid-role-name', where,
      `roleName ${quote(shorten(roleName))} is not an IAM role name (1 to 64 letters, digits and the characters _+=,.@-)`,
      `Give a name of those characters, or leave ${propSpan('roleName')} unset to have CloudFormation generate one`);
  }
  if (path !== undefined && !Token.isUnresolved(path) && !PATH.test(path)) {
    throw new PodIdentityError('invalid-role-path', where,
      `path ${quote(shorten(path))} is not an IAM path ('/' alone, or at most 512 characters that start and end with '/', each from '!' to '~', no spaces)`,
      `Give a path such as '/team-a/', or leave ${propSpan('path')} unset for '/'`);
  }
  if (description !== undefined && !Token.isUnresolved(description)) {
    const bad = [...description].find(character => !descriptionCharacter(character));
    if (bad !== undefined || description.length > DESCRIPTION_MAX) {
      throw new PodIdentityError('invalid-role-description', where,
        bad !== undefined
          ? `description holds the character U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}, which IAM does not accept in a role description (only tab, line feed, carriage return, printable ASCII and U+00A1 to U+00FF)`
          : `description is ${description.length} characters long; IAM accepts at most ${DESCRIPTION_MAX}`,
        'Shorten the description, or write it with those characters');
    }
  }
  if (maxSessionDuration !== undefined && !maxSessionDuration.isUnresolved()) {
    const seconds = maxSessionDuration.toSeconds({ integral: false });
    if (seconds < SESSION_MIN_SECONDS || seconds > SESSION_MAX_SECONDS) {
      throw new PodIdentityError('invalid-max-session-duration', where,
        `maxSessionDuration is ${seconds} seconds; IAM accepts ${SESSION_MIN_SECONDS} to ${SESSION_MAX_SECONDS} (1 to 12 hours)`,
        `Give a duration from Duration.hours(1) to Duration.hours(12), or leave ${propSpan('maxSessionDuration')} unset for 1 hour`);
    }
  }
}

/** What PodIdentityError reads of a construct (its path), for one that does not exist yet. */
function futurePath(path: string): IConstruct {
  return { node: { path } } as IConstruct;
}

/** A value as a message shows it: at most 100 characters. */
function shorten(value: string): string {
  return value.length > 100 ? `${value.slice(0, 100)}... (${value.length} characters)` : value;
}
