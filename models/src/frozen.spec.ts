import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FrozenDetector } from './frozen.ts';
import type { RawFrame } from './preprocess.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** A textured 320x180 scene, shifted by `dx`, with gaussian-ish noise of `sigma`. */
function scene(dx: number, sigma: number, rand: () => number): RawFrame {
  const w = 320,
    h = 180;
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const base = 128 + 80 * Math.sin((x + dx) / 9) * Math.cos(y / 13);
      for (let c = 0; c < 3; c++) {
        const n = sigma ? (rand() + rand() + rand() - 1.5) * 2 * sigma : 0;
        data[(y * w + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(base + n)));
      }
    }
  }
  return { format: 'RGB', width: w, height: h, data };
}

test('exact repeat is frozen, noisy still and moving scenes are not', () => {
  const r = rng(1);
  const frozen = new FrozenDetector();
  const f = scene(0, 0, r);
  assert.equal(frozen.update(f).frozen, false); // first sample: nothing to compare
  const again = frozen.update({ ...f, data: Uint8Array.from(f.data) });
  assert.equal(again.frozen, true);
  assert.equal(again.mad, 0);

  const still = new FrozenDetector();
  for (let i = 0; i < 5; i++) {
    const res = still.update(scene(0, 2, r));
    assert.equal(res.frozen, false, `noisy still sample ${i}: mad ${res.mad}`);
  }
  const moving = new FrozenDetector();
  for (let i = 0; i < 5; i++) assert.equal(moving.update(scene(i * 3, 0, r)).frozen, false);
});

test('flat repeats are not frozen (left to blank); stall signal is', () => {
  const black: RawFrame = { format: 'RGB', width: 32, height: 18, data: new Uint8Array(32 * 18 * 3) };
  const d = new FrozenDetector();
  d.update(black);
  const res = d.update(black);
  assert.equal(res.flat, true);
  assert.equal(res.frozen, false);

  const s = new FrozenDetector();
  const r = rng(2);
  assert.equal(s.update(scene(0, 3, r), 100).frozen, false);
  assert.equal(s.update(scene(0, 3, r), 110).frozen, false);
  const st = s.update(scene(0, 3, r), 110);
  assert.equal(st.stalled, true);
  assert.equal(st.frozen, true);
});
