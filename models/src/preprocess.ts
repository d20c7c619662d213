/**
 * Frame → model tensor, with no Node or DOM APIs (runs in a browser Worker as well as in Node).
 *
 * The model wants each frame squashed (no crop, no letterbox) to 64x64, RGB / 255, planar, with
 * box/area averaging. Frames arrive as packed RGB(A)/BGR(A) bytes (canvas, ffmpeg rgb24) or as the
 * planar YUV formats `VideoFrame.copyTo` gives for software decode (I420, NV12).
 */

export const TILE_SIZE = 64;
/** Floats in one 3x64x64 RGB plane set. */
export const FRAME_FLOATS = 3 * TILE_SIZE * TILE_SIZE;
/** Floats per batch item: current, recent, reference (9 channels). */
export const ITEM_FLOATS = 3 * FRAME_FLOATS;

export type PixelFormat = 'RGBA' | 'RGBX' | 'BGRA' | 'BGRX' | 'RGB' | 'I420' | 'NV12';

/** One plane's position in `data`, as `VideoFrame.copyTo` returns it (PlaneLayout). */
export interface PlaneLayout {
  offset: number;
  stride: number;
}

export interface RawFrame {
  format: PixelFormat;
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
  /** Plane layouts; default: tightly packed (I420: Y, U, V; NV12: Y, UV; packed: one plane). */
  layout?: PlaneLayout[];
}

interface Taps {
  /** For each output index: [first source index, count], and weights in `w` at `start[i]`. */
  first: Int32Array;
  count: Int32Array;
  start: Int32Array;
  w: Float32Array;
}

const tapCache = new Map<string, Taps>();

/** Area-average weights from `src` samples to `dst` samples (each output covers src/dst inputs). */
export function areaTaps(src: number, dst: number): Taps {
  const key = `${src}>${dst}`;
  const hit = tapCache.get(key);
  if (hit) return hit;
  const scale = src / dst;
  const first = new Int32Array(dst);
  const count = new Int32Array(dst);
  const start = new Int32Array(dst);
  const ws: number[] = [];
  for (let i = 0; i < dst; i++) {
    const a = i * scale;
    const b = (i + 1) * scale;
    const j0 = Math.floor(a);
    const j1 = Math.min(src, Math.ceil(b));
    first[i] = j0;
    count[i] = j1 - j0;
    start[i] = ws.length;
    for (let j = j0; j < j1; j++) ws.push((Math.min(b, j + 1) - Math.max(a, j)) / scale);
  }
  const taps = { first, count, start, w: Float32Array.from(ws) };
  if (tapCache.size > 64) tapCache.clear();
  tapCache.set(key, taps);
  return taps;
}

/**
 * General area resampling (any scale, also upscaling) of `channels` interleaved channels of one plane (`stride` bytes per row, channel c of
 * pixel x at `offset + y*stride + x*pixelStep + c`) to dst x dst, adding into `out[c][y*dst+x]`.
 */
function resamplePlaneGeneric(
  data: Uint8Array | Uint8ClampedArray,
  offset: number,
  stride: number,
  pixelStep: number,
  channelOffsets: readonly number[],
  width: number,
  height: number,
  dst: number,
  out: Float32Array[],
): void {
  const tx = areaTaps(width, dst);
  const ty = areaTaps(height, dst);
  const nc = channelOffsets.length;
  const row = new Float32Array(dst * nc);
  for (let oy = 0; oy < dst; oy++) {
    const y0 = ty.first[oy]!;
    const yn = ty.count[oy]!;
    const ys = ty.start[oy]!;
    for (let k = 0; k < yn; k++) {
      const wy = ty.w[ys + k]!;
      const base = offset + (y0 + k) * stride;
      row.fill(0);
      for (let ox = 0; ox < dst; ox++) {
        const x0 = tx.first[ox]!;
        const xn = tx.count[ox]!;
        const xs = tx.start[ox]!;
        for (let c = 0; c < nc; c++) {
          let acc = 0;
          const co = base + channelOffsets[c]!;
          for (let m = 0; m < xn; m++) acc += data[co + (x0 + m) * pixelStep]! * tx.w[xs + m]!;
          row[ox * nc + c] = acc;
        }
      }
      for (let c = 0; c < nc; c++) {
        const o = out[c]!;
        const ob = oy * dst;
        for (let ox = 0; ox < dst; ox++) o[ob + ox]! += row[ox * nc + c]! * wy;
      }
    }
  }
}

