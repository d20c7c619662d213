import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TOUR_INTERVAL, TOUR_INTERVALS, nextTourPage, parseTour, tourRuns } from './tour.ts';

test('the tour advances one page and wraps from the last to the first', () => {
  assert.equal(nextTourPage(1, 7), 2);
  assert.equal(nextTourPage(6, 7), 7);
  assert.equal(nextTourPage(7, 7), 1);
  assert.equal(nextTourPage(9, 7), 1, 'a stale page past the end restarts');
  assert.equal(nextTourPage(1, 1), 1);
  assert.equal(nextTourPage(0, 3), 1);
});

test('a full tour visits every page once', () => {
  const visited = [1];
  let p = 1;
  for (let i = 0; i < 6; i++) visited.push((p = nextTourPage(p, 7)));
  assert.deepEqual(visited, [1, 2, 3, 4, 5, 6, 7]);
  assert.equal(nextTourPage(p, 7), 1);
});

test('tour intervals come from the offered list', () => {
  assert.ok(TOUR_INTERVALS.includes(DEFAULT_TOUR_INTERVAL));
  assert.equal(parseTour('30'), 30);
  assert.equal(parseTour('7'), null);
  assert.equal(parseTour(''), null);
  assert.equal(parseTour(null), null);
  assert.equal(parseTour('off'), null);
});

test('the tour runs only with an interval, more than one page and no focused camera', () => {
  assert.equal(tourRuns(15, 7, false), true);
  assert.equal(tourRuns(null, 7, false), false);
  assert.equal(tourRuns(15, 1, false), false);
  assert.equal(tourRuns(15, 7, true), false);
});
