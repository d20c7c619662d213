/**
 * In-focus detail that the reference view does not have: tells a re-aimed camera from a covered one.
 *
 * The model sees 64x64 pictures. At that size a camera turned onto a plain view (sky, a bare wall or
 * ceiling crossed by a few cables or lines) looks much like a lens under a cloth, and the model says
 * occluded. The grabbed frame is sharper than that: whatever covers a lens (a hand, cloth, paper,
 * spray) is out of focus and a defocused lens blurs everything, so neither has hard edges; a new
 * view does. When the model says occluded, the pipeline measures the hard edges of the frame's luma
 * (up to 320 px wide) that lie where the reference view had no structure; if they cover at least
 * NEW_DETAIL_FRACTION of the picture, the sample counts as re-aimed.
 *
 * Pure functions, no Node/DOM APIs (runs in the Web Worker).
 */
import { TILE_SIZE, type LumaImage } from './preprocess.ts';

/** A hard edge: |dx| + |dy| (central differences, grey levels) at least this, and well above the noise. */
export const EDGE_STEP = 48;
/** The edge threshold is at least this many times the picture's median |dx| (its noise, on a plain view). */
const NOISE_FACTOR = 8;
/** Reference structure: |dx| + |dy| of the 64x64 reference's luma (grey levels) at least this. */
export const REFERENCE_EDGE = 12;
/**
 * Share of the picture covered by new hard edges from which an "occluded" sample counts as re-aimed.
 * On the event clips (bench and check sets) a cover's samples reach 1.15 % at most (a hand over part
 * of a high-contrast view), the camera tilted onto a plain sky 1.9 % at least.
 */
export const NEW_DETAIL_FRACTION = 0.015;

/**
 * Where the reference view (3x64x64 RGB in [0, 1], as the model gets it) has structure: a 64x64
 * mask of its edges, grown by one cell (a view shifted by a pixel or two keeps its own edges).
 */
export function referenceStructure(reference: Float32Array, threshold = REFERENCE_EDGE): Uint8Array {
  const n = TILE_SIZE;
  const area = n * n;
  if (reference.length !== 3 * area) throw new Error(`reference must be 3x${n}x${n}`);
  const l = new Float32Array(area);
  for (let i = 0; i < area; i++)
    l[i] = 255 * (0.299 * reference[i]! + 0.587 * reference[area + i]! + 0.114 * reference[2 * area + i]!);
  const mask = new Uint8Array(area);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const i = y * n + x;
      const gx = x > 0 && x < n - 1 ? Math.abs(l[i + 1]! - l[i - 1]!) : 0;
      const gy = y > 0 && y < n - 1 ? Math.abs(l[i + n]! - l[i - n]!) : 0;
      if (gx + gy < threshold) continue;
      for (let yy = Math.max(0, y - 1); yy <= Math.min(n - 1, y + 1); yy++)
        for (let xx = Math.max(0, x - 1); xx <= Math.min(n - 1, x + 1); xx++) mask[yy * n + xx] = 1;
    }
  }
  return mask;
}

/** Median of |l(x+1) - l(x-1)| over the picture: the noise level of a plain view. */
function medianStep(luma: LumaImage): number {
  const { width: w, height: h, data } = luma;
  const hist = new Uint32Array(256);
  let count = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 1; x < w - 1; x++) {
      hist[Math.abs(data[y * w + x + 1]! - data[y * w + x - 1]!)]!++;
      count++;
    }
  }
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += hist[v]!;
    if (2 * seen >= count) return v;
  }
  return 0;
}

/**
 * Share (0-1) of the picture that is a hard edge lying where the reference has no structure
 * (`structure` from `referenceStructure`).
 */
export function newDetailFraction(luma: LumaImage, structure: Uint8Array): number {
  const { width: w, height: h, data } = luma;
  if (w < 3 || h < 3) return 0;
  const n = TILE_SIZE;
  const step = Math.max(EDGE_STEP, NOISE_FACTOR * medianStep(luma));
  let found = 0;
  for (let y = 1; y < h - 1; y++) {
    const row = Math.floor((y * n) / h) * n;
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const g = Math.abs(data[i + 1]! - data[i - 1]!) + Math.abs(data[i + w]! - data[i - w]!);
      if (g >= step && !structure[row + Math.floor((x * n) / w)]) found++;
    }
  }
  return found / (w * h);
}