/** Per-axis tables of the fast (downscaling) path. */
interface Spans {
  /** Per output: whole source samples [full0, full1), and the weights of the partial samples full0-1 and full1. */
  full0: Int32Array;
  full1: Int32Array;
  headW: Float64Array;
  tailW: Float64Array;
  /** Per source sample: the output it falls in and its weights into that output and the next one. */
  idx: Int32Array;
  w0: Float64Array;
  w1: Float64Array;
  scale: number;
}

const spanCache = new Map<string, Spans>();

/** Area spans from `src` samples to `dst <= src`: each source sample feeds at most two outputs. */
function areaSpans(src: number, dst: number): Spans {
  const key = `${src}>${dst}`;
  const hit = spanCache.get(key);
  if (hit) return hit;
  const scale = src / dst;
  const full0 = new Int32Array(dst);
  const full1 = new Int32Array(dst);
  const headW = new Float64Array(dst);
  const tailW = new Float64Array(dst);
  for (let i = 0; i < dst; i++) {
    const a = i * scale;
    const b = Math.min(src, (i + 1) * scale);
    const f0 = Math.ceil(a);
    const f1 = Math.max(f0, Math.floor(b));
    full0[i] = f0;
    full1[i] = f1;
    headW[i] = f0 - a;
    tailW[i] = f1 < src ? b - f1 : 0;
  }
  const idx = new Int32Array(src);
  const w0 = new Float64Array(src);
  const w1 = new Float64Array(src);
  for (let x = 0; x < src; x++) {
    const i = Math.min(dst - 1, Math.floor(x / scale));
    const edge = (i + 1) * scale;
    idx[x] = i;
    if (x + 1 > edge && i + 1 < dst) {
      w0[x] = (edge - x) / scale;
      w1[x] = (x + 1 - edge) / scale;
    } else {
      w0[x] = 1 / scale;
    }
  }
  const spans = { full0, full1, headW, tailW, idx, w0, w1, scale };
  if (spanCache.size > 64) spanCache.clear();
  spanCache.set(key, spans);
  return spans;
}

let fastRow = new Float64Array(TILE_SIZE);
let fastAcc = new Float64Array(TILE_SIZE * TILE_SIZE);

/**
 * The same area resampling when the plane is at least `dst` in both directions, separable: each row
 * is reduced to `dst` sums (whole samples plus two partial ones per output), and each reduced row is
 * added into at most two output rows. A few times faster than the general path on camera frames.
 */
