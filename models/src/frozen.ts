/**
 * Frozen-feed detection, outside the model: frame differencing plus an optional stall signal.
 *
 * A frozen feed repeats one picture; a live one, even of a still room, carries sensor noise and a
 * ticking clock. We compare the luma of consecutive *sampled* frames (0.5 s apart at 2 Hz) at
 * "full-ish" resolution (<= 320 px wide, see `lumaThumb`): the mean absolute difference on 0-255
 * (`mad`) and the largest mean absolute difference of any 8x8 block (`local`, a clock digit that
 * changed, someone who moved).
 *
 * A sample repeats the previous one when `mad <= madThreshold` (0.2: bit-exact or nearly, e.g. a
 * CRF encode of a still picture, a stalled decoder), or when the whole picture only churns a little
 * and nothing changed anywhere for real: `mad <= churnMad` (1.5), `local <= localThreshold` (12)
 * and no pixel moved by STRONG_DIFF (64) or more. The second rule is for a frozen picture that an
 * encoder keeps re-encoding, as the camera simulator's frozen mode does (x264 ultrafast, CBR
 * 150 kbit/s, 1 s GOP, 320x180 substream received over UDP and decoded at 10 fps): mad 0.3-1.3,
 * local 1-6, and never a pixel that changed by 64 (measured also on noisy and IR-grey stills
 * re-encoded at 60-150 kbit/s: at most 4 pixels of a block changed by 32, none by 64).
 * A live, still, lit room churns as little (mad 0.4-1.1 at 150-300 kbit/s), but its burned-in clock
 * changes a few pixels of one or two blocks by 64 or more at every tick, even where the small
 * digits change a block's mean by only 5-9 (the soak benchmark's rooms at 320x180): the ticks break
 * every run of repeats, and a still room is never frozen for longer than a second.
 *
 * Measured on the same path (samples 0.5 s apart):
 *  - the simulator's normal scene (walker, clock, time-code strip): mad 3-6, local 255;
 *  - a still photo with ffmpeg `noise=alls=3:allf=t`, same encoder: mad 2.3-4.8, local 6-11;
 *    with a burned-in clock: local 60-68 (half of the pairs; the clock ticks once a second).
 * A frozen picture re-encoded from a noisy still churns as much as a live still room (mad 2-4.6,
 * local 3-5); there the camera's burned-in OSD clock decides: given sample times, the detector
 * learns which blocks tick once a second (osdClock.ts, fed the blocks with a pixel changed by 64 or
 * more) and calls the picture frozen once they have all stopped while the rest churns no more than
 * a re-encoded still (mad <= 8).
 * Limit: a live, perfectly still room without a burned-in clock whose noise the encoder crushes
 * (mad under 1.5) cannot be told from a frozen re-encoded picture by pixels. Flat frames (black,
 * solid colour) repeat exactly too; they are reported `flat` and the pipeline leaves them to the
 * model's "blank".
 */
import { OsdClockWatch } from './osdClock.ts';
import { lumaThumb, type LumaImage, type RawFrame } from './preprocess.ts';

export const DEFAULT_FROZEN_MAD = 0.2;
/** Whole-picture churn of a re-encoded still picture stays at or below this mean abs difference. */
export const DEFAULT_CHURN_MAD = 1.5;
/** A block (8x8) whose mean abs difference exceeds this changed for real: the picture is live. */
export const DEFAULT_LOCAL_CHANGE = 12;
const BLOCK = 8;
/**
 * A pixel whose luma changed by this much or more changed for real (a clock digit, an edge that
 * moved): neither sensor noise nor an encoder's churn moves a pixel that far (measured: 0 such
 * pixels in re-encoded frozen pictures and in still rooms, 1-20 per block where a clock digit ticks).
 */
export const STRONG_DIFF = 64;
export const DEFAULT_STRONG_PIXELS = 1;
/** Repeats for longer than this are not a still room between two ticks of its clock. */
const LONG_REPEAT_MS = 1200;
/**
 * A stopped OSD clock (osdClock.ts) makes a sample frozen only while the rest of the picture churns
 * no more than a re-encoded still does: mean abs difference up to this, no block changed above
 * twice the local threshold.
 */
