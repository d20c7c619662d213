import type { Redis } from 'ioredis';
import type { CardSighting, TerminalCardLog } from '../../domain/swipes/ports.ts';
import { KEYS } from './keys.ts';
import { defineScripts, execPipeline, queueScript } from './scripts.ts';

const KEEP_MS = 24 * 3600_000;

/** Recent cards per terminal in Redis sorted sets (card hash → newest time seen), kept a day. */
export class RedisCardLog implements TerminalCardLog {
  readonly #redis: Redis;

  constructor(redis: Redis) {
    this.#redis = redis;
    defineScripts(redis);
  }

  async observe(sightings: readonly CardSighting[], windowMs: number): Promise<number[]> {
    if (sightings.length === 0) return [];
    const pipeline = this.#redis.pipeline();
    for (const s of sightings)
      queueScript(
        pipeline,
        'cwObserveCard',
        [KEYS.terminalCards(s.terminalId)],
        [s.cardHash, s.atMs, windowMs, KEEP_MS],
      );
    return (await execPipeline(pipeline)).map(Number);
  }
}
