import type { UserDto } from '@clinicwall/contract';

/**
 * created; updated (name); scope (role, regions, clinic: re-check live subscriptions and consumers);
 * disabled (drop the user's sockets and consumers); password (other sessions ended).
 */
export type UserChangeKind = 'created' | 'updated' | 'scope' | 'disabled' | 'password';
export type UserChangeListener = (user: UserDto, kinds: readonly UserChangeKind[]) => void;

/** Tells the transports that a user changed, so they can re-check what is already open. */
export class UserChanges {
  readonly #listeners = new Set<UserChangeListener>();

  on(listener: UserChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Calls every listener; one that throws does not stop the others nor undo the change. */
  emit(user: UserDto, kinds: readonly UserChangeKind[]): void {
    if (kinds.length === 0) return;
    for (const listener of this.#listeners) {
      try {
        listener(user, kinds);
      } catch (error) {
        console.error('[accounts] user change listener failed', error);
      }
    }
  }
}
