import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cardTravelled, haversineKm, type TravelPolicy } from './travel.ts';

const POLICY: TravelPolicy = { maxKmh: 60, minKm: 3, windowMs: 4 * 3600_000 };
const ANDINGMEN = { lat: 39.949, lon: 116.408 };
/** 0.1° of latitude due north: 11.12 km. */
const NORTH = { lat: 40.049, lon: 116.408 };
const T0 = Date.parse('2026-11-23T09:00:00+08:00');
const S = 1000;

test('haversine: known distances', () => {
  assert.equal(haversineKm(ANDINGMEN, ANDINGMEN), 0);
  assert.ok(Math.abs(haversineKm(ANDINGMEN, NORTH) - 11.1195) < 0.001, 'a tenth of a degree of latitude');
  const beijing = { lat: 39.9042, lon: 116.4074 };
  const shanghai = { lat: 31.2304, lon: 121.4737 };
  const km = haversineKm(beijing, shanghai);
  assert.ok(km > 1060 && km < 1075, `Beijing–Shanghai ${km.toFixed(1)} km`);
  assert.equal(haversineKm(beijing, shanghai), haversineKm(shanghai, beijing));
});

test('card_travel: just over the speed is flagged, just under is not, in either order of time', () => {
  const km = haversineKm(ANDINGMEN, NORTH);
  const atLimitMs = (km / POLICY.maxKmh) * 3600_000; // ~667 s at 60 km/h
  const from = { geo: ANDINGMEN, atMs: T0 };
  assert.equal(cardTravelled(from, { geo: NORTH, atMs: T0 + atLimitMs - S }, POLICY), true, 'faster than 60 km/h');
  assert.equal(cardTravelled(from, { geo: NORTH, atMs: T0 + atLimitMs + S }, POLICY), false, 'slower than 60 km/h');
  assert.equal(cardTravelled(from, { geo: NORTH, atMs: T0 - atLimitMs + S }, POLICY), true, 'an earlier swipe too');
  assert.equal(cardTravelled(from, { geo: NORTH, atMs: T0 }, POLICY), true, 'at the same moment');
});

test('card_travel: neighbours closer than the minimum distance are never flagged', () => {
  const near = (km: number) => ({ lat: ANDINGMEN.lat + km / 111.1951, lon: ANDINGMEN.lon });
  const from = { geo: ANDINGMEN, atMs: T0 };
  assert.equal(cardTravelled(from, { geo: near(2.99), atMs: T0 + 10 * S }, POLICY), false);
  assert.equal(cardTravelled(from, { geo: near(3.01), atMs: T0 + 10 * S }, POLICY), true);
  assert.equal(cardTravelled(from, { geo: ANDINGMEN, atMs: T0 }, POLICY), false, 'the same clinic');
});

test('card_travel: skipped without coordinates, without an earlier sighting, or outside the window', () => {
  assert.equal(cardTravelled(null, { geo: NORTH, atMs: T0 }, POLICY), false);
  assert.equal(cardTravelled({ geo: undefined, atMs: T0 }, { geo: NORTH, atMs: T0 }, POLICY), false);
  assert.equal(cardTravelled({ geo: ANDINGMEN, atMs: T0 }, { geo: undefined, atMs: T0 }, POLICY), false);
  const far = { lat: 31.2304, lon: 121.4737 }; // 1,070 km: too fast even in four hours
  const from = { geo: ANDINGMEN, atMs: T0 };
  assert.equal(cardTravelled(from, { geo: far, atMs: T0 + POLICY.windowMs }, POLICY), true);
  assert.equal(cardTravelled(from, { geo: far, atMs: T0 + POLICY.windowMs + 1 }, POLICY), false);
});
