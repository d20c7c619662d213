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
