import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STALL_BADGE_MS, STALL_NUDGE_MS, STALL_RESTART_MS, stallAction } from './stall.ts';

test('fresh frames are fine', () => {
  assert.equal(stallAction(0, true), 'ok');
  assert.equal(stallAction(STALL_NUDGE_MS - 1, true), 'ok');
});

test('a live camera without frames: key frame request, then badge off, then re-consume', () => {
  assert.equal(stallAction(STALL_NUDGE_MS, true), 'nudge');
  assert.equal(stallAction(STALL_BADGE_MS, true), 'stalled');
  assert.equal(stallAction(STALL_RESTART_MS, true), 'restart');
});

test('a camera the SFU calls silent is never nudged nor re-consumed', () => {
  assert.equal(stallAction(STALL_NUDGE_MS, false), 'ok');
  assert.equal(stallAction(STALL_BADGE_MS, false), 'stalled');
  assert.equal(stallAction(STALL_RESTART_MS * 3, false), 'stalled');
});
