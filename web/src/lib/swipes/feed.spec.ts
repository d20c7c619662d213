import { test } from 'node:test';
import assert from 'node:assert/strict';
import { insertSwipe, shownAtFor, SwipeFeed, type ShownSwipe } from './feed.ts';
import { swipeRecord } from './recordFixture.ts';

const ids = (list: readonly ShownSwipe[]) => list.map((s) => s.record.id);
const NOW = Date.parse('2026-11-23T01:31:00.000Z');

test('live swipes are listed newest first and the last id follows the newest', () => {
  const feed = new SwipeFeed();
  feed.add(swipeRecord('100-0'), ['cam-001'], 'live', NOW);
  feed.add(swipeRecord('100-1'), ['cam-001'], 'live', NOW);
  feed.add(swipeRecord('250-0'), ['cam-001'], 'live', NOW);
  assert.deepEqual(ids(feed.list('cam-001')), ['250-0', '100-1', '100-0']);
  assert.equal(feed.lastId('cam-001'), '250-0');
  assert.equal(feed.lastId('cam-002'), null);
});

test('missed swipes merge with a live one that raced the ack: in order, once each', () => {
  const feed = new SwipeFeed();
  feed.add(swipeRecord('100-0'), ['cam-001'], 'live', NOW);
  // A live swipe arrives before the subscribe's ack ...
  feed.add(swipeRecord('300-0'), ['cam-001'], 'live', NOW);
  // ... and the ack's missed list (oldest first) contains it too.
  for (const id of ['200-0', '200-1', '300-0']) feed.add(swipeRecord(id), ['cam-001'], 'resume', NOW);
  assert.deepEqual(ids(feed.list('cam-001')), ['300-0', '200-1', '200-0', '100-0']);
  assert.equal(feed.lastId('cam-001'), '300-0');
  // The live copy kept its first arrival (not marked late).
  assert.equal(feed.list('cam-001')[0]!.late, false);
  assert.equal(feed.list('cam-001')[1]!.late, true);
});

test('event ids compare numerically, not as strings', () => {
  const feed = new SwipeFeed();
  feed.add(swipeRecord('999-0'), ['cam-001'], 'live', NOW);
  feed.add(swipeRecord('1000-0'), ['cam-001'], 'live', NOW);
  feed.add(swipeRecord('1000-10'), ['cam-001'], 'live', NOW);
  feed.add(swipeRecord('1000-9'), ['cam-001'], 'live', NOW);
  assert.deepEqual(ids(feed.list('cam-001')), ['1000-10', '1000-9', '1000-0', '999-0']);
  assert.equal(feed.lastId('cam-001'), '1000-10');
});

test('a record is filed only under the given cameras it names', () => {
  const feed = new SwipeFeed();
  const r = swipeRecord('100-0', { cameraIds: ['cam-001', 'cam-002'] });
  assert.deepEqual(feed.add(r, ['cam-002', 'cam-003'], 'live', NOW), ['cam-002']);
  assert.equal(feed.list('cam-001').length, 0);
  assert.equal(feed.lastId('cam-001'), null, 'an unsubscribed camera keeps its resume point');
  assert.equal(feed.list('cam-003').length, 0);
  assert.equal(feed.lastId('cam-002'), '100-0');
});

test('the list is bounded; the resume point still moves on', () => {
  const feed = new SwipeFeed(3);
  for (let i = 1; i <= 5; i++) feed.add(swipeRecord(`${i}-0`), ['cam-001'], 'live', NOW);
  assert.deepEqual(ids(feed.list('cam-001')), ['5-0', '4-0', '3-0']);
  // An older record than a full list's tail changes nothing.
  assert.deepEqual(feed.add(swipeRecord('1-5'), ['cam-001'], 'resume', NOW), []);
  assert.equal(feed.lastId('cam-001'), '5-0');
});

test('duplicates report no change', () => {
  const feed = new SwipeFeed();
  assert.deepEqual(feed.add(swipeRecord('7-0'), ['cam-001'], 'live', NOW), ['cam-001']);
  assert.deepEqual(feed.add(swipeRecord('7-0'), ['cam-001'], 'resume', NOW), []);
  assert.equal(feed.list('cam-001').length, 1);
});

test('history does not move the resume point; advance never goes back', () => {
  const feed = new SwipeFeed();
  feed.add(swipeRecord('50-0'), ['cam-001'], 'catchup', NOW, false);
  assert.equal(feed.lastId('cam-001'), null);
  feed.advance('cam-001', '40-0');
  feed.advance('cam-001', '30-0');
  assert.equal(feed.lastId('cam-001'), '40-0');
});

test('live and resumed swipes count their display time from now, catch-ups from their own time', () => {
  const r = swipeRecord('1-0', { receivedAt: '2026-11-23T01:30:55.000Z' });
  assert.equal(shownAtFor('live', r, NOW), NOW);
  assert.equal(shownAtFor('resume', r, NOW), NOW);
  assert.equal(shownAtFor('catchup', r, NOW), NOW - 5000);
  // A server clock ahead of ours never puts a swipe in the future.
  assert.equal(shownAtFor('catchup', swipeRecord('1-0', { receivedAt: '2026-11-23T02:00:00.000Z' }), NOW), NOW);
});

test('insertSwipe keeps the same array when nothing changes', () => {
  const a: ShownSwipe = { record: swipeRecord('2-0'), shownAt: 0, late: false };
  const list = [a];
  assert.equal(insertSwipe(list, a, 5), list);
  assert.throws(() => new SwipeFeed(0), TypeError);
});
