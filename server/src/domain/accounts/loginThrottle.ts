import { AuthError } from './authError.ts';
import type { ThrottleState, ThrottleStore } from './ports.ts';
import { ADDRESS_RULE, USERNAME_RULE, admit, settle, type Outcome, type ThrottleRule } from './throttleState.ts';

interface Key {
  key: string;
  rule: ThrottleRule;
  successResets: boolean;
}

/** An admitted sign-in attempt; settle it exactly once. */
export interface ThrottleTicket {
  readonly keys: readonly Key[];
}

/** A key that a failure has just locked (for the audit log). */
export interface Lockout {
  key: string;
  until: number;
}

/**
 * Sign-in throttling per username and per client address. Attempts are admitted before the password
 * is checked and counted while in flight, so a burst of parallel guesses gets no more tries than a
 * sequence would. Usernames are throttled whether or not the user exists.
 */
export class LoginThrottle {
  readonly #store: ThrottleStore;
  readonly #now: () => number;
  readonly #username: ThrottleRule;
  readonly #address: ThrottleRule;

  constructor(
    store: ThrottleStore,
    now: () => number,
    rules: { username?: ThrottleRule; address?: ThrottleRule } = {},
  ) {
    this.#store = store;
    this.#now = now;
    this.#username = rules.username ?? USERNAME_RULE;
    this.#address = rules.address ?? ADDRESS_RULE;
  }

  /** Admits an attempt or throws AuthError('throttled') with the time to wait. */
  async admit(username: string, address: string | null): Promise<ThrottleTicket> {
    const keys: Key[] = [{ key: `login:user:${username}`, rule: this.#username, successResets: true }];
    if (address) keys.push({ key: `login:addr:${address}`, rule: this.#address, successResets: false });
    const admitted: Key[] = [];
    for (const k of keys) {
      let wait = 0;
      await this.#update(k, (prev, now) => {
        const a = admit(prev, now, k.rule);
        wait = a.admitted ? 0 : a.retryAfterMs;
        return a.state;
      });
      if (wait > 0) {
        await this.#settleKeys(admitted, 'cancel');
        throw new AuthError('throttled', wait);
      }
      admitted.push(k);
    }
    return { keys: admitted };
  }

  /** Records how an admitted attempt ended ('cancel': not decided, e.g. a store error); returns keys just locked. */
  settle(ticket: ThrottleTicket, outcome: Outcome): Promise<Lockout[]> {
    return this.#settleKeys(ticket.keys, outcome);
  }

  /** The current state of a username's key (for tests and an admin "unlock" view). */
  state(username: string): Promise<ThrottleState | null> {
    return this.#store.get(`login:user:${username}`);
  }

  /** Lifts a username's lock (an admin reset its password). */
  clear(username: string): Promise<void> {
    return this.#store.delete(`login:user:${username}`);
  }

  async #settleKeys(keys: readonly Key[], outcome: Outcome): Promise<Lockout[]> {
    const locked: Lockout[] = [];
    for (const k of keys) {
      let before = 0;
      const next = await this.#update(k, (prev, now) => {
        before = prev?.lockedUntil ?? 0;
        return settle(prev, now, k.rule, outcome, k.successResets);
      });
      if (next.lockedUntil !== before && next.lockedUntil > this.#now())
        locked.push({ key: k.key, until: next.lockedUntil });
    }
    return locked;
  }

  #update(k: Key, fn: (prev: ThrottleState | null, now: number) => ThrottleState): Promise<ThrottleState> {
    const now = this.#now();
    return this.#store.update(k.key, (prev) => fn(prev, now), k.rule.windowMs + k.rule.maxLockMs);
  }
}
