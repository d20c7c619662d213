import assert from 'node:assert/strict';
import { test } from 'node:test';
import { downsampleRgb, FRAME_FLOATS, ITEM_FLOATS, packBatch, type RawFrame } from './preprocess.ts';

function solidRgba(w: number, h: number, r: number, g: number, b: number): RawFrame {
  const data = new Uint8Array(w * h * 4);
  for (let i = 0; i < w * h; i++) data.set([r, g, b, 255], i * 4);
  return { format: 'RGBA', width: w, height: h, data };
}

test('solid RGBA of any size → constant planes /255', () => {
  for (const [w, h] of [
    [64, 64],
    [320, 180],
    [97, 33],
    [10, 7],
  ] as const) {
    const t = downsampleRgb(solidRgba(w, h, 255, 51, 0));
    assert.equal(t.length, FRAME_FLOATS);
    for (let i = 0; i < 4096; i++) {
      assert.ok(
        Math.abs(t[i]! - 1) < 1e-5 && Math.abs(t[4096 + i]! - 0.2) < 1e-5 && Math.abs(t[8192 + i]!) < 1e-6,
        `${w}x${h} @${i}`,
      );
    }
  }
});

test('area average: 128x64 left-white/right-black columns → 0.5 only where a 2-px box straddles', () => {
  // 128 wide: output x covers source 2x, 2x+1. Make odd source columns white: every output = 0.5.
  const w = 128,
    h = 64;
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 1; x < w; x += 2) data.fill(255, (y * w + x) * 3, (y * w + x) * 3 + 3);
  const t = downsampleRgb({ format: 'RGB', width: w, height: h, data });
  for (const v of t) assert.ok(Math.abs(v - 0.5) < 1e-5);
  // BGRA channel order
  const bgra = downsampleRgb({
    format: 'BGRA',
    width: 2,
    height: 2,
    data: new Uint8Array([0, 0, 255, 255, 0, 0, 255, 255, 0, 0, 255, 255, 0, 0, 255, 255]),
  });
  assert.ok(Math.abs(bgra[0]! - 1) < 1e-6 && bgra[8192]! === 0);
});

test('top half white, bottom black, 3 rows → middle output row is partial coverage', () => {
  // 3x3 source → 64x64: each output row covers 3/64 of a source row, so only rows straddling y=1 mix.
  const t = downsampleRgb({ format: 'RGB', width: 1, height: 2, data: new Uint8Array([255, 255, 255, 0, 0, 0]) });
  assert.ok(Math.abs(t[0]! - 1) < 1e-6);
  assert.ok(Math.abs(t[63 * 64]!) < 1e-6);
});

test('I420 and NV12 limited-range grey/red decode to RGB', () => {
  const w = 4,
    h = 4;
  // Y=235, U=V=128 → white
  const i420 = new Uint8Array(w * h * 1.5).fill(128);
  i420.fill(235, 0, w * h);
  const t = downsampleRgb({ format: 'I420', width: w, height: h, data: i420 });
  for (const v of t) assert.ok(Math.abs(v - 1) < 1e-3);
  // BT.601 red: Y=81, U=90, V=240 → ~(1,0,0)
  const nv12 = new Uint8Array(w * h * 1.5);
  nv12.fill(81, 0, w * h);
  for (let i = w * h; i < nv12.length; i += 2) nv12.set([90, 240], i);
  const r = downsampleRgb({ format: 'NV12', width: w, height: h, data: nv12 });
  assert.ok(r[0]! > 0.97 && r[4096]! < 0.03 && r[8192]! < 0.03, `${r[0]} ${r[4096]} ${r[8192]}`);
});

test('packBatch puts current, recent, reference in channels 0-2, 3-5, 6-8', () => {
  const f = (v: number) => new Float32Array(FRAME_FLOATS).fill(v);
  const b = packBatch([
    { current: f(0.1), recent: f(0.2), reference: f(0.3) },
    { current: f(0.4), recent: f(0.5), reference: f(0.6) },
  ]);
  assert.equal(b.length, 2 * ITEM_FLOATS);
  const at = (n: number, c: number) => b[n * ITEM_FLOATS + c * 4096 + 123]!;
  assert.deepEqual(
    [0, 3, 6, 8].map((c) => at(0, c)).map((v) => +v.toFixed(2)),
    [0.1, 0.2, 0.3, 0.3],
  );
  assert.deepEqual(
    [0, 3, 6].map((c) => at(1, c)).map((v) => +v.toFixed(2)),
    [0.4, 0.5, 0.6],
  );
  assert.throws(() => packBatch([{ current: f(0), recent: new Float32Array(5), reference: f(0) }]));
});

/** Straightforward area average of one channel (the definition the fast path must match). */
function naiveArea(get: (x: number, y: number) => number, w: number, h: number, dst = 64): Float64Array {
  const out = new Float64Array(dst * dst);
  const sx = w / dst;
  const sy = h / dst;
  for (let oy = 0; oy < dst; oy++) {
    for (let ox = 0; ox < dst; ox++) {
      let acc = 0;
      for (let y = Math.floor(oy * sy); y < Math.min(h, Math.ceil((oy + 1) * sy)); y++) {
        const wy = Math.min((oy + 1) * sy, y + 1) - Math.max(oy * sy, y);
        for (let x = Math.floor(ox * sx); x < Math.min(w, Math.ceil((ox + 1) * sx)); x++) {
          const wx = Math.min((ox + 1) * sx, x + 1) - Math.max(ox * sx, x);
          acc += get(x, y) * wx * wy;
        }
      }
      out[oy * dst + ox] = acc / (sx * sy);
    }
  }
  return out;
}

test('any frame size (down- and upscaling, padded rows) equals the exact area average', () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 256) as number;
  for (const [w, h] of [
    [320, 180],
    [333, 130],
    [64, 64],
    [65, 300],
    [1280, 720],
    [40, 90],
  ] as const) {
    const stride = w * 4 + 12;
    const offset = 5;
    const data = new Uint8Array(offset + stride * h).map(() => rnd());
    const t = downsampleRgb({ format: 'RGBA', width: w, height: h, data, layout: [{ offset, stride }] });
    for (let c = 0; c < 3; c++) {
      const want = naiveArea((x, y) => data[offset + y * stride + x * 4 + c]!, w, h);
      for (let i = 0; i < 4096; i++) {
        const got = t[c * 4096 + i]! * 255;
        assert.ok(Math.abs(got - want[i]!) < 1e-3, `${w}x${h} c${c} @${i}: ${got} vs ${want[i]}`);
      }
    }
  }
});

test('NV12 gives the same picture as the equivalent I420', () => {
  const w = 322,
    h = 182;
  const cw = w / 2,
    ch = h / 2;
  const i420 = new Uint8Array(w * h + 2 * cw * ch).map((_, i) => (i * 37 + (i >> 7)) % 251);
  const nv12 = new Uint8Array(i420.length);
  nv12.set(i420.subarray(0, w * h));
  for (let i = 0; i < cw * ch; i++) {
    nv12[w * h + 2 * i] = i420[w * h + i]!;
    nv12[w * h + 2 * i + 1] = i420[w * h + cw * ch + i]!;
  }
  const a = downsampleRgb({ format: 'I420', width: w, height: h, data: i420 });
  const b = downsampleRgb({ format: 'NV12', width: w, height: h, data: nv12 });
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) < 1e-6, `@${i}`);
});
