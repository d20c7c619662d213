import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SwipeIn } from '@clinicwall/contract';
import { totalMismatch } from '../../server/src/domain/swipes/flags.ts';
import { beijingTime, demoTerminals, firstIntegration, sampleSwipe } from './sample.ts';

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
