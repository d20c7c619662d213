import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  MODEL_CLASSES,
  sampleClass,
  TileHealthPipeline,
  type Classifier,
  type SampleRule,
  type TileChange,
} from './pipeline.ts';
import type { RawFrame } from './preprocess.ts';
import { rng, scene } from './testScenes.ts';

/** A model that finds every picture fine: whatever the pipeline raises is its own (frozen) check. */
const okModel: Classifier = {
  run: (_batch, n) =>
    Promise.resolve(Float32Array.from({ length: n * MODEL_CLASSES.length }, (_, i) => (i % 4 ? 0 : 1))),
};

/** A textured 160x90 picture; `seed` changes every pixel (a live scene), the same seed repeats it exactly. */
function picture(seed: number): RawFrame {
  const w = 160;
  const h = 90;
  const data = new Uint8Array(w * h * 3);
  let s = seed >>> 0;
  for (let i = 0; i < data.length; i++) data[i] = (s = (s * 1664525 + 1013904223) >>> 0) >>> 24;
  return { format: 'RGB', width: w, height: h, data };
}

/** A model that gives every picture the same probabilities (ok, blank, occluded, redirected). */
const constantModel = (probs: number[]): Classifier => ({
  run: (_batch, n) => Promise.resolve(Float32Array.from({ length: n * 4 }, (_, i) => probs[i % 4]!)),
});

test('a sample is unhealthy when ok has less than even odds, as its likeliest tamper', () => {
  // The model is unsure which tamper, not whether there is one: covered 31 %, re-aimed 23 %, ok 43 %.
  // Its confidence is the belief in the alarm: not ok, 57 %.
  const split = sampleClass([0.43, 0.03, 0.31, 0.23]);
  assert.equal(split.cls, 'occluded');
  assert.ok(Math.abs(split.confidence - 0.57) < 1e-9);
  assert.equal(sampleClass([0.2, 0.7, 0.05, 0.05]).cls, 'blank');
  assert.deepEqual(sampleClass([0.55, 0.05, 0.25, 0.15]), { cls: 'ok', confidence: 0.55 });
  assert.equal(sampleClass([0.5, 0, 0.5, 0]).cls, 'ok');
  // The stricter argmax rule (the sentinel's) calls a sample unhealthy only when a tamper leads.
  assert.equal(sampleClass([0.43, 0.03, 0.31, 0.23], 'argmax').cls, 'ok');
  assert.equal(sampleClass([0.3, 0.03, 0.44, 0.23], 'argmax').cls, 'occluded');
});

test('a picture the model splits between covered and re-aimed is raised after 3 s; a mostly-ok one never', async () => {
  const run = async (probs: number[], sampleRule?: SampleRule) => {
    const p = new TileHealthPipeline({ classifier: constantModel(probs), sampleHz: 2, sampleRule });
    const changes: TileChange[] = [];
    for (let t = 0; t <= 10_000; t += 500) {
      p.push('cam', t, picture(t + 1));
      changes.push(...(await p.flush()));
    }
    return changes.map((c) => [c.verdict, c.onsetMs, c.atMs]);
  };
  // The first second is the reference; the first classified sample is at 1 s.
  assert.deepEqual(await run([0.4, 0.02, 0.3, 0.28]), [['occluded', 1000, 4000]]);
  assert.deepEqual(await run([0.52, 0.02, 0.3, 0.16]), []);
  assert.deepEqual(await run([0.4, 0.02, 0.3, 0.28], 'argmax'), []);
});

/**
 * One sample a second (key frames of a 1 s GOP); live until `freezeAt`, then the same picture.
 * `decoded`: a decoded-frame counter (the wall's stall signal): frames keep coming, or they stop at `freezeAt`.
 */
async function freezeRun(freezeAt: number, until: number, decoded?: 'flowing' | 'stalled'): Promise<TileChange[]> {
  const p = new TileHealthPipeline({ classifier: okModel, sampleHz: 1.25 });
  const changes: TileChange[] = [];
  for (let t = 0; t <= until; t += 1000) {
    const frames = decoded === undefined ? undefined : decoded === 'flowing' ? t : Math.min(t, freezeAt);
    p.push('cam', t, picture(t < freezeAt ? t + 1 : freezeAt), frames);
    changes.push(...(await p.flush()));
  }
  return changes;
}

test('a picture that stops changing is frozen from the first of its repeated samples, raised after 3 s of it', async () => {
  // Samples at 10, 11, 12, 13 s show the same picture: unchanged for 3 s at 13 s.
  const [change, ...rest] = await freezeRun(10_000, 16_000);
  assert.deepEqual(rest, []);
  assert.equal(change?.verdict, 'frozen');
  assert.equal(change?.onsetMs, 10_000);
  assert.equal(change?.atMs, 13_000);
});

test('the same picture while frames keep coming counts from its first sample; a stall (no new frames) from when it is seen', async () => {
  const [flowing] = await freezeRun(10_000, 16_000, 'flowing');
  assert.deepEqual([flowing?.verdict, flowing?.onsetMs, flowing?.atMs], ['frozen', 10_000, 13_000]);
  // Frames stop at 10 s: the wall re-grabs the last one; the stall is seen at 11 s and counts from there.
  const [stalled] = await freezeRun(10_000, 16_000, 'stalled');
  assert.deepEqual([stalled?.verdict, stalled?.onsetMs, stalled?.atMs], ['frozen', 11_000, 14_000]);
});

test('a live picture is never frozen', async () => {
  assert.deepEqual(await freezeRun(Infinity, 20_000), []);
});

/**
 * A still, noisy room whose burned-in clock ticks at .300 of every second, grabbed every 0.5 s
 * (+- 30 ms): live for 30 s, then frozen (the clock stops, the re-encoded picture churns on as much
 * as the noise did). The model sees every other grab (1 Hz, a big wall's rate); `checks`: the grabs
 * between go to the frozen check alone, else they are not taken.
 */
async function noisyFreeze(checks: boolean): Promise<{ freezeAt: number; changes: TileChange[] }> {
  const r = rng(7);
  const p = new TileHealthPipeline({ classifier: okModel, sampleHz: 4 });
  const changes: TileChange[] = [];
  let freezeAt = 0;
  let t = 0;
  for (let k = 0; k < 84; k++) {
    t = 500 * (k + 1) + Math.round((r() * 2 - 1) * 30);
    if (k === 60) freezeAt = t;
    const clock = Math.floor(((k < 60 ? t : freezeAt) - 300) / 1000);
    const frame = scene(0, 3, r, { clock });
    if (k % 2 === 0) {
      p.push('cam', t, frame);
      changes.push(...(await p.flush()));
    } else if (checks) p.check('cam', t, frame);
  }
  return { freezeAt, changes };
}

test('with frozen checks between 1 Hz samples, a noisy frozen picture is caught by its stopped clock within 5 s', async () => {
  const { freezeAt, changes } = await noisyFreeze(true);
  assert.equal(changes.length, 1, JSON.stringify(changes));
  const [c] = changes;
  assert.equal(c?.verdict, 'frozen');
  // Since the last sample the model saw as live (the clock's silence is noticed about 2 s late).
  assert.ok(Math.abs(c!.onsetMs - freezeAt) <= 1100, `onset ${c!.onsetMs}, freeze at ${freezeAt}`);
  assert.ok(c!.atMs - freezeAt <= 5000, `raised ${c!.atMs - freezeAt} ms after the freeze`);
  // The same feed sampled once a second without the checks: the clock cannot be learned (every
  // interval holds a tick) and the churn hides the repeat, so nothing is raised.
  assert.deepEqual((await noisyFreeze(false)).changes, []);
});
