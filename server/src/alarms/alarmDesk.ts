import type {
  AckAlarmRequest,
  AlarmDto,
  AlarmEventDto,
  AlarmQuery,
  CameraSnoozeDto,
  ClearAlarmRequest,
  CommentAlarmRequest,
  MaintenanceReportCreate,
  MaintenanceReportDto,
  MaintenanceReportQuery,
  SnoozeCameraRequest,
  TileHealth,
  UnsnoozeCameraRequest,
} from '@clinicwall/contract';
import type { Acting } from '../domain/alarms/alarmTransitions.ts';
import type { AlarmReads, ClinicScope } from './alarmReads.ts';

/**
 * What changes alarm state: wall verdicts and operators' requests. The AlarmService of the alarm
 * leader does it; other processes forward to it (remote/forwardingWrites.ts).
 */
export interface AlarmWrites {
  /** `onsetAt`: the verdict's onset (ms since epoch), when the source gives one. */
  observePicture(cameraId: string, source: string, verdict: TileHealth, onsetAt?: number): Promise<unknown>;
  withdrawPicture(cameraId: string, source: string): Promise<unknown>;
  forgetSource(source: string): Promise<unknown>;
  acknowledge(req: AckAlarmRequest, actor: Acting): Promise<AlarmDto>;
  clear(req: ClearAlarmRequest, actor: Acting): Promise<AlarmDto>;
  comment(req: CommentAlarmRequest, actor: Acting): Promise<AlarmDto>;
  snooze(req: SnoozeCameraRequest, actor: Acting): Promise<CameraSnoozeDto>;
  unsnooze(req: UnsnoozeCameraRequest, actor: Acting): Promise<void>;
  /** Files a maintenance report; the open alarms of its cameras learn it at once. */
  fileReport(req: MaintenanceReportCreate, actor: Acting): Promise<MaintenanceReportDto>;
}

export type AlarmListener = (event: AlarmEventDto) => void;

/** Listeners of the alarm events this process's engine produces (only while it leads). */
export class AlarmEventHub {
  readonly #listeners = new Set<AlarmListener>();

  /** Hears every event, in order; returns an unsubscribe. A throwing listener is logged and skipped. */
  onEvent(listener: AlarmListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: AlarmEventDto): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error('[alarms] an event listener failed', error);
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}

/** What the transports (HTTP, socket) use: writes, reads and the events, however the process is wired. */
export class AlarmDesk implements AlarmWrites {
  readonly #w: AlarmWrites;
  readonly #r: AlarmReads;
  readonly #events: AlarmEventHub;

  constructor(writes: AlarmWrites, reads: AlarmReads, events: AlarmEventHub) {
    this.#w = writes;
    this.#r = reads;
    this.#events = events;
  }

  onEvent(listener: AlarmListener): () => void {
    return this.#events.onEvent(listener);
  }

  observePicture(cameraId: string, source: string, verdict: TileHealth, onsetAt?: number): Promise<unknown> {
    return this.#w.observePicture(cameraId, source, verdict, onsetAt);
  }
  withdrawPicture(cameraId: string, source: string): Promise<unknown> {
    return this.#w.withdrawPicture(cameraId, source);
  }
  forgetSource(source: string): Promise<unknown> {
    return this.#w.forgetSource(source);
  }
  acknowledge(req: AckAlarmRequest, actor: Acting): Promise<AlarmDto> {
    return this.#w.acknowledge(req, actor);
  }
  clear(req: ClearAlarmRequest, actor: Acting): Promise<AlarmDto> {
    return this.#w.clear(req, actor);
  }
  comment(req: CommentAlarmRequest, actor: Acting): Promise<AlarmDto> {
    return this.#w.comment(req, actor);
  }
  snooze(req: SnoozeCameraRequest, actor: Acting): Promise<CameraSnoozeDto> {
    return this.#w.snooze(req, actor);
  }
  unsnooze(req: UnsnoozeCameraRequest, actor: Acting): Promise<void> {
    return this.#w.unsnooze(req, actor);
  }
  fileReport(req: MaintenanceReportCreate, actor: Acting): Promise<MaintenanceReportDto> {
    return this.#w.fileReport(req, actor);
  }

  openAlarms(scope: ClinicScope): Promise<AlarmDto[]> {
    return this.#r.openAlarms(scope);
  }
  snoozes(scope: ClinicScope): Promise<CameraSnoozeDto[]> {
    return this.#r.snoozes(scope);
  }
  get(alarmId: string, scope: ClinicScope): Promise<AlarmDto> {
    return this.#r.get(alarmId, scope);
  }
  list(query: AlarmQuery, scope: ClinicScope): Promise<AlarmDto[]> {
    return this.#r.list(query, scope);
  }
  reports(query: MaintenanceReportQuery, scope: ClinicScope): Promise<MaintenanceReportDto[]> {
    return this.#r.reports(query, scope);
  }
}
