import type { CameraHealthDto, TileHealth, VerdictRecord } from '@clinicwall/contract';

/** A camera's merged state before and after a reporter left it; after is null when none is left. */
export interface HealthChange {
  cameraId: string;
  before: CameraHealthDto;
  after: CameraHealthDto | null;
}

/** Most severe first: when reporters disagree equally, the worse verdict wins. */
const SEVERITY: TileHealth[] = ['blank', 'frozen', 'occluded', 'redirected', 'ok'];

/**
 * Merges tile-health verdicts per camera: every wall showing a camera reports, the camera gets one
 * verdict. Unhealthy when any current reporter says so (the verdict most reporters give, ties to the
 * more severe), ok only when all say ok. A reporter that withdraws a camera (its wall stopped
 * showing it) or disconnects no longer counts: a stale verdict would keep a condition nobody
 * watches, or outvote what the sentinel (reporter 'sentinel', one voice like any wall) sees now.
 */
export class HealthBoard {
  readonly #byCamera = new Map<string, Map<string, VerdictRecord>>();
  readonly #recent: VerdictRecord[] = [];
  readonly #keep: number;

  constructor(keepRecent = 1000) {
    this.#keep = keepRecent;
  }

  /** Records a report; returns the camera's merged state after it. */
  report(rec: VerdictRecord): CameraHealthDto {
    let reporters = this.#byCamera.get(rec.cameraId);
    if (!reporters) this.#byCamera.set(rec.cameraId, (reporters = new Map()));
    reporters.set(rec.reporter, rec);
    this.#recent.push(rec);
    if (this.#recent.length > this.#keep) this.#recent.splice(0, this.#recent.length - this.#keep);
    return this.camera(rec.cameraId)!;
  }

  /**
   * Drops one reporter's verdicts on these cameras (its wall stopped showing them); returns the
   * cameras whose merged state changed, which is every camera the reporter had a verdict on (its
   * count of reporters drops, the verdict may change, no verdict is left after the last reporter).
   */
  withdraw(reporter: string, cameraIds: Iterable<string>): HealthChange[] {
    const changed: HealthChange[] = [];
    for (const cameraId of new Set(cameraIds)) {
      const reporters = this.#byCamera.get(cameraId);
      if (!reporters?.has(reporter)) continue;
      const before = this.camera(cameraId)!;
      reporters.delete(reporter);
      if (reporters.size === 0) this.#byCamera.delete(cameraId);
      changed.push({ cameraId, before, after: this.camera(cameraId) });
    }
    return changed;
  }

  /** Drops all of a reporter's verdicts (its wall closed); returns the changes as withdraw() does. */
  forgetReporter(reporter: string): HealthChange[] {
    const cameras = [...this.#byCamera].filter(([, reporters]) => reporters.has(reporter)).map(([id]) => id);
    return this.withdraw(reporter, cameras);
  }

  camera(cameraId: string): CameraHealthDto | null {
    const reporters = this.#byCamera.get(cameraId);
    if (!reporters || reporters.size === 0) return null;
    const recs = [...reporters.values()];
    const counts = new Map<TileHealth, number>();
    for (const r of recs) if (r.verdict !== 'ok') counts.set(r.verdict, (counts.get(r.verdict) ?? 0) + 1);
    let verdict: TileHealth = 'ok';
    for (const v of SEVERITY) if ((counts.get(v) ?? 0) > (counts.get(verdict) ?? 0)) verdict = v;
    const agreeing = recs.filter((r) => r.verdict === verdict);
    return { cameraId, verdict, since: Math.min(...agreeing.map((r) => r.onsetAt)), reporters: recs.length };
  }

  cameras(): CameraHealthDto[] {
    return [...this.#byCamera.keys()].map((id) => this.camera(id)!).filter(Boolean);
  }

  recent(limit = 100): VerdictRecord[] {
    return this.#recent.slice(-limit).reverse();
  }
}
