import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RegistrySnapshot, SwipeRecord } from '@clinicwall/contract';
import { MemoryCardLog } from '../../adapters/memory/cardLog.ts';
import { MemoryCardSightings } from '../../adapters/memory/cardSightings.ts';
import { MemoryClinicTotals } from '../../adapters/memory/clinicTotals.ts';
import { MemoryRegistryStore } from '../../adapters/memory/registryStore.ts';
import { MemorySwipeStore } from '../../adapters/memory/swipeStore.ts';
import { Registry } from '../registry.ts';
import type { FlagPolicy } from './flags.ts';
import { SwipeIngest } from './ingest.ts';
import { swipeIn, swipeTestRegistry } from './testFixtures.ts';

const KEY = 'card-hash-key-for-tests-0123456789';
const POLICY: FlagPolicy = {
  multiCardWindowMs: 10 * 60_000,
  multiCardThreshold: 3,
  travel: { maxKmh: 60, minKm: 3, windowMs: 4 * 3600_000 },
  afterHoursGraceMs: 15 * 60_000,
  outlier: { factor: 5, deviations: 8, minSwipes: 30, window: 200 },
};

async function setup(now = () => Date.parse('2026-11-23T01:30:05Z'), snapshot: RegistrySnapshot = swipeTestRegistry()) {
  const registry = new Registry(new MemoryRegistryStore(snapshot));
  await registry.load();
  const store = new MemorySwipeStore(now);
  const fed: SwipeRecord[] = [];
  store.subscribe((rs) => fed.push(...rs));
  const ingest = new SwipeIngest({
    registry,
    store,
    cards: new MemoryCardLog(),
    sightings: new MemoryCardSightings(now),
    totals: new MemoryClinicTotals(),
    cardHashKey: KEY,
    policy: POLICY,
    now,
  });
  return { registry, store, ingest, fed };
}

async function all(store: MemorySwipeStore): Promise<SwipeRecord[]> {
  return (await store.page({ limit: 200 })).items;
}

test('a swipe is stored masked, routed to the camera of its terminal and fed live', async () => {
  const { ingest, store, fed } = await setup();
  const [res] = await ingest.ingest('his-1', [swipeIn({ swipeId: 'a-1' })]);
  assert.equal(res!.status, 'created');
  assert.deepEqual(res!.flags, []);
  const [rec] = await all(store);
  assert.equal(rec!.id, res!.id);
  assert.deepEqual(rec!.cameraIds, ['cam-a']);
  assert.equal(rec!.clinicId, 'c-1');
  assert.equal(rec!.cardLast4, '0123');
  assert.equal(rec!.holderNameMasked, '张*明');
  assert.equal(rec!.receivedAt, '2026-11-23T01:30:05.000Z');
  assert.ok(!JSON.stringify(rec).includes('6222021234567890123'), 'the full card number is not stored');
  assert.ok(!JSON.stringify(rec).includes('张三明'), 'the full name is not stored');
  assert.deepEqual(
    fed.map((r) => r.swipeId),
    ['a-1'],
  );
});

test('the same swipeId from the same integration is stored once and answers with the original', async () => {
  const { ingest, store, fed } = await setup();
  const [first] = await ingest.ingest('his-1', [swipeIn({ swipeId: 'dup-1', terminalId: 't-2' })]);
  const [again] = await ingest.ingest('his-1', [swipeIn({ swipeId: 'dup-1', terminalId: 't-2' })]);
  assert.deepEqual(again, { swipeId: 'dup-1', status: 'duplicate', id: first!.id, flags: first!.flags });
  const [other] = await ingest.ingest('his-2', [swipeIn({ swipeId: 'dup-1' })]);
  assert.equal(other!.status, 'created', 'another integration may use the same swipeId');
  assert.equal((await all(store)).length, 2);
  assert.equal(fed.length, 2, 'the duplicate is not pushed again');
});

test('a batch repeating a swipeId stores it once', async () => {
  const { ingest, store } = await setup();
  const res = await ingest.ingest('his-1', [swipeIn({ swipeId: 'x' }), swipeIn({ swipeId: 'x' })]);
  assert.deepEqual(
    res.map((r) => r.status),
    ['created', 'duplicate'],
  );
  assert.equal(res[0]!.id, res[1]!.id);
  assert.equal((await all(store)).length, 1);
});

