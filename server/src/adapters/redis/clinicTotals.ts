import type { Redis } from 'ioredis';
import type { ClinicTotal, ClinicTotals } from '../../domain/swipes/ports.ts';
import { KEYS } from './keys.ts';
import { defineScripts, execPipeline, queueScript } from './scripts.ts';

/** A clinic without swipes this long starts its "usual" afresh. */
const KEEP_MS = 90 * 24 * 3600_000;

/** The recent totals per clinic, in Redis: a capped list per clinic (cents, newest first). */
export class RedisClinicTotals implements ClinicTotals {
  readonly #redis: Redis;

  constructor(redis: Redis) {
    this.#redis = redis;
    defineScripts(redis);
  }

  async observe(totals: readonly ClinicTotal[], window: number): Promise<number[][]> {
    if (totals.length === 0) return [];
    const pipeline = this.#redis.pipeline();
    for (const t of totals)
      queueScript(pipeline, 'cwObserveTotal', [KEYS.clinicTotals(t.clinicId)], [t.cents, window, KEEP_MS]);
    return (await execPipeline(pipeline)).map((v) => (v as string[]).map(Number));
  }
}
