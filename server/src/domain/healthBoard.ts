import type { CameraHealthDto, TileHealth, VerdictRecord } from '@clinicwall/contract';

/** Most severe first: when reporters disagree equally, the worse verdict wins. */
const SEVERITY: TileHealth[] = ['blank', 'frozen', 'occluded', 'redirected', 'ok'];

/**
 * Merges tile-health verdicts per camera: every wall showing a camera reports, the camera gets one
 * verdict. Unhealthy when any current reporter says so (the verdict most reporters give, ties to the
 * more severe), ok only when all say ok. A reporter that disconnects no longer counts.
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

  /** Drops a reporter's verdicts (its wall closed); returns the cameras whose merged state changed. */
  forgetReporter(reporter: string): CameraHealthDto[] {
    const changed: CameraHealthDto[] = [];
    for (const [cameraId, reporters] of this.#byCamera) {
      if (!reporters.has(reporter)) continue;
      const before = this.camera(cameraId)!;
      reporters.delete(reporter);
      if (reporters.size === 0) this.#byCamera.delete(cameraId);
      const after = this.camera(cameraId);
      if (after && after.verdict !== before.verdict) changed.push(after);
    }
    return changed;
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
