/**
 * A camera's burned-in clock (the OSD time stamp almost every CCTV camera draws) as a liveness
 * signal: a frozen feed's clock stops.
 *
 * Pixels alone cannot tell a frozen picture that an encoder keeps re-encoding at a constant bit rate
 * (it churns as much as sensor noise) from a live, still room (see frozen.ts). A live camera with an
 * OSD clock, though, changes the same few 8x8 blocks once a second, at the same phase of every
 * second; a frozen one never does. This learns such "ticker" blocks while the feed is live and
 * reports when every ticker has gone silent for longer than a tick can take to show.
 *
 * Learning a ticker: for each block that changes, a histogram over the phase of the second (50 bins
 * of 20 ms) counts how often each phase explains what was seen, interval by interval: a sample
 * interval (a, b] in which the block changed must contain the tick's phase, an interval without a
 * change must not (with a tolerance for frame timing). A block is a ticker when one phase explains
 * at least 92 % of its recent intervals, it changed in some but not all of them (a 1 Hz tick seen
 * every 0.5 s changes half the intervals; motion that changes a block in every interval, or at
 * random phases, is no clock) and about once a second over the last 10 s, never twice within 0.7 s. Intervals are learned
 * 2.5 s late, and only while the picture is live: the seconds before a freeze is noticed never teach
 * the watch that silence is normal. Needs sample intervals clearly under a second; with slower
 * sampling nothing is learned and the rule stays off.
 */

const BINS = 50;
const BIN_MS = 1000 / BINS;
/** Frame timing slack when matching a change interval to the tick phase (ms). */
const TOLERANCE_MS = 60;
/** Per-interval decay of the phase evidence (about the last 30 intervals count). */
const DECAY = 0.97;
/** Evidence (decayed interval count) before a block can be a ticker. */
const MIN_EVIDENCE = 16;
/** Share of intervals the best phase must explain. */
const MIN_CONSISTENCY = 0.92;
/** A ticker changes in some intervals, not in all (and not in almost none). */
const CHANGE_RATE: readonly [number, number] = [0.2, 0.8];
/** Intervals this long or longer cannot place a 1 Hz tick (every interval contains one). */
const MAX_LEARN_INTERVAL_MS = 850;
/** Most blocks followed per camera (the ones that changed first; the OSD is there from the start). */
const MAX_BLOCKS = 256;
/** Intervals are learned this late, once no freeze was noticed after them. */
const LEARN_LAG_MS = 2500;
/** A ticker changed about once a second over this window: 7-13 times in 10 s. */
const RATE_WINDOW_MS = 10_000;
const TICKS_IN_WINDOW: readonly [number, number] = [7, 13];
/**
 * Seen changes of a 1 Hz tick are a second apart give or take one sample interval: never closer
 * than 700 ms (motion changes a block in consecutive intervals), never further than about 2 s.
 */
const TICK_GAP_MS: readonly [number, number] = [700, 1000 + MAX_LEARN_INTERVAL_MS + 250];

interface BlockPhase {
  /** Decayed count of intervals each phase bin explains. */
  hist: Float32Array;
  /** Decayed interval count. */
  evidence: number;
  /** Decayed count of intervals in which the block changed. */
  changes: number;
  /** End of the last interval in which the block changed. */
  lastChangeMs: number;
  /** Ends of the learned intervals in which it changed, within the rate window. */
  learnedChanges: number[];
  /** Learned as part of the clock (kept while nothing is learned). */
  ticker: boolean;
}

interface Interval {
  aMs: number;
  bMs: number;
  changed: Set<number>;
}

export interface ClockState {
  /** Blocks currently learned as the clock's. */
  tickers: number;
  /** Every ticker has been silent too long: the picture stopped changing at `sinceMs`. */
  stopped: boolean;
  /** When stopped: the last time a ticker changed (the picture is unchanged since). */
  sinceMs: number | null;
}

/** Whether phase `p` (ms in [0, 1000)) lies in the interval (a, b] taken modulo one second. */
function phaseIn(p: number, a: number, b: number): boolean {
  if (b - a >= 1000) return true;
  if (b <= a) return false;
  const start = ((a % 1000) + 1000) % 1000;
  const offset = (p - start + 1000) % 1000;
  return offset > 0 && offset <= b - a;
}

