/**
 * Which failures to try again, and after how long: the SDK's standard mode (exponential backoff with full
 * jitter, a larger base for throttling, `Retry-After` honoured, at most 20 s).
 */
// THROTTLING_ERROR_CODES, TRANSIENT_ERROR_STATUS_CODES, NODEJS_TIMEOUT_ERROR_CODES, DEFAULT_RETRY_DELAY_BASE 100,
// THROTTLING_RETRY_DELAY_BASE 500, MAXIMUM_RETRY_DELAY 20000, as bundled in @smithy/core 3.41.1 (dist-cjs/submodules/retry).
// Source: smithy-lang/smithy-typescript packages/util-retry/src/constants.ts @ @smithy/core 3.41.1 (checked 2026-12-01)
const THROTTLING_CODES = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'ProvisionedThroughputExceededException', 'SlowDown']);
const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const DELAY_BASE = 100;
const THROTTLING_DELAY_BASE = 500;
const MAX_DELAY = 20_000;

export function isThrottling(error: any): boolean {
  return THROTTLING_CODES.has(error?.name) || error?.$metadata?.httpStatusCode === 429;
}

export function isRetryable(error: any): boolean {
  return isThrottling(error)
    || TRANSIENT_STATUS.has(error?.$metadata?.httpStatusCode)
    || error?.name === 'TimeoutError'
    || NETWORK_CODES.has(error?.code);
}

/** Milliseconds to wait before attempt `attempt + 1` (attempts so far, as the SDK counts them). */
export function retryDelay(error: any, attempt: number, retryAfter?: string | string[]): number {
  const base = isThrottling(error) ? THROTTLING_DELAY_BASE : DELAY_BASE;
  const jittered = Math.floor(Math.random() * base * 2 ** attempt);
  const after = Number(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
  const fromHeader = Number.isFinite(after) && after > 0 ? after * 1000 : 0;
  return Math.min(MAX_DELAY, Math.max(jittered, fromHeader));
}
