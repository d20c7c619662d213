import type {
  AckAlarmRequest,
  AlarmDto,
  AlarmEventDto,
  AlarmEventType,
  CameraSnoozeDto,
  CameraState,
  ClearAlarmRequest,
  CommentAlarmRequest,
  MaintenanceReportCreate,
  MaintenanceReportDto,
  SnoozeCameraRequest,
  TileHealth,
  UnsnoozeCameraRequest,
} from '@clinicwall/contract';
import { DomainError } from '../domain/errors.ts';
import type { AlarmEngine } from '../domain/alarms/alarmEngine.ts';
import type { Acting } from '../domain/alarms/alarmTransitions.ts';
import type { MaintenanceReports } from '../domain/maintenance/maintenanceReports.ts';
import { AlarmEventHub, type AlarmListener, type AlarmWrites } from './alarmDesk.ts';
import { SOLE_LEADER, type LeaderCheck } from './leadership/leadership.ts';
import { DueTimer } from './dueTimer.ts';

export type { ClinicScope } from './alarmReads.ts';

/** The picture source name of the server-side sentinel. */
export const SENTINEL_SOURCE = 'sentinel';

/** The picture source name of a wall (one per socket). */
export const wallSource = (socketId: string): string => `wall:${socketId}`;

export interface AlarmServiceDeps {
  engine: AlarmEngine;
  maintenance: MaintenanceReports;
  /** Fencing: nothing runs unless this process is (still) the alarm leader. Default: always. */
  leader?: LeaderCheck;
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
 * snooze ends). Only on the alarm leader, and only while it leads (`leader`): a process that lost
 * its lease changes nothing, its timer included. Reads are AlarmReads' (from the stores).
 */
export class AlarmService implements AlarmWrites {
  readonly engine: AlarmEngine;
  readonly #maintenance: MaintenanceReports;
  readonly #leader: LeaderCheck;
  readonly #now: () => number;
  readonly #events = new AlarmEventHub();
  readonly #timer: DueTimer;

  constructor(deps: AlarmServiceDeps) {
    this.engine = deps.engine;
    this.#maintenance = deps.maintenance;
    this.#leader = deps.leader ?? SOLE_LEADER;
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
    this.#events.clear();
  }

  /** Hears every event, in order; returns an unsubscribe. A throwing listener is logged and skipped. */
  onEvent(listener: AlarmListener): () => void {
    return this.#events.onEvent(listener);
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
    this.#fence();
    const report = await this.#maintenance.create(req, actor, this.#now());
    await this.#apply((now) => this.engine.applyReport(report, now));
    return report;
  }

  #fence(): void {
    if (!this.#leader.isLeader()) throw new DomainError('unavailable', 'this process is no longer the alarm leader');
  }

  async #apply(op: (now: number) => Promise<AlarmEventDto[]>): Promise<AlarmEventDto[]> {
    this.#fence();
    let events: AlarmEventDto[];
    try {
      events = await op(this.#now());
    } finally {
      this.#timer.reschedule();
    }
    for (const event of events) this.#events.emit(event);
    return events;
  }
}
