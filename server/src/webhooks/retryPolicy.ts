/** When to try a webhook delivery again: pure rules, table-tested in retryPolicy.spec.ts. */

export interface RetryPolicy {
  /** Attempts in all (the first included); then the delivery fails. */
  maxAttempts: number;
  /** Back-off before the first retry; doubles each time (with jitter), up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A receiver's Retry-After is honoured up to this long. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 1000,
  maxDelayMs: 5 * 60_000,
  maxRetryAfterMs: 60 * 60_000,
};

export type AttemptVerdict = 'delivered' | 'retry' | 'give_up';

/**
 * What an answer means: 2xx delivered; no answer (network error, timeout), 408, 425, 429 and 5xx
 * are worth retrying; any other status (4xx: the receiver refuses this request; 3xx: we do not
 * follow redirects with a signed body) will not get better.
 */
export function judgeAttempt(status: number | null): AttemptVerdict {
  if (status === null) return 'retry';
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 408 || status === 425 || status === 429 || status >= 500) return 'retry';
  return 'give_up';
}

/**
 * Exponential back-off with "equal jitter": the n-th retry waits between half and all of
 * min(maxDelay, base * 2^(n-1)), so retries of many deliveries after one outage spread out.
 */
export function backoffMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** A Retry-After header (delta seconds or an HTTP date) in ms from `now`; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number): number | null {
  if (header === null) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

/**
 * The wait before the next attempt after `attemptsMade` failed ones, or null to give up. A
 * receiver's Retry-After is respected (never sooner; capped at maxRetryAfterMs).
 */
export function nextDelayMs(
  attemptsMade: number,
  retryAfterMs: number | null,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | null {
  if (attemptsMade >= policy.maxAttempts) return null;
  const backoff = backoffMs(attemptsMade, policy, random);
  if (retryAfterMs === null) return backoff;
  return Math.max(backoff, Math.min(retryAfterMs, policy.maxRetryAfterMs));
}
