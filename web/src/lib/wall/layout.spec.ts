import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  LAYOUTS,
  clampPage,
  isLayout,
  pageAfterLayoutChange,
  pageCount,
  pageOfIndex,
  pageSlice,
  parseLayout,
} from './layout.ts';

test('layouts are the square sizes the wall offers', () => {
  assert.deepEqual([...LAYOUTS], [1, 4, 9, 16, 25, 36, 64, 100]);
  for (const n of LAYOUTS) assert.equal(Math.sqrt(n) % 1, 0);
  assert.equal(isLayout(16), true);
  assert.equal(isLayout(12), false);
});

test('parseLayout accepts only offered layouts', () => {
  assert.equal(parseLayout('25'), 25);
  assert.equal(parseLayout('1'), 1);
  assert.equal(parseLayout('12'), 16);
  assert.equal(parseLayout('abc'), 16);
  assert.equal(parseLayout(''), 16);
  assert.equal(parseLayout(null), 16);
  assert.equal(parseLayout('16.0'), 16);
});

test('page count over the camera list', () => {
  assert.equal(pageCount(101, 16), 7);
  assert.equal(pageCount(100, 100), 1);
  assert.equal(pageCount(101, 100), 2);
  assert.equal(pageCount(16, 16), 1);
  assert.equal(pageCount(17, 16), 2);
  assert.equal(pageCount(0, 16), 1, 'an empty wall still has a page');
  assert.equal(pageCount(5, 1), 5);
});

test('clampPage keeps the page in range', () => {
  assert.equal(clampPage(0, 7), 1);
  assert.equal(clampPage(-3, 7), 1);
  assert.equal(clampPage(8, 7), 7);
  assert.equal(clampPage(3, 7), 3);
  assert.equal(clampPage(2.7, 7), 2);
  assert.equal(clampPage(Number.NaN, 7), 1);
  assert.equal(clampPage(5, 0), 1);
});

test('pageSlice returns the cameras of a page; the last page is partial', () => {
  const items = Array.from({ length: 101 }, (_, i) => i);
  assert.deepEqual(pageSlice(items, 16, 1), items.slice(0, 16));
  assert.deepEqual(pageSlice(items, 16, 2), items.slice(16, 32));
  assert.deepEqual(pageSlice(items, 16, 7), [96, 97, 98, 99, 100]);
  assert.deepEqual(pageSlice(items, 16, 99), [96, 97, 98, 99, 100], 'out of range clamps to the last page');
  assert.deepEqual(pageSlice(items, 100, 2), [100]);
  assert.deepEqual(pageSlice([], 16, 1), []);
});

test('every camera appears on exactly one page', () => {
  const items = Array.from({ length: 101 }, (_, i) => i);
  for (const layout of LAYOUTS) {
    const seen: number[] = [];
    for (let p = 1; p <= pageCount(items.length, layout); p++) seen.push(...pageSlice(items, layout, p));
    assert.deepEqual(seen, items, `layout ${layout}`);
  }
});

test('switching layout keeps the first camera of the page in view', () => {
  assert.equal(pageOfIndex(0, 16), 1);
  assert.equal(pageOfIndex(16, 16), 2);
  assert.equal(pageOfIndex(15, 16), 1);
  assert.equal(pageAfterLayoutChange(3, 16, 4), 9, 'camera 32 is on page 9 of a 4-tile wall');
  assert.equal(pageAfterLayoutChange(9, 4, 16), 3);
  assert.equal(pageAfterLayoutChange(2, 16, 100), 1);
  assert.equal(pageAfterLayoutChange(1, 100, 1), 1);
});
