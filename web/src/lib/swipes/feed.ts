import { compareEventIds, type SwipeRecord } from '@clinicwall/contract';

/**
 * How a swipe reached the wall:
 * - live: pushed as a `swipe` event while subscribed;
 * - resume: in the `missed` list after a reconnect, for a camera the wall was already showing (it
 *   would have been live without the blip, so it is shown as new, marked late);
 * - catchup: in `missed` for a camera that came back on the page, or from the HTTP history; shown on
 *   the tile only if it is still recent by its own time.
 */
export type Arrival = 'live' | 'resume' | 'catchup';

/** A swipe as one camera's tile keeps it. */
export interface ShownSwipe {
  record: SwipeRecord;
  /** Local ms since epoch from which the tile counts its display time. */
  shownAt: number;
  /** Delivered after a reconnect rather than live. */
  late: boolean;
}

/** Swipes kept per camera (the focused tile's list); older ones drop off, the last id is kept. */
export const DEFAULT_PER_CAMERA = 50;

export function shownAtFor(arrival: Arrival, record: SwipeRecord, now: number): number {
  if (arrival !== 'catchup') return now;
  const received = Date.parse(record.receivedAt);
  return Number.isFinite(received) ? Math.min(now, received) : 0;
}

/**
 * Inserts into a newest-first list, keeping it ordered by event id and free of duplicates; trims to
 * `max`. Returns the same array when nothing changed (a duplicate, or older than a full list's tail).
 */
export function insertSwipe(list: readonly ShownSwipe[], item: ShownSwipe, max: number): readonly ShownSwipe[] {
  let i = 0;
  while (i < list.length) {
    const c = compareEventIds(item.record.id, list[i]!.record.id);
    if (c === 0) return list;
    if (c > 0) break;
    i++;
  }
  if (i >= max) return list;
  const next = [...list.slice(0, i), item, ...list.slice(i)];
  if (next.length > max) next.length = max;
  return next;
}

/**
 * The wall's swipes per camera (pure bookkeeping, no socket): ordered, without duplicates, bounded,
 * and the last event id seen per camera (to resume after a reconnect). A record is filed only under
 * the cameras the caller passes (those it is subscribed to); its other cameras are not touched.
 */
export class SwipeFeed {
  readonly #max: number;
  readonly #lists = new Map<string, readonly ShownSwipe[]>();
  readonly #lastIds = new Map<string, string>();

  constructor(perCamera = DEFAULT_PER_CAMERA) {
    if (!Number.isInteger(perCamera) || perCamera < 1) throw new TypeError('perCamera must be a positive integer');
    this.#max = perCamera;
  }

  lastId(cameraId: string): string | null {
    return this.#lastIds.get(cameraId) ?? null;
  }

  /** Newest first. */
  list(cameraId: string): readonly ShownSwipe[] {
    return this.#lists.get(cameraId) ?? [];
  }

  /** Moves a camera's resume point forward (never back), e.g. to the stream's head when it had none. */
  advance(cameraId: string, id: string): void {
    const last = this.#lastIds.get(cameraId);
    if (last === undefined || compareEventIds(id, last) > 0) this.#lastIds.set(cameraId, id);
  }

  /**
   * Files a record under each of `cameraIds` that it names; returns the cameras whose list changed.
   * `trackResume` false (HTTP history) leaves the resume points alone.
   */
  add(record: SwipeRecord, cameraIds: Iterable<string>, arrival: Arrival, now: number, trackResume = true): string[] {
    const changed: string[] = [];
    const item: ShownSwipe = { record, shownAt: shownAtFor(arrival, record, now), late: arrival === 'resume' };
    for (const cameraId of cameraIds) {
      if (!record.cameraIds.includes(cameraId)) continue;
      if (trackResume) this.advance(cameraId, record.id);
      const before = this.list(cameraId);
      const after = insertSwipe(before, item, this.#max);
      if (after !== before) {
        this.#lists.set(cameraId, after);
        changed.push(cameraId);
      }
    }
    return changed;
  }
}
