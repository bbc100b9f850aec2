/**
 * The harness of the fuzz tests: one fast-check property per public door, run with a fixed seed so that a
 * failure replays, a number of runs from FUZZ_RUNS (small in CI, 10,000 in `npm run fuzz`), every case run to
 * the end so that failures are counted, and then, when any failed, the property again under `fc.assert`, which
 * shrinks the first failure to a small counterexample and prints the seed and path that replay it.
 */
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';

/** The seed of every property: fixed, so that CI replays the same cases; FUZZ_SEED to try others. */
export const SEED = Number(process.env.FUZZ_SEED ?? 20261207);

/** Cases per door: FUZZ_RUNS, else `ciRuns` (200 to 300: the four fuzz files take about a minute on 2 cores). */
export function runsFor(ciRuns: number): number {
  const runs = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(runs) && runs > 0 ? runs : ciRuns;
}

/** What one door's run found, as `scripts/fuzz.ts` prints it. */
export interface DoorSummary {
  readonly door: string;
  readonly cases: number;
  readonly failures: number;
  readonly milliseconds: number;
  /** Up to 10 failures, each different in its first words. */
  readonly examples: string[];
  readonly seed: number;
}

/** Writes the summary where `scripts/fuzz.ts` collects them (FUZZ_SUMMARY_DIR), if it asked. */
function record(summary: DoorSummary): void {
  const dir = process.env.FUZZ_SUMMARY_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${summary.door.replace(/[^A-Za-z0-9_-]+/g, '_')}.json`), JSON.stringify(summary));
}

/** Keeps up to 10 failures that differ in their gist. */
function remember(examples: string[], error: unknown): void {
  const text = describeFailure(error);
  if (examples.length < 10 && !examples.some(example => gist(example) === gist(text))) examples.push(text);
}

/** What a failure says, without jest's diff preamble and without numbers: its first telling line. */
export function gist(text: string): string {
  const lines = text.split('\n').map(line => line.trim())
    .filter(line => line !== '' && !/^(Error: expect\(|- Expected|\+ Received|- Array \[\]|\+ Array \[|\+ \]$|\]$)/.test(line));
  return (lines[0] ?? text).replace(/\d+/g, 'N').slice(0, 100);
}

function describeFailure(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 2000);
  return String(error).slice(0, 2000);
}

/**
 * Runs `check` on `runs` cases of `arbitrary`; `check` throws (an assertion) when a case is wrong. Counts the
 * failures over all cases, records them, and fails with fast-check's shrunk counterexample if there were any.
 */
export function fuzzDoor<T>(door: string, arbitrary: fc.Arbitrary<T>, runs: number, check: (value: T) => void): DoorSummary {
  const examples: string[] = [];
  let failures = 0;
  const started = Date.now();
  const details = fc.check(fc.property(arbitrary, value => {
    try {
      check(value);
    } catch (error) {
      failures++;
      remember(examples, error);
    }
    return true;
  }), { seed: SEED, numRuns: runs });
  const summary: DoorSummary = { door, cases: details.numRuns, failures, milliseconds: Date.now() - started, examples, seed: SEED };
  record(summary);
  if (failures > 0) fc.assert(fc.property(arbitrary, value => check(value)), { seed: SEED, numRuns: runs });
  return summary;
}

/** `fuzzDoor` for a check that returns a promise. */
export async function fuzzDoorAsync<T>(door: string, arbitrary: fc.Arbitrary<T>, runs: number, check: (value: T) => Promise<void>): Promise<DoorSummary> {
  const examples: string[] = [];
  let failures = 0;
  const started = Date.now();
  const details = await fc.check(fc.asyncProperty(arbitrary, async value => {
    try {
      await check(value);
    } catch (error) {
      failures++;
      remember(examples, error);
    }
    return true;
  }), { seed: SEED, numRuns: runs });
  const summary: DoorSummary = { door, cases: details.numRuns, failures, milliseconds: Date.now() - started, examples, seed: SEED };
  record(summary);
  if (failures > 0) await fc.assert(fc.asyncProperty(arbitrary, async value => check(value)), { seed: SEED, numRuns: runs });
  return summary;
}

/** Control characters, including NUL, DEL and the C1 range. */
const CONTROL = fc.integer({ min: 0, max: 0x9f })
  .filter(code => code < 0x20 || code >= 0x7f)
  .map(code => String.fromCharCode(code));

/**
 * Strings a user might pass, and many no one should: empty, blank, control characters, any Unicode (lone
 * surrogates included), huge, and near-valid names (a valid name with a character changed).
 */
export function hostileString(valid: fc.Arbitrary<string> = fc.constantFrom('default', 'my-app', 'kube-system')): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: valid },
    { weight: 2, arbitrary: fc.string() },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme' }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary' }) },
    { weight: 1, arbitrary: fc.array(CONTROL, { maxLength: 5 }).map(chars => chars.join('')) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t', '\n', '\u0000', '-', '.', '*', '?', '${aws:PrincipalTag/team}', '${', '}', '\\', '"', '\'', 'a b', 'A', 'ü', '\u202e', '\ud800', '😀') },
    { weight: 1, arbitrary: fc.tuple(valid, fc.nat(20), fc.constantFrom('A', '_', ' ', '.', '-', '*', '\u0000', 'é', '/')).map(([text, at, c]) => text.slice(0, at) + c + text.slice(at)) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('a', 'x-', '9', 'é'), fc.integer({ min: 60, max: 5000 })).map(([unit, count]) => unit.repeat(count)) },
  );
}

/** Numbers of every kind JavaScript has, for numeric props. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.integer({ min: -5, max: 100_000 }),
  fc.double(),
  fc.constantFrom(0, -0, 1, -1, 0.5, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE, 2 ** 31, 2 ** 53 + 1),
);
