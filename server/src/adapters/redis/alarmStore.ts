import type { Redis } from 'ioredis';
import type { AlarmDto, CameraSnoozeDto } from '@clinicwall/contract';
import type { AlarmFilter, AlarmStore } from '../../domain/alarms/ports.ts';
import { ALARM_KEYS } from './alarmKeys.ts';
import { execMulti, readJsonField, readJsonFields, scanByScoreDesc, scoreBound } from './jsonHash.ts';

const K = ALARM_KEYS.alarms;

/**
 * Alarms in Redis: one hash of alarm JSON by id, a set of the open ones (the engine reloads them
 * after a restart), and onset-ordered indexes (all, per camera, per clinic) for the newest-first
 * lists. A put is one MULTI, so the alarm and its indexes never disagree. Snoozes: a hash by camera.
 */
export class RedisAlarmStore implements AlarmStore {
  readonly #redis: Redis;

  constructor(redis: Redis) {
    this.#redis = redis;
  }

  async put(alarm: AlarmDto): Promise<void> {
    const m = this.#redis.multi();
    m.hset(K.byId, alarm.id, JSON.stringify(alarm));
    if (alarm.state === 'cleared') m.srem(K.open, alarm.id);
    else m.sadd(K.open, alarm.id);
    m.zadd(K.byOnset, alarm.onsetAt, alarm.id);
    m.zadd(K.cameraOnset(alarm.cameraId), alarm.onsetAt, alarm.id);
    m.zadd(K.clinicOnset(alarm.clinicId), alarm.onsetAt, alarm.id);
    await execMulti(m);
  }

  get(id: string): Promise<AlarmDto | null> {
    return readJsonField<AlarmDto>(this.#redis, K.byId, id);
  }

  async open(): Promise<AlarmDto[]> {
    const ids = await this.#redis.smembers(K.open);
    return (await readJsonFields<AlarmDto>(this.#redis, K.byId, ids)).filter((a) => a.state !== 'cleared');
  }

  async list(f: AlarmFilter): Promise<AlarmDto[]> {
    if (f.clinicIds?.length === 0) return [];
    const index =
      f.cameraId !== undefined
        ? K.cameraOnset(f.cameraId)
        : f.clinicId !== undefined
          ? K.clinicOnset(f.clinicId)
          : f.clinicIds?.length === 1
            ? K.clinicOnset(f.clinicIds[0]!)
            : K.byOnset;
    const range = { min: scoreBound(f.from, false, '-inf'), max: scoreBound(f.to, true, '+inf') };
    const keep = (a: AlarmDto) =>
      (f.cameraId === undefined || a.cameraId === f.cameraId) &&
      (f.clinicId === undefined || a.clinicId === f.clinicId) &&
      (f.clinicIds === undefined || f.clinicIds.includes(a.clinicId)) &&
      (f.state === undefined || a.state === f.state) &&
      (f.kind === undefined || a.kind === f.kind);
    return scanByScoreDesc(this.#redis, index, K.byId, range, keep, f.limit);
  }

  async putSnooze(snooze: CameraSnoozeDto): Promise<void> {
    await this.#redis.hset(K.snoozes, snooze.cameraId, JSON.stringify(snooze));
  }

  async deleteSnooze(cameraId: string): Promise<void> {
    await this.#redis.hdel(K.snoozes, cameraId);
  }

  async snoozes(): Promise<CameraSnoozeDto[]> {
    return Object.values(await this.#redis.hgetall(K.snoozes)).map((v) => JSON.parse(v) as CameraSnoozeDto);
  }
}
