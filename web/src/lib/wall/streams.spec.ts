import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GRID_PLAYOUT_BUFFER_MS, playoutBufferMs, wantedStream, wantedStreams } from './streams.ts';

test('grid tiles want the substream, the focused tile the main stream, the rest nothing', () => {
  assert.equal(wantedStream({ onPage: true, focused: false, focusActive: false }), 'sub');
  assert.equal(wantedStream({ onPage: false, focused: false, focusActive: false }), 'none');
  assert.equal(wantedStream({ onPage: true, focused: true, focusActive: true }), 'main');
  assert.equal(
    wantedStream({ onPage: true, focused: false, focusActive: true }),
    'none',
    'hidden behind the focused tile',
  );
  assert.equal(wantedStream({ onPage: false, focused: true, focusActive: true }), 'main');
});

test('wantedStreams covers every camera', () => {
  const all = ['a', 'b', 'c', 'd', 'e'];
  const grid = wantedStreams(all, ['a', 'b'], null);
  assert.deepEqual(Object.fromEntries(grid), { a: 'sub', b: 'sub', c: 'none', d: 'none', e: 'none' });
  const focused = wantedStreams(all, ['a', 'b'], 'b');
  assert.deepEqual(Object.fromEntries(focused), { a: 'none', b: 'main', c: 'none', d: 'none', e: 'none' });
});

test('focusing a camera that is not in the registry leaves the grid as it is', () => {
  const w = wantedStreams(['a', 'b'], ['a', 'b'], 'zzz');
  assert.deepEqual(Object.fromEntries(w), { a: 'sub', b: 'sub' });
});

test('substream tiles of layouts from 36 tiles get a playout buffer; the focused tile and small layouts none', () => {
  assert.equal(playoutBufferMs('sub', 16), 0);
  assert.equal(playoutBufferMs('sub', 25), 0);
  assert.equal(playoutBufferMs('sub', 36), GRID_PLAYOUT_BUFFER_MS);
  assert.equal(playoutBufferMs('sub', 100), GRID_PLAYOUT_BUFFER_MS);
  assert.equal(playoutBufferMs('main', 64), 0, 'the focused tile keeps the lowest latency');
  assert.equal(playoutBufferMs('none', 64), 0);
});
