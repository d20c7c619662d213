/**
 * Per-tile verdict smoother (pure; the caller passes time in ms).
 *
 * Raise: the tile must be unhealthy (any unhealthy class) for `raiseAfterMs` on every observation
 * but at most `toleratedOk` (default 0: every one; with 1, a single sample the model calls ok in the
 * middle of a re-aim does not start the wait again, two do). The tile is then marked with the
 * majority class of that run's unhealthy observations, onset = the run's first observation, or
 * earlier when that observation says since when its condition held (a frozen sample repeats the
 * previous sample: the picture has not changed since then).
 * Clear: back to ok after `clearAfterMs` of healthy observations. While marked, a different
 * unhealthy class held for `raiseAfterMs` re-marks the tile with that class.
 */
export const VERDICTS = ['ok', 'blank', 'frozen', 'occluded', 'redirected'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface SmootherOptions {
  raiseAfterMs?: number;
  clearAfterMs?: number;
  /** Ok observations an unhealthy run may contain and still raise (default 0, see DEFAULT_TOLERATED_OK). */
  toleratedOk?: number;
}

export interface VerdictChange {
  verdict: Verdict;
  previous: Verdict;
  /** When the condition started (first observation of the run, or the earlier time it gave), ms. */
  onsetMs: number;
  /** When the change was decided, ms. */
  atMs: number;
  /** Mean confidence of the verdict's observations in the run. */
  confidence: number;
}

interface Run {
  startMs: number;
  counts: Map<Verdict, { n: number; conf: number }>;
}

function newRun(t: number): Run {
  return { startMs: t, counts: new Map() };
}

function add(run: Run, v: Verdict, c: number): void {
  const e = run.counts.get(v) ?? { n: 0, conf: 0 };
  e.n++;
  e.conf += c;
  run.counts.set(v, e);
}

function majority(run: Run): { verdict: Verdict; confidence: number } {
  let best: Verdict = 'ok';
  let bn = -1;
  let bc = 0;
  for (const [v, e] of run.counts) {
    if (e.n > bn || (e.n === bn && e.conf > bc)) {
      best = v;
      bn = e.n;
      bc = e.conf;
    }
  }
  return { verdict: best, confidence: bn > 0 ? bc / bn : 0 };
}

/**
 * Ok observations an unhealthy run may contain and still raise, unless set otherwise: none. With 1,
 * the soak (bench/tile-health-soak.ts, 120 camera-hours) raised a person standing at the lens 5 times
 * instead of 2, for one re-aim of the event bench raised 1 s sooner.
 */
export const DEFAULT_TOLERATED_OK = 0;

/** One observation: its time (or the earlier time its condition held since), verdict and confidence. */
export interface Observed {
  startMs: number;
  verdict: Verdict;
  confidence: number;
}

/**
 * A tile's current unhealthy run: its observations from the first unhealthy one on, with at most
 * `tolerated` ok observations among them. Past that, the run starts again after its oldest ok.
 */
export class UnhealthyRun {
  private obs: Observed[] = [];
  readonly tolerated: number;

  constructor(tolerated: number) {
    this.tolerated = tolerated;
  }

  /** Adds an observation; returns when the run started, or null when there is none. */
  add(o: Observed): number | null {
    if (o.verdict !== 'ok' || this.obs.length) this.obs.push(o);
    let oks = this.obs.filter((x) => x.verdict === 'ok').length;
    for (; oks > this.tolerated; oks--) this.obs.splice(0, this.obs.findIndex((x) => x.verdict === 'ok') + 1);
    while (this.obs[0]?.verdict === 'ok') this.obs.shift();
    return this.obs[0]?.startMs ?? null;
  }

  get observations(): readonly Observed[] {
    return this.obs;
  }

  reset(): void {
    this.obs = [];
  }
}

export class VerdictSmoother {
  readonly raiseAfterMs: number;
  readonly clearAfterMs: number;
  readonly toleratedOk: number;
  private marked: Verdict = 'ok';
  /** While marked ok: the current unhealthy run. */
  private readonly bad: UnhealthyRun;
  private good: Run | null = null;
  private other: Run | null = null;
  private lastT = -Infinity;

  constructor(opts: SmootherOptions = {}) {
    this.raiseAfterMs = opts.raiseAfterMs ?? 3000;
    this.clearAfterMs = opts.clearAfterMs ?? 3000;
    this.toleratedOk = opts.toleratedOk ?? DEFAULT_TOLERATED_OK;
    this.bad = new UnhealthyRun(this.toleratedOk);
  }

  get state(): Verdict {
    return this.marked;
  }

  /**
   * One observation; returns the change it causes, if any. Times must not go backwards.
   * @param sinceMs for an unhealthy observation, since when its condition is known to hold (e.g. the
   *   time of the sample a frozen one repeats); a run it starts begins then, but never before the
   *   previous observation (default tMs).
   */
  update(tMs: number, verdict: Verdict, confidence: number, sinceMs = tMs): VerdictChange | null {
    if (tMs < this.lastT) throw new Error(`time went backwards: ${tMs} < ${this.lastT}`);
    const since = Math.max(this.lastT, Math.min(tMs, sinceMs));
    this.lastT = tMs;
    if (this.marked === 'ok') return this.watchForRaise(tMs, verdict, confidence, since);
    if (verdict === 'ok') {
      this.other = null;
      this.good ??= newRun(tMs);
      add(this.good, 'ok', confidence);
      if (tMs - this.good.startMs >= this.clearAfterMs) {
        const { confidence: c } = majority(this.good);
        const change: VerdictChange = {
          verdict: 'ok',
          previous: this.marked,
          onsetMs: this.good.startMs,
          atMs: tMs,
          confidence: c,
        };
        this.marked = 'ok';
        this.good = null;
        return change;
      }
      return null;
    }
    this.good = null;
    // Marked unhealthy: watch for a persistent switch to another unhealthy class.
    if (verdict === this.marked) {
      this.other = null;
      return null;
    }
    this.other ??= newRun(since);
    add(this.other, verdict, confidence);
    if (tMs - this.other.startMs >= this.raiseAfterMs) {
      const m = majority(this.other);
      const change: VerdictChange = {
        verdict: m.verdict,
        previous: this.marked,
        onsetMs: this.other.startMs,
        atMs: tMs,
        confidence: m.confidence,
      };
      this.marked = m.verdict;
      this.other = null;
      return change;
    }
    return null;
  }

  private watchForRaise(tMs: number, verdict: Verdict, confidence: number, since: number): VerdictChange | null {
    const startMs = this.bad.add({ startMs: verdict === 'ok' ? tMs : since, verdict, confidence });
    if (verdict === 'ok' || startMs === null || tMs - startMs < this.raiseAfterMs) return null;
    const run = newRun(startMs);
    for (const o of this.bad.observations) if (o.verdict !== 'ok') add(run, o.verdict, o.confidence);
    const m = majority(run);
    this.marked = m.verdict;
    this.bad.reset();
    return { verdict: m.verdict, previous: 'ok', onsetMs: startMs, atMs: tMs, confidence: m.confidence };
  }
}
