import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OsdClockWatch, type ClockState } from './osdClock.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const BLOCKS = 40;
const CLOCK_BLOCK = 7;

/**
 * Drives a watch with samples every `periodMs` (+- `jitterMs`) from `fromMs` to `toMs`; `changes`
 * says which blocks changed in the interval (a, b]. Returns the state after each sample.
 */
function drive(
  watch: OsdClockWatch,
  o: { fromMs: number; toMs: number; periodMs: number; jitterMs?: number; seed?: number },
  changes: (a: number, b: number, rand: () => number) => number[],
): { tMs: number; state: ClockState }[] {
  const rand = rng(o.seed ?? 1);
  const out: { tMs: number; state: ClockState }[] = [];
  let a = o.fromMs;
  while (a < o.toMs) {
    const b = a + o.periodMs + (rand() * 2 - 1) * (o.jitterMs ?? 0);
    const changed = new Array<boolean>(BLOCKS).fill(false);
    for (const i of changes(a, b, rand)) changed[i] = true;
    out.push({ tMs: b, state: watch.observe(a, b, changed, true) });
    a = b;
  }
  return out;
}

/** A 1 Hz OSD clock whose seconds digit changes at `phaseMs` of every second, seen `lagMs` late. */
const ticks =
  (phaseMs: number, lagMs = 0) =>
  (a: number, b: number): number[] => {
    const k = Math.ceil((a - phaseMs - lagMs) / 1000);
    const tick = k * 1000 + phaseMs + lagMs;
    return tick > a && tick <= b ? [CLOCK_BLOCK] : [];
  };

test('a 1 Hz clock sampled every 0.5 s is learned; when it stops, the watch says so within 2.2 s, since its last tick', () => {
  const watch = new OsdClockWatch();
  const live = drive(watch, { fromMs: 0, toMs: 30_000, periodMs: 500, jitterMs: 40 }, ticks(300, 45));
  const last = live.at(-1)!;
  assert.ok(last.state.tickers >= 1, 'the clock block is learned');
  assert.equal(last.state.stopped, false);
  assert.ok(
    live.slice(40).every((s) => !s.state.stopped),
    'a ticking clock never reads as stopped',
  );

  // The feed freezes at 30 s: nothing changes any more.
  const frozen = drive(watch, { fromMs: last.tMs, toMs: last.tMs + 6000, periodMs: 500, jitterMs: 40 }, () => []);
  const first = frozen.find((s) => s.state.stopped);
  assert.ok(first, 'a stopped clock is noticed');
  assert.ok(first.tMs - last.tMs <= 2200, `noticed ${first.tMs - last.tMs} ms after the freeze`);
  assert.ok(first.state.sinceMs! <= last.tMs && first.state.sinceMs! > last.tMs - 1600, 'since its last tick');
  assert.ok(
    frozen.slice(frozen.indexOf(first)).every((s) => s.state.stopped),
    'and stays stopped while frozen',
  );

  // The feed comes back: the clock ticks again.
  const back = drive(watch, { fromMs: frozen.at(-1)!.tMs, toMs: frozen.at(-1)!.tMs + 3000, periodMs: 500 }, ticks(300));
  assert.equal(back.at(-1)!.state.stopped, false);
});

test('motion is no clock: a block that changes in every interval, or at random phases, is not learned', () => {
  const always = new OsdClockWatch();
  const a = drive(always, { fromMs: 0, toMs: 30_000, periodMs: 500, jitterMs: 40 }, () => [CLOCK_BLOCK]);
  assert.equal(a.at(-1)!.state.tickers, 0);
  // The person sits still afterwards: no "stopped clock" on a live, still room.
  const still = drive(always, { fromMs: 30_000, toMs: 40_000, periodMs: 500 }, () => []);
  assert.ok(still.every((s) => !s.state.stopped));

  const random = new OsdClockWatch();
  const r = drive(random, { fromMs: 0, toMs: 60_000, periodMs: 500, jitterMs: 40, seed: 5 }, (_a, _b, rand) =>
    rand() < 0.5 ? [CLOCK_BLOCK, CLOCK_BLOCK + 1] : [],
  );
  assert.equal(r.at(-1)!.state.tickers, 0);
});

test('sampled once a second or slower, a 1 Hz clock cannot be placed: nothing is learned, the rule stays off', () => {
  const watch = new OsdClockWatch();
  drive(watch, { fromMs: 0, toMs: 40_000, periodMs: 1000, jitterMs: 30 }, ticks(300));
  const still = drive(watch, { fromMs: 40_000, toMs: 46_000, periodMs: 1000 }, () => []);
  assert.ok(still.every((s) => s.state.tickers === 0 && !s.state.stopped));
});

test('a clock learned at 0.5 s keeps working when sampling slows to 0.75 s', () => {
  const watch = new OsdClockWatch();
  drive(watch, { fromMs: 0, toMs: 25_000, periodMs: 500, jitterMs: 30 }, ticks(700));
  const slower = drive(watch, { fromMs: 25_000, toMs: 45_000, periodMs: 750, jitterMs: 30 }, ticks(700));
  assert.ok(slower.every((s) => !s.state.stopped));
  assert.ok(slower.at(-1)!.state.tickers >= 1);
});

test('nothing is learned from intervals the caller marks bad', () => {
  const watch = new OsdClockWatch();
  const rand = rng(3);
  let a = 0;
  while (a < 30_000) {
    const b = a + 500 + (rand() * 2 - 1) * 30;
    const changed = new Array<boolean>(BLOCKS).fill(false);
    for (const i of ticks(300)(a, b)) changed[i] = true;
    watch.observe(a, b, changed, false);
    a = b;
  }
  assert.equal(watch.state(a).tickers, 0);
});