function resamplePlaneFast(
  data: Uint8Array | Uint8ClampedArray,
  offset: number,
  stride: number,
  pixelStep: number,
  channelOffsets: readonly number[],
  width: number,
  height: number,
  dst: number,
  out: Float32Array[],
): void {
  const sx = areaSpans(width, dst);
  const sy = areaSpans(height, dst);
  const { full0, full1, headW, tailW } = sx;
  const invX = 1 / sx.scale;
  if (fastRow.length < dst) fastRow = new Float64Array(dst);
  if (fastAcc.length < dst * dst) fastAcc = new Float64Array(dst * dst);
  const row = fastRow;
  const acc = fastAcc;
  for (let c = 0; c < channelOffsets.length; c++) {
    acc.fill(0, 0, dst * dst);
    const co = offset + channelOffsets[c]!;
    for (let y = 0; y < height; y++) {
      const base = co + y * stride;
      for (let i = 0; i < dst; i++) {
        const f0 = full0[i]!;
        const f1 = full1[i]!;
        let sum = 0;
        for (let p = base + f0 * pixelStep, end = base + f1 * pixelStep; p < end; p += pixelStep) sum += data[p]!;
        let v = sum;
        const hw = headW[i]!;
        if (hw > 0) v += hw * data[base + (f0 - 1) * pixelStep]!;
        const tw = tailW[i]!;
        if (tw > 0) v += tw * data[base + f1 * pixelStep]!;
        row[i] = v * invX;
      }
      const oa = sy.idx[y]! * dst;
      const wa = sy.w0[y]!;
      const wb = sy.w1[y]!;
      for (let i = 0; i < dst; i++) acc[oa + i] = acc[oa + i]! + row[i]! * wa;
      if (wb > 0) {
        const ob = oa + dst;
        for (let i = 0; i < dst; i++) acc[ob + i] = acc[ob + i]! + row[i]! * wb;
      }
    }
    const o = out[c]!;
    for (let i = 0; i < dst * dst; i++) o[i] = o[i]! + acc[i]!;
  }
}

/**
 * Area-resamples `channels` interleaved channels of one plane (`stride` bytes per row, channel c of
 * pixel x at `offset + y*stride + x*pixelStep + c`) to dst x dst, adding into `out[c][y*dst+x]`.
 */
function resamplePlane(
  data: Uint8Array | Uint8ClampedArray,
  offset: number,
  stride: number,
  pixelStep: number,
  channelOffsets: readonly number[],
  width: number,
  height: number,
  dst: number,
  out: Float32Array[],
): void {
  const resample = width >= dst && height >= dst ? resamplePlaneFast : resamplePlaneGeneric;
  resample(data, offset, stride, pixelStep, channelOffsets, width, height, dst, out);
}

const PACKED: Record<string, { step: number; rgb: [number, number, number] }> = {
  RGBA: { step: 4, rgb: [0, 1, 2] },
  RGBX: { step: 4, rgb: [0, 1, 2] },
  BGRA: { step: 4, rgb: [2, 1, 0] },
  BGRX: { step: 4, rgb: [2, 1, 0] },
  RGB: { step: 3, rgb: [0, 1, 2] },
};

/**
 * Downsamples a frame of any size to `size`x`size` RGB, planar (R plane, G plane, B plane), in [0, 1].
 * YUV is averaged per plane first and converted after (the conversion is affine, so this equals
 * converting every pixel, up to clamping), BT.601 limited range like browsers' and ffmpeg's default.
 */
