import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWallQuery, wallSearch } from './query.ts';

test('parses a bookmarked wall view', () => {
  assert.deepEqual(parseWallQuery(new URLSearchParams('layout=16&page=2')), { layout: 16, page: 2, tour: null });
  assert.deepEqual(parseWallQuery(new URLSearchParams('layout=100&page=1&tour=30')), {
    layout: 100,
    page: 1,
    tour: 30,
  });
  assert.deepEqual(parseWallQuery(new URLSearchParams('')), { layout: 16, page: 1, tour: null });
  assert.deepEqual(parseWallQuery(new URLSearchParams('layout=7&page=-2&tour=9')), { layout: 16, page: 1, tour: null });
  assert.deepEqual(parseWallQuery(new URLSearchParams('page=1.5')), { layout: 16, page: 1, tour: null });
});

test('writes the view back, keeping other parameters', () => {
  assert.equal(wallSearch({ layout: 16, page: 2, tour: null }), '?layout=16&page=2');
  assert.equal(
    wallSearch({ layout: 9, page: 1, tour: 15 }, new URLSearchParams('lang=en&tour=30')),
    '?lang=en&tour=15&layout=9&page=1',
  );
  assert.equal(wallSearch({ layout: 9, page: 1, tour: null }, new URLSearchParams('tour=30')), '?layout=9&page=1');
});

test('round trip', () => {
  const q = { layout: 36 as const, page: 3, tour: 60 as const };
  assert.deepEqual(parseWallQuery(new URLSearchParams(wallSearch(q).slice(1))), q);
});
