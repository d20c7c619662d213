import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ShownSwipe } from './feed.ts';
import { DEFAULT_SWIPE_SECONDS, parseSwipeSeconds, tileOverlay } from './overlay.ts';
import { swipeRecord } from './recordFixture.ts';

const shown = (id: string, shownAt: number): ShownSwipe => ({ record: swipeRecord(id), shownAt, late: false });

test('the display time comes from ?swipeSecs, clamped; 0 turns overlays off', () => {
  assert.equal(parseSwipeSeconds(null), DEFAULT_SWIPE_SECONDS);
  assert.equal(parseSwipeSeconds(''), DEFAULT_SWIPE_SECONDS);
  assert.equal(parseSwipeSeconds('abc'), DEFAULT_SWIPE_SECONDS);
  assert.equal(parseSwipeSeconds('30'), 30);
  assert.equal(parseSwipeSeconds('1'), 3);
  assert.equal(parseSwipeSeconds('99999'), 600);
  assert.equal(parseSwipeSeconds('0'), 0);
});

test('the newest swipe shows for the display time, then the tile is clear', () => {
  const list = [shown('2-0', 1000)];
  assert.equal(tileOverlay(list, 1000, 12_000)?.current.record.id, '2-0');
  assert.equal(tileOverlay(list, 12_999, 12_000)?.until, 13_000);
  assert.equal(tileOverlay(list, 13_000, 12_000), null);
  assert.equal(tileOverlay([], 0, 12_000), null);
  assert.equal(tileOverlay(list, 1000, 0), null, 'overlays off');
});

test('other recent swipes are counted (+N) and the overlay changes when the first of them expires', () => {
  const list = [shown('3-0', 5000), shown('2-0', 3000), shown('1-0', -20_000)];
  const o = tileOverlay(list, 6000, 12_000);
  assert.equal(o?.current.record.id, '3-0');
  assert.equal(o?.others, 1);
  assert.equal(o?.until, 15_000);
  assert.equal(tileOverlay(list, 15_500, 12_000)?.others, 0);
});

test('an old newest swipe (caught up after a page change) does not show', () => {
  assert.equal(tileOverlay([shown('9-0', 0)], 60_000, 12_000), null);
});
