import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_WITHDRAW_CAMERAS } from '@clinicwall/contract';
import { PipelineMembers, ReportedCameras } from './members.ts';

const set = (...ids: string[]) => new Set(ids);

test('a tile gone from the wall leaves the pipeline at once (page, layout or focus change)', () => {
  const m = new PipelineMembers(3000);
  assert.deepEqual(m.update(['a', 'b', 'c'], set('a', 'b', 'c'), 0), []);
  // Next page: a and b are replaced, c stays (e.g. the focused camera of the old page).
  assert.deepEqual(m.update(['c', 'd'], set('c', 'd'), 250), ['a', 'b']);
  assert.equal(m.has('a'), false);
  assert.equal(m.has('c'), true);
  assert.deepEqual(m.update([], set(), 500), ['c', 'd'], 'wall emptied');
});

test('a tile without a live picture stays for the grace, then leaves; a live one rejoins', () => {
  const m = new PipelineMembers(3000);
  m.update(['a', 'b'], set('a', 'b'), 0);
  assert.deepEqual(m.update(['b'], set('a', 'b'), 2000), [], 'a short stall keeps its state');
  assert.deepEqual(m.update(['b'], set('a', 'b'), 3000), [], 'exactly the grace');
  assert.deepEqual(m.update(['b'], set('a', 'b'), 3001), ['a']);
  assert.deepEqual(m.update(['a', 'b'], set('a', 'b'), 3250), [], 'live again: back in');
  assert.equal(m.has('a'), true);
});

test('a negative grace is refused', () => {
  assert.throws(() => new PipelineMembers(-1), TypeError);
});

test('only cameras the server holds a verdict of are withdrawn, once, in batches the contract allows', () => {
  const r = new ReportedCameras();
  r.reported('a');
  r.reported('b');
  assert.deepEqual(r.withdraw(['a', 'x', 'a']), [['a']]);
  assert.deepEqual(r.withdraw(['a']), [], 'already withdrawn');
  const many = Array.from({ length: MAX_WITHDRAW_CAMERAS + 5 }, (_, i) => `cam-${i}`);
  for (const id of many) r.reported(id);
  const batches = r.withdraw(many);
  assert.deepEqual(
    batches.map((b) => b.length),
    [MAX_WITHDRAW_CAMERAS, 5],
  );
  assert.deepEqual(batches.flat(), many);
});

test('after a reconnect the server holds nothing from this wall: nothing to withdraw', () => {
  const r = new ReportedCameras();
  r.reported('a');
  r.reconnected();
  assert.deepEqual(r.withdraw(['a']), []);
  r.reported('a');
  assert.deepEqual(r.withdraw(['a']), [['a']]);
});
