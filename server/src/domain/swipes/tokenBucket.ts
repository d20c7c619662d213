export type TakeResult = { ok: true } | { ok: false; retryAfterS: number };

/**
 * Flood control per sender: a bucket of `burst` tokens refilled at `ratePerSecond`; a request takes
 * one token per swipe. Pure: time comes from the injected clock.
 */
export class TokenBuckets {
  readonly #rate: number;
  readonly #burst: number;
  readonly #now: () => number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(ratePerSecond: number, burst: number, now: () => number = Date.now) {
    if (!(ratePerSecond > 0) || !(burst >= 1)) throw new TypeError('rate and burst must be positive');
    this.#rate = ratePerSecond;
    this.#burst = burst;
    this.#now = now;
  }

  take(key: string, n = 1): TakeResult {
    const now = this.#now();
    const b = this.#buckets.get(key) ?? { tokens: this.#burst, at: now };
    b.tokens = Math.min(this.#burst, b.tokens + ((now - b.at) / 1000) * this.#rate);
    b.at = now;
    this.#buckets.set(key, b);
    if (n <= b.tokens) {
      b.tokens -= n;
      return { ok: true };
    }
    const missing = Math.min(n, this.#burst) - b.tokens;
    return { ok: false, retryAfterS: Math.max(1, Math.ceil(missing / this.#rate)) };
  }
}
