import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { RedisCardLog } from '../../src/adapters/redis/cardLog.ts';
import { RedisSwipeFeed } from '../../src/adapters/redis/swipeFeed.ts';
import { RedisSwipeStore } from '../../src/adapters/redis/swipeStore.ts';
import { swipeStoreContract } from '../../src/domain/swipes/swipeStoreContract.ts';
import { swipeDraft } from '../../src/domain/swipes/testFixtures.ts';
import type { SwipeRecord } from '@clinicwall/contract';
import { RedisServer } from './helpers/redisServer.ts';
import { until } from './helpers/swipeStack.ts';

// The Redis implementations of the swipe ports, against a real redis-server.
let redis: RedisServer;
let client: Redis;
const DAY = 24 * 3600_000;

before(async () => {
  redis = await RedisServer.start();
  client = redis.client();
});
after(async () => {
  client?.disconnect();
  await redis?.stop();
});
beforeEach(async () => {
  await client.flushall();
});

swipeStoreContract('redis swipe store', async () => new RedisSwipeStore(client, 180 * DAY));

test('append is idempotent per integration and swipeId, also inside one pipeline', async () => {
  const store = new RedisSwipeStore(client, 180 * DAY);
  const a = swipeDraft(1);
  const res = await store.append([a, a, { ...a, integrationId: 'his-2' }]);
  assert.deepEqual(
    res.map((r) => r.status),
    ['created', 'duplicate', 'created'],
  );
  assert.equal(res[1]!.id, res[0]!.id);
  assert.deepEqual(res[1]!.flags, a.flags);
  assert.equal(await client.xlen('cw:swipes'), 2);
  assert.equal(await client.xlen('cw:swipes:ix:cam:cam-odd'), 2);
  assert.ok((await client.pttl('cw:swipes:once:his-2:s-1')) > 0, 'one idempotency key per integration');
  assert.ok((await client.pttl(`cw:swipes:once:${a.integrationId}:s-1`)) > 179 * DAY, 'kept for the retention');
});

test('appends of one turn share a round trip: ids in call order, a repeat stored once, one failure fails its caller only', async () => {
  const store = new RedisSwipeStore(client, 180 * DAY);
  // A key of the wrong type under one camera's index makes that swipe's script fail in Redis.
  await client.set('cw:swipes:ix:cam:cam-broken', 'not a stream');
  const [first, retry, broken, last] = await Promise.allSettled([
    store.append([swipeDraft(1), swipeDraft(3)]),
    store.append([swipeDraft(1)]),
    store.append([swipeDraft(5, { cameraIds: ['cam-broken'] })]),
    store.append([swipeDraft(7)]),
  ]);
  assert.equal(broken.status, 'rejected');
  assert.match(String((broken as PromiseRejectedResult).reason), /WRONGTYPE/);
  const ok = <T>(r: PromiseSettledResult<T>): T => (r as PromiseFulfilledResult<T>).value;
  const [s1, s3] = ok(first);
  assert.deepEqual([s1!.status, s3!.status, ok(last)[0]!.status], ['created', 'created', 'created']);
  assert.deepEqual(ok(retry), [{ ...s1, status: 'duplicate' }], 'the repeat gets the original');
  const stored = (await client.xrange('cw:swipes', '-', '+')).map(([id]) => id);
  assert.deepEqual(stored, [s1!.id, s3!.id, ok(last)[0]!.id], 'stored once each, in call order; not the failed one');
});

test('resume reads the camera index: the newest N after an id, oldest first', async () => {
  const store = new RedisSwipeStore(client, 180 * DAY);
  const res = await store.append(Array.from({ length: 10 }, (_, i) => swipeDraft(i)));
  const odd = res.filter((_, i) => i % 2).map((r) => r.id);
  assert.deepEqual(
    (await store.after('cam-odd', odd[1]!, 100)).map((r) => r.id),
    odd.slice(2),
  );
  assert.deepEqual(
    (await store.after('cam-odd', '0-0', 2)).map((r) => r.swipeId),
    ['s-7', 's-9'],
  );
  assert.deepEqual(await store.after('cam-none', '0-0', 5), []);
});

test('pages use the indexes and the cursor, newest first', async () => {
  const store = new RedisSwipeStore(client, 180 * DAY);
  await store.append(Array.from({ length: 30 }, (_, i) => swipeDraft(i)));
  const ids = async (q: Parameters<RedisSwipeStore['page']>[0]) => (await store.page(q)).items.map((r) => r.swipeId);
  assert.deepEqual(await ids({ limit: 3, terminalId: 't-odd' }), ['s-29', 's-27', 's-25']);
  assert.deepEqual(await ids({ limit: 3, cardHash: 'b'.repeat(32), flag: 'unmapped' }), ['s-24', 's-18', 's-12']);
  const first = await store.page({ limit: 4, flag: 'unmapped' });
  assert.deepEqual(
    first.items.map((r) => r.swipeId),
    ['s-28', 's-26', 's-24', 's-22'],
  );
  assert.deepEqual(await ids({ limit: 2, flag: 'unmapped', before: first.nextBefore! }), ['s-20', 's-18']);
  const all = await store.page({ limit: 200 });
  assert.equal(all.items.length, 30);
  assert.equal(all.nextBefore, null);
});

test('retention: XTRIM by time drops old swipes; their index entries are skipped', async () => {
  const store = new RedisSwipeStore(client, 180 * DAY);
  const res = await store.append(Array.from({ length: 6 }, (_, i) => swipeDraft(i)));
  await new Promise((r) => setTimeout(r, 5));
  const cut = Number(res[5]!.id.split('-')[0]) + 1;
  const later = await store.append([swipeDraft(7)]);
  assert.equal(await store.trimBefore(cut), 6);
  assert.deepEqual(
    (await store.page({ limit: 50 })).items.map((r) => r.id),
    [later[0]!.id],
  );
  assert.deepEqual(
    (await store.after('cam-odd', '0-0', 50)).map((r) => r.swipeId),
    ['s-7'],
    'index entries of trimmed swipes point nowhere and are skipped',
  );
});

test('the card log counts distinct cards per terminal within the window', async () => {
  const log = new RedisCardLog(client);
  const t = Date.UTC(2026, 10, 23, 1, 0, 0);
  const counts = await log.observe(
    [
      { terminalId: 't-1', cardHash: 'a', atMs: t },
      { terminalId: 't-1', cardHash: 'b', atMs: t + 60_000 },
      { terminalId: 't-1', cardHash: 'a', atMs: t + 120_000 },
      { terminalId: 't-2', cardHash: 'c', atMs: t + 120_000 },
      { terminalId: 't-1', cardHash: 'c', atMs: t + 180_000 },
      { terminalId: 't-1', cardHash: 'd', atMs: t + 3600_000 },
    ],
    10 * 60_000,
  );
  assert.deepEqual(counts, [1, 2, 2, 1, 3, 1]);
});

test('the feed tails the stream in order, from after what existed when it started', async () => {
  const store = new RedisSwipeStore(client, 180 * DAY);
  await store.append([swipeDraft(1)]);
  const feed = new RedisSwipeFeed(redis.client());
  const got: SwipeRecord[] = [];
  feed.subscribe((rs) => got.push(...rs));
  await feed.start();
  const res = await store.append([swipeDraft(3), swipeDraft(5)]);
  await store.append([swipeDraft(7)]);
  await until('fed', () => got.length === 3);
  assert.deepEqual(
    got.map((r) => r.swipeId),
    ['s-3', 's-5', 's-7'],
  );
  assert.equal(got[0]!.id, res[0]!.id);
  await feed.close();
});
