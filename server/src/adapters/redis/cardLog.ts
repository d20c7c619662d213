import type { Redis } from 'ioredis';
import type { CardSighting, TerminalCardLog } from '../../domain/swipes/ports.ts';
import { KEYS } from './keys.ts';
import { batchScripts } from './scriptBatch.ts';

const KEEP_MS = 24 * 3600_000;

/** Recent cards per terminal in Redis sorted sets (card hash → newest time seen), kept a day. */
export class RedisCardLog implements TerminalCardLog {
  readonly #redis: Redis;

  constructor(redis: Redis) {
    this.#redis = redis;
  }

  async observe(sightings: readonly CardSighting[], windowMs: number): Promise<number[]> {
    const calls = sightings.map((s) => ({
      name: 'cwObserveCard' as const,
      keys: [KEYS.terminalCards(s.terminalId)],
      args: [s.cardHash, s.atMs, windowMs, KEEP_MS],
    }));
    return (await batchScripts(this.#redis, calls)).map(Number);
  }
}
