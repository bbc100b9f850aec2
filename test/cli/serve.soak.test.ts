/**
 * The soak of `serve` (bench/soak.ts, `npm run soak` runs it for 60 s), short: 12 s of load from 12 plain HTTP
 * clients and 4 JS SDK clients while the fake EKS Auth fails every way it can. The pass criteria are the soak's
 * own, none of them timing-dependent beyond its stated slack: no wrong answer, no fault leaked past valid
 * credentials, no unexpected error, one EKS Auth call in flight at most, bounded memory, no secret in the logs.
 */
import { checkCredentials, formatReport, heldValid, runSoak, SoakReport } from '../../bench/soak';

let report: SoakReport;

beforeAll(async () => {
  report = await runSoak({ seconds: 12, clients: 12, sdkClients: 4, seed: 7 });
}, 100_000);

test('serve passes a 12 s soak with faults: no wrong answer, no leaked fault, no unexpected error, no secret logged', () => {
  // The failures say what went wrong; the whole report is printed with them.
  expect({ failures: report.failures, report: report.failures.length ? formatReport(report) : '' }).toEqual({ failures: [], report: '' });
});

test('every phase happened: faults hidden behind valid credentials, errors passed on when none were valid, a recovery', () => {
  expect(report.hiddenRefreshFailures).toBeGreaterThanOrEqual(1);
  expect(report.errors.length).toBeGreaterThanOrEqual(1);
  expect(report.errors.every(e => e.correct === e.count)).toBe(true);
  expect(report.ok).toBeGreaterThan(500);
  expect(Object.keys(report.byClient).sort()).toEqual(['http keep-alive', 'http new connection', 'sdk fromContainerMetadata', 'sdk fromHttp']);
});

test('one EKS Auth call in flight for the token at a time, and memory within the bound', () => {
  expect(report.maxInFlightPerToken).toBe(1);
  expect(report.eksAuthCalls).toBeGreaterThan(3);
  expect(report.rssMiB.end - report.rssMiB.start).toBeLessThanOrEqual(report.rssMiB.bound);
});

describe('the soak\'s judge', () => {
  const issued = [
    { accessKeyId: 'ASIAFAKE00000001', secretAccessKey: 's1', sessionToken: 't1', expiration: 100, issuedAt: 60_000 },
    { accessKeyId: 'ASIAFAKE00000002', secretAccessKey: 's2', sessionToken: 't2', expiration: 85, issuedAt: 70_000 },
    { accessKeyId: 'ASIAFAKE00000003', secretAccessKey: 's3', sessionToken: 't3', expiration: 200, issuedAt: 150_000 },
  ];

  test('a 200 passes only with issued credentials, unchanged, that had more than 15 s left when asked', () => {
    const first = { accessKeyId: 'ASIAFAKE00000001', secretAccessKey: 's1', sessionToken: 't1', expiresAt: 100_000 };

    expect(checkCredentials(issued, first, 80_000)).toBeUndefined();
    expect(checkCredentials(issued, { ...first, secretAccessKey: 's2' }, 80_000)).toBe('credentials EKS Auth did not issue (access key ASIAFAKE00000001)');
    expect(checkCredentials(issued, { ...first, accessKeyId: 'ASIAFAKE00000003' }, 80_000)).toBe('credentials EKS Auth did not issue (access key ASIAFAKE00000003)');
    expect(checkCredentials(issued, first, 85_000)).toBe('credentials with 15.0 s left when asked (serve serves none with 15 s or less)');
    expect(checkCredentials(issued, { ...first, accountId: '999999999999' }, 80_000)).toBe('AccountId 999999999999');
  });

  test('an error leaked past valid credentials when they were held 1 s before and stayed valid, with slack', () => {
    expect(heldValid(issued, 62_000, 63_000)).toBe(true);
    // issued less than 1 s before the request: serve may not have stored them yet
    expect(heldValid(issued, 60_500, 61_000)).toBe(false);
    // 16 s or less left at the end of the request: too close to the minimum TTL to judge
    expect(heldValid(issued, 152_000, 153_000)).toBe(true);
    expect(heldValid(issued, 152_000, 184_000)).toBe(false);
    // nothing issued yet
    expect(heldValid(issued, 10_000, 11_000)).toBe(false);
    // credentials issued during the request (shorter-lived here) may have replaced the held ones: judged too
    expect(heldValid(issued, 69_000, 69_500)).toBe(true);
    expect(heldValid(issued, 69_000, 71_000)).toBe(false);
  });
});
