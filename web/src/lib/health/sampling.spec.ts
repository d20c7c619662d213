import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHECK_MS, CheckGate, samplePeriodMs, SampleScheduler } from './sampling.ts';

test('the rate per tile is 2 Hz on small or cheap walls and never below 1 Hz', () => {
  assert.equal(samplePeriodMs(9, null), 500);
  assert.equal(samplePeriodMs(9, 1), 500);
  // 64 tiles at 1.5 ms: 2 Hz would be 192 ms/s = 19 % of a core: fits the 20 % budget.
  assert.equal(samplePeriodMs(64, 1.5), 500);
  // 100 tiles at 1.5 ms: 750 ms keeps it at 20 %.
  assert.equal(samplePeriodMs(100, 1.5), 750);
  // Expensive tiles: the rate stops at 1 Hz even if that is over budget.
  assert.equal(samplePeriodMs(100, 10), 1000);
  assert.equal(samplePeriodMs(64, 3, { budgetShare: 0.25 }), 768);
});

/** Runs the scheduler for `seconds` with a fixed period; returns grab times per camera (all, classified). */
function run(
  ids: string[],
  periodMs: number,
  seconds: number,
  jitter = 0,
): Map<string, { grabs: number[]; classified: number[] }> {
  const s = new SampleScheduler({ tickMs: 250 });
  const seen = new Map(ids.map((id) => [id, { grabs: [] as number[], classified: [] as number[] }]));
  for (let k = 0; k < (seconds * 1000) / 250; k++) {
    const now = 10_000 + k * 250 + (k % 2 ? jitter : -jitter);
    for (const { cameraId, classify } of s.due(ids, now, periodMs)) {
      s.sampled(cameraId, now, classify);
      seen.get(cameraId)!.grabs.push(now);
      if (classify) seen.get(cameraId)!.classified.push(now);
    }
  }
  return seen;
}

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

test('each tile is classified once per period, tiles spread over the ticks of the period', () => {
  const ids = Array.from({ length: 64 }, (_, i) => `cam-${i}`);
  for (const period of [500, 750, 1000]) {
    const seen = run(ids, period, 20, 8);
    for (const [id, { classified }] of seen) {
      assert.ok(
        gaps(classified).every((g) => g >= period - 125 - 16 && g <= period + 125 + 16),
        `${id} @${period}: ${gaps(classified).join(',')}`,
      );
      // At least 1 Hz over the run.
      assert.ok(classified.length >= 19, `${id}: ${classified.length} samples in 20 s`);
    }
    // Spread: no tick carries much more than its share of the classifications.
    const perTick = new Map<number, number>();
    for (const { classified } of seen.values()) for (const t of classified) perTick.set(t, (perTick.get(t) ?? 0) + 1);
    const share = (64 * 250) / period;
    assert.ok(Math.max(...perTick.values()) <= Math.ceil(share) + 1, `${period}: ${[...perTick.values()]}`);
  }
});

test('whatever the model rate, every tile is grabbed for the frozen check at least every half second', () => {
  const ids = Array.from({ length: 64 }, (_, i) => `cam-${i}`);
  for (const period of [500, 750, 1000]) {
    const seen = run(ids, period, 20, 8);
    for (const [id, { grabs, classified }] of seen) {
      assert.ok(
        gaps(grabs).every((g) => g >= 250 - 16 && g <= CHECK_MS + 16),
        `${id} @${period}: ${gaps(grabs).join(',')}`,
      );
      // Extra grabs only where the model leaves more than half a second between samples: none at
      // 2 Hz, one between two samples at 1 Hz and at 1.33 Hz (2 and 2.67 grabs per second).
      const extra = { 500: 0, 750: 1, 1000: 1 }[period]!;
      const expected = classified.length * (1 + extra);
      assert.ok(Math.abs(grabs.length - expected) <= 2, `${id} @${period}: ${grabs.length} grabs`);
    }
    // The checks are spread over the ticks too.
    const perTick = new Map<number, number>();
    for (const { grabs } of seen.values()) for (const t of grabs) perTick.set(t, (perTick.get(t) ?? 0) + 1);
    const mean = [...perTick.values()].reduce((a, b) => a + b, 0) / perTick.size;
    assert.ok(Math.max(...perTick.values()) <= Math.ceil(mean) + 2, `${period}: ${[...perTick.values()]}`);
  }
});

