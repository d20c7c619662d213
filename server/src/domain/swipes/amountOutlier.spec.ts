import { test } from 'node:test';
import assert from 'node:assert/strict';
import { amountOutlier, median, typicalTotal, type OutlierPolicy } from './amountOutlier.ts';

const POLICY: OutlierPolicy = { factor: 5, deviations: 8, minSwipes: 30, window: 200 };
/** 30 totals around ¥100: median 10000 cents, every one 1000 from it (MAD 1000). */
const USUAL = Array.from({ length: 30 }, (_, i) => (i % 2 ? 9000 : 11000));

test('median and scaled MAD', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
  const { typical, deviation } = typicalTotal(USUAL);
  assert.equal(typical, 10000);
  assert.ok(Math.abs(deviation - 1482.6) < 1e-9);
  assert.equal(typicalTotal([10, 10, 10, 1_000_000]).typical, 10, 'one huge total does not move the median');
});

test('amount_outlier: above factor × typical when that is the higher bar', () => {
  // 5 × 10000 = 50000 > 10000 + 8 × 1482.6
  assert.equal(amountOutlier(50_000, USUAL, POLICY), false);
  assert.equal(amountOutlier(50_001, USUAL, POLICY), true);
});

test('amount_outlier: above typical + deviations × spread when that is the higher bar', () => {
  const policy = { ...POLICY, factor: 1.5 }; // 15000 < 10000 + 8 × 1482.6 = 21860.8
  assert.equal(amountOutlier(21_860, USUAL, policy), false);
  assert.equal(amountOutlier(21_861, USUAL, policy), true);
});

test('amount_outlier: a clinic warming up is never flagged', () => {
  assert.equal(amountOutlier(10_000_000, USUAL.slice(0, 29), POLICY), false, '29 earlier swipes');
  assert.equal(amountOutlier(10_000_000, USUAL, POLICY), true, '30 earlier swipes');
  assert.equal(amountOutlier(10_000_000, [], { ...POLICY, minSwipes: 0 }), false, 'none at all');
});

test('amount_outlier: only the newest window counts; identical totals leave the factor as the bar', () => {
  const recent = [...Array.from({ length: 30 }, () => 100_000), ...Array.from({ length: 100 }, () => 1000)];
  assert.equal(amountOutlier(60_000, recent, { ...POLICY, window: 30 }), false, 'usual is ¥1000 lately');
  assert.equal(amountOutlier(60_000, recent, POLICY), true, 'usual is ¥10 over the last 130');
  const flat = Array.from({ length: 40 }, () => 1000);
  assert.equal(amountOutlier(5000, flat, POLICY), false);
  assert.equal(amountOutlier(5001, flat, POLICY), true);
});
