import { EventEmitter } from 'node:events';
import type { LeaseStore } from './leaseStore.ts';

export interface LeadershipOptions {
  store: LeaseStore;
  /** This candidate's token (unique per process). */
  token: string;
  /** Lease time to live; a dead or stalled leader is replaced within about this long. */
  ttlMs: number;
  /** How often the leader renews and the others try to take over (default ttlMs / 5). */
  everyMs?: number;
  /** Whether to stand while `holder` (a token, null: nobody) leads; default always. */
  mayStand?: (holder: string | null) => boolean;
  now?: () => number;
}

/** The part of a term the leader counts on: the lease outlives it, even if its renewal is slow to answer. */
const TRUSTED_SHARE = 0.8;

/** What a process asks before it acts as the alarm leader (a Leadership, or SOLE_LEADER when alone). */
export interface LeaderCheck {
  isLeader(): boolean;
}

/** A process without peers (no Redis): always the leader. */
export const SOLE_LEADER: LeaderCheck = { isLeader: () => true };

/**
 * Leader election over a lease: every candidate tries to take the lease every `everyMs`; the one
 * holding it renews it as often. Fencing: the leader trusts its term only up to 80 % of the lease
 * counted from when it asked, so isLeader() turns false before any other process can take over,
 * also when its event loop stalled; a renewal that fails or answers late deposes it at once.
 * Emits `elected` and `deposed` (with why), and `holder` when it sees the lease change hands;
 * `step()` is one round (tests drive it with a fake clock).
 */
export class Leadership
  extends EventEmitter<{ elected: []; deposed: [why: string]; holder: [token: string | null] }>
  implements LeaderCheck
{
  readonly #o: Required<LeadershipOptions>;
  #trustedUntil: number | null = null;
  #holder: string | null = null;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;
  #stepping: Promise<void> | null = null;

  constructor(o: LeadershipOptions) {
    super();
    if (!(o.ttlMs > 0)) throw new TypeError(`ttlMs must be > 0, got ${o.ttlMs}`);
    this.#o = { everyMs: o.ttlMs / 5, mayStand: () => true, now: Date.now, ...o };
    if (!(this.#o.everyMs > 0 && this.#o.everyMs < o.ttlMs * TRUSTED_SHARE))
      throw new TypeError(`everyMs must be > 0 and well under the ttl, got ${this.#o.everyMs}`);
  }

  get token(): string {
    return this.#o.token;
  }

  isLeader(): boolean {
    return this.#trustedUntil !== null && this.#o.now() < this.#trustedUntil;
  }

  /** Steps now and then every `everyMs` until close(). */
  start(): void {
    const loop = () => {
      this.#timer = null;
      void this.step().finally(() => {
        if (!this.#closed) (this.#timer = setTimeout(loop, this.#o.everyMs)).unref();
      });
    };
    loop();
  }

  /** One round: the leader renews (or learns it lost the lease), a follower tries to take it. */
  step(): Promise<void> {
    return (this.#stepping ??= this.#round().finally(() => (this.#stepping = null)));
  }

  /** Stops; a leader steps down and gives the lease back, so another takes over at its next round. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#stepping;
    if (this.#trustedUntil === null) return;
    this.#depose('closing');
    await this.#o.store.release(this.#o.token).catch(() => undefined);
  }

  async #round(): Promise<void> {
    if (this.#closed) return;
    const asked = this.#o.now();
    if (this.#trustedUntil !== null) {
      if (!this.isLeader()) return this.#depose('the lease ran out before it was renewed (stalled)');
      const renewed = await this.#o.store.renew(this.#o.token, this.#o.ttlMs).catch(() => false);
      if (this.#closed) return;
      if (!renewed) return this.#depose('the lease could not be renewed');
      if (!this.#trust(asked)) return this.#depose('the renewal answered too late');
      return;
    }
    const holder = await this.#o.store.holder().catch(() => undefined);
    if (holder === undefined || this.#closed) return;
    this.#saw(holder);
    if (!this.#o.mayStand(holder)) return;
    const taken = await this.#o.store.acquire(this.#o.token, this.#o.ttlMs).catch(() => false);
    if (this.#closed) {
      if (taken) await this.#o.store.release(this.#o.token).catch(() => undefined);
      return;
    }
    if (!taken || !this.#trust(asked)) return;
    this.emit('elected');
    this.#saw(this.#o.token);
  }

  /** Announces a new holder (`holder` event: every process learns of a leader change within a round). */
  #saw(holder: string | null): void {
    if (holder === this.#holder) return;
    this.#holder = holder;
    this.emit('holder', holder);
  }

  /** Trusts the term until 80 % of the lease after `asked`; false when that is already past. */
  #trust(asked: number): boolean {
    const until = asked + this.#o.ttlMs * TRUSTED_SHARE;
    if (this.#o.now() >= until) {
      this.#trustedUntil = null;
      return false;
    }
    this.#trustedUntil = until;
    return true;
  }

  #depose(why: string): void {
    this.#trustedUntil = null;
    this.emit('deposed', why);
  }
}
