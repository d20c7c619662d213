import { compareEventIds, type SwipeRecord } from '@clinicwall/contract';

export interface ResumePoint {
  cameraId: string;
  /** The last event id the wall saw for this camera; null: it wants only new swipes. */
  lastId: string | null;
}

/**
 * One wall's swipe subscription: the cameras it shows and, per camera, the newest event id it has
 * been given. It turns "missed swipes in the subscribe answer, then live ones" into an exactly-once,
 * in-order sequence per camera:
 *  - while a subscribe is catching up (reading missed swipes and cursors from the store), live
 *    swipes are held;
 *  - the answer states each camera's cursor; after it went out, held swipes are released, skipping
 *    those at or before the cursor (the answer had them, or they came before the subscribe);
 *  - a swipe is given once even when the wall shows several of its cameras, and never again once
 *    a newer one was given for all of them (a slow feed can't replay what a resume already sent).
 */
export class SwipeSubscription {
  /** Who this is (the socket id: live swipes are broadcast to the rooms of these ids). */
  readonly id: string;
  /** Sends swipes (oldest first) to this wall alone. */
  readonly send: (records: SwipeRecord[]) => void;
  /** camera → newest event id given (null: none yet). */
  readonly #last = new Map<string, string | null>();
  #catchingUp = 0;
  #held: SwipeRecord[] = [];

  constructor(id: string, send: (records: SwipeRecord[]) => void) {
    this.id = id;
    this.send = send;
  }

  cameraIds(): string[] {
    return [...this.#last.keys()];
  }

  has(cameraId: string): boolean {
    return this.#last.has(cameraId);
  }

  /**
   * Starts a subscribe: adds the cameras (a resume point never moves a camera backwards) and holds
   * live swipes until finishCatchUp. Returns the cameras that were new to this subscription.
   */
  beginCatchUp(points: readonly ResumePoint[]): string[] {
    const added: string[] = [];
    for (const { cameraId, lastId } of points) {
      if (!this.#last.has(cameraId)) added.push(cameraId);
      this.#advance(cameraId, lastId);
    }
    this.#catchingUp++;
    return added;
  }

  /**
   * A subscribe's reads are done: cameras move past the missed swipes (the answer carries them) and
   * to the cursor read for each (its resume point's newest swipe, or the head of its stream); returns
   * the cursor of each of those cameras as the answer states it: every later swipe is sent live.
   * Live swipes stay held until finishCatchUp.
   */
  settle(missed: readonly SwipeRecord[], cursors: ReadonlyMap<string, string>): Record<string, string> {
    for (const r of missed) for (const c of r.cameraIds) if (this.#last.has(c)) this.#advance(c, r.id);
    const stated: Record<string, string> = {};
    for (const [cameraId, cursor] of cursors) {
      if (this.#last.has(cameraId)) this.#advance(cameraId, cursor);
      // A camera unsubscribed meanwhile keeps the cursor read for it.
      stated[cameraId] = this.#last.get(cameraId) ?? cursor;
    }
    return stated;
  }

  /** Ends a subscribe after its answer was sent (or it failed); releases the held live swipes. */
  finishCatchUp(): void {
    this.#catchingUp = Math.max(0, this.#catchingUp - 1);
    if (this.#catchingUp > 0) return;
    const held = this.#held;
    this.#held = [];
    const fresh = held.filter((r) => this.#fresh(r));
    if (fresh.length > 0) this.send(fresh);
  }

  /** The newest event id given for a camera (its resume point); null when none yet or not subscribed. */
  position(cameraId: string): string | null {
    return this.#last.get(cameraId) ?? null;
  }

  remove(cameraIds: readonly string[]): void {
    for (const c of cameraIds) this.#last.delete(c);
  }

  /**
   * A live swipe from the feed: true when the caller is to send it to this wall now (it is then
   * counted as sent); false when it is held during a catch-up, not for this wall, or already sent.
   */
  offer(record: SwipeRecord): boolean {
    if (!record.cameraIds.some((c) => this.#last.has(c))) return false;
    if (this.#catchingUp > 0) {
      this.#held.push(record);
      return false;
    }
    return this.#fresh(record);
  }

  /** Whether the swipe is newer than what this wall has for one of its cameras; if so, marks it sent. */
  #fresh(record: SwipeRecord): boolean {
    const fresh = record.cameraIds.filter((c) => {
      if (!this.#last.has(c)) return false;
      const last = this.#last.get(c);
      return last == null || compareEventIds(record.id, last) > 0;
    });
    for (const c of fresh) this.#last.set(c, record.id);
    return fresh.length > 0;
  }

  #advance(cameraId: string, id: string | null): void {
    const last = this.#last.get(cameraId) ?? null;
    if (id === null) {
      if (!this.#last.has(cameraId)) this.#last.set(cameraId, null);
      return;
    }
    if (last === null || compareEventIds(id, last) > 0) this.#last.set(cameraId, id);
  }
}
