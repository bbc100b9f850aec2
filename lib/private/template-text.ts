import { Tokenization } from 'aws-cdk-lib';

/**
 * Text that a CloudFormation template cannot carry as given, found by fuzzing (`npm run fuzz`, and cfn-lint on a
 * sample of the fuzzed templates in `npm run test:langs`).
 */

// Half of a surrogate pair, without its other half: a JavaScript string can hold one, UTF-8 cannot encode it.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

// DEL, the C1 control characters and the noncharacters U+FFFE and U+FFFF: JSON.stringify writes them as they are
// (it escapes only those below U+0020), and a reader of the template as YAML refuses them ("unacceptable character
// ... control characters are not allowed"), as cfn-lint does: it reads a JSON template with its YAML reader first,
// with no JSON reader after a YAML error. Of them, U+0085 (NEL) is not refused but read as a line break, which
// changes the text.
// Source: ECMA-262 JSON.stringify QuoteJSONString (escapes code units below 0x20, and lone surrogates) @ ES2019 (checked 2026-12-07)
// Source: aws-cloudformation/cfn-lint src/cfnlint/decode/decode.py (YAML first, then JSON) @ v1.58.0 as installed from PyPI, with PyYAML 6.0.4 yaml/reader.py NON_PRINTABLE (allows \x85) (checked 2026-12-07)
const RAW_CONTROL = /[\u007f-\u009f\ufffe\uffff]/;

/** Whether `text` holds half of a surrogate pair. */
export function holdsLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** The first control character of `text` that a template cannot carry, as `U+0086`, if any. */
export function rawControlOf(text: string): string | undefined {
  const control = RAW_CONTROL.exec(text);
  return control ? `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}

/** What a message says of such a character: "holds the control character U+0086, which ...". */
export const rawControlClause = (character: string): string => character === 'U+0085'
  ? 'holds the control character U+0085, which readers of the template as YAML (cfn-lint among them) take for a line break, changing the text'
  : `holds the ${/^U\+FFF[EF]$/.test(character) ? 'noncharacter' : 'control character'} ${character}, which readers of the template as YAML (cfn-lint among them) refuse`;

/** `text` as a message quotes it: JSON, with DEL and the C1 controls escaped too, so that a message prints. */
export function printable(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\u009f\ufffe\uffff]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The first key, string or number of `value`, at any depth, for which `test` holds. A token is not walked into (it
 * holds its construct, and so the whole construct tree), nor an object met before.
 */
export function findLeaf(value: unknown, test: (leaf: string | number) => boolean, seen = new Set<object>()): string | number | undefined {
  if (typeof value === 'string' || typeof value === 'number') return test(value) ? value : undefined;
  if (value === null || typeof value !== 'object' || Tokenization.isResolvable(value) || seen.has(value)) return undefined;
  seen.add(value);
  const entries: Array<readonly [string | undefined, unknown]> = Array.isArray(value) ? value.map(item => [undefined, item] as const) : Object.entries(value);
  for (const [key, item] of entries) {
    if (key !== undefined && test(key)) return key;
    const found = findLeaf(item, test, seen);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The first key or string of `value`, at any depth, for which `test` holds (tokens are not walked into). */
export function findText(value: unknown, test: (text: string) => boolean): string | undefined {
  return findLeaf(value, leaf => typeof leaf === 'string' && test(leaf)) as string | undefined;
}
