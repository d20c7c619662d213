import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SwipePageDto } from '@clinicwall/contract';
import { readConfig, startServer, type RunningServer } from '../../src/index.ts';
import { RedisServer } from './helpers/redisServer.ts';
import { getJson, postSwipes, resumingWall, swipeEnv, until, wireSwipe } from './helpers/swipeStack.ts';
import { fetchAs } from './helpers/auth.ts';

let redis: RedisServer;
let server: RunningServer;
let dir: string;
let wall: ReturnType<typeof resumingWall> | undefined;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clinicwall-swipes-'));
  redis = await RedisServer.start();
  server = await startServer(readConfig(swipeEnv(dir, { REDIS_URL: redis.url })));
});
after(async () => {
  wall?.close();
  await server?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('an acknowledged swipe survives kill -9 of Redis; the live push and idempotency carry on', async () => {
  wall = resumingWall(server.url, 'cam-a');
  await until('subscribed', () => wall!.subscriptions() === 1);
  const swipe = wireSwipe({ swipeId: 'durable-1' });
  const res = await postSwipes(server.url, swipe);
  assert.equal(res.status, 201);
  const id = res.body.results[0]!.id;
  await until('pushed live', () => wall!.ids.includes(id));

  await redis.kill9(); // right after the 2xx: no shutdown, no final fsync
  const down = await postSwipes(server.url, wireSwipe({ swipeId: 'while-down' }));
  assert.equal(down.status, 503, 'Redis down: the sender is told to retry, not acknowledged');
  await redis.restart(); // replays the AOF

  await until(
    'the server reads Redis again',
    async () => (await fetchAs('operator', server.url, '/api/v1/swipes')).status === 200,
    10_000,
  );
  const page = (await getJson<SwipePageDto>(server.url, '/api/v1/swipes')).body;
  assert.deepEqual(
    page.items.map((r) => [r.id, r.swipeId]),
    [[id, 'durable-1']],
    'the acknowledged swipe is there, the refused one is not',
  );
  const replay = await postSwipes(server.url, swipe);
  assert.deepEqual(replay.body.results[0], { swipeId: 'durable-1', status: 'duplicate', id, flags: [] });

  const later = await postSwipes(server.url, wireSwipe({ swipeId: 'after-restart' }));
  assert.equal(later.status, 201);
  const laterId = later.body.results[0]!.id;
  await until('the feed reconnected and pushes again', () => wall!.ids.includes(laterId), 10_000);
  assert.deepEqual(wall.ids, [id, laterId]);
});