export function downsampleRgb(frame: RawFrame, out?: Float32Array, size = TILE_SIZE): Float32Array {
  const { width, height, data, format } = frame;
  if (!(width > 0 && height > 0)) throw new Error(`bad frame size ${width}x${height}`);
  const area = size * size;
  const res = out ?? new Float32Array(3 * area);
  if (res.length < 3 * area) throw new Error('output buffer too small');
  const packed = PACKED[format];
  if (packed) {
    const stride = frame.layout?.[0]?.stride ?? width * packed.step;
    const offset = frame.layout?.[0]?.offset ?? 0;
    if (data.length < offset + stride * (height - 1) + width * packed.step) throw new Error('frame data too short');
    const planes = [res.subarray(0, area), res.subarray(area, 2 * area), res.subarray(2 * area, 3 * area)];
    for (const p of planes) p.fill(0);
    resamplePlane(data, offset, stride, packed.step, packed.rgb, width, height, size, planes);
    for (let i = 0; i < 3 * area; i++) res[i] = res[i]! / 255;
    return res;
  }
  if (format !== 'I420' && format !== 'NV12') throw new Error(`unsupported pixel format ${String(format)}`);
  const cw = Math.ceil(width / 2);
  const ch = Math.ceil(height / 2);
  const yl = frame.layout?.[0] ?? { offset: 0, stride: width };
  const yp = new Float32Array(area);
  const up = new Float32Array(area);
  const vp = new Float32Array(area);
  resamplePlane(data, yl.offset, yl.stride, 1, [0], width, height, size, [yp]);
  if (format === 'I420') {
    const ul = frame.layout?.[1] ?? { offset: width * height, stride: cw };
    const vl = frame.layout?.[2] ?? { offset: width * height + cw * ch, stride: cw };
    if (data.length < vl.offset + vl.stride * (ch - 1) + cw) throw new Error('frame data too short');
    resamplePlane(data, ul.offset, ul.stride, 1, [0], cw, ch, size, [up]);
    resamplePlane(data, vl.offset, vl.stride, 1, [0], cw, ch, size, [vp]);
  } else {
    const uvl = frame.layout?.[1] ?? { offset: width * height, stride: 2 * cw };
    if (data.length < uvl.offset + uvl.stride * (ch - 1) + 2 * cw) throw new Error('frame data too short');
    resamplePlane(data, uvl.offset, uvl.stride, 2, [0, 1], cw, ch, size, [up, vp]);
  }
  for (let i = 0; i < area; i++) {
    const c = 1.164383 * (yp[i]! - 16);
    const d = up[i]! - 128;
    const e = vp[i]! - 128;
    res[i] = clamp01((c + 1.596027 * e) / 255);
    res[area + i] = clamp01((c - 0.391762 * d - 0.812968 * e) / 255);
    res[2 * area + i] = clamp01((c + 2.017232 * d) / 255);
  }
  return res;
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

export interface TileFrames {
  current: Float32Array;
  recent: Float32Array;
  reference: Float32Array;
}

/** Packs N tiles into one [N, 9, 64, 64] tensor: channels current RGB, recent RGB, reference RGB. */
export function packBatch(tiles: readonly TileFrames[], out?: Float32Array): Float32Array {
  const res = out ?? new Float32Array(tiles.length * ITEM_FLOATS);
  if (res.length < tiles.length * ITEM_FLOATS) throw new Error('batch buffer too small');
  tiles.forEach((t, i) => {
    const base = i * ITEM_FLOATS;
    for (const [k, f] of [t.current, t.recent, t.reference].entries()) {
      if (f.length !== FRAME_FLOATS) throw new Error(`tile ${i}: frame has ${f.length} floats, want ${FRAME_FLOATS}`);
      res.set(f, base + k * FRAME_FLOATS);
    }
  });
  return res;
}

/** A luma image (0-255), row by row. */
export interface LumaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * Luma (0-255) of a frame, subsampled by an integer step so the result is at most `maxWidth`
 * wide: "full-ish" resolution for frame differencing (frozen detection), cheap to compare.
 */
export function lumaThumb(frame: RawFrame, maxWidth = 320): LumaImage {
  const step = Math.max(1, Math.ceil(frame.width / maxWidth));
  const w = Math.floor(frame.width / step);
  const h = Math.floor(frame.height / step);
  const out = new Uint8Array(w * h);
  const { data } = frame;
  const packed = PACKED[frame.format];
  if (packed) {
    const stride = frame.layout?.[0]?.stride ?? frame.width * packed.step;
    const off = frame.layout?.[0]?.offset ?? 0;
    const [r, g, b] = packed.rgb;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const p = off + y * step * stride + x * step * packed.step;
        out[y * w + x] = (77 * data[p + r]! + 150 * data[p + g]! + 29 * data[p + b]!) >> 8;
      }
    }
  } else {
    const yl = frame.layout?.[0] ?? { offset: 0, stride: frame.width };
    for (let y = 0; y < h; y++) {
      const row = yl.offset + y * step * yl.stride;
      // Full resolution: copy the row.
      if (step === 1) out.set(data.subarray(row, row + w), y * w);
      else for (let x = 0; x < w; x++) out[y * w + x] = data[row + x * step]!;
    }
  }
  return { width: w, height: h, data: out };
}
