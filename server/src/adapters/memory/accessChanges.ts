import type { AccessChange, AccessChangeBus, AccessChangeListener } from '../../domain/accounts/userChanges.ts';

/**
 * Access changes within this process: every listener hears a change synchronously, in publish().
 * One that throws does not stop the others nor undo the change. The Redis bus delivers through it.
 */
export class MemoryAccessChangeBus implements AccessChangeBus {
  readonly #listeners = new Set<AccessChangeListener>();

  subscribe(listener: AccessChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish(change: AccessChange): Promise<void> {
    this.deliver(change);
    return Promise.resolve();
  }

  /** Calls every listener now. */
  deliver(change: AccessChange): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(change);
      } catch (error) {
        console.error('[accounts] access change listener failed', error);
      }
    }
  }
}
