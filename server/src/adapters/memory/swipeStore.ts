import {
  compareEventIds,
  START_CURSOR,
  type EventId,
  type SwipeIngestResult,
  type SwipePageDto,
  type SwipeQuery,
  type SwipeRecord,
} from '@clinicwall/contract';
import type { SwipeDraft, SwipeFeed, SwipeStore } from '../../domain/swipes/ports.ts';
import { collectPage, indexForQuery, indexesOf, type OlderBatch } from '../../domain/swipes/query.ts';
import { EventIdClock, eventIdMs } from './eventIds.ts';

/** Index of the first record whose id is greater than `id` (ids ascending). */
function firstAfter(list: readonly SwipeRecord[], id: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareEventIds(list[mid]!.id, id) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first record whose id is not less than `id`. */
function firstAtOrAfter(list: readonly SwipeRecord[], id: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareEventIds(list[mid]!.id, id) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The embedded swipe store (no REDIS_URL): everything in this process's memory, gone when it stops.
 * Same semantics as the Redis store: idempotent append, event ids `<ms>-<seq>`, per-camera/terminal/
 * clinic/card/flag indexes, newest-first paging; it is also its own feed.
 */
export class MemorySwipeStore implements SwipeStore, SwipeFeed {
  readonly #all: SwipeRecord[] = [];
  readonly #indexes = new Map<string, SwipeRecord[]>();
  readonly #seen = new Map<string, { id: string; flags: SwipeRecord['flags'] }>();
  readonly #listeners = new Set<(records: SwipeRecord[]) => void>();
  readonly #ids: EventIdClock;

  constructor(now: () => number = Date.now) {
    this.#ids = new EventIdClock(now);
  }

  async append(drafts: readonly SwipeDraft[]): Promise<SwipeIngestResult[]> {
    const results: SwipeIngestResult[] = [];
    const created: SwipeRecord[] = [];
    for (const draft of drafts) {
      const key = `${draft.integrationId}\n${draft.swipeId}`;
      const prev = this.#seen.get(key);
      if (prev) {
        results.push({ swipeId: draft.swipeId, status: 'duplicate', id: prev.id, flags: [...prev.flags] });
        continue;
      }
      const record: SwipeRecord = { id: this.#ids.next(), ...structuredClone(draft) };
      this.#all.push(record);
      for (const name of indexesOf(record)) {
        let list = this.#indexes.get(name);
        if (!list) this.#indexes.set(name, (list = []));
        list.push(record);
      }
      this.#seen.set(key, { id: record.id, flags: record.flags });
      created.push(record);
      results.push({ swipeId: draft.swipeId, status: 'created', id: record.id, flags: [...record.flags] });
    }
    if (created.length) for (const l of this.#listeners) l(created);
    return results;
  }

  async after(cameraId: string, afterId: string, limit: number, upTo?: EventId): Promise<SwipeRecord[]> {
    const list = this.#indexes.get(`cam:${cameraId}`) ?? [];
    const start = firstAfter(list, afterId);
    const end = upTo === undefined ? list.length : firstAfter(list, upTo);
    return list.slice(Math.max(start, end - limit), end);
  }

  async cursor(cameraId: string, upTo?: EventId): Promise<EventId> {
    const list = this.#indexes.get(`cam:${cameraId}`) ?? [];
    const end = upTo === undefined ? list.length : firstAfter(list, upTo);
    return list[end - 1]?.id ?? START_CURSOR;
  }

  async head(): Promise<EventId> {
    return this.#all.at(-1)?.id ?? START_CURSOR;
  }

  async page(query: SwipeQuery): Promise<SwipePageDto> {
    const name = indexForQuery(query);
    const list = name === null ? this.#all : (this.#indexes.get(name) ?? []);
    return collectPage(query, async (before, count): Promise<OlderBatch> => {
      const end = before === null ? list.length : firstAtOrAfter(list, before);
      const start = Math.max(0, end - count);
      const records = list.slice(start, end).reverse();
      return { records, scanned: records.length, lastScanned: records.at(-1)?.id ?? null, exhausted: start === 0 };
    });
  }

  async trimBefore(epochMs: number): Promise<number> {
    const cut = (list: SwipeRecord[]) => {
      let n = 0;
      while (n < list.length && eventIdMs(list[n]!.id) < epochMs) n++;
      list.splice(0, n);
      return n;
    };
    const removed = cut(this.#all);
    for (const [name, list] of this.#indexes) if (cut(list) && list.length === 0) this.#indexes.delete(name);
    for (const [key, v] of this.#seen) if (eventIdMs(v.id) < epochMs) this.#seen.delete(key);
    return removed;
  }

  subscribe(listener: (records: SwipeRecord[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
