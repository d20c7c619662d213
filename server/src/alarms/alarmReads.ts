import type {
  AlarmDto,
  AlarmQuery,
  CameraSnoozeDto,
  MaintenanceReportDto,
  MaintenanceReportQuery,
} from '@clinicwall/contract';
import { DomainError } from '../domain/errors.ts';
import type { CameraDirectory } from '../domain/alarms/cameraDirectory.ts';
import type { AlarmStore } from '../domain/alarms/ports.ts';
import type { MaintenanceReports } from '../domain/maintenance/maintenanceReports.ts';

/** The clinics a caller may see; null for all. */
export type ClinicScope = ReadonlySet<string> | null;

const inScope = (scope: ClinicScope, clinicId: string) => !scope || scope.has(clinicId);

/**
 * What anyone may read of the alarm state, from the stores: the engine stores every change before
 * it announces it, so a reader that joined the alarm rooms and then reads misses nothing. Any
 * server process serves these, leader or not.
 */
export class AlarmReads {
  readonly #store: AlarmStore;
  readonly #maintenance: MaintenanceReports;
  readonly #cameras: CameraDirectory;
  readonly #now: () => number;

  constructor(o: { store: AlarmStore; maintenance: MaintenanceReports; cameras: CameraDirectory; now?: () => number }) {
    this.#store = o.store;
    this.#maintenance = o.maintenance;
    this.#cameras = o.cameras;
    this.#now = o.now ?? Date.now;
  }

  /** Open alarms (active and acknowledged; pending ones are not alarms yet, nor stored), newest onset first. */
  async openAlarms(scope: ClinicScope): Promise<AlarmDto[]> {
    const open = await this.#store.open();
    return open
      .filter((a) => a.state !== 'pending' && a.state !== 'cleared' && inScope(scope, a.clinicId))
      .sort((a, b) => b.onsetAt - a.onsetAt);
  }

  /** Snoozes still running. */
  async snoozes(scope: ClinicScope): Promise<CameraSnoozeDto[]> {
    const now = this.#now();
    return (await this.#store.snoozes()).filter(
      (s) => s.until > now && inScope(scope, this.#cameras.camera(s.cameraId)?.clinicId ?? ''),
    );
  }

  /** One alarm; out of scope reads as not found. */
  async get(alarmId: string, scope: ClinicScope): Promise<AlarmDto> {
    const alarm = await this.#store.get(alarmId);
    if (!alarm || !inScope(scope, alarm.clinicId))
      throw new DomainError('not_found', `alarm ${alarmId} does not exist`);
    return alarm;
  }

  /** Stored alarms (active at some point), newest onset first. */
  list(query: AlarmQuery, scope: ClinicScope): Promise<AlarmDto[]> {
    return this.#store.list({ ...query, ...(scope ? { clinicIds: [...scope] } : {}) });
  }

  /** A clinic's maintenance reports overlapping [from, to), newest start first. */
  async reports(query: MaintenanceReportQuery, scope: ClinicScope): Promise<MaintenanceReportDto[]> {
    if (this.#cameras.clinicRegion(query.clinicId) === null || !inScope(scope, query.clinicId))
      throw new DomainError('not_found', `clinic ${query.clinicId} does not exist`);
    const reports = await this.#maintenance.ofClinic(
      query.clinicId,
      query.from ?? 0,
      query.to ?? Number.MAX_SAFE_INTEGER,
    );
    return reports.reverse();
  }
}
