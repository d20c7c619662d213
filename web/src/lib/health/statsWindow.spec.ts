import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatsWindow } from './statsWindow.ts';

test('rates and busy share over the window; old ticks drop out', () => {
  const w = new StatsWindow(10_000);
  assert.equal(w.summary(0).perTileMs, null);
  // 4 ticks/s for 10 s, 16 tiles each, 24 ms of worker time, 0.4 ms grab.
  for (let k = 0; k < 40; k++) w.add({ atMs: 250 * k, tiles: 16, classified: 16, grabMs: 0.4, workerMs: 24 });
  const s = w.summary(9_999);
  assert.ok(Math.abs(s.ticksPerSec - 4) < 0.01, `${s.ticksPerSec}`);
  assert.ok(Math.abs(s.classifiedPerSec - 64) < 0.1);
  assert.ok(Math.abs(s.busyShare - 0.096) < 0.001, `${s.busyShare}`);
  assert.equal(s.perTileMs, 1.5);
  assert.equal(s.tilesPerTick, 16);
  // 30 s later nothing is left.
  assert.equal(w.summary(40_000).classifiedPerSec, 0);
  // One slow tick after a quiet spell counts over the whole window, not over its own second.
  w.add({ atMs: 41_000, tiles: 100, classified: 100, grabMs: 1, workerMs: 3000 });
  assert.equal(w.summary(41_000).busyShare, 0.3);
  assert.equal(w.summary(41_000).classifiedPerSec, 10);
});

test('frozen checks between samples: counted as checks, their cost charged to the classified tiles', () => {
  const w = new StatsWindow(10_000);
  // 1 s: 64 tiles classified (28 ms) and 64 more frames checked only (4 ms).
  w.add({ atMs: 0, tiles: 32, classified: 32, grabMs: 0.5, workerMs: 14 });
  w.add({ atMs: 250, tiles: 32, classified: 0, grabMs: 0.5, workerMs: 2 });
  w.add({ atMs: 500, tiles: 32, classified: 32, grabMs: 0.5, workerMs: 14 });
  w.add({ atMs: 750, tiles: 32, classified: 0, grabMs: 0.5, workerMs: 2 });
  const s = w.summary(1000);
  assert.equal(s.classifiedPerSec, 64);
  assert.equal(s.checkedPerSec, 128);
  assert.equal(s.perTileMs, 0.5);
});

test('before the window is full, rates are over the time since the first tick', () => {
  const w = new StatsWindow(10_000);
  w.add({ atMs: 1000, tiles: 8, classified: 8, grabMs: 0.2, workerMs: 10 });
  w.add({ atMs: 3000, tiles: 8, classified: 8, grabMs: 0.2, workerMs: 10 });
  assert.equal(w.summary(3000).classifiedPerSec, 8);
});
