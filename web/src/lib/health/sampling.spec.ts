import assert from 'node:assert/strict';
import { test } from 'node:test';
import { samplePeriodMs, SampleScheduler } from './sampling.ts';

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

/** Runs the scheduler for `seconds` with a fixed period; returns samples per camera. */
function run(ids: string[], periodMs: number, seconds: number, jitter = 0): Map<string, number[]> {
  const s = new SampleScheduler({ tickMs: 250 });
  const seen = new Map<string, number[]>(ids.map((id) => [id, []]));
  for (let k = 0; k < (seconds * 1000) / 250; k++) {
    const now = 10_000 + k * 250 + (k % 2 ? jitter : -jitter);
    for (const id of s.due(ids, now, periodMs)) {
      s.sampled(id, now);
      seen.get(id)!.push(now);
    }
  }
  return seen;
}

test('each tile is sampled once per period, tiles spread over the ticks of the period', () => {
  const ids = Array.from({ length: 64 }, (_, i) => `cam-${i}`);
  for (const period of [500, 750, 1000]) {
    const seen = run(ids, period, 20, 8);
    for (const [id, times] of seen) {
      const gaps = times.slice(1).map((t, i) => t - times[i]!);
      assert.ok(
        gaps.every((g) => g >= period - 125 - 16 && g <= period + 125 + 16),
        `${id} @${period}: ${gaps.join(',')}`,
      );
      // At least 1 Hz over the run.
      assert.ok(times.length >= 19, `${id}: ${times.length} samples in 20 s`);
    }
    // Spread: no tick carries much more than its share of the tiles.
    const perTick = new Map<number, number>();
    for (const times of seen.values()) for (const t of times) perTick.set(t, (perTick.get(t) ?? 0) + 1);
    const share = (64 * 250) / period;
    assert.ok(Math.max(...perTick.values()) <= Math.ceil(share) + 1, `${period}: ${[...perTick.values()]}`);
  }
});

test('a camera that comes back is sampled again within one period', () => {
  const s = new SampleScheduler({ tickMs: 250 });
  assert.deepEqual(s.due(['a', 'b'], 0, 500), ['a']);
  s.sampled('a', 0);
  assert.deepEqual(s.due(['a', 'b'], 250, 500), ['b']);
  s.sampled('b', 250);
  assert.deepEqual(s.due(['a', 'b'], 500, 500), ['a']);
  s.sampled('a', 500);
  s.forget('a');
  const back = [750, 1000].filter((t) => {
    const due = s.due(['a'], t, 500).includes('a');
    if (due) s.sampled('a', t);
    return due;
  });
  assert.equal(back.length, 1, `sampled at ${back.join(',')}`);
});
