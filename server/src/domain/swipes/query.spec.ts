import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemorySwipeStore } from '../../adapters/memory/swipeStore.ts';
import { collectPage } from './query.ts';
import { swipeDraft as draft } from './testFixtures.ts';

async function store(n: number) {
  let t = Date.UTC(2026, 10, 23, 1, 0, 0);
  const s = new MemorySwipeStore(() => t++);
  await s.append(Array.from({ length: n }, (_, i) => draft(i)));
  return s;
}

test('pages run newest first and the cursor walks to the end without overlap', async () => {
  const s = await store(25);
  const seen: string[] = [];
  let before: string | undefined;
  for (let guard = 0; guard < 10; guard++) {
    const page = await s.page({ limit: 10, ...(before ? { before } : {}) });
    seen.push(...page.items.map((r) => r.swipeId));
    if (!page.nextBefore) break;
    before = page.nextBefore;
  }
  assert.deepEqual(
    seen,
    Array.from({ length: 25 }, (_, i) => `s-${24 - i}`),
  );
});

test('filters combine: terminal, card, flag, camera and the occurred-at window', async () => {
  const s = await store(30);
  const ids = async (q: Parameters<MemorySwipeStore['page']>[0]) => (await s.page(q)).items.map((r) => r.swipeId);
  assert.deepEqual(await ids({ limit: 3, terminalId: 't-odd' }), ['s-29', 's-27', 's-25']);
  assert.deepEqual(await ids({ limit: 3, cardHash: 'b'.repeat(32), flag: 'unmapped' }), ['s-24', 's-18', 's-12']);
  assert.deepEqual(await ids({ limit: 2, cameraId: 'cam-odd', to: '2026-11-23T01:00:10Z' }), ['s-9', 's-7']);
  assert.deepEqual(await ids({ limit: 50, from: '2026-11-23T01:00:03Z', to: '2026-11-23T01:00:05Z' }), [
    's-5',
    's-4',
    's-3',
  ]);
  assert.deepEqual(await ids({ limit: 5, terminalId: 't-none' }), []);
});

test('a page stops after its scan budget and hands a cursor that continues the walk', async () => {
  const s = await store(40);
  const older = async (before: string | null, count: number) => {
    const page = await s.page({ limit: count, ...(before ? { before } : {}) });
    return {
      records: page.items,
      scanned: page.items.length,
      lastScanned: page.items.at(-1)?.id ?? null,
      exhausted: page.nextBefore === null,
    };
  };
  const q = { limit: 5, terminalId: 't-none' };
  const first = await collectPage(q, older, 12);
  assert.deepEqual(first.items, []);
  assert.ok(first.nextBefore, 'not at the end yet');
  const rest = await collectPage({ ...q, before: first.nextBefore! }, older, 1000);
  assert.deepEqual(rest, { items: [], nextBefore: null });
});

test('the missed swipes of a camera come oldest first after the given id', async () => {
  const s = await store(10);
  const camOdd = (await s.page({ limit: 50, cameraId: 'cam-odd' })).items.reverse();
  const after = await s.after('cam-odd', camOdd[1]!.id, 100);
  assert.deepEqual(
    after.map((r) => r.swipeId),
    ['s-5', 's-7', 's-9'],
  );
  assert.deepEqual(await s.after('cam-odd', camOdd.at(-1)!.id, 100), []);
  assert.deepEqual(
    (await s.after('cam-odd', '0-0', 2)).map((r) => r.swipeId),
    ['s-7', 's-9'],
    'limited to the newest, oldest first',
  );
});

test('retention drops swipes received before the cut, from every index', async () => {
  const s = await store(10);
  const ids = (await s.page({ limit: 50 })).items.map((r) => r.id).reverse();
  const cutMs = Number(ids[4]!.split('-')[0]);
  assert.equal(await s.trimBefore(cutMs), 4);
  assert.equal((await s.page({ limit: 50 })).items.length, 6);
  assert.deepEqual(
    (await s.page({ limit: 50, cameraId: 'cam-odd' })).items.map((r) => r.swipeId),
    ['s-9', 's-7', 's-5'],
  );
});
