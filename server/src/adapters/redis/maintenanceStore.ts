import type { Redis } from 'ioredis';
import type { MaintenanceReportDto } from '@clinicwall/contract';
import type { MaintenanceStore } from '../../domain/maintenance/maintenanceStore.ts';
import { ALARM_KEYS } from './alarmKeys.ts';
import { execMulti, readJsonField, readJsonFields } from './jsonHash.ts';

const K = ALARM_KEYS.maintenance;

const byStart = (a: MaintenanceReportDto, b: MaintenanceReportDto) => a.startsAt - b.startsAt;

/**
 * Maintenance reports in Redis, kept for the record (none is removed): a hash of report JSON by id,
 * per clinic an index by window start, per camera an index by window end (the engine asks for the
 * reports of a camera still running after an alarm's onset).
 */
export class RedisMaintenanceStore implements MaintenanceStore {
  readonly #redis: Redis;

  constructor(redis: Redis) {
    this.#redis = redis;
  }

  async put(report: MaintenanceReportDto): Promise<void> {
    const m = this.#redis.multi();
    m.hset(K.byId, report.id, JSON.stringify(report));
    m.zadd(K.clinicStarts(report.clinicId), report.startsAt, report.id);
    for (const cameraId of report.cameraIds) m.zadd(K.cameraEnds(cameraId), report.endsAt, report.id);
    await execMulti(m);
  }

  get(id: string): Promise<MaintenanceReportDto | null> {
    return readJsonField<MaintenanceReportDto>(this.#redis, K.byId, id);
  }

  async ofClinic(clinicId: string, from: number, to: number): Promise<MaintenanceReportDto[]> {
    const ids = await this.#redis.zrangebyscore(K.clinicStarts(clinicId), '-inf', `(${to}`);
    const reports = await readJsonFields<MaintenanceReportDto>(this.#redis, K.byId, ids);
    return reports.filter((r) => r.endsAt > from).sort(byStart);
  }

  async ofCamera(cameraId: string, after: number): Promise<MaintenanceReportDto[]> {
    const ids = await this.#redis.zrangebyscore(K.cameraEnds(cameraId), `(${after}`, '+inf');
    return (await readJsonFields<MaintenanceReportDto>(this.#redis, K.byId, ids)).sort(byStart);
  }
}
