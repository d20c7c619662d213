import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SwipeRecord } from '@clinicwall/contract';
import { MemoryCardLog } from '../../adapters/memory/cardLog.ts';
import { MemoryRegistryStore } from '../../adapters/memory/registryStore.ts';
import { MemorySwipeStore } from '../../adapters/memory/swipeStore.ts';
import { Registry } from '../registry.ts';
import { SwipeIngest } from './ingest.ts';
import { swipeIn, swipeTestRegistry } from './testFixtures.ts';

const KEY = 'card-hash-key-for-tests-0123456789';

async function setup(now = () => Date.parse('2026-11-23T01:30:05Z')) {
  const registry = new Registry(new MemoryRegistryStore(swipeTestRegistry()));
  await registry.load();
  const store = new MemorySwipeStore(now);
  const fed: SwipeRecord[] = [];
  store.subscribe((rs) => fed.push(...rs));
  const ingest = new SwipeIngest({
    registry,
    store,
    cards: new MemoryCardLog(),
    cardHashKey: KEY,
    policy: { multiCardWindowMs: 10 * 60_000, multiCardThreshold: 3 },
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
