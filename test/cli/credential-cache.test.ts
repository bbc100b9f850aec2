import { BACKGROUND_RETRY_MS, CachedCredentials, CredentialCache, MIN_TTL_MS, REFRESH_MARGIN_MS } from '../../cli/serve/credential-cache';
import { readClaims } from '../../cli/token';
import { makeToken } from './fake-eks-auth';

const HOUR = 3600_000;

function setup(lifetimes: number[]) {
  let clock = 1_000_000;
  const calls: string[] = [];
  const pending: Array<{ resolve: (c: CachedCredentials) => void; reject: (e: Error) => void; token: string }> = [];
  const cache = new CredentialCache({
    now: () => clock,
    fetch: token => {
      calls.push(token);
      return new Promise((resolve, reject) => pending.push({ resolve, reject, token }));
    },
  });
  const answer = (index = pending.length - 1) => {
    const lifetime = lifetimes[index] ?? HOUR;
    pending[index].resolve({ body: Buffer.from(`credentials ${index}`), expiresAt: clock + lifetime });
  };
  return { cache, calls, pending, answer, advance: (ms: number) => clock += ms };
}

const bodyOf = async (value: CachedCredentials | Promise<CachedCredentials>) => (await value).body.toString();

test('one fetch for a token however many callers wait, and fresh credentials come straight from memory', async () => {
  const { cache, calls, answer } = setup([HOUR]);

  const waiting = Array.from({ length: 50 }, () => cache.get('t1'));
  answer();

  expect(await Promise.all(waiting.map(bodyOf))).toEqual(Array(50).fill('credentials 0'));
  expect(calls).toEqual(['t1']);
  expect(cache.get('t1')).not.toBeInstanceOf(Promise);
});

test('errors are not kept: the next get fetches again', async () => {
  const { cache, calls, pending, answer } = setup([HOUR]);

  const failing = cache.get('t1');
  pending[0].reject(new Error('boom'));
  await expect(failing).rejects.toThrow('boom');
  const next = cache.get('t1');
  answer();

  expect(await bodyOf(next)).toBe('credentials 1');
  expect(calls).toEqual(['t1', 't1']);
});

test('inside the refresh margin, the cached credentials are served at once and refreshed behind', async () => {
  const { cache, calls, answer, advance } = setup([HOUR, HOUR]);
  const first = cache.get('t1');
  answer(0);
  await first;

  advance(HOUR - REFRESH_MARGIN_MS + 1);
  const during = cache.get('t1');
  expect(during).not.toBeInstanceOf(Promise);
  expect(await bodyOf(during)).toBe('credentials 0');
  expect(calls).toHaveLength(2);
  answer(1);
  await new Promise(resolve => setImmediate(resolve));

  expect(await bodyOf(cache.get('t1'))).toBe('credentials 1');
});

test('a failed refresh keeps serving the valid credentials, and reports the failure', async () => {
  const errors: unknown[] = [];
  let clock = 0;
  let fail = false;
  const cache = new CredentialCache({
    now: () => clock,
    onBackgroundError: error => errors.push(error),
    fetch: async () => {
      if (fail) throw new Error('EKS Auth is down');
      return { body: Buffer.from('c'), expiresAt: clock + 10 * 60_000 };
    },
  });
  await cache.get('t1');
  fail = true;

  expect(await bodyOf(cache.get('t1'))).toBe('c');
  await new Promise(resolve => setImmediate(resolve));
  expect(errors).toHaveLength(1);

  clock += 10 * 60_000 - MIN_TTL_MS;
  await expect(cache.get('t1')).rejects.toThrow('EKS Auth is down');
});

test('after a failed background refresh, the next one waits 30 s plus jitter; a foreground fetch does not wait', async () => {
  let clock = 0;
  let fail = false;
  let fetches = 0;
  const cache = new CredentialCache({
    now: () => clock,
    random: () => 0.5,
    fetch: async () => {
      fetches++;
      if (fail) throw new Error('EKS Auth is down');
      return { body: Buffer.from('c'), expiresAt: clock + 10 * 60_000 };
    },
  });
  await cache.get('t1');
  fail = true;
  const settle = () => new Promise(resolve => setImmediate(resolve));

  cache.get('t1');
  await settle();
  expect(fetches).toBe(2);
  for (let i = 0; i < 20; i++) cache.get('t1');
  clock += BACKGROUND_RETRY_MS * 1.5 - 1;
  cache.get('t1');
  await settle();
  expect(fetches).toBe(2);

  clock += 1;
  cache.get('t1');
  await settle();
  expect(fetches).toBe(3);

  // Nothing valid left: every get fetches, pause or not, and errors are not kept.
  clock += 10 * 60_000;
  await expect(cache.get('t1')).rejects.toThrow('EKS Auth is down');
  await expect(cache.get('t1')).rejects.toThrow('EKS Auth is down');
  expect(fetches).toBe(5);
});

test('another token is fetched for itself', async () => {
  const { cache, calls, answer } = setup([HOUR, HOUR]);
  const first = cache.get('t1');
  answer(0);
  await first;
  const second = cache.get('t2');
  answer(1);

  expect(await bodyOf(second)).toBe('credentials 1');
  expect(calls).toEqual(['t1', 't2']);
});

test('the token\'s claims are read for the namespace, service account and pod', () => {
  const claims = readClaims(makeToken({ namespace: 'ns', serviceAccount: 'sa', pod: { name: 'p', uid: 'u' }, expiresInSeconds: 60 }));

  expect(claims).toMatchObject({ audiences: ['pods.eks.amazonaws.com'], subject: 'system:serviceaccount:ns:sa', namespace: 'ns', serviceAccount: 'sa', podName: 'p', podUid: 'u' });
  expect(readClaims('not.a-jwt')).toBeUndefined();
  expect(readClaims('a.b.c')).toBeUndefined();
});
