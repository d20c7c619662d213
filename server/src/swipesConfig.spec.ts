import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readConfig } from './config.ts';

const base = { MEDIASOUP_WORKER_BIN: '/bin/true' };

test('swipe flag thresholds: defaults, overrides, and a bad value stops the start', () => {
  assert.deepEqual(readConfig(base).swipes.flags, {
    multiCardWindowMs: 10 * 60_000,
    multiCardThreshold: 3,
    travel: { maxKmh: 60, minKm: 3, windowMs: 240 * 60_000 },
    afterHoursGraceMs: 15 * 60_000,
    outlier: { factor: 5, deviations: 8, minSwipes: 30, window: 200 },
  });
  const set = readConfig({
    ...base,
    CARD_TRAVEL_MAX_KMH: '80',
    CARD_TRAVEL_MIN_KM: '0.5',
    CARD_TRAVEL_WINDOW_MIN: '60',
    AFTER_HOURS_GRACE_MIN: '0',
    AMOUNT_OUTLIER_FACTOR: '3.5',
    AMOUNT_OUTLIER_DEVIATIONS: '6',
    AMOUNT_OUTLIER_MIN_SWIPES: '50',
    AMOUNT_OUTLIER_WINDOW: '500',
  }).swipes.flags;
  assert.deepEqual(set.travel, { maxKmh: 80, minKm: 0.5, windowMs: 3600_000 });
  assert.equal(set.afterHoursGraceMs, 0);
  assert.deepEqual(set.outlier, { factor: 3.5, deviations: 6, minSwipes: 50, window: 500 });
  assert.throws(() => readConfig({ ...base, CARD_TRAVEL_MAX_KMH: '0' }), /CARD_TRAVEL_MAX_KMH/);
  assert.throws(() => readConfig({ ...base, AMOUNT_OUTLIER_WINDOW: 'many' }), /AMOUNT_OUTLIER_WINDOW/);
});
