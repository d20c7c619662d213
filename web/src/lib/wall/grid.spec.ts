import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gridShape } from './grid.ts';
import { LAYOUTS } from './layout.ts';

test('on a 16:9 screen every layout is a k x k grid', () => {
  for (const n of LAYOUTS) {
    const k = Math.sqrt(n);
    const g = gridShape(n, 3840, 2160);
    assert.deepEqual([g.cols, g.rows], [k, k], `layout ${n}`);
    assert.equal(Math.round(g.tileWidth), 3840 / k);
    assert.equal(Math.round(g.tileHeight), 2160 / k);
  }
});

test('below a header the square grid still wins and tiles keep 16:9', () => {
  const g = gridShape(16, 1920, 1080 - 56, 16 / 9, 2);
  assert.deepEqual([g.cols, g.rows], [4, 4]);
  assert.ok(Math.abs(g.tileWidth / g.tileHeight - 16 / 9) < 1e-9);
  assert.ok(g.rows * g.tileHeight + 3 * 2 <= 1080 - 56 + 1e-9);
});

test('a phone in portrait stacks fewer, larger columns', () => {
  const g = gridShape(16, 390, 700);
  assert.equal(g.cols, 2);
  assert.equal(g.rows, 8);
  assert.ok(g.tileWidth > 390 / 4);
  assert.equal(gridShape(4, 390, 700).cols, 1);
  assert.equal(gridShape(1, 390, 700).cols, 1);
});

test('one tile fills the box at 16:9', () => {
  const g = gridShape(1, 1000, 1000);
  assert.deepEqual([g.cols, g.rows], [1, 1]);
  assert.equal(g.tileWidth, 1000);
  assert.equal(g.tileHeight, 562.5);
});

test('an empty box gives zero-size tiles, not NaN', () => {
  const g = gridShape(16, 0, 0);
  assert.equal(g.tileWidth, 0);
  assert.equal(g.tileHeight, 0);
  assert.ok(g.cols >= 1 && g.rows >= 1);
});

test('phones in portrait scroll a full-width grid', async () => {
  const { scrollGridShape, usesScrollGrid } = await import('./grid.ts');
  assert.equal(usesScrollGrid(390, 700), true);
  assert.equal(usesScrollGrid(1920, 1080), false);
  assert.equal(usesScrollGrid(800, 1200), false, 'a portrait tablet still fits the page on screen');
  assert.equal(usesScrollGrid(0, 0), false);
  const g = gridShape(16, 390, 700);
  assert.ok(g.cols >= 1);
  const s = scrollGridShape(16, 384, 16 / 9, 3);
  assert.deepEqual([s.cols, s.rows], [2, 8]);
  assert.equal(s.tileWidth, (384 - 3) / 2);
  assert.equal(scrollGridShape(4, 384).cols, 1);
  assert.equal(scrollGridShape(1, 384).tileWidth, 384);
});