export class OsdClockWatch {
  readonly #blocks = new Map<number, BlockPhase>();
  #pending: Interval[] = [];
  #lastInterval = 0;

  /**
   * One sample interval (aMs, bMs] and the per-block change flags between its two samples.
   * @param live false while the picture is known bad (frozen, stalled): nothing around it is learned.
   */
  observe(aMs: number, bMs: number, changed: ArrayLike<boolean>, live: boolean): ClockState {
    const interval = bMs - aMs;
    if (!(interval > 0)) return this.state(bMs);
    this.#lastInterval = interval;
    const changedSet = new Set<number>();
    for (let i = 0; i < changed.length; i++) {
      if (!changed[i]) continue;
      changedSet.add(i);
      let b = this.#blocks.get(i);
      if (!b && this.#blocks.size < MAX_BLOCKS) {
        b = {
          hist: new Float32Array(BINS),
          evidence: 0,
          changes: 0,
          lastChangeMs: bMs,
          learnedChanges: [],
          ticker: false,
        };
        this.#blocks.set(i, b);
      }
      if (b) b.lastChangeMs = bMs;
    }
    const state = this.state(bMs);
    if (!live || state.stopped) {
      this.#pending = [];
      return state;
    }
    this.#pending.push({ aMs, bMs, changed: changedSet });
    while (this.#pending.length && this.#pending[0]!.bMs <= bMs - LEARN_LAG_MS) this.#learn(this.#pending.shift()!);
    return this.state(bMs);
  }

  #learn({ aMs, bMs, changed }: Interval): void {
    if (bMs - aMs >= MAX_LEARN_INTERVAL_MS) return;
    for (const [i, b] of this.#blocks) {
      const didChange = changed.has(i);
      b.evidence = b.evidence * DECAY + 1;
      b.changes = b.changes * DECAY + (didChange ? 1 : 0);
      for (let k = 0; k < BINS; k++) {
        const p = (k + 0.5) * BIN_MS;
        const explains = didChange
          ? phaseIn(p, aMs - TOLERANCE_MS, bMs + TOLERANCE_MS)
          : !phaseIn(p, aMs + TOLERANCE_MS, bMs - TOLERANCE_MS);
        b.hist[k] = b.hist[k]! * DECAY + (explains ? 1 : 0);
      }
      if (didChange) b.learnedChanges.push(bMs);
      while (b.learnedChanges.length && b.learnedChanges[0]! <= bMs - RATE_WINDOW_MS) b.learnedChanges.shift();
      b.ticker = isTicker(b);
    }
  }

  /** Learned tickers and whether they have all gone silent, as of `nowMs`. */
  state(nowMs: number): ClockState {
    // A tick shows within one second plus one sample interval (plus frame-timing slack).
    const silentAfter = 1000 + this.#lastInterval + 2 * TOLERANCE_MS;
    let tickers = 0;
    let silent = 0;
    let lastTick = -Infinity;
    for (const b of this.#blocks.values()) {
      if (!b.ticker) continue;
      tickers++;
      if (nowMs - b.lastChangeMs > silentAfter) silent++;
      lastTick = Math.max(lastTick, b.lastChangeMs);
    }
    const stopped = tickers > 0 && silent === tickers;
    return { tickers, stopped, sinceMs: stopped ? lastTick : null };
  }

  reset(): void {
    this.#blocks.clear();
    this.#pending = [];
    this.#lastInterval = 0;
  }
}

function isTicker(b: BlockPhase): boolean {
  if (b.evidence < MIN_EVIDENCE) return false;
  const seen = b.learnedChanges;
  if (seen.length < TICKS_IN_WINDOW[0] || seen.length > TICKS_IN_WINDOW[1]) return false;
  for (let k = 1; k < seen.length; k++) {
    const gap = seen[k]! - seen[k - 1]!;
    if (gap < TICK_GAP_MS[0] || gap > TICK_GAP_MS[1]) return false;
  }
  const rate = b.changes / b.evidence;
  if (rate < CHANGE_RATE[0] || rate > CHANGE_RATE[1]) return false;
  let best = 0;
  for (const v of b.hist) best = Math.max(best, v);
  return best / b.evidence >= MIN_CONSISTENCY;
}
