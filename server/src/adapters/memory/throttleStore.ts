import type { ThrottleState, ThrottleStore } from '../../domain/accounts/ports.ts';

/** In-memory throttle states; `update` runs synchronously, so it is atomic per key. Entries expire after their TTL. */
export class MemoryThrottleStore implements ThrottleStore {
  readonly #entries = new Map<string, { state: ThrottleState; expiresAt: number }>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  async update(
    key: string,
    next: (prev: ThrottleState | null) => ThrottleState,
    ttlMs: number,
  ): Promise<ThrottleState> {
    const state = next(this.#read(key));
    this.#entries.set(key, { state: { ...state }, expiresAt: this.#now() + ttlMs });
    return { ...state };
  }

  async get(key: string): Promise<ThrottleState | null> {
    return this.#read(key);
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  #read(key: string): ThrottleState | null {
    const e = this.#entries.get(key);
    if (e && e.expiresAt <= this.#now()) this.#entries.delete(key);
    return e && e.expiresAt > this.#now() ? { ...e.state } : null;
  }
}
