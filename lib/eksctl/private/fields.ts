import { quote } from '../../private/errors';
import { ERROR_FIELDS, fieldsOf } from './field-classes';
import { EksctlSource, fieldPath, isYamlMap, itemPath, YamlMap } from './yaml-source';

// Typed reading of the fields of an eksctl ClusterConfig, with eksctl's notion of unset (absent or
// null) and errors that name the field. Private to EksctlConfig.

/** Fields put in the wrong place, and where they belong. */
const MISPLACED: { [field: string]: string } = {
  'podIdentityAssociations': 'iam.podIdentityAssociations',
  'serviceAccounts': 'iam.serviceAccounts',
  'autoApplyPodIdentityAssociations': 'addonsConfig.autoApplyPodIdentityAssociations',
  'serviceAccount': 'serviceAccountName',
  'sessionPolicy': 'policy',
  'permissionsBoundary': 'permissionsBoundaryARN',
};

/**
 * Checks the mapping `value` at `path` against `section` of the field table: throws on the first
 * field the section does not have, then on the first field of class `error` that is set.
 */
export function checkFields(source: EksctlSource, path: string, value: YamlMap, section: string, what: string): void {
  const fields = fieldsOf(section);
  for (const key of Object.keys(value)) {
    if (!(key in fields)) unknownField(source, fieldPath(path, key), key, Object.keys(fields), what);
  }
  for (const [field, use] of Object.entries(fields)) {
    if (use !== 'error' || !isSet(value[field]) || value[field] === false) continue;
    const { problem, fix } = ERROR_FIELDS[`${section}.${field}`];
    source.fail('eksctl-unsupported-field', fieldPath(path, field), problem, fix);
  }
}

/** Throws about the unknown field `key`, suggesting the field it was probably meant to be. */
export function unknownField(source: EksctlSource, path: string, key: string, known: readonly string[], what: string): never {
  const sameLetters = known.find(candidate => candidate.toLowerCase() === key.toLowerCase());
  const misplaced = MISPLACED[key];
  const fix = sameLetters !== undefined ? `Did you mean '${sameLetters}'? eksctl field names are case-sensitive`
    : misplaced !== undefined ? `Did you mean '${misplaced}'?`
      : 'Remove it or correct its name; eksctl rejects unknown fields too (https://eksctl.io/usage/schema/)';
  return source.fail('eksctl-unknown-field', path, `is not a field of ${what}`, fix);
}

/** The list entry at `path` as a mapping checked against `section` of the field table. */
export function entryMapping(source: EksctlSource, path: string, entry: unknown, section: string, what: string): YamlMap {
  if (!isYamlMap(entry)) {
    source.fail('eksctl-invalid-value', path, `is ${describe(entry)}, not ${what}`, `Give ${what} as a mapping of its fields`);
  }
  checkFields(source, path, entry, section, what);
  return entry;
}

/** The mapping `key` of `parent`, `undefined` when unset; an error when required and unset. */
export function mapping(source: EksctlSource, parent: YamlMap, key: string, path: string, required = false): YamlMap | undefined {
  const value = present(source, parent, key, path, required);
  if (value === undefined) return undefined;
  if (!isYamlMap(value)) {
    source.fail('eksctl-invalid-value', fieldPath(path, key), `is ${describe(value)}, not a mapping`, 'Give a mapping of fields');
  }
  return value;
}

/** The list `key` of `parent`, `undefined` when unset. */
export function list(source: EksctlSource, parent: YamlMap, key: string, path: string): unknown[] | undefined {
  const value = present(source, parent, key, path, false);
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    source.fail('eksctl-invalid-value', fieldPath(path, key), `is ${describe(value)}, not a list`, 'Give a list, one entry per line starting with `- `');
  }
  return value;
}

/** The string `key` of `parent`, `undefined` when unset or empty (eksctl's unset); an error when required and unset. */
export function string(source: EksctlSource, parent: YamlMap, key: string, path: string, required = false): string | undefined {
  const value = present(source, parent, key, path, required);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    source.fail('eksctl-invalid-value', fieldPath(path, key), `is ${describe(value)}, not a string`,
      'Write a string; quote it if YAML would read it as a number, a date or a boolean');
  }
  if (value === '' && required) {
    source.fail('eksctl-missing-field', fieldPath(path, key), 'must be set and non-empty', `Give ${key} a value`);
  }
  return value === '' ? undefined : value;
}

/** The boolean `key` of `parent`, `undefined` when unset. */
export function boolean(source: EksctlSource, parent: YamlMap, key: string, path: string): boolean | undefined {
  const value = present(source, parent, key, path, false);
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') {
    source.fail('eksctl-invalid-value', fieldPath(path, key), `is ${describe(value)}, not true or false`, 'Write true or false');
  }
  return value;
}

/** The list of strings `key` of `parent`, `undefined` when unset. */
export function stringList(source: EksctlSource, parent: YamlMap, key: string, path: string): string[] | undefined {
  const values = list(source, parent, key, path);
  values?.forEach((value, index) => {
    if (typeof value !== 'string') {
      source.fail('eksctl-invalid-value', itemPath(fieldPath(path, key), index), `is ${describe(value)}, not a string`, 'Write a string');
    }
  });
  return values as string[] | undefined;
}

