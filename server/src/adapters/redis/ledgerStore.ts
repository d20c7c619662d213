import type { Redis } from 'ioredis';
import type { LedgerEntryDto } from '@clinicwall/contract';
import type { LedgerFilter, LedgerStore } from '../../domain/ledger/ledgerStore.ts';
import { ALARM_KEYS } from './alarmKeys.ts';
import { execMulti, readJsonField, scanByScoreDesc, scoreBound } from './jsonHash.ts';

const K = ALARM_KEYS.ledger;

/**
 * The violations ledger in Redis: a hash of entry JSON by id, an alarm → entry index, and
 * start-ordered indexes (all, per clinic). Like the port, append and replace only: nothing here
 * deletes an entry.
 */
export class RedisLedgerStore implements LedgerStore {
  readonly #redis: Redis;

  constructor(redis: Redis) {
    this.#redis = redis;
  }

  async put(entry: LedgerEntryDto): Promise<void> {
    const m = this.#redis.multi();
    m.hset(K.byId, entry.id, JSON.stringify(entry));
    if (entry.alarmId !== null) m.hset(K.byAlarm, entry.alarmId, entry.id);
    m.zadd(K.byStart, entry.startedAt, entry.id);
    m.zadd(K.clinicStarts(entry.clinicId), entry.startedAt, entry.id);
    await execMulti(m);
  }

  get(id: string): Promise<LedgerEntryDto | null> {
    return readJsonField<LedgerEntryDto>(this.#redis, K.byId, id);
  }

  async byAlarm(alarmId: string): Promise<LedgerEntryDto | null> {
    const id = await this.#redis.hget(K.byAlarm, alarmId);
    return id === null ? null : this.get(id);
  }

  async list(f: LedgerFilter): Promise<LedgerEntryDto[]> {
    if (f.clinicIds?.length === 0) return [];
    const index =
      f.clinicId !== undefined
        ? K.clinicStarts(f.clinicId)
        : f.clinicIds?.length === 1
          ? K.clinicStarts(f.clinicIds[0]!)
          : K.byStart;
    const range = { min: scoreBound(f.from, false, '-inf'), max: scoreBound(f.to, true, '+inf') };
    const keep = (e: LedgerEntryDto) =>
      (f.clinicId === undefined || e.clinicId === f.clinicId) &&
      (f.clinicIds === undefined || f.clinicIds.includes(e.clinicId));
    return scanByScoreDesc(this.#redis, index, K.byId, range, keep, Number.POSITIVE_INFINITY, 500);
  }
}