test('a camera that comes back is sampled again within one period', () => {
  const s = new SampleScheduler({ tickMs: 250 });
  const ids = (due: { cameraId: string }[]) => due.map((d) => d.cameraId);
  assert.deepEqual(ids(s.due(['a', 'b'], 0, 500)), ['a']);
  s.sampled('a', 0);
  assert.deepEqual(ids(s.due(['a', 'b'], 250, 500)), ['b']);
  s.sampled('b', 250);
  assert.deepEqual(ids(s.due(['a', 'b'], 500, 500)), ['a']);
  s.sampled('a', 500);
  s.forget('a');
  const back = [750, 1000].filter((t) => {
    const due = s.due(['a'], t, 500).some((d) => d.cameraId === 'a' && d.classify);
    if (due) s.sampled('a', t);
    return due;
  });
  assert.equal(back.length, 1, `sampled at ${back.join(',')}`);
});

/** Feeds a gate a tick every 250 ms from `from` to `to` seconds; returns whether checks were on at each whole second. */
function gateRun(
  gate: CheckGate,
  from: number,
  to: number,
  visible: number,
  perSec: number,
  periodMs = 1000,
): boolean[] {
  const on: boolean[] = [];
  for (let t = from * 1000; t <= to * 1000; t += 250) {
    const v = gate.update(t, visible, perSec, periodMs);
    if (t % 1000 === 0) on.push(v);
  }
  return on;
}

test('the check grabs pause while the model is behind its rate, for a minute at least, and resume once it keeps up', () => {
  const gate = new CheckGate();
  // 100 tiles planned at 1 Hz; the first 10 s are not judged, however low the rate.
  assert.ok(gateRun(gate, 0, 9, 100, 10).every(Boolean));
  // Keeping up (90 of 100 tiles a second is within the band): on.
  assert.ok(gateRun(gate, 10, 20, 100, 90).every(Boolean));
  // 28 tiles a second (the saturated 100-tile wall of the bench): off.
  assert.deepEqual(gateRun(gate, 21, 22, 100, 28), [false, false]);
  // Caught up soon after: still off for the minute's hold, then on.
  assert.ok(gateRun(gate, 23, 80, 100, 100).every((on) => !on));
  assert.deepEqual(gateRun(gate, 81, 82, 100, 96), [true, true]);
  // Updates stopped for a while (the wall hidden): the stale low rate after the gap is not judged at first.
  assert.ok(gateRun(gate, 200, 209, 100, 10).every(Boolean));
  assert.deepEqual(gateRun(gate, 210, 210, 100, 10), [false]);
});

test('a change in the number of visible tiles restarts the settling; a tile or two dropping out does not', () => {
  // 100 tiles, 2 of them reconnecting now and then: still judged (and behind) after 10 s.
  const flaky = new CheckGate();
  const on: boolean[] = [];
  for (let t = 0; t <= 10_000; t += 250) on.push(flaky.update(t, t % 3000 < 1000 ? 98 : 100, 28, 1000));
  assert.ok(on.slice(0, -1).every(Boolean));
  assert.equal(on.at(-1), false);
  // 16 tiles keeping up, then 64 appear: their classifications are not in the figures yet.
  const gate = new CheckGate();
  assert.ok(gateRun(gate, 0, 10, 16, 32, 500).every(Boolean));
  assert.ok(gateRun(gate, 11, 20, 64, 40, 500).every(Boolean));
  assert.deepEqual(gateRun(gate, 21, 21, 64, 40, 500), [false]);
});
