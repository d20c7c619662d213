import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CameraState } from '@clinicwall/contract';
import { FeedMerge, type FeedChange } from './feedMerge.ts';

const feeds = (...pairs: [string, CameraState][]) => pairs.map(([cameraId, state]) => ({ cameraId, state }));
const show = (changes: FeedChange[]) => changes.map((c) => `${c.cameraId}:${c.state}`);

test('a camera has signal when any process receives its media; no signal only when none does', () => {
  const m = new FeedMerge(6000);
  // Process A pulls both IP cameras; the publisher of cam-web sends to process B only.
  assert.deepEqual(show(m.report('a', feeds(['cam-1', 'live'], ['cam-web', 'no_signal']), true, 0)), [
    'cam-1:live',
    'cam-web:no_signal',
  ]);
  assert.deepEqual(show(m.report('b', feeds(['cam-1', 'connecting'], ['cam-web', 'live']), true, 100)), [
    'cam-web:live',
  ]);
  assert.deepEqual(show(m.report('a', feeds(['cam-1', 'no_signal']), false, 200)), ['cam-1:no_signal']);
  assert.deepEqual(show(m.report('b', feeds(['cam-web', 'no_signal']), false, 300)), ['cam-web:no_signal']);
  assert.deepEqual(show(m.report('b', feeds(['cam-web', 'connecting']), false, 400)), [], 'a start-up says nothing');
});

test("a silent process stops counting: its last 'live' cannot hide a cut; a full report drops what it no longer has", () => {
  const m = new FeedMerge(6000);
  m.report('a', feeds(['cam-web', 'no_signal']), true, 0);
  m.report('b', feeds(['cam-web', 'live'], ['cam-2', 'live']), true, 0);
  assert.deepEqual(show(m.expire(2000)), []);
  m.report('a', feeds(['cam-web', 'no_signal']), true, 2000);
  assert.deepEqual(show(m.expire(6000)), ['cam-web:no_signal', 'cam-2:null'], 'b silent for 6 s');
  assert.deepEqual(show(m.report('a', [], true, 7000)), ['cam-web:null']);
  assert.deepEqual(m.all(), []);
});
