import type { CameraSnoozeDto } from '@clinicwall/contract';
import type { AlarmStore } from './ports.ts';

/** Camera snoozes, in memory over the store (stored first, then applied). */
export class SnoozeBook {
  readonly #store: AlarmStore;
  readonly #byCamera = new Map<string, CameraSnoozeDto>();

  constructor(store: AlarmStore) {
    this.#store = store;
  }

  async load(): Promise<void> {
    for (const s of await this.#store.snoozes()) this.#byCamera.set(s.cameraId, s);
  }

  /** When the camera's snooze ends, if it is snoozed at `now`. */
  until(cameraId: string, now: number): number | null {
    const s = this.#byCamera.get(cameraId);
    return s && s.until > now ? s.until : null;
  }

  has(cameraId: string): boolean {
    return this.#byCamera.has(cameraId);
  }

  all(): CameraSnoozeDto[] {
    return [...this.#byCamera.values()];
  }

  async set(snooze: CameraSnoozeDto): Promise<void> {
    await this.#store.putSnooze(snooze);
    this.#byCamera.set(snooze.cameraId, snooze);
  }

  async lift(cameraId: string): Promise<void> {
    await this.#store.deleteSnooze(cameraId);
    this.#byCamera.delete(cameraId);
  }

  /** Lifts every snooze ended by `now`; returns them. */
  async expire(now: number): Promise<CameraSnoozeDto[]> {
    const ended = this.all().filter((s) => s.until <= now);
    for (const s of ended) await this.lift(s.cameraId);
    return ended;
  }
}
