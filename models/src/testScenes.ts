/** Synthetic camera pictures for the frozen-check and pipeline tests. */
import type { RawFrame } from './preprocess.ts';

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * A textured 320x180 scene, shifted by `dx`, with gaussian-ish noise of standard deviation `sigma`
 * per channel, optionally a burned-in clock (a 16x24 box at the top right showing `clock`) and an
 * encoder's churn: where the texture is steep, +-`churn` grey levels at random (a still picture
 * quantised differently at each keyframe).
 */
export function scene(
  dx: number,
  sigma: number,
  rand: () => number,
  extra: { clock?: number; churn?: number; smallClock?: number } = {},
): RawFrame {
  const w = 320,
    h = 180;
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let base = 128 + 80 * Math.sin((x + dx) / 9) * Math.cos(y / 13);
      const steep = Math.abs(Math.cos((x + dx) / 9) * Math.cos(y / 13)) > 0.7;
      if (extra.churn && steep) base += Math.round((rand() * 2 - 1) * extra.churn);
      if (extra.clock !== undefined && x >= 296 && x < 312 && y >= 8 && y < 32)
        base = ((x >> 2) + (y >> 3) + extra.clock) % 2 ? 240 : 20;
      // A clock digit at a substream's 320 px: two pixels of one 8x8 block light up, two others go
      // dark at each tick (block mean change 7.5, under DEFAULT_LOCAL_CHANGE), as at 150 kbit/s.
      if (extra.smallClock !== undefined && x >= 304 && x < 312 && y >= 8 && y < 16) {
        const p = (y - 8) * 8 + (x - 304);
        const lit = p === (extra.smallClock * 13) % 64 || p === (extra.smallClock * 13 + 29) % 64;
        base = lit ? 200 : 80;
      }
      for (let c = 0; c < 3; c++) {
        const n = sigma ? (rand() + rand() + rand() - 1.5) * 2 * sigma : 0;
        data[(y * w + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(base + n)));
      }
    }
  }
  return { format: 'RGB', width: w, height: h, data };
}
