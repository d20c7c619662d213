/**
 * TileHealthPipeline: sampling, recent-frame ring, reference frame, batching, model, frozen check
 * and smoothing for many tiles. No Node/DOM APIs: the same code runs in a Web Worker.
 *
 * Use: `push(tileId, tMs, frame)` for each decoded frame (or just at your tick), then `flush()`
 * once per tick: it runs every pending sample in one batch and returns the smoothed changes.
 * Between two samples, `check(tileId, tMs, frame)` runs the frozen check alone (a wall that can
 * afford the model once a second still looks for repeats and the OSD clock every half second).
 * A sample the model calls occluded that shows hard edges where the reference view had none counts
 * as re-aimed (detail.ts: a cover or a defocus has no sharp detail, a plain new view has some).
 */
import { FrozenDetector, type FrozenOptions, type FrozenResult } from './frozen.ts';
import { NEW_DETAIL_FRACTION, newDetailFraction, referenceStructure } from './detail.ts';
import { downsampleRgb, FRAME_FLOATS, ITEM_FLOATS, packBatch, type LumaImage, type RawFrame } from './preprocess.ts';
import { VerdictSmoother, type SmootherOptions, type Verdict, type VerdictChange } from './smoothing.ts';

/** Model class order (tile-health-v1.json). */
export const MODEL_CLASSES = ['ok', 'blank', 'occluded', 'redirected'] as const;
export type ModelClass = (typeof MODEL_CLASSES)[number];

export interface Classifier {
  /** `batch` is [n, 9, 64, 64]; resolves to [n, 4] probabilities in MODEL_CLASSES order. */
  run(batch: Float32Array, n: number): Promise<Float32Array>;
}

export interface PipelineOptions extends SmootherOptions {
  classifier: Classifier;
  /** Samples per second per tile (default 2). */
  sampleHz?: number;
  /** Age of the "recent" frame (default 1000 ms). */
  recentAgeMs?: number;
  /** The reference is the last sample of the tile's first `referenceMs` (default 1000). */
  referenceMs?: number;
  frozen?: FrozenOptions;
  /** Max tiles per model run (default 64). */
  maxBatch?: number;
  /** New hard-edge share from which an occluded sample counts as re-aimed (default NEW_DETAIL_FRACTION; Infinity: never). */
  newDetailFraction?: number;
  /** How a sample's class is read from the model's probabilities (default 'even-odds'). */
  sampleRule?: SampleRule;
}

/**
 * - 'even-odds': a sample is unhealthy when the model gives ok less than 50 %, and then it is the
 *   likeliest unhealthy class. By argmax a picture at 40 % ok whose other 60 % is split between
 *   covered and re-aimed is ok (the model is unsure which tamper, not whether there is one): a
 *   camera tilted onto a sign, people's legs at its edge, read so and the 3 s wait started over.
 * - 'argmax': the likeliest class (stricter: unhealthy only when a tamper class leads); the server
 *   sentinel keeps it, since it raises on three unhealthy key frames (MODEL_CARD.md, soaks).
 */
export type SampleRule = 'even-odds' | 'argmax';

/**
 * The class of one sample from the model's probabilities (MODEL_CLASSES order), and its confidence:
 * the belief that the tile is healthy (P(ok)) or, for a tamper, that it is not (1 - P(ok)), which is
 * what the alarm says; the class is the likeliest kind.
 */
export function sampleClass(
  probs: ArrayLike<number>,
  rule: SampleRule = 'even-odds',
): { cls: ModelClass; confidence: number } {
  const ok = probs[0]!;
  let best = 1;
  for (let c = 2; c < MODEL_CLASSES.length; c++) if (probs[c]! > probs[best]!) best = c;
  const healthy = rule === 'argmax' ? ok >= probs[best]! : ok >= 0.5;
  return healthy ? { cls: 'ok', confidence: ok } : { cls: MODEL_CLASSES[best]!, confidence: 1 - ok };
}

export interface Observation {
  tileId: string;
  tMs: number;
  verdict: Verdict;
  /** P(ok) for ok, 1 - P(ok) for an unhealthy model class (sampleClass), 1 or 0.9 for frozen. */
  confidence: number;
  probs: Float32Array;
  frozen: FrozenResult;
  /** Share of new hard edges, measured when the model said occluded (else null). */
  newDetail: number | null;
}

export interface TileChange extends VerdictChange {
  tileId: string;
}

