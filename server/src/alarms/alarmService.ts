import type {
  AckAlarmRequest,
  AlarmDto,
  AlarmEventDto,
  AlarmEventType,
  AlarmQuery,
  CameraSnoozeDto,
  CameraState,
  ClearAlarmRequest,
  CommentAlarmRequest,
  MaintenanceReportCreate,
  MaintenanceReportDto,
  MaintenanceReportQuery,
  SnoozeCameraRequest,
  TileHealth,
  UnsnoozeCameraRequest,
} from '@clinicwall/contract';
import { DomainError } from '../domain/errors.ts';
import type { AlarmEngine } from '../domain/alarms/alarmEngine.ts';
import type { Acting } from '../domain/alarms/alarmTransitions.ts';
import type { CameraDirectory } from '../domain/alarms/cameraDirectory.ts';
import type { MaintenanceReports } from '../domain/maintenance/maintenanceReports.ts';
import { DueTimer } from './dueTimer.ts';

/** The clinics a caller may see; null for all (until accounts and scoping arrive, always null). */
export type ClinicScope = ReadonlySet<string> | null;

export type AlarmListener = (event: AlarmEventDto) => void;

/** The picture source name of the server-side sentinel. */
export const SENTINEL_SOURCE = 'sentinel';

/** The picture source name of a wall (one per socket). */
export const wallSource = (socketId: string): string => `wall:${socketId}`;

export interface AlarmServiceDeps {
  engine: AlarmEngine;
  maintenance: MaintenanceReports;
  cameras: CameraDirectory;
  now?: () => number;
}

function eventAlarm(events: AlarmEventDto[], type: Exclude<AlarmEventType, 'snoozed' | 'escalated'>): AlarmDto {
  const e = events.find((x) => x.type === type);
  if (!e || e.type === 'snoozed') throw new Error(`the engine reported no ${type} event`);
  return e.alarm;
}

/**
 * The alarm engine at work in the server: every call gets the server's clock, the events it
 * returns go to the listeners (sockets, webhooks) in the engine's order, and one timer, armed for
 * engine.nextDueAt after every change, runs what becomes due (activations, escalations, violations,
 * snooze ends). Transports call this, never the engine.
 */
export class AlarmService {
  readonly engine: AlarmEngine;
  readonly #maintenance: MaintenanceReports;
  readonly #cameras: CameraDirectory;
  readonly #now: () => number;
  readonly #listeners = new Set<AlarmListener>();
  readonly #timer: DueTimer;

  constructor(deps: AlarmServiceDeps) {
    this.engine = deps.engine;
    this.#maintenance = deps.maintenance;
    this.#cameras = deps.cameras;
    this.#now = deps.now ?? Date.now;
    this.#timer = new DueTimer({
      now: this.#now,
      nextDueAt: (now) => this.engine.nextDueAt(now),
      fire: () => this.#apply((now) => this.engine.tick(now)),
    });
  }

  /** Arms the timer (after engine.load()). */
  start(): void {
    this.#timer.reschedule();
  }

  close(): void {
    this.#timer.close();
    this.#listeners.clear();
  }

  /** Hears every event, in order; returns an unsubscribe. A throwing listener is logged and skipped. */
  onEvent(listener: AlarmListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  // ---- sources ----

  observeFeed(cameraId: string, state: CameraState): Promise<AlarmEventDto[]> {
    return this.#apply((now) => this.engine.observeFeed(cameraId, state, now));
  }

  /** `onsetAt`: the verdict's onset (ms since epoch), when the source gives one. */
  observePicture(cameraId: string, source: string, verdict: TileHealth, onsetAt?: number): Promise<AlarmEventDto[]> {
    return this.#apply((now) => this.engine.observePicture(cameraId, source, verdict, now, onsetAt));
  }

  withdrawPicture(cameraId: string, source: string): Promise<AlarmEventDto[]> {
    return this.#apply((now) => this.engine.withdrawPicture(cameraId, source, now));
  }

  forgetSource(source: string): Promise<AlarmEventDto[]> {
    return this.#apply((now) => this.engine.forgetSource(source, now));
  }

  // ---- operators ----

  async acknowledge(req: AckAlarmRequest, actor: Acting): Promise<AlarmDto> {
    return eventAlarm(await this.#apply((now) => this.engine.acknowledge(req, actor, now)), 'acknowledged');
  }

  async clear(req: ClearAlarmRequest, actor: Acting): Promise<AlarmDto> {
    return eventAlarm(await this.#apply((now) => this.engine.clear(req, actor, now)), 'cleared');
  }

  async comment(req: CommentAlarmRequest, actor: Acting): Promise<AlarmDto> {
    return eventAlarm(await this.#apply((now) => this.engine.comment(req, actor, now)), 'commented');
  }

  async snooze(req: SnoozeCameraRequest, actor: Acting): Promise<CameraSnoozeDto> {
    const events = await this.#apply((now) => this.engine.snooze(req, actor, now));
    const e = events.find((x) => x.type === 'snoozed');
    if (e?.type !== 'snoozed' || !e.snooze) throw new Error('the engine reported no snooze');
    return e.snooze;
  }

  async unsnooze(req: UnsnoozeCameraRequest, actor: Acting): Promise<void> {
    await this.#apply((now) => this.engine.unsnooze(req, actor, now));
  }

  /** Files a maintenance report; the open alarms of its cameras learn it at once. */
  async fileReport(req: MaintenanceReportCreate, actor: Acting): Promise<MaintenanceReportDto> {
    const report = await this.#maintenance.create(req, actor, this.#now());
    await this.#apply((now) => this.engine.applyReport(report, now));
    return report;
  }

  // ---- reads ----

  /** Open alarms (active and acknowledged; pending ones are not alarms yet), newest onset first. */
  openAlarms(scope: ClinicScope): AlarmDto[] {
    return this.engine.current(scope).filter((a) => a.state !== 'pending');
  }

  snoozes(scope: ClinicScope): CameraSnoozeDto[] {
    return this.engine.snoozes().filter((s) => !scope || scope.has(this.#cameras.camera(s.cameraId)?.clinicId ?? ''));
  }

  /** One alarm; out of scope reads as not found. */
  async get(alarmId: string, scope: ClinicScope): Promise<AlarmDto> {
    const alarm = await this.engine.get(alarmId);
    if (scope && !scope.has(alarm.clinicId)) throw new DomainError('not_found', `alarm ${alarmId} does not exist`);
    return alarm;
  }

  list(query: AlarmQuery, scope: ClinicScope): Promise<AlarmDto[]> {
    return this.engine.list(query, scope);
  }

  /** A clinic's maintenance reports overlapping [from, to), newest start first. */
  async reports(query: MaintenanceReportQuery, scope: ClinicScope): Promise<MaintenanceReportDto[]> {
    if (this.#cameras.clinicRegion(query.clinicId) === null || (scope && !scope.has(query.clinicId)))
      throw new DomainError('not_found', `clinic ${query.clinicId} does not exist`);
    const reports = await this.#maintenance.ofClinic(
      query.clinicId,
      query.from ?? 0,
      query.to ?? Number.MAX_SAFE_INTEGER,
    );
    return reports.reverse();
  }

  async #apply(op: (now: number) => Promise<AlarmEventDto[]>): Promise<AlarmEventDto[]> {
    let events: AlarmEventDto[];
    try {
      events = await op(this.#now());
    } finally {
      this.#timer.reschedule();
    }
    for (const event of events)
      for (const listener of this.#listeners) {
        try {
          listener(event);
        } catch (error) {
          console.error('[alarms] an event listener failed', error);
        }
      }
    return events;
  }
}
