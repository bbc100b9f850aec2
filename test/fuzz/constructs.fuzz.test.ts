/**
 * Every construct's props, fuzzed: whatever the input (hostile strings, tokens, numbers, lists, missing
 * fields), a construct synthesizes or throws a PodIdentityError in our format, never anything else.
 * FUZZ_RUNS sets the cases per door (default below, for CI); `npm run fuzz` runs 10,000.
 */
import { CONSTRUCT_DOORS } from './construct-doors';
import { buildAndSynth } from './construct-outcome';
import { fuzzDoor, runsFor } from './fuzz-util';

const RUNS = runsFor(300);

describe.each(CONSTRUCT_DOORS.map(door => [door.name, door] as const))('%s, fuzzed', (name, door) => {
  test('synthesizes or throws a PodIdentityError, whatever the props', () => {
    const summary = fuzzDoor(`construct ${name}`, door.input, RUNS, input => {
      buildAndSynth(door, input);
    });
    expect(summary.failures).toBe(0);
    expect(summary.cases).toBe(RUNS);
  });
});
