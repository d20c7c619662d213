/**
 * A lease one process holds at a time (the alarm leader's): taken only when free, kept by renewing
 * it before it expires, given back on shutdown. Values are the holders' tokens (unique per process
 * and term): renewing or releasing with another token changes nothing.
 */
export interface LeaseStore {
  /** Takes the lease for `ttlMs` if nobody holds it (or `token` already does); true when taken. */
  acquire(token: string, ttlMs: number): Promise<boolean>;
  /** Extends the lease by `ttlMs` if `token` still holds it; false when it was lost. */
  renew(token: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease back if `token` holds it. */
  release(token: string): Promise<void>;
  /** The current holder's token, null when free. */
  holder(): Promise<string | null>;
}

/** The in-memory lease (unit tests, several candidates in one process) on a given clock. */
export class MemoryLeaseStore implements LeaseStore {
  readonly #now: () => number;
  #held: { token: string; until: number } | null = null;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  async acquire(token: string, ttlMs: number): Promise<boolean> {
    const current = await this.holder();
    if (current !== null && current !== token) return false;
    this.#held = { token, until: this.#now() + ttlMs };
    return true;
  }

  async renew(token: string, ttlMs: number): Promise<boolean> {
    if ((await this.holder()) !== token) return false;
    this.#held = { token, until: this.#now() + ttlMs };
    return true;
  }

  async release(token: string): Promise<void> {
    if ((await this.holder()) === token) this.#held = null;
  }

  async holder(): Promise<string | null> {
    if (this.#held && this.#held.until <= this.#now()) this.#held = null;
    return this.#held?.token ?? null;
  }
}
