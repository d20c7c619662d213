import type { Redis } from 'ioredis';
import type { CardSightings, ClinicSighting } from '../../domain/swipes/ports.ts';
import { KEYS } from './keys.ts';
import { batchScripts } from './scriptBatch.ts';

/** Where each card was last seen, in Redis: one key per card (`<ms>|<clinic>`), expiring after keepMs. */
export class RedisCardSightings implements CardSightings {
  readonly #redis: Redis;

  constructor(redis: Redis) {
    this.#redis = redis;
  }

  async observe(
    sightings: readonly ClinicSighting[],
    keepMs: number,
  ): Promise<(Omit<ClinicSighting, 'cardHash'> | null)[]> {
    const calls = sightings.map((s) => ({
      name: 'cwObserveCardSeen' as const,
      keys: [KEYS.cardSeen(s.cardHash)],
      args: [s.clinicId, s.atMs, keepMs],
    }));
    return (await batchScripts(this.#redis, calls)).map((v) => {
      if (typeof v !== 'string') return null;
      const at = v.indexOf('|');
      return { atMs: Number(v.slice(0, at)), clinicId: v.slice(at + 1) };
    });
  }
}