export const DEFAULT_CLOCK_CHURN_MAD = 8;
/** Luma standard deviation below which a frame is flat (no texture to compare). */
export const FLAT_STD = 2;

export interface FrozenOptions {
  /** Mean abs luma difference (0-255) at or below which two samples are "the same picture". */
  madThreshold?: number;
  /** Mean abs difference up to which a picture with no local change is a re-encoded repeat. */
  churnMad?: number;
  /** Largest 8x8-block mean abs difference above which something changed (clock, motion). */
  localThreshold?: number;
  /** Max width of the compared luma (default 320). */
  maxWidth?: number;
  /** Pixels changed by STRONG_DIFF or more that make a block "changed" (default 1). */
  strongPixels?: number;
}

export interface FrozenResult {
  /** This sample repeats the previous one (or the decoder stalled). */
  frozen: boolean;
  /** Mean abs luma difference to the previous sample, null for the first. */
  mad: number | null;
  /** Largest mean abs luma difference of an 8x8 block, null for the first. */
  local: number | null;
  /** The caller's stall signal said frames are not advancing. */
  stalled: boolean;
  /** The frame has no texture (blank-like): a repeat means nothing. */
  flat: boolean;
  /** The camera's learned OSD clock stopped ticking (sample times needed; see osdClock.ts). */
  clockStopped: boolean;
  /** Since when the picture is known unchanged, when an earlier time than the previous sample is known. */
  sinceMs: number | null;
}

export interface DiffStats {
  /** Mean absolute difference over the whole plane. */
  mad: number;
  /** Largest mean absolute difference of a whole block. */
  local: number;
  /** Each whole block's mean absolute difference, row by row. */
  blocks: Float64Array;
  /** Each whole block's count of pixels that changed by STRONG_DIFF or more, row by row. */
  strong: Uint16Array;
}

/** Mean absolute difference of two equal-length byte arrays. */
export function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new Error('size mismatch');
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return a.length ? s / a.length : 0;
}

/**
 * Mean absolute difference of two `width`-wide planes and the largest mean absolute difference
 * over whole `block` x `block` blocks (the partial blocks at the right and bottom edges are left out
 * of `local` but counted in `mad`).
 */
export function diffStats(a: Uint8Array, b: Uint8Array, width: number, block = BLOCK): DiffStats {
  if (a.length !== b.length) throw new Error('size mismatch');
  const height = Math.floor(a.length / width);
  const bw = Math.floor(width / block);
  const bh = Math.floor(height / block);
  const sums = new Int32Array(Math.max(1, bw * bh));
  const strong = new Uint16Array(bw * bh);
  let s = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let x = 0;
    if (y < bh * block) {
      // Whole blocks of this row, then the partial block at the right edge.
      const brow = Math.floor(y / block) * bw;
      for (let bx = 0; bx < bw; bx++) {
        let bs = 0;
        let st = 0;
        for (const end = x + block; x < end; x++) {
          const d = Math.abs(a[row + x]! - b[row + x]!);
          bs += d;
          if (d >= STRONG_DIFF) st++;
        }
        sums[brow + bx]! += bs;
        strong[brow + bx]! += st;
        s += bs;
      }
    }
    for (; x < width; x++) s += Math.abs(a[row + x]! - b[row + x]!);
  }
  let local = 0;
  const blocks = new Float64Array(bw * bh);
  sums.forEach((v, i) => {
    if (i < blocks.length) blocks[i] = v / (block * block);
    local = Math.max(local, v / (block * block));
  });
  return { mad: a.length ? s / a.length : 0, local, blocks, strong };
}

function lumaStd(a: Uint8Array): number {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    s += v;
    s2 += v * v;
  }
  const m = s / a.length;
  return Math.sqrt(Math.max(0, s2 / a.length - m * m));
}

/** Per-tile detector: feed it every sampled frame in order. */
export class FrozenDetector {
  private prev: Uint8Array | null = null;
  private prevDecoded: number | null = null;
  private prevMs: number | null = null;
  /** Start of the current run of repeated samples (the time of the picture they repeat). */
  private repeatSinceMs: number | null = null;
  private readonly clock = new OsdClockWatch();
  private readonly threshold: number;
  private readonly churn: number;
  private readonly localThreshold: number;
  private readonly maxWidth: number;
  private readonly strongPixels: number;

