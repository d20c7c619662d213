import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NEW_DETAIL_FRACTION, newDetailFraction, referenceStructure } from './detail.ts';
import { MODEL_CLASSES, TileHealthPipeline, type Classifier } from './pipeline.ts';
import { downsampleRgb, lumaThumb, type RawFrame } from './preprocess.ts';
import { rng } from './testScenes.ts';

const W = 320;
const H = 180;

/** A 320x180 grey picture: `paint(x, y)` per pixel, plus noise of standard deviation `sigma`. */
function picture(paint: (x: number, y: number) => number, sigma: number, seed = 1): RawFrame {
  const r = rng(seed);
  const data = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const v = paint(x, y) + (r() + r() + r() - 1.5) * 2 * sigma;
      data.fill(Math.max(0, Math.min(255, Math.round(v))), (y * W + x) * 3, (y * W + x) * 3 + 3);
    }
  return { format: 'RGB', width: W, height: H, data };
}

const sky = (y: number) => 200 - y / 6;
/** The camera's view: a plain sky over a textured ground (a horizon at mid-height). */
const horizon = (x: number, y: number) => (y < 90 ? sky(y) : 100 + 60 * Math.sin(x / 5) * Math.cos(y / 4));
/** Tilted up: sky only, crossed by three thin dark cables. */
const cables = (x: number, y: number) => {
  const onCable = [0.3, 0.55, 0.8].some((k) => Math.abs(y - k * x + 20) < 1.2);
  return onCable ? 60 : sky(y);
};
/** `paint` seen through a defocused lens (a box blur of radius `r`). */
const blurred =
  (paint: (x: number, y: number) => number, r: number) =>
  (x: number, y: number): number => {
    let s = 0;
    for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) s += paint(x + dx, y + dy);
    return s / (2 * r + 1) ** 2;
  };

function detail(frame: RawFrame, reference: RawFrame): number {
  return newDetailFraction(lumaThumb(frame), referenceStructure(downsampleRgb(reference)));
}

test('a camera tilted onto a plain sky crossed by cables shows new hard detail; the cables in the reference are not new', () => {
  const reference = picture(horizon, 3);
  assert.ok(detail(picture(cables, 3, 2), reference) >= NEW_DETAIL_FRACTION);
  assert.ok(detail(picture(cables, 3, 2), picture(cables, 3)) < NEW_DETAIL_FRACTION / 10);
});

test('a cover, a defocus and a dark noisy picture have no new hard detail', () => {
  const reference = picture(horizon, 3);
  // The same sky and cables, out of focus (a cloth, a sprayed or defocused lens).
  assert.ok(detail(picture(blurred(cables, 4), 3, 2), reference) < NEW_DETAIL_FRACTION / 10);
  // A dark, plain, very noisy picture (a hand over the lens at night): noise is not detail.
  assert.ok(
    detail(
      picture(() => 30, 14, 3),
      reference,
    ) <
      NEW_DETAIL_FRACTION / 10,
  );
  // A hand over the left part of the lens: the rest of the view is the reference's own.
  const partial = (x: number, y: number) => (x < 200 ? 170 + y / 10 : horizon(x, y));
  assert.ok(detail(picture(partial, 3, 4), reference) < NEW_DETAIL_FRACTION / 10);
});

/** A model that finds the picture fine until `bad` is set, then says occluded (80 %). */
function switchableModel(): Classifier & { bad: boolean } {
  const m = {
    bad: false,
    run: (_batch: Float32Array, n: number) =>
      Promise.resolve(
        Float32Array.from({ length: n * MODEL_CLASSES.length }, (_, i) =>
          m.bad ? [0.1, 0.05, 0.8, 0.05][i % 4]! : i % 4 ? 0 : 1,
        ),
      ),
  };
  return m;
}

async function raised(after: (x: number, y: number) => number, newDetail?: number): Promise<string[]> {
  const classifier = switchableModel();
  const p = new TileHealthPipeline({ classifier, newDetailFraction: newDetail });
  const raises: string[] = [];
  for (let t = 0; t <= 10_000; t += 500) {
    classifier.bad = t >= 5000;
    p.push('cam', t, picture(t < 5000 ? horizon : after, 3, t + 1));
    raises.push(...(await p.flush()).map((c) => c.verdict));
  }
  return raises;
}

test('the pipeline raises re-aimed where the model says occluded over a sharp new view, occluded over a blurred one', async () => {
  assert.deepEqual(await raised(cables), ['redirected']);
  assert.deepEqual(await raised(blurred(cables, 4)), ['occluded']);
  // The check switched off: the model's word stands.
  assert.deepEqual(await raised(cables, Infinity), ['occluded']);
});