/** The mapping of strings `key` of `parent` (tags), `undefined` when unset or empty. */
export function stringMap(source: EksctlSource, parent: YamlMap, key: string, path: string): { [key: string]: string } | undefined {
  const value = mapping(source, parent, key, path);
  if (value === undefined) return undefined;
  for (const [name, inner] of Object.entries(value)) {
    if (typeof inner !== 'string') {
      source.fail('eksctl-invalid-value', fieldPath(fieldPath(path, key), name), `is ${describe(inner)}, not a string`,
        'Quote the value: tag values are strings');
    }
  }
  return Object.keys(value).length > 0 ? value as { [key: string]: string } : undefined;
}

// Tags that reach an IAM role (metadata.tags, which eksctl puts on every stack it creates and so on every role;
// an association's or service account's tags): IAM takes at most 50, a key of 1 to 128 characters, a value of up to
// 256, both of letters, spaces, digits and _.:/=+-@ only, and no key starting with aws:.
// Source: https://docs.aws.amazon.com/IAM/latest/APIReference/API_Tag.html (Key: 1 to 128, [\p{L}\p{Z}\p{N}_.:/=+\-@]+; Value: 0 to 256, [\p{L}\p{Z}\p{N}_.:/=+\-@]*) @ as published (checked 2026-12-07)
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html (50 tags per role; the aws: prefix is reserved) @ as published (checked 2026-12-07)
const ROLE_TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
export const ROLE_TAG_MAX = 50;

/** `stringMap` for tags that eksctl puts on an IAM role: refused where IAM would refuse them at deploy. */
export function roleTags(source: EksctlSource, parent: YamlMap, key: string, path: string): { [key: string]: string } | undefined {
  const tags = stringMap(source, parent, key, path);
  if (tags === undefined) return undefined;
  const fix = `Give at most ${ROLE_TAG_MAX} tags, each key of 1 to 128 characters not starting with 'aws:', each value of up to 256, both of letters, digits, spaces and _.:/=+-@ only, as IAM takes them on a role`;
  const entries = Object.entries(tags);
  if (entries.length > ROLE_TAG_MAX) source.fail('eksctl-invalid-value', fieldPath(path, key), `holds ${entries.length} tags; IAM takes at most ${ROLE_TAG_MAX} on a role`, fix);
  for (const [name, value] of entries) {
    const at = fieldPath(fieldPath(path, key), name);
    if (name.length < 1 || name.length > 128 || !ROLE_TAG_TEXT.test(name) || name.toLowerCase().startsWith('aws:')) {
      source.fail('eksctl-invalid-value', fieldPath(path, key), `has the key ${JSON.stringify(name)}, which IAM does not take on a role`, fix);
    }
    if (value.length > 256 || !ROLE_TAG_TEXT.test(value)) {
      source.fail('eksctl-invalid-value', at, `is ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value)}, which IAM does not take as a tag value on a role`, fix);
    }
  }
  return tags;
}

/** The string `key` of `parent`, checked against `pattern` as the ARN of `what`. */
export function arn(source: EksctlSource, parent: YamlMap, key: string, path: string, pattern: RegExp, what: string): string | undefined {
  const value = string(source, parent, key, path);
  if (value !== undefined) checkArn(source, fieldPath(path, key), value, pattern, what);
  return value;
}

/** Throws unless `value` (at `path`) is the ARN of `what`. */
export function checkArn(source: EksctlSource, path: string, value: string, pattern: RegExp, what: string): void {
  if (!pattern.test(value)) {
    const example = what === 'an IAM role' ? 'arn:aws:iam::111122223333:role/my-role' : 'arn:aws:iam::111122223333:policy/my-policy';
    source.fail('eksctl-invalid-value', path, `is ${quote(value)}, not the ARN of ${what}`, `Give the full ARN, e.g. ${quote(example)}`);
  }
}

/** The value of `key`, `undefined` when absent or null (eksctl reads null as unset), or an error when required. */
function present(source: EksctlSource, parent: YamlMap, key: string, path: string, required: boolean): unknown {
  const value = parent[key];
  if (value === undefined || value === null) {
    if (required) source.fail('eksctl-missing-field', fieldPath(path, key), 'must be set', `Add ${key}`);
    return undefined;
  }
  return value;
}

/** Whether a field holds something: not null, not empty, not a mapping of only `false`. */
export function isSet(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isYamlMap(value)) return Object.values(value).some(inner => inner !== false && inner !== null);
  return value !== '';
}

/** A value as a message shows it: `a list`, `a mapping`, `42`, `"text"`. */
export function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isYamlMap(value)) return 'a mapping';
  if (value instanceof Date) return `the date ${value.toISOString().slice(0, 10)}`;
  if (value === null || value === undefined) return 'empty';
  return JSON.stringify(value);
}
