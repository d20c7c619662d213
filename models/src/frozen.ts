/**
 * Frozen-feed detection, outside the model: frame differencing plus an optional stall signal.
 *
 * A frozen feed repeats one picture; a live one, even of a still room, carries sensor noise and a
 * ticking clock. We compare the luma of consecutive *sampled* frames (0.5 s apart at 2 Hz) at
 * "full-ish" resolution (<= 320 px wide, see `lumaThumb`) by mean absolute difference on 0-255.
 *
 * Threshold (DEFAULT_FROZEN_MAD = 0.2), measured at 320x180 with x264 as the simulator encodes
 * (ultrafast, zerolatency, baseline, GOP 1 s, 150 kbit/s CBR), samples 0.5 s apart:
 *  - frozen picture: decoded frames are not bit-identical, the encoder keeps refining the still
 *    picture at every keyframe: 0.5-1.0 in the first second after the freeze, then 0.09-0.23;
 *    with CRF encoding (or raw/lossless, or a stalled decoder) it is exactly 0.
 *  - still room with sensor noise sigma~3: 0.3-0.6 (never below 0.29); moving scene: >= 1.
 *  - sigma~1 noise crushed by the encoder reads 0.05-0.1, and a CRF-35 encode of a still noisy
 *    room even 0.000: after such compression the picture *is* frozen; only the stall signal or a
 *    burned-in clock tells them apart.
 * Flat frames (black, solid colour) repeat exactly too; they are reported `flat` and the pipeline
 * leaves them to the model's "blank".
 */
import { lumaThumb, type RawFrame } from './preprocess.ts';

export const DEFAULT_FROZEN_MAD = 0.2;
/** Luma standard deviation below which a frame is flat (no texture to compare). */
export const FLAT_STD = 2;

export interface FrozenOptions {
  /** Mean abs luma difference (0-255) at or below which two samples are "the same picture". */
  madThreshold?: number;
  /** Max width of the compared luma (default 320). */
  maxWidth?: number;
}

export interface FrozenResult {
  /** This sample repeats the previous one (or the decoder stalled). */
  frozen: boolean;
  /** Mean abs luma difference to the previous sample, null for the first. */
  mad: number | null;
  /** The caller's stall signal said frames are not advancing. */
  stalled: boolean;
  /** The frame has no texture (blank-like): a repeat means nothing. */
  flat: boolean;
}

/** Mean absolute difference of two equal-length byte arrays. */
export function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new Error('size mismatch');
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return a.length ? s / a.length : 0;
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
  private readonly threshold: number;
  private readonly maxWidth: number;

  constructor(opts: FrozenOptions = {}) {
    this.threshold = opts.madThreshold ?? DEFAULT_FROZEN_MAD;
    this.maxWidth = opts.maxWidth ?? 320;
  }

  /**
   * @param framesDecoded optional cumulative decoded-frame count (WebRTC `inbound-rtp`
   *   framesDecoded); not advancing since the previous sample counts as a stall.
   */
  update(frame: RawFrame, framesDecoded?: number): FrozenResult {
    const luma = lumaThumb(frame, this.maxWidth).data;
    const flat = lumaStd(luma) < FLAT_STD;
    let stalled = false;
    if (framesDecoded !== undefined) {
      stalled = this.prevDecoded !== null && framesDecoded <= this.prevDecoded;
      this.prevDecoded = framesDecoded;
    }
    const mad = this.prev && this.prev.length === luma.length ? meanAbsDiff(this.prev, luma) : null;
    this.prev = luma;
    const repeat = mad !== null && mad <= this.threshold && !flat;
    return { frozen: stalled || repeat, mad, stalled, flat };
  }

  reset(): void {
    this.prev = null;
    this.prevDecoded = null;
  }
}
