/**
 * Is a camera's picture still coming? The frozen check needs to know whether new frames arrived
 * between two samples, and from where a stall comes:
 *  - frames stop *arriving* (WebRTC inbound-rtp `framesReceived` stands still): the camera or its
 *    feed stalled, a camera fault (frozen);
 *  - frames keep arriving but the wall does not *paint* them (its decoder or compositor is starved,
 *    e.g. too many tiles on a busy PC): the wall's own problem. Its picture then repeats exactly, so
 *    such a sample is skipped instead of being judged (it would read as frozen).
 * Without receive statistics the painted-frame count stands in for arrivals.
 */

/** `framesReceived` of each inbound-rtp video stream, by track id (`trackIdentifier`), from an RTCStatsReport. */
export function inboundVideo(report: { values(): Iterable<unknown> }): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of report.values() as Iterable<Record<string, unknown>>) {
    if (s.type !== 'inbound-rtp' || s.kind !== 'video') continue;
    const id = s.trackIdentifier;
    const n = s.framesReceived;
    if (typeof id === 'string' && typeof n === 'number') out.set(id, n);
  }
  return out;
}

export interface FrameReading {
  /** Id of the track the tile shows (null: unknown). */
  trackId: string | null;
  /** `framesReceived` of that track, or null without statistics. */
  received: number | null;
  /** When the statistics were read (ms); the same value means the same (stale) reading. */
  statsAt: number | null;
  /** Frames painted on the tile so far (requestVideoFrameCallback count). */
  painted: number;
}

interface Last extends FrameReading {
  /** Frames that arrived, counted across track changes (what the pipeline's stall check sees). */
  arrived: number;
}

export type ProgressDecision =
  /** Sample it; `arrived` is the camera's arrival counter for the pipeline's stall check. */
  | { sample: true; arrived: number }
  /** New frames arrived but the wall painted none: nothing new to judge (the wall's own stall). */
  | { sample: false };

export class FrameProgress {
  readonly #last = new Map<string, Last>();

  check(cameraId: string, r: FrameReading): ProgressDecision {
    const prev = this.#last.get(cameraId);
    if (!prev) return { sample: true, arrived: 0 };
    const painted = r.painted > prev.painted;
    const fresh = r.received !== null && r.statsAt !== null && r.statsAt !== prev.statsAt;
    let arrived: boolean;
    if (fresh) {
      const sameTrack = r.trackId !== null && r.trackId === prev.trackId && prev.received !== null;
      // Another track (stream switch, new consumer): its frames are new frames.
      arrived = !sameTrack || r.received! > prev.received!;
      if (arrived && !painted) return { sample: false };
    } else {
      arrived = painted;
    }
    return { sample: true, arrived: prev.arrived + (arrived ? 1 : 0) };
  }

  /** The camera was sampled with this reading and decision. */
  sampled(cameraId: string, r: FrameReading, arrived: number): void {
    this.#last.set(cameraId, { ...r, arrived });
  }

  forget(cameraId: string): void {
    this.#last.delete(cameraId);
  }
}
