import type { SwipeRecord } from '@clinicwall/contract';
import type { SwipeSubscription } from './subscription.ts';

/** Sends one swipe to several walls (the socket layer encodes it once for all of them). */
export type SwipeSender = (record: SwipeRecord, to: readonly SwipeSubscription[]) => void;

const sendEach: SwipeSender = (record, to) => {
  for (const s of to) s.send(record);
};

/** Routes each swipe of the feed to the subscriptions of its cameras (each subscription once). */
export class SwipeFanout {
  readonly #byCamera = new Map<string, Set<SwipeSubscription>>();
  #send: SwipeSender = sendEach;

  /** How swipes go out (default: one send per subscription). */
  setSender(send: SwipeSender): void {
    this.#send = send;
  }

  watch(sub: SwipeSubscription, cameraIds: readonly string[]): void {
    for (const c of cameraIds) {
      let subs = this.#byCamera.get(c);
      if (!subs) this.#byCamera.set(c, (subs = new Set()));
      subs.add(sub);
    }
  }

  unwatch(sub: SwipeSubscription, cameraIds: readonly string[] = sub.cameraIds()): void {
    for (const c of cameraIds) {
      const subs = this.#byCamera.get(c);
      subs?.delete(sub);
      if (subs?.size === 0) this.#byCamera.delete(c);
    }
  }

  /** How many subscriptions watch a camera. */
  watchers(cameraId: string): number {
    return this.#byCamera.get(cameraId)?.size ?? 0;
  }

  deliver(records: readonly SwipeRecord[]): void {
    for (const r of records) {
      const subs = new Set<SwipeSubscription>();
      for (const c of r.cameraIds) for (const s of this.#byCamera.get(c) ?? []) subs.add(s);
      const to = [...subs].filter((s) => s.offer(r));
      if (to.length) this.#send(r, to);
    }
  }
}