test('unknown or unmapped terminals are kept and flagged unmapped; wrong clinic codes unknown_clinic', async () => {
  const { ingest, store } = await setup();
  const res = await ingest.ingest('his-1', [
    swipeIn({ terminalId: 't-2' }),
    swipeIn({ terminalId: 't-404', clinicCode: 'H002' }),
    swipeIn({ terminalId: 't-404', clinicCode: 'H999' }),
    swipeIn({ terminalId: 't-1', clinicCode: 'H002' }),
  ]);
  assert.deepEqual(
    res.map((r) => r.flags),
    [['unmapped'], ['unmapped'], ['unmapped', 'unknown_clinic'], ['unknown_clinic']],
  );
  const unmapped = (await store.page({ flag: 'unmapped', limit: 50 })).items;
  assert.equal(unmapped.length, 3);
  assert.deepEqual(
    unmapped.map((r) => [r.terminalId, r.clinicId, r.cameraIds]),
    [
      ['t-404', null, []],
      ['t-404', 'c-2', []],
      ['t-2', 'c-1', []],
    ],
  );
  const last = (await all(store))[0]!;
  assert.deepEqual(last.cameraIds, ['cam-a'], 'a wrong clinic code still routes by terminal');
});

test('the third different card at one terminal within the window is flagged multi_card', async () => {
  const { ingest } = await setup();
  const at = (min: number) => new Date(Date.parse('2026-11-23T01:00:00Z') + min * 60_000).toISOString();
  const card = (n: number) => `62220200000000${n}`;
  const res = await ingest.ingest('his-1', [
    swipeIn({ cardNumber: card(1), occurredAt: at(0) }),
    swipeIn({ cardNumber: card(2), occurredAt: at(2) }),
    swipeIn({ cardNumber: card(2), occurredAt: at(3) }),
    swipeIn({ cardNumber: card(3), occurredAt: at(4) }),
    swipeIn({ cardNumber: card(4), occurredAt: at(40) }),
    swipeIn({ cardNumber: card(5), occurredAt: at(5), terminalId: 't-3', clinicCode: 'H002' }),
  ]);
  assert.deepEqual(
    res.map((r) => r.flags.includes('multi_card')),
    [false, false, false, true, false, false],
  );
});

test('a total that is not the sum of the items is flagged total_mismatch', async () => {
  const { ingest } = await setup();
  const res = await ingest.ingest('his-1', [swipeIn({ total: 60 }), swipeIn({ total: 60.01 }), swipeIn({ total: 75 })]);
  assert.deepEqual(
    res.map((r) => r.flags),
    [[], [], ['total_mismatch']],
  );
});

test('a mapping edit routes the next swipes to the new camera', async () => {
  const { ingest, registry } = await setup();
  const [before] = await ingest.ingest('his-1', [swipeIn({ terminalId: 't-2' })]);
  assert.deepEqual(before!.flags, ['unmapped']);
  await registry.mapTerminal('t-2', 'cam-b');
  const [after] = await ingest.ingest('his-1', [swipeIn({ terminalId: 't-2' })]);
  assert.deepEqual(after!.flags, []);
});

/**
 * The test registry with places and hours: c-1 (Andingmen, Dongcheng) a community centre open
 * 08:00-17:30 on weekdays, c-2 (8 km west, Haidian) without hours; the swipes' day is a Monday.
 */
function placedRegistry(): RegistrySnapshot {
  const snap = swipeTestRegistry();
  const [c1, c2] = snap.clinics as [RegistrySnapshot['clinics'][number], RegistrySnapshot['clinics'][number]];
  const weekday = ['08:00-17:30'];
  c1.geo = { lat: 39.949, lon: 116.408 };
  c1.hours = { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: ['08:00-12:00'] };
  c2.geo = { lat: 39.96, lon: 116.31 };
  return snap;
}
const beijing = (hhmm: string) => `2026-11-23T${hhmm}:00+08:00`;

