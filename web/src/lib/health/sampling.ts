/**
 * When each visible tile is sampled. Every tile at least `minHz` (1 Hz), at most `maxHz` (2 Hz);
 * between the two, the rate drops as the wall grows so that classification stays within
 * `budgetShare` of one core, from the measured cost per tile. Tiles are spread over the ticks of a
 * period, so a 64-tile wall sends a few tiles every tick instead of all of them at once.
 */

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

export class SampleScheduler {
  readonly tickMs: number;
  readonly #last = new Map<string, number>();
  #spread = 0;

  constructor(opts: SamplingOptions = {}) {
    this.tickMs = opts.tickMs ?? DEFAULTS.tickMs;
  }

  /**
   * The cameras to sample at `nowMs` among the visible ones. A camera seen for the first time is
   * given a phase within the period so that new cameras do not all fall on one tick.
   */
  due(visible: readonly string[], nowMs: number, periodMs: number): string[] {
    const slots = Math.max(1, Math.round(periodMs / this.tickMs));
    const out: string[] = [];
    for (const id of visible) {
      let last = this.#last.get(id);
      if (last === undefined) {
        last = nowMs - periodMs + (this.#spread++ % slots) * this.tickMs;
        this.#last.set(id, last);
      }
      // Half a tick of slack: timer jitter must not push a sample to the next tick.
      if (nowMs - last >= periodMs - this.tickMs / 2) out.push(id);
    }
    return out;
  }

  /** The camera was sampled at `nowMs`. */
  sampled(id: string, nowMs: number): void {
    this.#last.set(id, nowMs);
  }

  /** The camera is no longer shown: it starts afresh when it comes back. */
  forget(id: string): void {
    this.#last.delete(id);
  }
}
