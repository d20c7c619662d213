import type { Redis } from 'ioredis';
import type { ClinicTotal, ClinicTotals } from '../../domain/swipes/ports.ts';
import { KEYS } from './keys.ts';
import { batchScripts } from './scriptBatch.ts';

/** A clinic without swipes this long starts its "usual" afresh. */
const KEEP_MS = 90 * 24 * 3600_000;

/** The recent totals per clinic, in Redis: a capped list per clinic (cents, newest first). */
export class RedisClinicTotals implements ClinicTotals {
  readonly #redis: Redis;

  constructor(redis: Redis) {
    this.#redis = redis;
  }

  async observe(totals: readonly ClinicTotal[], window: number): Promise<number[][]> {
    const calls = totals.map((t) => ({
      name: 'cwObserveTotal' as const,
      keys: [KEYS.clinicTotals(t.clinicId)],
      args: [t.cents, window, KEEP_MS],
    }));
    return (await batchScripts(this.#redis, calls)).map((v) => (v === '' ? [] : (v as string).split(',').map(Number)));
  }
}
