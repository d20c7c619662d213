import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tileState, type TileFacts } from './tileState.ts';

const base: TileFacts = { link: 'connected', cameraState: 'live', hasTrack: true, rendering: true, unavailable: false };

test('live only when frames are painted', () => {
  assert.equal(tileState(base), 'live');
  assert.equal(tileState({ ...base, rendering: false }), 'connecting');
  assert.equal(tileState({ ...base, hasTrack: false, rendering: false }), 'connecting');
});

test('link problems show on every tile', () => {
  assert.equal(tileState({ ...base, link: 'reconnecting' }), 'reconnecting');
  assert.equal(tileState({ ...base, link: 'connecting' }), 'connecting');
  assert.equal(tileState({ ...base, link: 'reconnecting', cameraState: 'no_signal' }), 'reconnecting');
});

test('no signal from the SFU or from an unavailable consume', () => {
  assert.equal(tileState({ ...base, cameraState: 'no_signal' }), 'no_signal');
  assert.equal(tileState({ ...base, cameraState: 'no_signal', hasTrack: false, rendering: false }), 'no_signal');
  assert.equal(
    tileState({ ...base, cameraState: 'connecting', hasTrack: false, rendering: false, unavailable: true }),
    'no_signal',
  );
  assert.equal(tileState({ ...base, cameraState: null, hasTrack: false, rendering: false }), 'connecting');
});

test('a camera still starting up is connecting', () => {
  assert.equal(tileState({ ...base, cameraState: 'connecting', hasTrack: false, rendering: false }), 'connecting');
});
