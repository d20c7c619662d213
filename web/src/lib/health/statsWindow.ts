/** Rolling figures over the last few seconds of tile-health ticks (for the diagnostics panel). */

export interface TickRecord {
  atMs: number;
  /** Frames sent this tick. */
  tiles: number;
  classified: number;
  /** Main-thread cost of grabbing this tick's frames. */
  grabMs: number;
  /** Worker time of the tick (copy, preprocess, inference). */
  workerMs: number;
}

export interface WindowSummary {
  ticksPerSec: number;
  /** Tiles classified per second (all tiles together). */
  classifiedPerSec: number;
  /** Frames checked for a frozen picture per second: every classified one and those between. */
  checkedPerSec: number;
  /** Worker busy time per second of wall time: the share of one core it takes. */
  busyShare: number;
  grabMsMean: number;
  grabMsMax: number;
  tilesPerTick: number;
  /** Worker time per classified tile (the frozen checks between included), or null before the first. */
  perTileMs: number | null;
}

export class StatsWindow {
  readonly #records: TickRecord[] = [];
  #firstMs: number | null = null;

  constructor(readonly windowMs = 10_000) {}

  add(r: TickRecord): void {
    this.#firstMs ??= r.atMs;
    this.#records.push(r);
    this.#trim(r.atMs);
  }

  summary(nowMs: number): WindowSummary {
    this.#trim(nowMs);
    const rs = this.#records;
    const n = rs.length;
    // Over the window, or since the first tick ever while the window is not full yet (at least 1 s).
    const spanMs = Math.max(1000, Math.min(this.windowMs, nowMs - (this.#firstMs ?? nowMs)));
    let tiles = 0;
    let classified = 0;
    let grab = 0;
    let grabMax = 0;
    let worker = 0;
    for (const r of rs) {
      tiles += r.tiles;
      classified += r.classified;
      grab += r.grabMs;
      grabMax = Math.max(grabMax, r.grabMs);
      worker += r.workerMs;
    }
    return {
      ticksPerSec: (n * 1000) / spanMs,
      classifiedPerSec: (classified * 1000) / spanMs,
      checkedPerSec: (tiles * 1000) / spanMs,
      busyShare: worker / spanMs,
      grabMsMean: n ? grab / n : 0,
      grabMsMax: grabMax,
      tilesPerTick: n ? tiles / n : 0,
      perTileMs: classified ? worker / classified : null,
    };
  }

  #trim(nowMs: number): void {
    while (this.#records.length && nowMs - this.#records[0]!.atMs > this.windowMs) this.#records.shift();
  }
}
