import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CHURN_MAD, diffStats, FrozenDetector, STRONG_DIFF } from './frozen.ts';
import type { RawFrame } from './preprocess.ts';
import { rng, scene } from './testScenes.ts';

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
    const res = still.update(scene(0, 3, r));
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

test('a re-encoded frozen picture (small churn, no local change) is frozen; a ticking clock is live', () => {
  const r = rng(3);
  const reencoded = new FrozenDetector();
  reencoded.update(scene(0, 0, r, { churn: 3, clock: 0 }));
  for (let i = 0; i < 4; i++) {
    const res = reencoded.update(scene(0, 0, r, { churn: 3, clock: 0 }));
    assert.ok(res.mad! > 0.2, `churn makes it no exact repeat: mad ${res.mad}`);
    assert.equal(res.frozen, true, `frozen, re-encoded: mad ${res.mad} local ${res.local}`);
  }
  // The same still, low-noise picture whose clock changed between the samples: live.
  const clock = new FrozenDetector();
  clock.update(scene(0, 0.5, r, { churn: 3, clock: 0 }));
  for (let i = 1; i < 4; i++) {
    const res = clock.update(scene(0, 0.5, r, { churn: 3, clock: i }));
    assert.equal(res.frozen, false, `clock ticked: mad ${res.mad} local ${res.local}`);
    assert.ok(res.local! > 12);
  }
});

test('a still, lit room whose small clock ticks is live; frozen once the clock stops', () => {
  const r = rng(6);
  const d = new FrozenDetector();
  let t = 0;
  const sample = (digit: number) => {
    t += 500 + Math.round((r() * 2 - 1) * 30);
    return d.update(scene(0, 0, r, { churn: 3, smallClock: digit }), undefined, t);
  };
  let run = 0;
  for (let i = 0; i < 60; i++) {
    const res = sample(Math.floor((t + 500 - 300) / 1000));
    run = res.frozen ? run + 1 : 0;
    // The encoder's churn alone reads as a repeat between two ticks; a tick is a real change.
    assert.ok(i === 0 || res.mad! <= DEFAULT_CHURN_MAD, `churn of a still room: mad ${res.mad}`);
    assert.ok(run <= 2, `never frozen for a whole second at ${t} ms: mad ${res.mad} local ${res.local}`);
  }
  const frozenAt = t;
  const stopped = Math.floor((t - 300) / 1000);
  const after: boolean[] = [];
  for (let i = 0; i < 8; i++) after.push(sample(stopped).frozen);
  assert.ok(after.slice(3).every(Boolean), `frozen after ${frozenAt} ms: ${after.join(' ')}`);
});

test('a frozen picture re-encoded as noisily as a live still room is frozen once its OSD clock stops; a ticking clock never is', () => {
  const r = rng(4);
  const d = new FrozenDetector();
  // Samples every 0.5 s (+- 30 ms) of a still, noisy room whose burned-in clock ticks at .300 of every second.
  let t = 0;
  const sample = (clock: number) => {
    t += 500 + Math.round((r() * 2 - 1) * 30);
    return d.update(scene(0, 3, r, { clock }), undefined, t);
  };
  for (let i = 0; i < 60; i++) {
    const res = sample(Math.floor((t + 500 - 300) / 1000));
    assert.equal(res.frozen, false, `live at ${t} ms: mad ${res.mad} local ${res.local}`);
    assert.ok(i === 0 || res.mad! > DEFAULT_CHURN_MAD, 'the noise alone does not look like a re-encoded still');
  }
  // Frozen at t: the clock stops, the picture churns on as much as before.
  const frozenAt = t;
  const stopped = Math.floor((t - 300) / 1000);
  let first: number | null = null;
  for (let i = 0; i < 12; i++) {
    const res = sample(stopped);
    if (res.frozen && first === null) {
      first = t;
      assert.equal(res.clockStopped, true);
      assert.ok(res.sinceMs! <= frozenAt, 'unchanged since the last tick seen');
    }
    if (first !== null) assert.equal(res.frozen, true, 'stays frozen');
  }
  assert.ok(first !== null && first - frozenAt <= 2300, `frozen noticed ${first! - frozenAt} ms after the freeze`);
});

test('an OSD clock switched off on a live camera: frozen while the room stays still, forgotten once anything moves', () => {
  const r = rng(5);
  const d = new FrozenDetector();
  let t = 0;
  const sample = (dx: number, clock?: number) => {
    t += 500 + Math.round((r() * 2 - 1) * 30);
    return d.update(scene(dx, 3, r, clock === undefined ? {} : { clock }), undefined, t);
  };
  for (let i = 0; i < 60; i++) sample(0, Math.floor((t + 500 - 300) / 1000));
  // The installer turns the OSD off in a still room: indistinguishable from a frozen feed (a known limit).
  const still = Array.from({ length: 8 }, () => sample(0).frozen);
  assert.equal(still.at(-1), true, `a still room whose clock vanished reads frozen: ${still.join(' ')}`);
  // Someone walks through: the picture is live, the clock is forgotten, and a still room stays ok after.
  const after = [...Array.from({ length: 4 }, (_, i) => sample((i + 1) * 6).frozen)];
  for (let i = 0; i < 20; i++) after.push(sample(24).frozen);
  assert.ok(
    after.every((f) => !f),
    `no frozen once the picture moved: ${after.join(' ')}`,
  );
});

test('diffStats: mean, largest 8x8-block mean and per-block count of strongly changed pixels', () => {
  const a = new Uint8Array(32 * 16);
  const b = Uint8Array.from(a);
  for (let y = 8; y < 16; y++) for (let x = 16; x < 24; x++) b[y * 32 + x] = 64; // one block changed by 64
  b[0] = 32; // one pixel elsewhere, by less than STRONG_DIFF
  b[9] = 63;
  b[10] = 200;
  const { mad, local, strong } = diffStats(a, b, 32);
  assert.equal(local, 64);
  assert.equal(mad, (64 * 64 + 32 + 63 + 200) / (32 * 16));
  assert.equal(STRONG_DIFF, 64);
  // Blocks row by row (4 x 2): block 1 holds the pixel changed by 200, block 6 the 64 changed by 64.
  assert.deepEqual(Array.from(strong), [0, 1, 0, 0, 0, 0, 64, 0]);
});
