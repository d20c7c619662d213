import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FrameProgress, inboundVideo, type FrameReading } from './frameProgress.ts';

test('inbound-rtp video frame counts by track id', () => {
  const report = new Map<string, unknown>([
    ['a', { type: 'inbound-rtp', kind: 'video', trackIdentifier: 't1', framesReceived: 40 }],
    ['b', { type: 'inbound-rtp', kind: 'audio', trackIdentifier: 't2', framesReceived: 9 }],
    ['c', { type: 'candidate-pair', state: 'succeeded' }],
    ['d', { type: 'inbound-rtp', kind: 'video', trackIdentifier: 't3' }],
  ]);
  assert.deepEqual([...inboundVideo(report)], [['t1', 40]]);
});

/** Runs readings through one camera's progress; returns the decisions. */
function run(readings: FrameReading[]) {
  const p = new FrameProgress();
  return readings.map((r) => {
    const d = p.check('c', r);
    if (d.sample) p.sampled('c', r, d.arrived);
    return d.sample ? d.arrived : 'skip';
  });
}

const at = (received: number | null, painted: number, statsAt: number | null = received, trackId = 't') => ({
  trackId,
  received,
  statsAt,
  painted,
});

test('a live camera: arrivals count up', () => {
  assert.deepEqual(run([at(10, 10), at(17, 17), at(25, 24)]), [0, 1, 2]);
});

test('frames stop arriving (camera or feed stalled): sampled, the arrival count stands still', () => {
  assert.deepEqual(run([at(10, 10), at(17, 17), at(17, 17, 18), at(17, 17, 19)]), [0, 1, 1, 1]);
});

test('frames arrive but the wall paints none (its own overload): skipped, not judged', () => {
  assert.deepEqual(run([at(10, 10), at(17, 10), at(25, 10), at(31, 18)]), [0, 'skip', 'skip', 1]);
});

test('stale or missing statistics: the painted count stands in', () => {
  // Same statistics reading as the last sample: not evidence of a stall.
  assert.deepEqual(run([at(10, 10, 1), at(10, 15, 1), at(10, 15, 1)]), [0, 1, 1]);
  assert.deepEqual(run([at(null, 10), at(null, 16), at(null, 16)]), [0, 1, 1]);
});

test('a new track (stream switch, reconnect) counts as new frames even if its counter restarted', () => {
  assert.deepEqual(run([at(500, 500), at(3, 503, 3, 'other'), at(9, 509, 9, 'other')]), [0, 1, 2]);
});
