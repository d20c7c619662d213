import type { UserDto } from '@clinicwall/contract';

/**
 * created; updated (name); scope (role, regions, clinic: re-check live subscriptions, consumers and
 * producers); disabled (drop the user's sockets, consumers and producers); password (sessions ended).
 */
export const USER_CHANGE_KINDS = ['created', 'updated', 'scope', 'disabled', 'password'] as const;
export type UserChangeKind = (typeof USER_CHANGE_KINDS)[number];

/**
 * What every server process must apply to what it already holds open (sockets, subscriptions, SFU
 * consumers and producers): a user changed; one session ended (signed out); or changes may have been
 * missed (the bus lost its link for a while), so re-check everyone.
 */
export type AccessChange =
  | { type: 'user'; userId: string; kinds: UserChangeKind[] }
  | { type: 'session'; userId: string; sessionId: string }
  | { type: 'resync' };

export type AccessChangeListener = (change: AccessChange) => void;

/**
 * Carries access changes to the listeners of every server process sharing the accounts, this one
 * included (memory: this process only; Redis: pub/sub). Local listeners hear a change before
 * publish() resolves; publish() rejects when the other processes could not be told.
 */
export interface AccessChangeBus {
  publish(change: AccessChange): Promise<void>;
  subscribe(listener: AccessChangeListener): () => void;
}

/** Tells the transports of every process that a user changed, so they re-check what is already open. */
export class UserChanges {
  readonly #bus: AccessChangeBus;

  constructor(bus: AccessChangeBus) {
    this.#bus = bus;
  }

  on(listener: AccessChangeListener): () => void {
    return this.#bus.subscribe(listener);
  }

  /** A user changed. Never rejects: the change is stored already (other processes catch up at their next re-check). */
  emit(user: UserDto, kinds: readonly UserChangeKind[]): Promise<void> {
    if (kinds.length === 0) return Promise.resolve();
    return this.#publish({ type: 'user', userId: user.id, kinds: [...kinds] });
  }

  /** One session of a user ended (signed out): its sockets go, wherever they are connected. */
  sessionEnded(userId: string, sessionId: string): Promise<void> {
    return this.#publish({ type: 'session', userId, sessionId });
  }

  async #publish(change: AccessChange): Promise<void> {
    try {
      await this.#bus.publish(change);
    } catch (error) {
      console.warn(
        `[accounts] other server processes not told of a ${change.type} change: ${(error as Error).message}`,
      );
    }
  }
}