interface Sample {
  tMs: number;
  rgb: Float32Array;
}

interface TileState {
  startMs: number | null;
  lastSampleMs: number;
  /** Last frozen check (every sample is one, and so is every `check`). */
  lastCheckMs: number | null;
  /** Start of the current run of repeats: the picture is unchanged since then (null: no repeat). */
  repeatSinceMs: number | null;
  ring: Sample[];
  reference: Float32Array | null;
  referenceFixed: boolean;
  frozen: FrozenDetector;
  smoother: VerdictSmoother;
}

interface Pending {
  tileId: string;
  tMs: number;
  /** When the tile's current run of repeats began (the picture is unchanged since then). */
  repeatSinceMs: number | null;
  current: Float32Array;
  recent: Float32Array;
  reference: Float32Array;
  frozen: FrozenResult;
  /** The frame's luma (for the new-detail check). */
  luma: LumaImage;
}

export class TileHealthPipeline {
  private readonly tiles = new Map<string, TileState>();
  /** `referenceStructure` of each reference in use, computed when the new-detail check first needs it. */
  private readonly structures = new WeakMap<Float32Array, Uint8Array>();
  private pending: Pending[] = [];
  private readonly periodMs: number;
  private readonly recentAgeMs: number;
  private readonly referenceMs: number;
  private readonly maxBatch: number;
  /** Every observation of the last flush (for logging/debugging). */
  lastObservations: Observation[] = [];

  private readonly opts: PipelineOptions;

  constructor(opts: PipelineOptions) {
    this.opts = opts;
    this.periodMs = 1000 / (opts.sampleHz ?? 2);
    this.recentAgeMs = opts.recentAgeMs ?? 1000;
    this.referenceMs = opts.referenceMs ?? 1000;
    this.maxBatch = opts.maxBatch ?? 64;
  }

  private tile(id: string): TileState {
    let t = this.tiles.get(id);
    if (!t) {
      t = {
        startMs: null,
        lastSampleMs: -Infinity,
        lastCheckMs: null,
        repeatSinceMs: null,
        ring: [],
        reference: null,
        referenceFixed: false,
        frozen: new FrozenDetector(this.opts.frozen),
        smoother: new VerdictSmoother(this.opts),
      };
      this.tiles.set(id, t);
    }
    return t;
  }

  removeTile(id: string): void {
    this.tiles.delete(id);
    this.pending = this.pending.filter((p) => p.tileId !== id);
  }

  /** Replaces a tile's reference view (e.g. the registered view from the server). */
  setReference(id: string, frame: RawFrame | Float32Array): void {
    const t = this.tile(id);
    t.reference = frame instanceof Float32Array ? Float32Array.from(frame) : downsampleRgb(frame);
    if (t.reference.length !== FRAME_FLOATS) throw new Error('reference must be 3x64x64');
    t.referenceFixed = true;
  }

  /** The tile's latest sample (3x64x64 RGB, as classified), e.g. to keep it as the reference view. */
  lastSample(id: string): { tMs: number; rgb: Float32Array } | null {
    const s = this.tiles.get(id)?.ring.at(-1);
    return s ? { tMs: s.tMs, rgb: s.rgb } : null;
  }

  /** Current smoothed state of a tile. */
  state(id: string): Verdict {
    return this.tiles.get(id)?.smoother.state ?? 'ok';
  }

  /**
   * Offers a frame; it is sampled when a sample period has passed since the tile's last sample.
   * @param framesDecoded optional cumulative decoded-frame counter (stall signal).
   * @returns whether the frame was sampled.
   */
  push(tileId: string, tMs: number, frame: RawFrame, framesDecoded?: number): boolean {
    const t = this.tile(tileId);
    // 1 ms slack so a 10 fps source sampled at 2 Hz takes every 5th frame despite rounding.
    if (tMs - t.lastSampleMs < this.periodMs - 1) return false;
    t.lastSampleMs = tMs;
    t.startMs ??= tMs;
    const rgb = downsampleRgb(frame);
    const luma = t.frozen.luma(frame);
    const frozen = this.checkFrozen(t, luma, framesDecoded, tMs);
    if (!t.referenceFixed) {
      if (tMs - t.startMs < this.referenceMs) t.reference = rgb;
      else t.referenceFixed = true;
    }
    // The recent frame: the sample closest to recentAgeMs old (oldest available early on).
    let recent: Sample | undefined;
    for (const s of t.ring) {
      if (!recent || Math.abs(tMs - s.tMs - this.recentAgeMs) < Math.abs(tMs - recent.tMs - this.recentAgeMs))
        recent = s;
    }
    t.ring.push({ tMs, rgb });
    while (t.ring.length > 1 && tMs - t.ring[0]!.tMs > this.recentAgeMs + this.periodMs) t.ring.shift();
    if (t.referenceFixed && t.reference && recent) {
      const { repeatSinceMs } = t;
      this.pending.push({
        tileId,
        tMs,
        repeatSinceMs,
        current: rgb,
        recent: recent.rgb,
        reference: t.reference,
        frozen,
        luma,
      });
    }
    return true;
  }

