/**
 * Reference views per camera (pure: no DOM, no storage; runs in the tile-health worker).
 *
 * The redirected check compares each sample with the camera's reference view. A camera's automatic
 * reference is provisional at first (a sample ~1 s after the camera is first seen), then replaced by
 * a sample from its first healthy minute (60 s in which the smoothed state stayed ok) and kept from
 * then on. An operator may replace it with the current view; going back to automatic restores the
 * learned reference (or, if none was learned yet, starts again from the current view).
 *
 * References are kept when a camera leaves the page, and persisted by the wall (pixels as bytes), so
 * a camera that comes back, or a reloaded page, never relearns its reference from a view that may
 * meanwhile be covered or re-aimed.
 */
import { FRAME_FLOATS, type Verdict } from '@clinicwall/models';

/** Bytes in one stored reference: 3x64x64 planar RGB, 0-255. */
export const REFERENCE_BYTES = FRAME_FLOATS;

export type ReferenceSource = 'provisional' | 'auto' | 'operator';

export interface ReferenceImage {
  /** 3x64x64 planar RGB bytes (R plane, G plane, B plane). */
  pixels: Uint8Array;
  /** When the view was sampled (ms since epoch). */
  takenAt: number;
}

/** What is stored per camera. */
export interface ReferenceEntry {
  cameraId: string;
  /** The automatic reference: provisional until `autoConfirmed` (taken from the first healthy minute). */
  auto: ReferenceImage | null;
  autoConfirmed: boolean;
  /** Set by an operator; when present it is the reference in use. */
  operator: ReferenceImage | null;
}

export interface ReferenceOptions {
  /** The provisional reference is the first sample at least this long after the camera is first seen. */
  provisionalAfterMs?: number;
  /** Length of the healthy run that confirms the automatic reference. */
  healthyMs?: number;
  /** A gap between observations longer than this restarts the healthy run. */
  maxGapMs?: number;
}

/** A change to apply: the new entry (to persist and show) and, if the view in use changed, its pixels. */
export interface ReferenceUpdate {
  entry: ReferenceEntry;
  /** The reference now in use (3x64x64 floats in [0, 1]) when it changed, else null. */
  use: Float32Array | null;
}

export function toBytes(rgb: Float32Array): Uint8Array {
  if (rgb.length !== REFERENCE_BYTES) throw new Error(`reference must be 3x64x64, got ${rgb.length} values`);
  const out = new Uint8Array(REFERENCE_BYTES);
  for (let i = 0; i < REFERENCE_BYTES; i++) out[i] = Math.round(Math.min(1, Math.max(0, rgb[i]!)) * 255);
  return out;
}

export function toFloats(pixels: Uint8Array): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = pixels[i]! / 255;
  return out;
}

/** The reference in use for an entry, and what kind it is. */
export function activeReference(e: ReferenceEntry): { image: ReferenceImage; source: ReferenceSource } | null {
  if (e.operator) return { image: e.operator, source: 'operator' };
  if (e.auto) return { image: e.auto, source: e.autoConfirmed ? 'auto' : 'provisional' };
  return null;
}

interface Progress {
  firstSeenMs: number | null;
  /** Start of the current healthy run (smoothed state ok), null when not in one. */
  runStartMs: number | null;
  lastObsMs: number;
}

export class ReferenceBook {
  readonly #entries = new Map<string, ReferenceEntry>();
  readonly #progress = new Map<string, Progress>();
  readonly #provisionalAfterMs: number;
  readonly #healthyMs: number;
  readonly #maxGapMs: number;

  constructor(opts: ReferenceOptions = {}) {
    this.#provisionalAfterMs = opts.provisionalAfterMs ?? 1000;
    this.#healthyMs = opts.healthyMs ?? 60_000;
    this.#maxGapMs = opts.maxGapMs ?? 5000;
  }

  /** Stored entries (e.g. from the previous session). An entry replaces what is known for its camera. */
  load(entries: readonly ReferenceEntry[]): void {
    for (const e of entries) this.#entries.set(e.cameraId, structuredCloneEntry(e));
  }

  entry(cameraId: string): ReferenceEntry | null {
    return this.#entries.get(cameraId) ?? null;
  }

  /** The reference view in use for a camera, as model input, or null if it has none yet. */
  use(cameraId: string): Float32Array | null {
    const e = this.#entries.get(cameraId);
    const a = e ? activeReference(e) : null;
    return a ? toFloats(a.image.pixels) : null;
  }

