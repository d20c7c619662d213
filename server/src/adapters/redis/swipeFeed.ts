import type { Redis } from 'ioredis';
import type { SwipeRecord } from '@clinicwall/contract';
import type { SwipeFeed } from '../../domain/swipes/ports.ts';
import { KEYS } from './keys.ts';
import { recordOf } from './swipeStore.ts';

/**
 * Tails the swipe stream (XREAD BLOCK on its own connection) and hands every new swipe, in stream
 * order, to the listeners: each server process sees every swipe, whichever process stored it, and
 * straight from the durable log (a process that dies between storing and pushing loses nothing).
 * After a connection loss it resumes from the last entry it read.
 */
export class RedisSwipeFeed implements SwipeFeed {
  readonly #redis: Redis;
  readonly #listeners = new Set<(records: SwipeRecord[]) => void>();
  #lastId = '0-0';
  #running = false;
  #stopped: Promise<void> = Promise.resolve();

  /** `redis` must be a connection of its own: it spends its time blocked in XREAD. */
  constructor(redis: Redis) {
    this.#redis = redis;
  }

  /** Starts after the newest entry present now. */
  async start(): Promise<void> {
    const newest = (await this.#redis.xrevrange(KEYS.swipes, '+', '-', 'COUNT', 1)) as [string, string[]][];
    this.#lastId = newest[0]?.[0] ?? '0-0';
    this.#running = true;
    this.#stopped = this.#loop();
  }

  subscribe(listener: (records: SwipeRecord[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#running = false;
    this.#redis.disconnect();
    await this.#stopped;
  }

  async #loop(): Promise<void> {
    while (this.#running) {
      try {
        const reply = (await this.#redis.xread('COUNT', 1000, 'BLOCK', 2000, 'STREAMS', KEYS.swipes, this.#lastId)) as
          [string, [string, string[]][]][] | null;
        const entries = reply?.[0]?.[1] ?? [];
        if (entries.length === 0) continue;
        this.#lastId = entries.at(-1)![0];
        const records = entries.map(([id, fields]) => recordOf(id, fields[1]!));
        for (const l of this.#listeners) {
          try {
            l(records);
          } catch (error) {
            console.error('[swipes] feed listener failed', error);
          }
        }
      } catch (error) {
        if (!this.#running) return;
        console.warn(`[swipes] feed: ${(error as Error).message}; retrying`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }
}
