import { ALARM_KINDS, type AlarmDto, type AlarmKind } from '@clinicwall/contract';
import type { AlarmStore } from './ports.ts';

/**
 * The engine's open alarms, at most one per camera and kind, kept in memory over the store:
 * every change is stored first (pending alarms excepted: they are never stored), then applied.
 */
export class OpenAlarms {
  readonly #store: AlarmStore;
  readonly #byKey = new Map<string, AlarmDto>();

  constructor(store: AlarmStore) {
    this.#store = store;
  }

  static key(cameraId: string, kind: AlarmKind): string {
    return `${cameraId}|${kind}`;
  }

  async load(): Promise<void> {
    for (const a of await this.#store.open()) this.#byKey.set(OpenAlarms.key(a.cameraId, a.kind), a);
  }

  of(cameraId: string, kind: AlarmKind): AlarmDto | undefined {
    return this.#byKey.get(OpenAlarms.key(cameraId, kind));
  }

  onCamera(cameraId: string): AlarmDto[] {
    return ALARM_KINDS.map((k) => this.of(cameraId, k)).filter((a): a is AlarmDto => !!a);
  }

  byId(id: string): AlarmDto | undefined {
    return [...this.#byKey.values()].find((a) => a.id === id);
  }

  all(): AlarmDto[] {
    return [...this.#byKey.values()];
  }

  /** Stores the alarm (unless pending), then keeps it open, or lets it go once cleared. */
  async commit(alarm: AlarmDto): Promise<AlarmDto> {
    if (alarm.state !== 'pending') await this.#store.put(alarm);
    const key = OpenAlarms.key(alarm.cameraId, alarm.kind);
    if (alarm.state !== 'cleared') this.#byKey.set(key, alarm);
    else if (this.#byKey.get(key)?.id === alarm.id) this.#byKey.delete(key);
    return alarm;
  }

  /** Forgets a pending alarm whose condition ended (nothing stored to change). */
  dropPending(alarm: AlarmDto): void {
    const key = OpenAlarms.key(alarm.cameraId, alarm.kind);
    if (alarm.state === 'pending' && this.#byKey.get(key)?.id === alarm.id) this.#byKey.delete(key);
  }
}