  /**
   * The frozen check alone on a frame between two samples: it follows repeats, stalls and the OSD
   * clock; the next sample's verdict uses what it saw. Nothing is classified or smoothed here.
   */
  check(tileId: string, tMs: number, frame: RawFrame, framesDecoded?: number): void {
    const t = this.tiles.get(tileId);
    // Before a tile's first sample there is nothing to follow yet.
    if (!t || t.lastCheckMs === null || tMs <= t.lastCheckMs) return;
    this.checkFrozen(t, t.frozen.luma(frame), framesDecoded, tMs);
  }

  private checkFrozen(t: TileState, luma: LumaImage, framesDecoded: number | undefined, tMs: number): FrozenResult {
    const prevMs = t.lastCheckMs;
    t.lastCheckMs = tMs;
    const frozen = t.frozen.updateLuma(luma, framesDecoded, tMs);
    // A repeat shows the previous check's picture: unchanged since then. A stall (no new frames: a
    // gap, a restarting stream) counts from when it is seen.
    if (!frozen.frozen) t.repeatSinceMs = null;
    else t.repeatSinceMs ??= frozen.stalled || prevMs === null ? tMs : prevMs;
    return frozen;
  }

  /** Classifies all pending samples (batched) and returns the smoothed changes, in time order. */
  async flush(): Promise<TileChange[]> {
    const todo = this.pending;
    this.pending = [];
    const changes: TileChange[] = [];
    this.lastObservations = [];
    for (let i = 0; i < todo.length; i += this.maxBatch) {
      const chunk = todo.slice(i, i + this.maxBatch);
      const batch = packBatch(chunk, new Float32Array(chunk.length * ITEM_FLOATS));
      const probs = await this.opts.classifier.run(batch, chunk.length);
      if (probs.length < chunk.length * 4)
        throw new Error(`classifier returned ${probs.length} values for ${chunk.length} tiles`);
      chunk.forEach((p, k) => {
        const pr = probs.slice(k * 4, k * 4 + 4);
        const sampled = sampleClass(pr, this.opts.sampleRule);
        let verdict: Verdict = sampled.cls;
        let confidence = sampled.confidence;
        // Occluded with sharp detail the reference view does not have: a plain new view, re-aimed.
        const newDetail = verdict === 'occluded' ? this.newDetail(p) : null;
        if (newDetail !== null && newDetail >= (this.opts.newDetailFraction ?? NEW_DETAIL_FRACTION))
          verdict = 'redirected';
        // Frozen is not a pixel class: an exact repeat or a stall, unless the picture is blank.
        if (p.frozen.frozen && verdict !== 'blank') {
          verdict = 'frozen';
          confidence = p.frozen.stalled || p.frozen.mad === 0 ? 1 : 0.9;
        }
        this.lastObservations.push({
          tileId: p.tileId,
          tMs: p.tMs,
          verdict,
          confidence,
          probs: pr,
          frozen: p.frozen,
          newDetail,
        });
        const st = this.tiles.get(p.tileId);
        if (!st) return;
        // A frozen sample is frozen since its run of repeats began, or since the OSD clock stopped.
        const repeatSince =
          verdict !== 'frozen' ? p.tMs : Math.min(p.repeatSinceMs ?? p.tMs, p.frozen.sinceMs ?? p.tMs);
        const ch = st.smoother.update(p.tMs, verdict, confidence, repeatSince);
        if (ch) changes.push({ ...ch, tileId: p.tileId });
      });
    }
    return changes;
  }

  private newDetail(p: Pending): number {
    let structure = this.structures.get(p.reference);
    if (!structure) {
      structure = referenceStructure(p.reference);
      this.structures.set(p.reference, structure);
    }
    return newDetailFraction(p.luma, structure);
  }
}
