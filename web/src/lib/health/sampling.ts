/**
 * When each visible tile is sampled. The model classifies every tile at least `minHz` (1 Hz), at
 * most `maxHz` (2 Hz); between the two, the rate drops as the wall grows so that classification
 * stays within `budgetShare` of one core, from the measured cost per tile. Whatever that rate, each
 * tile is also grabbed every `CHECK_MS` for the frozen check alone (a frame difference, far cheaper
 * than the model): a burned-in clock is told from a frozen picture only when a sample interval is
 * shorter than its 1 s tick. Tiles are spread over the ticks of a period, so a 64-tile wall sends a
 * few tiles every tick instead of all of them at once. On a wall that cannot keep even the model's
 * rate (a page overloaded by decoding, a slow worker) the extra check grabs give way (`CheckGate`).
 */

/** Longest interval between two frozen checks of a tile (ms). */
export const CHECK_MS = 500;

export interface SamplingOptions {
  /** Timer period of the wall's sampler (ms). */
  tickMs?: number;
  minHz?: number;
  maxHz?: number;
  /** Share of one core the worker may use (its busy time per second). */
  budgetShare?: number;
}

const DEFAULTS: Required<SamplingOptions> = { tickMs: 250, minHz: 1, maxHz: 2, budgetShare: 0.2 };

/**
 * Sampling period per tile for `visible` tiles costing `perTileMs` each (null: not measured yet,
 * start at the fastest rate).
 */
export function samplePeriodMs(visible: number, perTileMs: number | null, opts: SamplingOptions = {}): number {
  const o = { ...DEFAULTS, ...opts };
  const fastest = 1000 / o.maxHz;
  const slowest = 1000 / o.minHz;
  if (perTileMs === null || visible <= 0) return fastest;
  return Math.min(slowest, Math.max(fastest, (visible * perTileMs) / o.budgetShare));
}

/** A tile to grab this tick; `classify`: for the model too, not only for the frozen check. */
export interface DueTile {
  cameraId: string;
  classify: boolean;
}

export class SampleScheduler {
  readonly tickMs: number;
  /** Last grab (any) and last classification, per camera. */
  readonly #checked = new Map<string, number>();
  readonly #classified = new Map<string, number>();
  #spread = 0;

  constructor(opts: SamplingOptions = {}) {
    this.tickMs = opts.tickMs ?? DEFAULTS.tickMs;
  }

  /**
   * The cameras to grab at `nowMs` among the visible ones: due for the model every `periodMs`, for
   * the frozen check every `checkMs` (or sooner). A camera seen for the first time is given a phase
   * within the period so that new cameras do not all fall on one tick.
   */
  due(visible: readonly string[], nowMs: number, periodMs: number, checkMs = CHECK_MS): DueTile[] {
    const slots = Math.max(1, Math.round(periodMs / this.tickMs));
    // Half a tick of slack: timer jitter must not push a sample to the next tick.
    const slack = this.tickMs / 2;
    const out: DueTile[] = [];
    for (const id of visible) {
      let classified = this.#classified.get(id);
      let checked = this.#checked.get(id);
      if (classified === undefined || checked === undefined) {
        classified = nowMs - periodMs + (this.#spread++ % slots) * this.tickMs;
        checked = classified + periodMs - Math.min(checkMs, periodMs); // first check with the first sample
        this.#classified.set(id, classified);
        this.#checked.set(id, checked);
      }
      const classify = nowMs - classified >= periodMs - slack;
      if (classify || nowMs - checked >= Math.min(checkMs, periodMs) - slack) out.push({ cameraId: id, classify });
    }
    return out;
  }

  /** The camera was grabbed at `nowMs` (`classified`: for the model too). */
  sampled(id: string, nowMs: number, classified = true): void {
    this.#checked.set(id, nowMs);
    if (classified) this.#classified.set(id, nowMs);
  }

  /** The camera is no longer shown: it starts afresh when it comes back. */
  forget(id: string): void {
    this.#checked.delete(id);
    this.#classified.delete(id);
  }
}

/** The model is behind when its tiles are classified at under this share of the planned rate. */
const BEHIND = 0.8;
/** ...and has caught up at this share. */
const CAUGHT_UP = 0.95;
/** A change of more than this share in the number of visible tiles starts the settling again. */
const COUNT_CHANGE = 0.1;
/** Updates further apart than this (the wall was hidden) start the settling again. */
const GAP_MS = 2000;

/**
 * Whether the frozen-check grabs between two classifications go on. They stop when the model falls
 * behind its planned rate (every grab then delays a classification), for at least `holdMs`, and
 * resume once the model keeps its rate. The rate is judged only after the number of visible tiles
 * has stayed within 10 %, and the updates regular, for `settleMs` (the figures are averaged over
 * seconds; a wall back from the background has no recent ones).
 */
export class CheckGate {
  #on = true;
  #visible = -1;
  #since = 0;
  #offAt = 0;
  #lastMs = -Infinity;

  constructor(
    readonly settleMs = 10_000,
    readonly holdMs = 60_000,
  ) {}

  get on(): boolean {
    return this.#on;
  }

  /**
   * @param classifiedPerSec tiles classified per second over the last seconds (all tiles together)
   * @returns whether the check grabs go on now
   */
  update(nowMs: number, visible: number, classifiedPerSec: number, periodMs: number): boolean {
    // A tile or two dropping out and back (a camera reconnecting) does not restart it.
    if (
      Math.abs(visible - this.#visible) > COUNT_CHANGE * Math.max(visible, this.#visible) ||
      nowMs - this.#lastMs > GAP_MS
    ) {
      this.#visible = visible;
      this.#since = nowMs;
    }
    this.#lastMs = nowMs;
    if (visible === 0 || nowMs - this.#since < this.settleMs) return this.#on;
    const share = classifiedPerSec / visible / (1000 / periodMs);
    if (this.#on && share < BEHIND) {
      this.#on = false;
      this.#offAt = nowMs;
    } else if (!this.#on && nowMs - this.#offAt >= this.holdMs && share >= CAUGHT_UP) this.#on = true;
    return this.#on;
  }
}
