import { randomUUID } from 'node:crypto';
import {
  ALARM_KINDS,
  SYSTEM_REASONS,
  type AckAlarmRequest,
  type AlarmDto,
  type AlarmEventDto,
  type AlarmKind,
  type AlarmQuery,
  type CameraSnoozeDto,
  type CameraState,
  type ClearAlarmRequest,
  type CommentAlarmRequest,
  type MaintenanceReportDto,
  type SnoozeCameraRequest,
  type TileHealth,
  type UnsnoozeCameraRequest,
} from '@clinicwall/contract';
import { DomainError } from '../errors.ts';
import { coverageOf, unreportedMs } from '../maintenance/coverage.ts';
import { acknowledgeAlarm, assertClearable, commentAlarm } from './alarmActions.ts';
import { alarmConfig, type AlarmConfig, type AlarmConfigOverrides } from './alarmConfig.ts';
import { activationDueAt, escalationDueAt, isReported, reportedDueAt, violationDueAt } from './alarmSchedule.ts';
import { pendingAlarm, step, SYSTEM, who, type Acting, type Who } from './alarmTransitions.ts';
import type { CameraDirectory, CameraPlace } from './cameraDirectory.ts';
import { ConditionBoard } from './conditionBoard.ts';
import type { AlarmStore, MaintenanceLookup, ViolationRecorder } from './ports.ts';
import { OpenAlarms } from './openAlarms.ts';
import { SerialQueue } from './serialQueue.ts';
import { SnoozeBook } from './snoozeBook.ts';

/** The source name of the SFU's liveness reports; picture sources (walls, 'sentinel') use any other. */
export const SFU_SOURCE = 'sfu';

export interface AlarmEngineDeps {
  store: AlarmStore;
  cameras: CameraDirectory;
  violations: ViolationRecorder;
  maintenance: MaintenanceLookup;
  config?: AlarmConfigOverrides;
  newId?: () => string;
}

/**
 * The alarm engine: pure and clock-free (every call gets `now`; the caller ticks at nextDueAt()).
 *
 * - One alarm per camera and kind, whatever the number of walls: conditions are merged on a
 *   ConditionBoard (held while any current source reports it).
 * - pending -> active once the condition has held for the kind's debounce since its onset (a
 *   picture source's smoothed verdict brings its own, earlier onset: see
 *   AlarmConfig.onsetCreditMs); a condition that ends while pending is dropped
 *   (cleared, never active, never stored). active/acknowledged -> cleared when a source able to judge
 *   reports the condition over; with no source left the alarm stays (no evidence either way).
 * - While the SFU reports no signal, and for pictureGraceAfterSignalMs after it returns, picture
 *   verdicts neither raise nor end picture alarms (a cut feed blanks or freezes every tile; the cause
 *   is the cut); a pending picture alarm is dropped when the signal goes.
 * - signal_loss clears once the signal has stayed back for signalClearHoldMs; a loss within that
 *   hold (an ingest restarting right after the media returned) continues the same alarm.
 * - Escalation (an event to the region's supervisors; the engine sends nothing) when active and
 *   unacknowledged for escalateAfterMs, deferred while snoozed or inside a reported window.
 * - Maintenance coverage: an alarm overlapping a report is marked reported; only time outside
 *   reports counts towards the violation threshold (an overrun of the window still counts).
 * - An alarm cleared by hand while its condition still holds is not raised again until the
 *   condition ends and comes back.
 * - Snooze silences, it does not hide: alarms on a snoozed camera are still raised, stored and can
 *   become violations (the ledger must not depend on an operator), but carry `snoozedUntil`, so walls
 *   keep them quiet and escalation waits for the snooze to end.
 * - Every change is stored before it is applied in memory and announced; `load()` rebuilds open
 *   alarms and snoozes from the store after a restart. Condition reports are not stored: the SFU
 *   and the walls report again, and an open alarm waits for evidence.
 */
export class AlarmEngine {
  readonly config: AlarmConfig;
  readonly #store: AlarmStore;
  readonly #cameras: CameraDirectory;
  readonly #violations: ViolationRecorder;
  readonly #maintenance: MaintenanceLookup;
  readonly #newId: () => string;
  readonly #board = new ConditionBoard();
  readonly #open: OpenAlarms;
  readonly #snoozes: SnoozeBook;
  /** Condition episodes (by their start) whose alarm was cleared by hand. */
  readonly #consumed = new Map<string, number>();
  readonly #queue = new SerialQueue();

