import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SwipeIn } from '@clinicwall/contract';
import { totalMismatch } from '../../server/src/domain/swipes/flags.ts';
import { outsideHours } from '../../server/src/domain/swipes/openingHours.ts';
import { haversineKm } from '../../server/src/domain/swipes/travel.ts';
import { beijingTime, closedTime, demoTerminals, distantPair, firstIntegration, sampleSwipe } from './sample.ts';

function seeded(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

test('demo swipes pass the ingest schema, in CNY with Chinese item names', () => {
  const rnd = seeded(7);
  for (let i = 0; i < 200; i++) {
    const s = SwipeIn.parse(sampleSwipe(rnd, { terminalId: 't-01-1', clinicCode: 'H110101001' }));
    assert.equal(s.currency, 'CNY');
    assert.ok(s.items.every((it) => /\p{Script=Han}/u.test(it.name)));
    assert.equal(totalMismatch(s.items, s.total), false, 'totals add up unless asked otherwise');
  }
  const wrong = SwipeIn.parse(sampleSwipe(rnd, { terminalId: 't', clinicCode: 'H', wrongTotal: true }));
  assert.equal(totalMismatch(wrong.items, wrong.total), true);
});

test('swipe ids are unique and times are Beijing local with offset', () => {
  const rnd = seeded(1);
  const ids = new Set(
    Array.from({ length: 1000 }, () => sampleSwipe(rnd, { terminalId: 't', clinicCode: 'H' }).swipeId),
  );
  assert.equal(ids.size, 1000);
  assert.equal(beijingTime(Date.UTC(2026, 10, 23, 1, 30, 0)), '2026-11-23T09:30:00.000+08:00');
});

test('the demo terminals are the mapped ones among the demo cameras', () => {
  const t = demoTerminals(16);
  assert.ok(t.length >= 4);
  for (const { terminal, clinicCode } of t) {
    assert.ok(terminal.cameraId && Number(terminal.cameraId.slice(4)) <= 16, terminal.cameraId ?? 'null');
    assert.match(clinicCode, /^H\d+$/);
  }
});

test('the integration is read from SWIPE_INTEGRATIONS', () => {
  assert.deepEqual(firstIntegration('demo-his:' + 's'.repeat(40) + ',b:x'), { id: 'demo-his', secret: 's'.repeat(40) });
  assert.throws(() => firstIntegration(undefined), /SWIPE_INTEGRATIONS is not set/);
});

test('every demo clinic has a place in Beijing; the ones with opening hours close at night', () => {
  const all = demoTerminals(100);
  for (const { clinic } of all) {
    assert.ok(clinic.geo, `${clinic.id} has coordinates`);
    assert.ok(clinic.geo.lat > 39.4 && clinic.geo.lat < 41.1 && clinic.geo.lon > 115.4 && clinic.geo.lon < 117.6);
  }
  const night = Date.parse('2026-11-25T03:00:00+08:00');
  for (const { clinic } of all.filter((t) => t.clinic.hours))
    assert.equal(outsideHours(clinic.hours!, night, 0), true, `${clinic.id} is closed at 03:00`);
  assert.ok(
    all.some((t) => !t.clinic.hours),
    'some are open around the clock',
  );
});

test('the feeder’s patterns: a closed time, two distant clinics, a costly bill', () => {
  const rnd = seeded(3);
  const terminals = demoTerminals(16);
  const centre = terminals.find((t) => t.clinic.id === 'c-01')!.clinic;
  const noon = Date.parse('2026-11-25T12:00:00+08:00');
  const closed = closedTime(centre, noon)!;
  assert.ok(closed <= noon && outsideHours(centre.hours!, closed, 3600_000));
  assert.equal(closedTime({ ...centre, hours: undefined }, noon), null, 'open around the clock');
  const [a, b] = distantPair(terminals, rnd)!;
  assert.ok(haversineKm(a.clinic.geo!, b.clinic.geo!) >= 5);
  const costly = SwipeIn.parse(sampleSwipe(rnd, { terminalId: 't', clinicCode: 'H', costly: true }));
  assert.ok(costly.total >= 1000, `a costly bill (${costly.total})`);
  assert.equal(totalMismatch(costly.items, costly.total), false);
});
