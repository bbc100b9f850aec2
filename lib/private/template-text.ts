/**
 * Text that a CloudFormation template cannot carry as given, found by fuzzing (`npm run fuzz`, and cfn-lint on a
 * sample of the fuzzed templates in `npm run test:langs`).
 */

// Half of a surrogate pair, without its other half: a JavaScript string can hold one, UTF-8 cannot encode it.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

// DEL and the C1 control characters: JSON.stringify writes them as they are (it escapes only those below
// U+0020), and a reader of the template as YAML refuses them ("unacceptable character ... control characters
// are not allowed"), as cfn-lint does: it reads a JSON template with its YAML reader first.
// Source: ECMA-262 JSON.stringify QuoteJSONString (escapes code units below 0x20, and lone surrogates) @ ES2019 (checked 2026-12-07)
// Source: aws-cloudformation/cfn-lint src/cfnlint/decode/decode.py (YAML first, then JSON) @ v1.58.0 as installed from PyPI, and YAML 1.1 c-printable @ https://yaml.org/spec/1.1/#c-printable (checked 2026-12-07)
const RAW_CONTROL = /[\u007f-\u009f]/;

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
export const rawControlClause = (character: string): string =>
  `holds the control character ${character}, which readers of the template as YAML (cfn-lint among them) refuse`;

/** `text` as a message quotes it: JSON, with DEL and the C1 controls escaped too, so that a message prints. */
export function printable(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\u009f]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The first key or string of `value`, at any depth, for which `test` holds. */
export function findText(value: unknown, test: (text: string) => boolean): string | undefined {
  if (typeof value === 'string') return test(value) ? value : undefined;
  const entries = Array.isArray(value) ? value.map(item => [undefined, item] as const)
    : value !== null && typeof value === 'object' ? Object.entries(value) : [];
  for (const [key, item] of entries) {
    if (key !== undefined && test(key)) return key;
    const found = findText(item, test);
    if (found !== undefined) return found;
  }
  return undefined;
}
