import type { ThrottleState } from './ports.ts';

/** Limits of one throttle key kind. */
export interface ThrottleRule {
  /** Failures within `windowMs` that lock the key. */
  maxFailures: number;
  windowMs: number;
  /** First lock-out; each further lock-out (before the key has been quiet for windowMs) doubles it. */
  baseLockMs: number;
  maxLockMs: number;
}

const MINUTE = 60_000;
/** Per username: 5 failures in 15 minutes lock it for 1, 2, 4 … 60 minutes. */
export const USERNAME_RULE: ThrottleRule = {
  maxFailures: 5,
  windowMs: 15 * MINUTE,
  baseLockMs: MINUTE,
  maxLockMs: 60 * MINUTE,
};
/** Per client address: more lenient (a control room signs in from behind one NAT). */
export const ADDRESS_RULE: ThrottleRule = {
  maxFailures: 20,
  windowMs: 15 * MINUTE,
  baseLockMs: MINUTE,
  maxLockMs: 60 * MINUTE,
};
/** How soon to retry when the limit is taken up by attempts still being checked. */
export const BUSY_RETRY_MS = 1000;

export const EMPTY: ThrottleState = {
  failures: 0,
  pending: 0,
  lastAttemptAt: 0,
  lockedUntil: 0,
  lockouts: 0,
  windowStart: 0,
};

/** Forgets what is older than the rule's window. */
export function normalize(prev: ThrottleState | null, now: number, rule: ThrottleRule): ThrottleState {
  const s: ThrottleState = { ...EMPTY, ...prev };
  if (s.pending > 0 && now - s.lastAttemptAt > rule.windowMs) s.pending = 0; // a crashed attempt
  if (s.failures > 0 && now - s.windowStart > rule.windowMs) s.failures = 0;
  const quietSince = Math.max(s.lastAttemptAt, s.lockedUntil);
  if (s.lockouts > 0 && s.failures === 0 && now - quietSince > rule.windowMs) s.lockouts = 0;
  return s;
}

export type Admission =
  { admitted: true; state: ThrottleState } | { admitted: false; retryAfterMs: number; state: ThrottleState };

/** Lets an attempt through unless locked or the limit is taken by failures plus attempts in flight. */
export function admit(prev: ThrottleState | null, now: number, rule: ThrottleRule): Admission {
  const s = normalize(prev, now, rule);
  if (s.lockedUntil > now) return { admitted: false, retryAfterMs: s.lockedUntil - now, state: s };
  if (s.failures + s.pending >= rule.maxFailures) return { admitted: false, retryAfterMs: BUSY_RETRY_MS, state: s };
  return { admitted: true, state: { ...s, pending: s.pending + 1, lastAttemptAt: now } };
}

export type Outcome = 'success' | 'failure' | 'cancel';

/**
 * Settles an admitted attempt. A failure counts and may lock (doubling per lock-out); a success
 * clears the key when `successResets` (usernames) and only ends the attempt otherwise (addresses).
 */
export function settle(
  prev: ThrottleState | null,
  now: number,
  rule: ThrottleRule,
  outcome: Outcome,
  successResets: boolean,
): ThrottleState {
  const s = normalize(prev, now, rule);
  s.pending = Math.max(0, s.pending - 1);
  if (outcome === 'success' && successResets) return { ...EMPTY, pending: s.pending };
  if (outcome !== 'failure') return s;
  if (s.failures === 0) s.windowStart = now;
  s.failures += 1;
  s.lastAttemptAt = now;
  if (s.failures >= rule.maxFailures) {
    s.lockedUntil = now + Math.min(rule.baseLockMs * 2 ** s.lockouts, rule.maxLockMs);
    s.lockouts += 1;
    s.failures = 0;
  }
  return s;
}