  /**
   * After each sample of a camera: takes the provisional reference when the camera has none.
   * @param rgb the sample (3x64x64 floats)
   */
  onSample(cameraId: string, tMs: number, rgb: Float32Array): ReferenceUpdate | null {
    const p = this.#progressOf(cameraId);
    p.firstSeenMs ??= tMs;
    const e = this.#entries.get(cameraId);
    if (e && (e.operator || e.auto)) return null;
    if (tMs - p.firstSeenMs < this.#provisionalAfterMs) return null;
    const entry: ReferenceEntry = {
      cameraId,
      auto: { pixels: toBytes(rgb), takenAt: tMs },
      autoConfirmed: false,
      operator: e?.operator ?? null,
    };
    this.#entries.set(cameraId, entry);
    p.runStartMs = null;
    return { entry, use: toFloats(entry.auto!.pixels) };
  }

  /**
   * After each classified sample: while the reference is provisional, a healthy minute confirms it
   * with this sample (if its own verdict is ok).
   * @param verdict the sample's unsmoothed verdict; `state` the smoothed state after it
   */
  onObservation(
    cameraId: string,
    tMs: number,
    verdict: Verdict,
    state: Verdict,
    rgb: Float32Array | null,
  ): ReferenceUpdate | null {
    const e = this.#entries.get(cameraId);
    if (!e || e.operator || !e.auto || e.autoConfirmed) return null;
    const p = this.#progressOf(cameraId);
    if (state !== 'ok') {
      p.runStartMs = null;
    } else if (p.runStartMs === null || tMs - p.lastObsMs > this.#maxGapMs) {
      p.runStartMs = tMs;
    }
    p.lastObsMs = tMs;
    if (p.runStartMs === null || verdict !== 'ok' || !rgb || tMs - p.runStartMs < this.#healthyMs) return null;
    const entry: ReferenceEntry = { ...e, auto: { pixels: toBytes(rgb), takenAt: tMs }, autoConfirmed: true };
    this.#entries.set(cameraId, entry);
    p.runStartMs = null;
    return { entry, use: toFloats(entry.auto!.pixels) };
  }

  /** Operator: the given sample (the current view) becomes the camera's reference. */
  capture(cameraId: string, tMs: number, rgb: Float32Array): ReferenceUpdate {
    const e = this.#entries.get(cameraId);
    const entry: ReferenceEntry = {
      cameraId,
      auto: e?.auto ?? null,
      autoConfirmed: e?.autoConfirmed ?? false,
      operator: { pixels: toBytes(rgb), takenAt: tMs },
    };
    this.#entries.set(cameraId, entry);
    return { entry, use: toFloats(entry.operator!.pixels) };
  }

  /**
   * Operator: back to the automatic reference. A learned one is used again; an unconfirmed one is
   * dropped, and the next sample becomes the new provisional reference.
   */
  automatic(cameraId: string): ReferenceUpdate | null {
    const e = this.#entries.get(cameraId);
    if (!e) return null;
    const entry: ReferenceEntry = e.autoConfirmed
      ? { ...e, operator: null }
      : { cameraId, auto: null, autoConfirmed: false, operator: null };
    this.#entries.set(cameraId, entry);
    const p = this.#progressOf(cameraId);
    p.runStartMs = null;
    // Without a learned reference the next sample is taken at once: the operator asked for it.
    if (!entry.auto) p.firstSeenMs = -Infinity;
    return { entry, use: entry.auto ? toFloats(entry.auto.pixels) : null };
  }

  /** The camera left the page: its learning restarts when it comes back; its references are kept. */
  forget(cameraId: string): void {
    this.#progress.delete(cameraId);
  }

  #progressOf(cameraId: string): Progress {
    let p = this.#progress.get(cameraId);
    if (!p) {
      p = { firstSeenMs: null, runStartMs: null, lastObsMs: -Infinity };
      this.#progress.set(cameraId, p);
    }
    return p;
  }
}

function structuredCloneEntry(e: ReferenceEntry): ReferenceEntry {
  const img = (i: ReferenceImage | null) => (i ? { pixels: Uint8Array.from(i.pixels), takenAt: i.takenAt } : null);
  return { cameraId: e.cameraId, auto: img(e.auto), autoConfirmed: e.autoConfirmed, operator: img(e.operator) };
}
