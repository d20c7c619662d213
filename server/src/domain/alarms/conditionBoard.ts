import { ALARM_KINDS, type AlarmKind } from '@clinicwall/contract';

/** What a source can judge: the SFU judges the signal, walls and the sentinel judge the picture. */
export type SourceDomain = 'signal' | 'picture';

export interface ConditionStatus {
  /** At least one current source reports the condition. */
  held: boolean;
  /** When it began to hold in this episode (server time), null when not held. */
  since: number | null;
  /** Not held, and at least one current source able to judge it says otherwise: positive evidence it is over. */
  ended: boolean;
}

interface CameraConditions {
  sources: Map<string, { domain: SourceDomain; kind: AlarmKind | null }>;
  heldSince: Map<AlarmKind, number>;
  signalBackAt: number | null;
}

const domainOf = (kind: AlarmKind): SourceDomain => (kind === 'signal_loss' ? 'signal' : 'picture');

/**
 * Merges condition reports per camera and kind, like the health board merges verdicts: a condition
 * holds while any current source reports it, however many walls watch the camera (one condition,
 * one alarm); a source that leaves stops counting. Tracks when each condition began to hold and when
 * the signal last came back.
 */
export class ConditionBoard {
  readonly #cameras = new Map<string, CameraConditions>();

  /**
   * A source's current finding for a camera: a condition of its domain, or null for healthy.
   * `since` (<= now): when the condition began by the source's account; it dates the condition's
   * start when this report is what makes it hold.
   */
  report(
    cameraId: string,
    source: string,
    domain: SourceDomain,
    kind: AlarmKind | null,
    now: number,
    since = now,
  ): void {
    if (kind !== null && domainOf(kind) !== domain) throw new TypeError(`a ${domain} source cannot report ${kind}`);
    if (since > now) throw new TypeError(`since (${since}) is after now (${now})`);
    let cam = this.#cameras.get(cameraId);
    if (!cam) this.#cameras.set(cameraId, (cam = { sources: new Map(), heldSince: new Map(), signalBackAt: null }));
    cam.sources.set(source, { domain, kind });
    this.#update(cameraId, cam, now, since);
  }

  /** The source no longer judges this camera (a wall stopped showing it, the SFU does not know yet). */
  withdraw(cameraId: string, source: string, now: number): void {
    const cam = this.#cameras.get(cameraId);
    if (!cam?.sources.delete(source)) return;
    this.#update(cameraId, cam, now);
  }

  /** The source is gone (a wall disconnected); returns the cameras it was judging. */
  forgetSource(source: string, now: number): string[] {
    const affected: string[] = [];
    for (const [cameraId, cam] of [...this.#cameras])
      if (cam.sources.delete(source)) {
        affected.push(cameraId);
        this.#update(cameraId, cam, now);
      }
    return affected;
  }

  status(cameraId: string, kind: AlarmKind): ConditionStatus {
    const cam = this.#cameras.get(cameraId);
    const since = cam?.heldSince.get(kind) ?? null;
    if (since !== null) return { held: true, since, ended: false };
    const judged = [...(cam?.sources.values() ?? [])].some((s) => s.domain === domainOf(kind));
    return { held: false, since: null, ended: judged };
  }

  /** When the SFU last reported the signal back after a loss. */
  signalBackAt(cameraId: string): number | null {
    return this.#cameras.get(cameraId)?.signalBackAt ?? null;
  }

  cameras(): string[] {
    return [...this.#cameras.keys()];
  }

  /** `startedAt`: when a condition that begins to hold now began (only a report can make one hold). */
  #update(cameraId: string, cam: CameraConditions, now: number, startedAt = now): void {
    for (const kind of ALARM_KINDS) {
      const held = [...cam.sources.values()].some((s) => s.kind === kind);
      const was = cam.heldSince.has(kind);
      if (held && !was) cam.heldSince.set(kind, startedAt);
      if (!held && was) {
        cam.heldSince.delete(kind);
        if (kind === 'signal_loss' && this.status(cameraId, kind).ended) cam.signalBackAt = now;
      }
    }
    if (cam.sources.size === 0) this.#cameras.delete(cameraId);
  }
}
