import { CachedCredentials, CredentialCache, MIN_TTL_MS, REFRESH_MARGIN_MS } from '../../cli/serve/credential-cache';

// Found by the soak (bench/soak.ts): while a refresh behind the answer hung for 9 s, every request in that time
// joined it and reported its failure, so that one failed EKS Auth call printed 1,890 identical log lines.
test('a failed refresh behind the answer is reported once, however many requests came while it ran', async () => {
  // GIVEN credentials inside the refresh window, and an EKS Auth call that fails when told to
  let clock = 0;
  const errors: unknown[] = [];
  let fetches = 0;
  let rejectRefresh: ((error: Error) => void) | undefined;
  const cache = new CredentialCache({
    now: () => clock,
    random: () => 0,
    onBackgroundError: error => errors.push(error),
    fetch: () => {
      fetches++;
      if (fetches === 1) return Promise.resolve<CachedCredentials>({ body: Buffer.from('c'), expiresAt: clock + REFRESH_MARGIN_MS - 1 });
      return new Promise((_, reject) => rejectRefresh = reject);
    },
  });
  await cache.get('t1');

  // WHEN 100 requests come while the refresh they started runs, and it fails
  const answers = Array.from({ length: 100 }, () => cache.get('t1'));
  rejectRefresh!(new Error('EKS Auth is down'));
  await new Promise(resolve => setImmediate(resolve));

  // THEN each got the cached credentials at once, one EKS Auth call was made, and one failure reported
  expect(answers.every(answer => !(answer instanceof Promise) && answer.body.toString() === 'c')).toBe(true);
  expect(fetches).toBe(2);
  expect(errors).toEqual([new Error('EKS Auth is down')]);
  // and the credentials are still served until the minimum TTL
  clock = REFRESH_MARGIN_MS - 1 - MIN_TTL_MS - 1;
  expect((cache.get('t1') as CachedCredentials).body.toString()).toBe('c');
});
