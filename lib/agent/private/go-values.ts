/**
 * How the agent (a Go program, flags parsed by spf13/pflag) reads the values of its flags, so that a value
 * accepted here is one the agent accepts too. Each function returns the value or the reason it is refused.
 */

/** The range of Go's `int` and `time.Duration` (int64) on the agent's 64-bit platforms. */
export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

/** A parsed value, or why it was refused. */
export type Parsed<T> = { readonly value: T } | { readonly reason: string };

// pflag's IntVar parses with strconv.ParseInt(s, 0, 0): an optional sign, then a base prefix (0b, 0o, 0x, or a
// leading 0 for octal) or none for decimal, digits of that base, and '_' only between digits or after a prefix.
// So '010' is 8. We accept plain decimal only; a value Go reads otherwise is refused with its value, so that
// '010' never silently means 8.
// Source: spf13/pflag int.go (newIntValue → strconv.ParseInt(s, 0, 0)) @ v1.0.5 (checked 2026-12-07)
// Source: golang/go src/strconv/atoi.go (ParseUint base 0, underscoreOK) @ go1.26 (checked 2026-12-07)
const DECIMAL = /^[-+]?(0|[1-9][0-9]*)$/;

/** A Go `int` flag value: its value, and whether it was written in plain decimal. */
export function parseGoInt(text: string): Parsed<bigint> & { readonly decimal?: boolean } {
  const value = goParseIntBase0(text);
  if (value === undefined) return { reason: 'a whole number' };
  if (value < INT64_MIN || value > INT64_MAX) {
    return { reason: `a whole number the agent can hold (from ${INT64_MIN} to ${INT64_MAX}; the agent fails with "value out of range")` };
  }
  return { value, decimal: DECIMAL.test(text) };
}

/** strconv.ParseInt(text, 0, 64) without the range check: the value, or undefined on a syntax error. */
function goParseIntBase0(text: string): bigint | undefined {
  let rest = text;
  let negative = false;
  if (rest.startsWith('+') || rest.startsWith('-')) {
    negative = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '' || !underscoreOk(rest)) return undefined;
  let base = 10;
  let digits = rest;
  const prefix = rest.length >= 2 && rest[0] === '0' ? rest[1].toLowerCase() : '';
  if (prefix === 'b' || prefix === 'o' || prefix === 'x') {
    base = prefix === 'b' ? 2 : prefix === 'o' ? 8 : 16;
    digits = rest.slice(2);
  } else if (rest.length >= 2 && rest[0] === '0') {
    base = 8;
    digits = rest.slice(1);
  }
  digits = digits.replace(/_/g, '');
  if (digits === '') return undefined;
  let value = 0n;
  for (const char of digits.toLowerCase()) {
    const digit = parseInt(char, 36);
    if (Number.isNaN(digit) || digit >= base || !/[0-9a-z]/.test(char)) return undefined;
    value = value * BigInt(base) + BigInt(digit);
  }
  return negative ? -value : value;
}

/** Go's underscoreOK: '_' only between digits, or right after a base prefix; never first or last. */
function underscoreOk(text: string): boolean {
  let saw = '^';
  let i = 0;
  const hex = text.length >= 2 && text[0] === '0' && text[1].toLowerCase() === 'x';
  if (text.length >= 2 && text[0] === '0' && 'box'.includes(text[1].toLowerCase())) {
    i = 2;
    saw = '0';
  }
  for (; i < text.length; i++) {
    const c = text[i];
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

// Go's time.ParseDuration: an optional sign, then '0' alone, or a sequence of decimal numbers (with an
// optional fraction), each followed by a unit; the total is an int64 of nanoseconds ("invalid duration"
// beyond it).
// Source: golang/go src/time/format.go (ParseDuration, leadingInt, leadingFraction, unitMap) @ go1.26 (checked 2026-12-07)
const UNITS: { readonly [unit: string]: bigint } = {
  'ns': 1n,
  'us': 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek mu
  'ms': 1_000_000n,
  's': 1_000_000_000n,
  'm': 60_000_000_000n,
  'h': 3_600_000_000_000n,
};
const PART = /^([0-9]*)(?:\.([0-9]*))?(ns|us|µs|μs|ms|s|m|h)/;
const LIMIT = 1n << 63n;

/** A Go `time.Duration` flag value, as nanoseconds. */
export function parseGoDuration(text: string): Parsed<bigint> {
  const invalid = { reason: 'a duration' };
  const overflow = { reason: 'a duration the agent can hold (at most about 2562047h, Go\'s time.Duration; the agent fails with "invalid duration")' };
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') return { value: 0n };
  if (rest === '') return invalid;
  let total = 0n;
  while (rest !== '') {
    const match = PART.exec(rest);
    if (!match) return invalid;
    const [whole, integer, fraction] = match;
    if (integer === '' && (fraction === undefined || fraction === '')) return invalid;
    const unit = UNITS[match[3]];
    // leadingInt refuses an integer part above 2^63; then the part times its unit must not exceed 2^63.
    const integerValue = BigInt(integer || '0');
    if (integerValue > LIMIT / unit) return overflow;
    let part = integerValue * unit;
    if (fraction) {
      // leadingFraction keeps the digits that fit; the fraction is added as float64(f) * (unit / scale).
      let f = 0n;
      let scale = 1;
      let overflowed = false;
      for (const digit of fraction) {
        if (overflowed) continue;
        if (f > (LIMIT - 1n) / 10n) { overflowed = true; continue; }
        const next = f * 10n + BigInt(digit);
        if (next > LIMIT) { overflowed = true; continue; }
        f = next;
        scale *= 10;
      }
      part += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (part > LIMIT) return overflow;
    }
    total += part;
    if (total > LIMIT) return overflow;
    rest = rest.slice(whole.length);
  }
  if (negative) return { value: -total };
  if (total > LIMIT - 1n) return overflow;
  return { value: total };
}

/** Go's `d.Seconds()` for a duration in nanoseconds: whole seconds plus the rest, in float64. */
export function goSeconds(nanoseconds: bigint): number {
  const second = 1_000_000_000n;
  return Number(nanoseconds / second) + Number(nanoseconds % second) / 1e9;
}

/** Go's `int(d.Seconds())`: the float64 seconds truncated toward zero. */
export function goWholeSeconds(nanoseconds: bigint): bigint {
  return BigInt(Math.trunc(goSeconds(nanoseconds)));
}

/** Go's wrapping int64 multiplication. */
export function goMultiply(a: bigint, b: bigint): bigint {
  return BigInt.asIntN(64, a * b);
}
