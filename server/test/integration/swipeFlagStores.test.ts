import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisCardSightings } from '../../src/adapters/redis/cardSightings.ts';
import { RedisClinicTotals } from '../../src/adapters/redis/clinicTotals.ts';
import { flagStoresContract } from '../../src/domain/swipes/flagStoresContract.ts';
import { redisPerFile } from './helpers/redisServer.ts';

// The Redis stores behind the card_travel and amount_outlier flags, against a real redis-server.
const redis = redisPerFile();

flagStoresContract('redis flag stores', async () => ({
  sightings: new RedisCardSightings(redis.client),
  totals: new RedisClinicTotals(redis.client),
}));

test('a card’s last sighting is one key with a TTL of keepMs; an expired one is forgotten', async () => {
  const sightings = new RedisCardSightings(redis.client);
  const hash = 'd'.repeat(32);
  await sightings.observe([{ cardHash: hash, clinicId: 'c-7', atMs: 1_764_000_000_000 }], 4 * 3600_000);
  assert.equal(await redis.client.get(`cw:cardseen:${hash}`), '1764000000000|c-7');
  const ttl = await redis.client.pttl(`cw:cardseen:${hash}`);
  assert.ok(ttl > 4 * 3600_000 - 5000 && ttl <= 4 * 3600_000, `ttl ${ttl}`);
  await sightings.observe([{ cardHash: 'e'.repeat(32), clinicId: 'c-7', atMs: 1 }], 50);
  await new Promise((r) => setTimeout(r, 120));
  assert.deepEqual(await sightings.observe([{ cardHash: 'e'.repeat(32), clinicId: 'c-8', atMs: 2 }], 50), [null]);
});

test('a clinic’s totals are a capped list that expires months after its last swipe', async () => {
  const totals = new RedisClinicTotals(redis.client);
  await totals.observe(
    Array.from({ length: 12 }, (_, i) => ({ clinicId: 'c-9', cents: (i + 1) * 100 })),
    10,
  );
  assert.deepEqual(
    (await redis.client.lrange('cw:clinictotals:c-9', 0, -1)).map(Number),
    [1200, 1100, 1000, 900, 800, 700, 600, 500, 400, 300],
  );
  assert.ok((await redis.client.pttl('cw:clinictotals:c-9')) > 89 * 24 * 3600_000);
});

test('the stores survive a Redis restart (AOF)', async () => {
  const sightings = new RedisCardSightings(redis.client);
  const totals = new RedisClinicTotals(redis.client);
  await sightings.observe([{ cardHash: 'f'.repeat(32), clinicId: 'c-1', atMs: 1000 }], 3600_000);
  await totals.observe([{ clinicId: 'c-1', cents: 4200 }], 10);
  await redis.server.restart();
  await redis.client.ping();
  assert.deepEqual(await sightings.observe([{ cardHash: 'f'.repeat(32), clinicId: 'c-2', atMs: 2000 }], 3600_000), [
    { clinicId: 'c-1', atMs: 1000 },
  ]);
  assert.deepEqual(await totals.observe([{ clinicId: 'c-1', cents: 10 }], 10), [[4200]]);
});
