/**
 * Credentials per token: served from memory until a safe margin before they expire, then refreshed, one EKS
 * Auth call at a time for a token however many requests wait on it. Errors are never kept: the next request
 * that has nothing valid to serve tries again. While a refresh fails, credentials that are still valid keep
 * being served, and the next background refresh waits 30 to 60 s.
 */

export interface CachedCredentials {
  /** The agent's JSON answer, serialized once. */
  readonly body: Buffer;
  /** When the credentials expire, in epoch milliseconds. */
  readonly expiresAt: number;
}

export interface CredentialCacheOptions {
  /** Fetches fresh credentials for a token (one EKS Auth call, with its own retries). */
  readonly fetch: (token: string) => Promise<CachedCredentials>;
  /** Called when a refresh in the background fails; the cached credentials are still served. */
  readonly onBackgroundError?: (error: unknown) => void;
  /** @default Date.now */
  readonly now?: () => number;
  /** A number in [0, 1) for the jitter. @default Math.random */
  readonly random?: () => number;
}

// Credentials are refreshed when they have less than 15 minutes left, so that no SDK is handed credentials it
// would itself refresh at once (botocore refreshes 15 minutes ahead, the JS SDK 5 minutes ahead).
// (_DEFAULT_ADVISORY_REFRESH_TIMEOUT)
// Source: boto/botocore botocore/credentials.py @ 1.44.8 (checked 2026-12-01)
export const REFRESH_MARGIN_MS = 15 * 60_000;
// Below this, cached credentials are not served at all (the agent's minimum credential TTL).
// (defaultMinCredentialTtl)
// Source: aws/eks-pod-identity-agent internal/credsretriever/refreshing_cache.go @ 08241b25 (checked 2026-12-01)
export const MIN_TTL_MS = 15_000;
// After a failed background refresh, the next one waits this long plus up to as much again (jitter), so that
// a stopped EKS Auth is not called on every request. The agent waits 1 min plus up to 1 min; a laptop's
// network recovers sooner, so half that. (defaultRetryInterval, defaultMaxRetryJitter)
// Source: aws/eks-pod-identity-agent internal/credsretriever/refreshing_cache.go @ dbfb48f5 (checked 2026-12-01)
export const BACKGROUND_RETRY_MS = 30_000;

export class CredentialCache {
  private entry?: { token: string; credentials: CachedCredentials };
  private inflight?: { token: string; promise: Promise<CachedCredentials> };
  /** No background refresh before this time (epoch ms), after one failed. */
  private backgroundPausedUntil = 0;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly options: CredentialCacheOptions) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /**
   * The credentials for `token`: at once when cached and fresh (the fast path returns no promise), else after
   * the one EKS Auth call in flight for this token.
   */
  get(token: string): CachedCredentials | Promise<CachedCredentials> {
    const entry = this.entry;
    if (entry && entry.token === token) {
      const left = entry.credentials.expiresAt - this.now();
      if (left > REFRESH_MARGIN_MS) return entry.credentials;
      if (left > MIN_TTL_MS) {
        // Still valid: serve them now, and refresh behind the answer (unless a refresh failed a moment ago, or one
        // is under way: joining it would report its failure once per request that joined).
        if (this.now() >= this.backgroundPausedUntil && this.inflight?.token !== token) {
          this.refresh(token).catch(error => {
            this.backgroundPausedUntil = this.now() + BACKGROUND_RETRY_MS * (1 + this.random());
            this.options.onBackgroundError?.(error);
          });
        }
        return entry.credentials;
      }
    }
    return this.refresh(token);
  }

  /** Forgets everything (the token file changed). */
  clear(): void {
    this.entry = undefined;
    this.backgroundPausedUntil = 0;
  }

  private refresh(token: string): Promise<CachedCredentials> {
    if (this.inflight && this.inflight.token === token) return this.inflight.promise;
    const promise = this.options.fetch(token).then(credentials => {
      this.entry = { token, credentials };
      this.backgroundPausedUntil = 0;
      return credentials;
    }).finally(() => {
      if (this.inflight?.promise === promise) this.inflight = undefined;
    });
    this.inflight = { token, promise };
    return promise;
  }
}
