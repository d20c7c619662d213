import type { Redis } from 'ioredis';
import {
  START_CURSOR,
  type EventId,
  type SwipeIngestResult,
  type SwipePageDto,
  type SwipeQuery,
  type SwipeRecord,
} from '@clinicwall/contract';
import type { SwipeDraft, SwipeStore } from '../../domain/swipes/ports.ts';
import { collectPage, indexForQuery, indexesOf, type OlderBatch } from '../../domain/swipes/query.ts';
import { KEYS } from './keys.ts';
import { runScripts } from './scriptBatch.ts';
import { defineScripts, runScript } from './scripts.ts';
import { TickBatcher } from './tickBatcher.ts';

/** A stream entry's record: the stored JSON plus the entry id. */
export function recordOf(id: string, json: string): SwipeRecord {
  return { id, ...(JSON.parse(json) as Omit<SwipeRecord, 'id'>) };
}

/** The result of cwAppendSwipe for a draft: {1, id} stored, {0, "<id>|<flags>"} a duplicate. */
function appendResult(d: SwipeDraft, [created, value]: [number, string]): SwipeIngestResult {
  if (created === 1) return { swipeId: d.swipeId, status: 'created', id: value, flags: [...d.flags] };
  const [id, flags] = value.split('|') as [string, string];
  return {
    swipeId: d.swipeId,
    status: 'duplicate',
    id,
    flags: flags ? (flags.split(',') as SwipeIngestResult['flags']) : [],
  };
}

/**
 * Swipes in Redis Streams. One global stream `cw:swipes` holds every swipe (field `r`: the record
 * as JSON, the entry id is the event id); small index streams per camera, terminal, clinic, card
 * and flag hold the same ids without payload, so a camera's resume or a filtered page reads only
 * its own entries instead of filtering the whole stream (at 500 swipes/s over 100 cameras, a
 * 10-minute outage is 300,000 entries, 3,000 of them for one camera). Retention: every append trims
 * with MINID (approximate, cheap) to `retentionMs`, index streams and idempotency keys expire after
 * it; trimBefore trims exactly. Durability is Redis's: AOF with appendfsync always or everysec.
 */
export class RedisSwipeStore implements SwipeStore {
  readonly #redis: Redis;
  readonly #retentionMs: number;

  constructor(redis: Redis, retentionMs: number) {
    this.#redis = redis;
    this.#retentionMs = retentionMs;
    defineScripts(redis);
  }

  append(drafts: readonly SwipeDraft[]): Promise<SwipeIngestResult[]> {
    return this.#appends.submit(drafts);
  }

  /**
   * The appends of one event-loop turn (all requests) in one pipeline: one round trip and, with
   * appendfsync always, one fsync for all of them; each request is answered only after Redis
   * answered, i.e. after its swipes were written to the AOF (and fsynced, with always).
   */
  readonly #appends = new TickBatcher<SwipeDraft, SwipeIngestResult>(
    async (drafts) => {
      const calls = drafts.map((d) => ({
        name: 'cwAppendSwipe' as const,
        keys: [KEYS.swipes, KEYS.swipeOnce(d.integrationId, d.swipeId), ...indexesOf(d).map(KEYS.swipeIndex)],
        args: [JSON.stringify(d), d.flags.join(','), this.#retentionMs],
      }));
      return (await runScripts(this.#redis, calls)).map((reply, i) =>
        reply.ok ? { ok: true, value: appendResult(drafts[i]!, reply.value as [number, string]) } : reply,
      );
    },
    // A repeat inside one batch (a retry racing its original) is stored once: it gets the original.
    {
      key: (d) => `${d.integrationId}\n${d.swipeId}`,
      repeat: (first) => ({ ...first, status: 'duplicate', flags: [...first.flags] }),
    },
  );

  async after(cameraId: string, afterId: string, limit: number, upTo: EventId = '+'): Promise<SwipeRecord[]> {
    return (await this.#readIndex(`cam:${cameraId}`, 'rev', upTo, `(${afterId}`, limit)).records.reverse();
  }

  async cursor(cameraId: string, upTo: EventId = '+'): Promise<EventId> {
    return this.#newest(KEYS.swipeIndex(`cam:${cameraId}`), upTo);
  }

  async head(): Promise<EventId> {
    return this.#newest(KEYS.swipes, '+');
  }

  async #newest(key: string, upTo: string): Promise<EventId> {
    const newest = (await this.#redis.xrevrange(key, upTo, '-', 'COUNT', 1)) as [string, string[]][];
    return newest[0]?.[0] ?? START_CURSOR;
  }

  async page(query: SwipeQuery): Promise<SwipePageDto> {
    const name = indexForQuery(query);
    return collectPage(query, async (before, count): Promise<OlderBatch> => {
      const start = before === null ? '+' : `(${before}`;
      if (name !== null) return this.#readIndex(name, 'rev', start, '-', count);
      const entries = (await this.#redis.xrevrange(KEYS.swipes, start, '-', 'COUNT', count)) as [string, string[]][];
      return {
        records: entries.map(([id, fields]) => recordOf(id, fields[1]!)),
        scanned: entries.length,
        lastScanned: entries.at(-1)?.[0] ?? null,
        exhausted: entries.length < count,
      };
    });
  }

  async trimBefore(epochMs: number): Promise<number> {
    return Number(await this.#redis.xtrim(KEYS.swipes, 'MINID', `${Math.floor(epochMs)}-0`));
  }

  async #readIndex(name: string, dir: 'rev' | 'fwd', start: string, end: string, count: number): Promise<OlderBatch> {
    const reply = (await runScript(
      this.#redis,
      'cwReadIndex',
      [KEYS.swipeIndex(name), KEYS.swipes],
      [dir, start, end, count],
    )) as [number, string | null, ...string[]];
    const [scanned, lastScanned, ...pairs] = reply;
    const records: SwipeRecord[] = [];
    for (let i = 0; i < pairs.length; i += 2) records.push(recordOf(pairs[i]!, pairs[i + 1]!));
    return { records, scanned, lastScanned: lastScanned ?? null, exhausted: scanned < count };
  }
}
