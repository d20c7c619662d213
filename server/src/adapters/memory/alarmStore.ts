import type { AlarmDto, CameraSnoozeDto } from '@clinicwall/contract';
import type { AlarmFilter, AlarmStore } from '../../domain/alarms/ports.ts';

/** In-memory AlarmStore: the embedded default and the unit-test double. Copies in and out, like a real store. */
export class MemoryAlarmStore implements AlarmStore {
  readonly #alarms = new Map<string, AlarmDto>();
  readonly #snoozes = new Map<string, CameraSnoozeDto>();

  async put(alarm: AlarmDto): Promise<void> {
    this.#alarms.set(alarm.id, structuredClone(alarm));
  }

  async get(id: string): Promise<AlarmDto | null> {
    const alarm = this.#alarms.get(id);
    return alarm ? structuredClone(alarm) : null;
  }

  async open(): Promise<AlarmDto[]> {
    return [...this.#alarms.values()].filter((a) => a.state !== 'cleared').map((a) => structuredClone(a));
  }

  async list(f: AlarmFilter): Promise<AlarmDto[]> {
    return [...this.#alarms.values()]
      .filter(
        (a) =>
          (f.cameraId === undefined || a.cameraId === f.cameraId) &&
          (f.clinicId === undefined || a.clinicId === f.clinicId) &&
          (f.clinicIds === undefined || f.clinicIds.includes(a.clinicId)) &&
          (f.state === undefined || a.state === f.state) &&
          (f.kind === undefined || a.kind === f.kind) &&
          (f.from === undefined || a.onsetAt >= f.from) &&
          (f.to === undefined || a.onsetAt < f.to),
      )
      .sort((a, b) => b.onsetAt - a.onsetAt)
      .slice(0, f.limit)
      .map((a) => structuredClone(a));
  }

  async putSnooze(snooze: CameraSnoozeDto): Promise<void> {
    this.#snoozes.set(snooze.cameraId, { ...snooze });
  }

  async deleteSnooze(cameraId: string): Promise<void> {
    this.#snoozes.delete(cameraId);
  }

  async snoozes(): Promise<CameraSnoozeDto[]> {
    return [...this.#snoozes.values()].map((s) => ({ ...s }));
  }
}
