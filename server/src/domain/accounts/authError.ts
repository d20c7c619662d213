import { DomainError } from '../errors.ts';

export type AuthFailure = 'bad_credentials' | 'throttled';

/**
 * A refused sign-in. `bad_credentials` (code unauthenticated) never says whether the user exists;
 * `throttled` (code rate_limited) carries when to retry (HTTP: Retry-After).
 */
export class AuthError extends DomainError {
  readonly reason: AuthFailure;
  readonly retryAfterMs: number;

  constructor(reason: AuthFailure, retryAfterMs = 0) {
    super(
      reason === 'throttled' ? 'rate_limited' : 'unauthenticated',
      reason === 'throttled'
        ? `too many sign-in attempts, try again in ${waitText(retryAfterMs)}`
        : 'wrong username or password',
    );
    this.name = 'AuthError';
    this.reason = reason;
    this.retryAfterMs = retryAfterMs;
  }
}

function waitText(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 60) return `${s} second${s === 1 ? '' : 's'}`;
  const m = Math.ceil(s / 60);
  return `${m} minute${m === 1 ? '' : 's'}`;
}