  constructor(deps: AlarmEngineDeps) {
    this.config = alarmConfig(deps.config);
    this.#store = deps.store;
    this.#cameras = deps.cameras;
    this.#violations = deps.violations;
    this.#maintenance = deps.maintenance;
    this.#newId = deps.newId ?? randomUUID;
    this.#open = new OpenAlarms(deps.store);
    this.#snoozes = new SnoozeBook(deps.store);
  }

  /** Restores open alarms and snoozes from the store; call once before anything else. */
  load(): Promise<void> {
    return this.#queue.run(async () => {
      await this.#open.load();
      await this.#snoozes.load();
    });
  }

  /** The SFU's liveness of a camera: no_signal holds signal_loss, live ends it, connecting judges nothing. */
  observeFeed(cameraId: string, state: CameraState, now: number): Promise<AlarmEventDto[]> {
    return this.#run(async (events) => {
      this.#place(cameraId);
      if (state === 'connecting') this.#board.withdraw(cameraId, SFU_SOURCE, now);
      else this.#board.report(cameraId, SFU_SOURCE, 'signal', state === 'no_signal' ? 'signal_loss' : null, now);
      await this.#reconcile(cameraId, now, events);
    });
  }

  /**
   * A wall's or the sentinel's current verdict of a camera's picture ('ok' ends its conditions).
   * `onsetAt`: when the source says the condition began (its smoothed verdict's onset); the
   * debounce counts from there, believed up to onsetCreditMs back (default: the report).
   */
  observePicture(
    cameraId: string,
    source: string,
    verdict: TileHealth,
    now: number,
    onsetAt = now,
  ): Promise<AlarmEventDto[]> {
    return this.#run(async (events) => {
      if (source === SFU_SOURCE) throw new DomainError('invalid_argument', `source "${SFU_SOURCE}" is reserved`);
      this.#place(cameraId);
      const since = Math.min(now, Math.max(onsetAt, now - this.config.onsetCreditMs));
      this.#board.report(cameraId, source, 'picture', verdict === 'ok' ? null : verdict, now, since);
      await this.#reconcile(cameraId, now, events);
    });
  }

  /** A picture source stopped showing a camera. */
  withdrawPicture(cameraId: string, source: string, now: number): Promise<AlarmEventDto[]> {
    return this.#run(async (events) => {
      this.#board.withdraw(cameraId, source, now);
      await this.#reconcile(cameraId, now, events);
    });
  }

  /** A source went away (a wall disconnected): its reports stop counting everywhere. */
  forgetSource(source: string, now: number): Promise<AlarmEventDto[]> {
    return this.#run(async (events) => {
      for (const cameraId of this.#board.forgetSource(source, now)) await this.#reconcile(cameraId, now, events);
    });
  }

  /** Runs every step due by `now`: activations, escalations, violations, reported markings, snooze ends. */
  tick(now: number): Promise<AlarmEventDto[]> {
    return this.#run(async (events) => {
      for (const s of await this.#snoozes.expire(now))
        events.push({
          type: 'snoozed',
          at: now,
          cameraId: s.cameraId,
          snooze: null,
          alarms: this.#open.onCamera(s.cameraId),
        });
      const cameras = new Set([...this.#board.cameras(), ...this.#open.all().map((a) => a.cameraId)]);
      for (const cameraId of cameras) await this.#reconcile(cameraId, now, events);
    });
  }

  /** The earliest time something becomes due (may be <= now: tick at once), null when nothing waits. */
  nextDueAt(now: number): number | null {
    const due: (number | null)[] = this.#snoozes.all().map((s) => s.until);
    for (const a of this.#open.all()) {
      if (a.state === 'pending') due.push(activationDueAt(a, this.config));
      const blindUntil = this.#pictureBlindUntil(a.cameraId);
      if (a.kind !== 'signal_loss' && blindUntil > now && blindUntil < Infinity) due.push(blindUntil);
      if (a.kind === 'signal_loss' && a.state !== 'pending') due.push(this.#signalClearAt(a.cameraId));
      due.push(escalationDueAt(a, this.config), violationDueAt(a, this.config), reportedDueAt(a, now));
    }
    for (const cameraId of this.#board.cameras())
      for (const kind of ALARM_KINDS) {
        const st = this.#board.status(cameraId, kind);
        if (st.since === null || this.#open.of(cameraId, kind)) continue;
        const onset = this.#effectiveOnset(cameraId, kind, st.since);
        if (onset > now) due.push(onset); // a picture condition waiting out the grace after the signal returned
      }
    const times = due.filter((t): t is number => t !== null);
    return times.length ? Math.min(...times) : null;
  }

  acknowledge(req: AckAlarmRequest, actor: Acting, now: number): Promise<AlarmEventDto[]> {
    return this.#run(async (events) => {
      const acked = await this.#open.commit(acknowledgeAlarm(await this.get(req.alarmId), actor, req.note, now));
      events.push({ type: 'acknowledged', at: now, alarm: acked });
    });
  }

  /** Clears by hand; refused (conflict) for signal_loss until the SFU reports the signal back. */
  clear(req: ClearAlarmRequest, actor: Acting, now: number): Promise<AlarmEventDto[]> {
    return this.#run(async (events) => {
      const alarm = await this.get(req.alarmId);
      const condition = this.#board.status(alarm.cameraId, alarm.kind);
      assertClearable(alarm, condition);
      if (condition.since !== null) this.#consumed.set(OpenAlarms.key(alarm.cameraId, alarm.kind), condition.since);
      await this.#finishClear(alarm, who(actor), req.reason, now, events);
    });
  }

  comment(req: CommentAlarmRequest, actor: Acting, now: number): Promise<AlarmEventDto[]> {
    return this.#run(async (events) => {
      const alarm = await this.get(req.alarmId);
      const commented = await this.#open.commit(commentAlarm(alarm, actor, req.text, now));
      events.push({ type: 'commented', at: now, alarm: commented });
    });
  }

  /** Silences a camera for 5-60 minutes (replacing any snooze it has). */
  snooze(req: SnoozeCameraRequest, actor: Acting, now: number): Promise<AlarmEventDto[]> {
    return this.#run(async (events) => {
      this.#place(req.cameraId);
      const snooze = {
        cameraId: req.cameraId,
        until: now + req.minutes * 60_000,
        reason: req.reason,
        by: actor.id,
        at: now,
      };
      await this.#snoozes.set(snooze);
      const alarms = await this.#markSnooze(req.cameraId, who(actor), req.reason, snooze.until, now);
      events.push({ type: 'snoozed', at: now, cameraId: req.cameraId, snooze, alarms });
    });
  }

  unsnooze(req: UnsnoozeCameraRequest, actor: Acting, now: number): Promise<AlarmEventDto[]> {
    return this.#run(async (events) => {
      this.#place(req.cameraId);
      if (!this.#snoozes.has(req.cameraId)) throw new DomainError('not_found', `camera ${req.cameraId} is not snoozed`);
      await this.#snoozes.lift(req.cameraId);
      const alarms = await this.#markSnooze(req.cameraId, who(actor), SYSTEM_REASONS.snoozeLifted, null, now);
      events.push({ type: 'snoozed', at: now, cameraId: req.cameraId, snooze: null, alarms });
    });
  }

  /** A maintenance report was filed: open alarms of its cameras learn its coverage. */
  applyReport(report: MaintenanceReportDto, now: number): Promise<AlarmEventDto[]> {
    return this.#run(async (events) => {
      const cover = coverageOf(report);
      for (const cameraId of report.cameraIds)
        for (const alarm of this.#open.onCamera(cameraId)) {
          if (cover.to <= alarm.onsetAt || alarm.coverage.some((c) => c.reportId === report.id)) continue;
          await this.#review({ ...alarm, coverage: [...alarm.coverage, cover] }, now, events, true);
        }
    });
  }

  /**
   * Open alarms (pending included), newest onset first; `clinicIds` limits them to a scope
   * (the access policy's scopeFilter for alarms.read), null for all.
   */
  current(clinicIds: ReadonlySet<string> | null = null): AlarmDto[] {
    return this.#open
      .all()
      .filter((a) => !clinicIds || clinicIds.has(a.clinicId))
      .sort((a, b) => b.onsetAt - a.onsetAt);
  }

  snoozes(): CameraSnoozeDto[] {
    return this.#snoozes.all();
  }

  /** One alarm, open or stored. */
  async get(alarmId: string): Promise<AlarmDto> {
    return this.#open.byId(alarmId) ?? (await this.#stored(alarmId));
  }

  /** Stored alarms (active at some point), newest onset first; `clinicIds` as for current(). */
  list(query: AlarmQuery, clinicIds: ReadonlySet<string> | null = null): Promise<AlarmDto[]> {
    return this.#store.list({ ...query, ...(clinicIds ? { clinicIds: [...clinicIds] } : {}) });
  }

  // ---- internals ----

  #run(body: (events: AlarmEventDto[]) => Promise<void>): Promise<AlarmEventDto[]> {
    return this.#queue.run(async () => {
      const events: AlarmEventDto[] = [];
      await body(events);
      return events;
    });
  }

  #place(cameraId: string): CameraPlace {
    const place = this.#cameras.camera(cameraId);
    if (!place) throw new DomainError('not_found', `camera ${cameraId} does not exist`);
    return place;
  }

  async #stored(alarmId: string): Promise<AlarmDto> {
    const alarm = await this.#store.get(alarmId);
    if (!alarm) throw new DomainError('not_found', `alarm ${alarmId} does not exist`);
    return alarm;
  }

  /** Until when picture verdicts are meaningless: while the signal is lost, and for the grace after it returns. */
  #pictureBlindUntil(cameraId: string): number {
    if (this.#board.status(cameraId, 'signal_loss').held) return Infinity;
    const back = this.#board.signalBackAt(cameraId);
    return back === null ? -Infinity : back + this.config.pictureGraceAfterSignalMs;
  }

  /**
   * When a signal that came back has held long enough to clear signal_loss (signalClearHoldMs after
   * it returned); null while lost, or when its return was not seen (after a restart: at once).
   */
  #signalClearAt(cameraId: string): number | null {
    const back = this.#board.signalBackAt(cameraId);
    if (back === null || this.#board.status(cameraId, 'signal_loss').held) return null;
    return back + this.config.signalClearHoldMs;
  }

  /** Picture conditions count only from pictureGraceAfterSignalMs after the signal came back. */
  #effectiveOnset(cameraId: string, kind: AlarmKind, since: number): number {
    const back = this.#board.signalBackAt(cameraId);
    if (kind === 'signal_loss' || back === null) return since;
    return Math.max(since, back + this.config.pictureGraceAfterSignalMs);
  }

  async #reconcile(cameraId: string, now: number, events: AlarmEventDto[]): Promise<void> {
    for (const kind of ALARM_KINDS) await this.#reconcileKind(cameraId, kind, now, events);
  }

  async #reconcileKind(cameraId: string, kind: AlarmKind, now: number, events: AlarmEventDto[]): Promise<void> {
    const key = OpenAlarms.key(cameraId, kind);
    const st = this.#board.status(cameraId, kind);
    if (st.since === null) this.#consumed.delete(key);
    const blocked = kind !== 'signal_loss' && this.#board.status(cameraId, 'signal_loss').held;
    let alarm = this.#open.of(cameraId, kind);

    if (alarm?.state === 'pending' && (!st.held || blocked)) {
      const why = blocked ? SYSTEM_REASONS.signalLost : SYSTEM_REASONS.endedWhilePending;
      this.#open.dropPending(alarm);
      events.push({
        type: 'cleared',
        at: now,
        alarm: step(alarm, SYSTEM, 'cleared', 'cleared', why, now, { clearedAt: now }),
      });
      alarm = undefined;
    }
    if (!alarm && st.since !== null && !blocked && this.#consumed.get(key) !== st.since) {
      alarm = await this.#raise(cameraId, kind, this.#effectiveOnset(cameraId, kind, st.since), now, events);
    }
    if (!alarm) return;
    if (alarm.state === 'pending' && now >= activationDueAt(alarm, this.config)) {
      const why = SYSTEM_REASONS.conditionPersisted;
      alarm = await this.#open.commit(step(alarm, SYSTEM, 'activated', 'active', why, now, { activatedAt: now }));
      events.push({ type: 'activated', at: now, alarm });
    }
    // Tiles of a lost signal (and for a grace after) say nothing: they neither raise nor end picture alarms.
    const blind = kind !== 'signal_loss' && this.#pictureBlindUntil(cameraId) > now;
    const clearAt = kind === 'signal_loss' ? this.#signalClearAt(cameraId) : null;
    if (alarm.state !== 'pending' && !st.held && st.ended && !blind && now >= (clearAt ?? now)) {
      // Held back: the alarm ends when the signal returned, the ledger counts to then.
      const endedAt = clearAt === null ? now : clearAt - this.config.signalClearHoldMs;
      await this.#finishClear(alarm, SYSTEM, SYSTEM_REASONS.conditionEnded, now, events, endedAt);
      return;
    }
    await this.#review(alarm, now, events, false);
  }

  async #raise(
    cameraId: string,
    kind: AlarmKind,
    onsetAt: number,
    now: number,
    events: AlarmEventDto[],
  ): Promise<AlarmDto | undefined> {
    const place = this.#cameras.camera(cameraId);
    if (!place || onsetAt > now) return undefined;
    const reports = await this.#maintenance.reportsForCamera(cameraId, onsetAt);

    const alarm = pendingAlarm({
      id: this.#newId(),
      place,
      kind,
      onsetAt,
      coverage: reports.map(coverageOf),
      snoozedUntil: this.#snoozes.until(cameraId, now),
      at: now,
    });
    await this.#open.commit(alarm);
    events.push({ type: 'raised', at: now, alarm });
    return alarm;
  }

  /** Automatic markings of an open alarm: reported, escalated, violation. */
  async #review(alarm: AlarmDto, now: number, events: AlarmEventDto[], changed: boolean): Promise<void> {
    let a = alarm;
    const out: AlarmEventDto[] = [];
    if (!a.reported && isReported(a, now)) {
      a = this.#markReported(a, now);
      out.push({ type: 'reported', at: now, alarm: a });
    }
    const escalateAt = escalationDueAt(a, this.config);
    if (escalateAt !== null && now >= escalateAt) {
      a = step(a, SYSTEM, 'escalated', a.state, SYSTEM_REASONS.notAcknowledged, now, { escalatedAt: now });
      out.push({ type: 'escalated', at: now, alarm: a, regionId: a.regionId });
    }
    const violateAt = violationDueAt(a, this.config);
    if (violateAt !== null && now >= violateAt) {
      const minutes = Math.round(unreportedMs(a.coverage, a.onsetAt, now) / 60_000);
      const entry = await this.#violations.openFromAlarm(a, now, minutes);
      a = step(a, SYSTEM, 'violation', a.state, SYSTEM_REASONS.unreportedTooLong, now, { violationId: entry.id });
      out.push({ type: 'violation', at: now, alarm: a });
    }
    if (a === alarm && !changed) return;
    a = await this.#open.commit(a);
    // Events carry the alarm as stored after all of this call's markings.
    events.push(...out.map((e) => ({ ...e, alarm: a })));
  }

  /** `endedAt` (<= now): when the condition ended, the alarm's clearedAt (default now). */
  async #finishClear(
    alarm: AlarmDto,
    by: Who,
    why: string,
    now: number,
    events: AlarmEventDto[],
    endedAt = now,
  ): Promise<void> {
    let a = alarm;
    if (!a.reported && isReported(a, endedAt)) a = this.#markReported(a, now);
    a = step(a, by, 'cleared', 'cleared', why, now, { clearedAt: endedAt });
    if (a.violationId !== null) {
      const minutes = Math.round(unreportedMs(a.coverage, a.onsetAt, endedAt) / 60_000);
      await this.#violations.closeFromAlarm(a.violationId, endedAt, minutes);
    }
    a = await this.#open.commit(a);
    events.push({ type: 'cleared', at: now, alarm: a });
  }

  #markReported(alarm: AlarmDto, now: number): AlarmDto {
    const ids = alarm.coverage.map((c) => c.reportId).join(',');
    const why = `${SYSTEM_REASONS.maintenanceReport}:${ids}`;
    return step(alarm, SYSTEM, 'reported', alarm.state, why, now, { reported: true });
  }

  async #markSnooze(cameraId: string, by: Who, why: string, until: number | null, now: number): Promise<AlarmDto[]> {
    const out: AlarmDto[] = [];
    for (const alarm of this.#open.onCamera(cameraId))
      out.push(await this.#open.commit(step(alarm, by, 'snoozed', alarm.state, why, now, { snoozedUntil: until })));
    return out;
  }
}
