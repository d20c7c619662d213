import type { Redis } from 'ioredis';
import type { CardSightings, ClinicSighting } from '../../domain/swipes/ports.ts';
import { KEYS } from './keys.ts';
import { defineScripts, execPipeline, queueScript } from './scripts.ts';

/** Where each card was last seen, in Redis: one key per card (`<ms>|<clinic>`), expiring after keepMs. */
export class RedisCardSightings implements CardSightings {
  readonly #redis: Redis;

  constructor(redis: Redis) {
    this.#redis = redis;
    defineScripts(redis);
  }

  async observe(
    sightings: readonly ClinicSighting[],
    keepMs: number,
  ): Promise<(Omit<ClinicSighting, 'cardHash'> | null)[]> {
    if (sightings.length === 0) return [];
    const pipeline = this.#redis.pipeline();
    for (const s of sightings)
      queueScript(pipeline, 'cwObserveCardSeen', [KEYS.cardSeen(s.cardHash)], [s.clinicId, s.atMs, keepMs]);
    return (await execPipeline(pipeline)).map((v) => {
      if (typeof v !== 'string') return null;
      const at = v.indexOf('|');
      return { atMs: Number(v.slice(0, at)), clinicId: v.slice(at + 1) };
    });
  }
}
