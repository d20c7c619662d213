import { MAX_WITHDRAW_CAMERAS } from '@clinicwall/contract';

/**
 * Which cameras are in the tile-health pipeline. A camera joins when its tile shows a live picture.
 * It leaves at once when its tile is gone from the wall (page, layout or focus change, camera
 * removed), or when its tile has shown no live picture (no signal, reconnecting, stalled) for
 * `graceMs`: a short gap keeps its smoothing, a longer one starts it over.
 */
export class PipelineMembers {
  readonly #graceMs: number;
  readonly #lastLive = new Map<string, number>();

  constructor(graceMs: number) {
    if (!(graceMs >= 0)) throw new TypeError(`graceMs must be >= 0, got ${graceMs}`);
    this.#graceMs = graceMs;
  }

  has(cameraId: string): boolean {
    return this.#lastLive.has(cameraId);
  }

  /**
   * One look at the wall: the cameras whose tiles show a live picture, and every camera that has a
   * tile at all. Returns the cameras that left the pipeline.
   */
  update(live: Iterable<string>, tiles: ReadonlySet<string>, now: number): string[] {
    for (const id of live) this.#lastLive.set(id, now);
    const gone: string[] = [];
    for (const [id, at] of this.#lastLive) if (!tiles.has(id) || now - at > this.#graceMs) gone.push(id);
    for (const id of gone) this.#lastLive.delete(id);
    return gone;
  }
}

/**
 * The cameras the server holds a verdict of from this wall, and what to withdraw when they leave
 * the pipeline. The server forgets a wall's verdicts when its socket drops, so a reconnect starts
 * from none (the wall then sends its current verdicts again).
 */
export class ReportedCameras {
  readonly #onServer = new Set<string>();

  reported(cameraId: string): void {
    this.#onServer.add(cameraId);
  }

  reconnected(): void {
    this.#onServer.clear();
  }

  /** These cameras left the pipeline: the `health:withdraw` requests to send (none when none was reported). */
  withdraw(cameraIds: Iterable<string>): string[][] {
    const ids = [...new Set(cameraIds)].filter((id) => this.#onServer.delete(id));
    const batches: string[][] = [];
    for (let i = 0; i < ids.length; i += MAX_WITHDRAW_CAMERAS) batches.push(ids.slice(i, i + MAX_WITHDRAW_CAMERAS));
    return batches;
  }
}