test('the same card at a clinic 8 km away a few minutes later is flagged card_travel', async () => {
  const { ingest } = await setup(undefined, placedRegistry());
  const [a, b, c, d] = await ingest.ingest('his-1', [
    swipeIn({ cardNumber: '6222020000000001', occurredAt: beijing('09:00') }),
    swipeIn({ cardNumber: '6222020000000001', occurredAt: beijing('09:04'), terminalId: 't-3', clinicCode: 'H002' }),
    swipeIn({ cardNumber: '6222020000000002', occurredAt: beijing('09:00') }),
    swipeIn({ cardNumber: '6222020000000002', occurredAt: beijing('09:30'), terminalId: 't-3', clinicCode: 'H002' }),
  ]);
  assert.deepEqual(a!.flags, []);
  assert.deepEqual(b!.flags, ['card_travel'], '8.4 km in 4 min: 126 km/h');
  assert.deepEqual(c!.flags, []);
  assert.deepEqual(d!.flags, [], '8.4 km in 30 min: 17 km/h');
  const [again] = await ingest.ingest('his-1', [
    swipeIn({ cardNumber: '6222020000000001', occurredAt: beijing('09:06') }),
  ]);
  assert.deepEqual(again!.flags, ['card_travel'], 'and back again');
  const [same] = await ingest.ingest('his-1', [
    swipeIn({ cardNumber: '6222020000000001', occurredAt: beijing('09:07') }),
  ]);
  assert.deepEqual(same!.flags, [], 'the same clinic again');
});

test('card_travel is skipped for clinics without coordinates and swipes of no known clinic', async () => {
  const snap = placedRegistry();
  delete snap.clinics[1]!.geo;
  const { ingest } = await setup(undefined, snap);
  const res = await ingest.ingest('his-1', [
    swipeIn({ cardNumber: '6222020000000003', occurredAt: beijing('09:00') }),
    swipeIn({ cardNumber: '6222020000000003', occurredAt: beijing('09:01'), terminalId: 't-3', clinicCode: 'H002' }),
    swipeIn({ cardNumber: '6222020000000003', occurredAt: beijing('09:02'), terminalId: 't-9', clinicCode: 'H999' }),
  ]);
  assert.deepEqual(
    res.map((r) => r.flags),
    [[], [], ['unmapped', 'unknown_clinic']],
  );
});

test('a swipe outside the clinic’s opening hours (China time, with the grace) is flagged after_hours', async () => {
  const { ingest } = await setup(undefined, placedRegistry());
  const res = await ingest.ingest('his-1', [
    swipeIn({ occurredAt: beijing('07:40') }),
    swipeIn({ occurredAt: beijing('07:50') }),
    swipeIn({ occurredAt: '2026-11-23T09:40:00Z' }), // 17:40 in Beijing
    swipeIn({ occurredAt: '2026-11-23T09:50:00Z' }),
    swipeIn({ occurredAt: beijing('03:00'), terminalId: 't-3', clinicCode: 'H002' }),
  ]);
  assert.deepEqual(
    res.map((r) => r.flags),
    [['after_hours'], [], [], ['after_hours'], []],
  );
});

test('a total far above the clinic’s usual is flagged amount_outlier, once the clinic has 30 swipes', async () => {
  const { ingest } = await setup(undefined, placedRegistry());
  const item = (total: number) => ({ total, items: [{ code: 'A', name: '换药', quantity: 1, unitPrice: total }] });
  const usual = (n: number) => Array.from({ length: n }, (_, i) => swipeIn(item(i % 2 ? 55 : 65)));
  await ingest.ingest('his-1', usual(29));
  const [early] = await ingest.ingest('his-1', [swipeIn(item(5000))]);
  assert.deepEqual(early!.flags, [], 'the 30th swipe: still warming up');
  // Usual: median ¥65, so the bar is 5 × ¥65 = ¥325 (above ¥65 + 8 × the spread).
  const res = await ingest.ingest('his-1', [swipeIn(item(325)), swipeIn(item(325.01)), swipeIn(item(2000))]);
  assert.deepEqual(
    res.map((r) => r.flags),
    [[], ['amount_outlier'], ['amount_outlier']],
  );
  const [other] = await ingest.ingest('his-1', [
    swipeIn({ ...item(2000), terminalId: 't-3', clinicCode: 'H002', cardNumber: '6222020000000009' }),
  ]);
  assert.deepEqual(other!.flags, [], 'another clinic has its own usual');
});
