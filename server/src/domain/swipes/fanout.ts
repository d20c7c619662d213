import type { SwipeRecord } from '@clinicwall/contract';
import type { SwipeSubscription } from './subscription.ts';

/** Sends swipes to several walls (the socket layer encodes them once for all of them). */
export type SwipeSender = (records: SwipeRecord[], to: readonly SwipeSubscription[]) => void;

const sendEach: SwipeSender = (records, to) => {
  for (const s of to) s.send(records);
};

/**
 * Routes each swipe of the feed to the subscriptions of its cameras (each subscription once). What
 * the feed hands over together leaves together: one message per wall, and one send for all the walls
 * that get the same swipes, so the work per swipe does not grow with the number of walls.
 */
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
    /** subscription → the indexes of the records it gets, in order. */
    const got = new Map<SwipeSubscription, number[]>();
    records.forEach((r, i) => {
      const subs = new Set<SwipeSubscription>();
      for (const c of r.cameraIds) for (const s of this.#byCamera.get(c) ?? []) subs.add(s);
      for (const s of subs) {
        if (!s.offer(r)) continue;
        const mine = got.get(s);
        if (mine) mine.push(i);
        else got.set(s, [i]);
      }
    });
    const groups = new Map<string, { indexes: number[]; to: SwipeSubscription[] }>();
    for (const [s, indexes] of got) {
      const key = indexes.join(',');
      const group = groups.get(key);
      if (group) group.to.push(s);
      else groups.set(key, { indexes, to: [s] });
    }
    for (const { indexes, to } of groups.values())
      this.#send(
        indexes.map((i) => records[i]!),
        to,
      );
  }
}