  constructor(opts: FrozenOptions = {}) {
    this.strongPixels = opts.strongPixels ?? DEFAULT_STRONG_PIXELS;
    this.threshold = opts.madThreshold ?? DEFAULT_FROZEN_MAD;
    this.churn = opts.churnMad ?? DEFAULT_CHURN_MAD;
    this.localThreshold = opts.localThreshold ?? DEFAULT_LOCAL_CHANGE;
    this.maxWidth = opts.maxWidth ?? 320;
  }

  /**
   * @param framesDecoded optional cumulative decoded-frame count (WebRTC `inbound-rtp`
   *   framesDecoded); not advancing since the previous sample counts as a stall.
   * @param tMs optional sample time (ms); with it, the camera's OSD clock is learned and watched.
   */
  update(frame: RawFrame, framesDecoded?: number, tMs?: number): FrozenResult {
    return this.updateLuma(this.luma(frame), framesDecoded, tMs);
  }

  /** The frame's luma at the size this detector compares (at most `maxWidth` wide). */
  luma(frame: RawFrame): LumaImage {
    return lumaThumb(frame, this.maxWidth);
  }

  /** `update` on the frame's luma (from `luma`), for a caller that uses the luma too. */
  updateLuma(thumb: LumaImage, framesDecoded?: number, tMs?: number): FrozenResult {
    const luma = thumb.data;
    const stats = this.prev && this.prev.length === luma.length ? diffStats(this.prev, luma, thumb.width) : null;
    this.prev = luma;
    return this.observe(stats, lumaStd(luma) < FLAT_STD, framesDecoded, tMs);
  }

  /**
   * The decision from the difference to the previous sample (`diffStats`, null for the first sample
   * or after a size change) and whether this sample is flat; `update` computes both from a frame.
   */
  observe(stats: DiffStats | null, flat: boolean, framesDecoded?: number, tMs?: number): FrozenResult {
    let stalled = false;
    if (framesDecoded !== undefined) {
      stalled = this.prevDecoded !== null && framesDecoded <= this.prevDecoded;
      this.prevDecoded = framesDecoded;
    }
    // Blocks where something changed for real: pixels moved by STRONG_DIFF or more.
    const changed = stats ? Array.from(stats.strong, (n) => n >= this.strongPixels) : [];
    const repeat =
      stats !== null &&
      !flat &&
      (stats.mad <= this.threshold ||
        (stats.mad <= this.churn && stats.local <= this.localThreshold && !changed.includes(true)));
    if (!repeat) this.repeatSinceMs = null;
    else if (this.repeatSinceMs === null) this.repeatSinceMs = this.prevMs ?? tMs ?? null;
    let clockStopped = false;
    let sinceMs: number | null = null;
    if (stats !== null && tMs !== undefined && this.prevMs !== null) {
      // A repeat between two ticks of a still room's clock is normal; repeats for longer than a
      // tick gap, a stall or a flat picture are not: nothing around them is learned.
      const longRepeat = this.repeatSinceMs !== null && tMs - this.repeatSinceMs > LONG_REPEAT_MS;
      const clock = this.clock.observe(this.prevMs, tMs, changed, !(stalled || flat || longRepeat));
      const moved = stats.local > 2 * this.localThreshold;
      clockStopped = clock.stopped && !flat && stats.mad <= DEFAULT_CLOCK_CHURN_MAD && !moved;
      if (clockStopped) sinceMs = clock.sinceMs;
      // Silent tickers in a picture that visibly moves: the clock is gone (OSD switched off,
      // covered), the feed is not frozen. Forget it; a clock that comes back is learned again.
      if (clock.stopped && moved) this.clock.reset();
    }
    if (tMs !== undefined) this.prevMs = tMs;
    return {
      frozen: stalled || repeat || clockStopped,
      mad: stats?.mad ?? null,
      local: stats?.local ?? null,
      stalled,
      flat,
      clockStopped,
      sinceMs,
    };
  }

  reset(): void {
    this.prev = null;
    this.prevDecoded = null;
    this.prevMs = null;
    this.repeatSinceMs = null;
    this.clock.reset();
  }
}
