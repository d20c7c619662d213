import type { AlarmDto, AlarmEventDto, CameraSnoozeDto } from '@clinicwall/contract';

/** What the 'alarms:subscribe' ack carries. */
export interface AlarmSnapshot {
  alarms: AlarmDto[];
  snoozes: CameraSnoozeDto[];
}

/** What one snapshot or event changed that the UI reacts to beyond re-rendering. */
export interface BookChange {
  /** Alarms that just became active (were pending, or unknown): the sound's cue. */
  newlyActive: AlarmDto[];
  /** Anything changed at all. */
  changed: boolean;
}

/** An alarm's version: every transition appends to its history and nothing is ever removed from it. */
export function alarmVersion(alarm: AlarmDto): number {
  return alarm.history.length;
}

const KEEP_CLEARED = 30;
const KEEP_TOMBSTONES = 2000;

/**
 * The wall's alarms, kept from the subscribe ack and the pushed `alarm` events (pure bookkeeping).
 *
 * - The newer copy of an alarm wins (its history is longer); an equal or older copy is a duplicate
 *   or a late echo and changes nothing, so an event that raced the ack and the ack itself can come
 *   in any order.
 * - A cleared alarm leaves the open set and is never brought back by an older copy; if it was ever
 *   active it is kept in a short "recently cleared" list (pending ones that ended are dropped).
 * - On every (re)connect: `mark()` before sending the subscribe, `applySnapshot()` with its ack.
 *   Open alarms the ack no longer lists were closed while this wall was away, unless an event about
 *   them arrived after the mark (it is newer than the ack). Snoozes likewise.
 */
export class AlarmBook {
  readonly #open = new Map<string, AlarmDto>();
  #cleared: AlarmDto[] = [];
  /** Versions of alarms known to be cleared (bounded, oldest forgotten first). */
  readonly #tombstones = new Map<string, number>();
  readonly #snoozes = new Map<string, CameraSnoozeDto>();
  #seq = 0;
  /** Sequence number of the last event that touched an alarm / a camera's snooze. */
  readonly #touched = new Map<string, number>();
  readonly #snoozeTouched = new Map<string, number>();

  /** Open alarms (pending included), in no particular order. */
  open(): AlarmDto[] {
    return [...this.#open.values()];
  }

  get(id: string): AlarmDto | undefined {
    return this.#open.get(id) ?? this.#cleared.find((a) => a.id === id);
  }

  /** Recently cleared alarms that had been active, newest clearing first. */
  cleared(): AlarmDto[] {
    return [...this.#cleared];
  }

  snoozes(): Map<string, CameraSnoozeDto> {
    return new Map(this.#snoozes);
  }

  /** Call right before sending 'alarms:subscribe'; pass the result to applySnapshot(). */
  mark(): number {
    return ++this.#seq;
  }

  applySnapshot(snapshot: AlarmSnapshot, mark: number): BookChange {
    const change: BookChange = { newlyActive: [], changed: false };
    const listed = new Set(snapshot.alarms.map((a) => a.id));
    for (const alarm of snapshot.alarms) this.#merge(alarm, change);
    for (const [id] of this.#open) {
      if (listed.has(id) || (this.#touched.get(id) ?? 0) > mark) continue;
      this.#open.delete(id);
      this.#touched.delete(id);
      change.changed = true;
    }
    const snoozed = new Map(snapshot.snoozes.map((s) => [s.cameraId, s]));
    for (const cameraId of new Set([...this.#snoozes.keys(), ...snoozed.keys()])) {
      if ((this.#snoozeTouched.get(cameraId) ?? 0) > mark) continue;
      const s = snoozed.get(cameraId);
      if (s) this.#snoozes.set(cameraId, s);
      else this.#snoozes.delete(cameraId);
      change.changed = true;
    }
    return change;
  }

  applyEvent(event: AlarmEventDto): BookChange {
    const change: BookChange = { newlyActive: [], changed: false };
    const seq = ++this.#seq;
    if (event.type === 'snoozed') {
      this.#snoozeTouched.set(event.cameraId, seq);
      if (event.snooze) this.#snoozes.set(event.cameraId, event.snooze);
      else this.#snoozes.delete(event.cameraId);
      change.changed = true;
      for (const alarm of event.alarms) this.#merge(alarm, change, seq);
    } else {
      this.#merge(event.alarm, change, seq);
    }
    return change;
  }

  /** An operator's request answered with the alarm as stored: the same rule as an event. */
  applyAlarm(alarm: AlarmDto): BookChange {
    const change: BookChange = { newlyActive: [], changed: false };
    this.#merge(alarm, change, ++this.#seq);
    return change;
  }

  /** A snooze this wall set (the request's answer), as if its event had arrived. */
  applySnooze(cameraId: string, snooze: CameraSnoozeDto | null): void {
    this.#snoozeTouched.set(cameraId, ++this.#seq);
    if (snooze) this.#snoozes.set(cameraId, snooze);
    else this.#snoozes.delete(cameraId);
  }

  /** Drops cleared alarms older than `keepMs` and snoozes that ran out; true when something went. */
  prune(now: number, keepMs: number): boolean {
    const before = this.#cleared.length + this.#snoozes.size;
    this.#cleared = this.#cleared.filter((a) => (a.clearedAt ?? now) > now - keepMs);
    for (const [cameraId, s] of this.#snoozes) if (s.until <= now) this.#snoozes.delete(cameraId);
    return this.#cleared.length + this.#snoozes.size !== before;
  }

  #merge(incoming: AlarmDto, change: BookChange, seq?: number): void {
    const version = alarmVersion(incoming);
    const dead = this.#tombstones.get(incoming.id);
    if (dead !== undefined && dead >= version) return;
    const existing = this.#open.get(incoming.id);
    if (existing && alarmVersion(existing) >= version) return;
    if (seq !== undefined) this.#touched.set(incoming.id, seq);
    change.changed = true;

    if (incoming.state === 'cleared') {
      this.#open.delete(incoming.id);
      this.#touched.delete(incoming.id);
      this.#tombstones.delete(incoming.id);
      this.#tombstones.set(incoming.id, version);
      if (this.#tombstones.size > KEEP_TOMBSTONES) this.#tombstones.delete(this.#tombstones.keys().next().value!);
      if (incoming.activatedAt !== null) {
        this.#cleared = [incoming, ...this.#cleared.filter((a) => a.id !== incoming.id)]
          .sort((a, b) => (b.clearedAt ?? 0) - (a.clearedAt ?? 0))
          .slice(0, KEEP_CLEARED);
      }
      return;
    }
    this.#open.set(incoming.id, incoming);
    const wasRaised = existing?.state === 'active' || existing?.state === 'acknowledged';
    if (incoming.state === 'active' && !wasRaised) change.newlyActive.push(incoming);
  }
}
