import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareEventIds, START_CURSOR, type SwipeRecord } from '@clinicwall/contract';
import { readConfig, startServer, type RunningServer } from '../../src/index.ts';
import { RedisServer } from './helpers/redisServer.ts';
import {
  connectWall,
  postSwipes,
  resetRedis,
  resumingWall,
  strictlyIncreasing,
  subscribe,
  swipeEnv,
  until,
  wireSwipe,
  type Client,
} from './helpers/swipeStack.ts';

let redis: RedisServer;
let server: RunningServer;
let dir: string;
const sockets: Client[] = [];

const env = (over: Record<string, string> = {}) => swipeEnv(dir, { REDIS_URL: redis.url, ...over });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clinicwall-swipes-'));
  redis = await RedisServer.start();
  server = await startServer(readConfig(env()));
});
after(async () => {
  for (const s of sockets) s.close();
  await server?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await resetRedis(redis);
  await new Promise((r) => setTimeout(r, 100));
});

async function wall() {
  const w = await connectWall(server.url);
  sockets.push(w.socket);
  return w;
}

async function post(n: number, over: Parameters<typeof wireSwipe>[0] = {}): Promise<string[]> {
  const res = await postSwipes(server.url, { swipes: Array.from({ length: n }, () => wireSwipe(over)) });
  assert.equal(res.status, 201, res.text);
  return res.body.results.map((r) => r.id);
}

test('subscribing to an unknown camera is not_found, a malformed request invalid_argument', async () => {
  const { socket } = await wall();
  assert.deepEqual(await subscribe(socket, [{ cameraId: 'cam-zz', lastId: null }]), {
    ok: false,
    error: { code: 'not_found', message: 'camera cam-zz does not exist' },
  });
  const bad = await subscribe(socket, [{ cameraId: 'cam-a', lastId: 'yesterday' }]);
  assert.equal(bad.ok, false);
  if (!bad.ok) {
    assert.equal(bad.error.code, 'invalid_argument');
    assert.deepEqual(bad.error.fields, { 'cameras.0.lastId': 'an event id like 1732345678901-0' });
  }
});

test('live swipes reach the walls of their camera only; after a reconnect the missed ones come in order', async () => {
  const a = await wall();
  const c = await wall();
  assert.deepEqual(await subscribe(a.socket, [{ cameraId: 'cam-a', lastId: null }]), {
    ok: true,
    data: { missed: [], cursors: { 'cam-a': START_CURSOR } },
  });
  await subscribe(c.socket, [{ cameraId: 'cam-c', lastId: null }]);
  const first = await post(3);
  await until('3 live swipes', () => a.got.length === 3);
  assert.deepEqual(
    a.got.map((r) => r.id),
    first,
  );
  assert.equal(c.got.length, 0, 'a wall showing another camera gets nothing');

  a.socket.disconnect();
  const whileAway = await post(4);
  await post(2, { terminalId: 't-3', clinicCode: 'H002' });
  await until('cam-c wall got its 2', () => c.got.length === 2);

  const b = await wall();
  const res = await subscribe(b.socket, [{ cameraId: 'cam-a', lastId: first.at(-1)! }]);
  assert.ok(res.ok);
  assert.deepEqual(
    res.data.missed.map((r) => r.id),
    whileAway,
    'exactly the missed ones, oldest first',
  );
  const live = await post(1);
  await until('live after resume', () => b.got.length === 1);
  assert.deepEqual(
    b.got.map((r) => r.id),
    live,
  );
  const seen = [...first, ...res.data.missed.map((r) => r.id), ...b.got.map((r) => r.id)];
  assert.ok(strictlyIncreasing(seen));
});

test('the ack gives a cursor for a camera without swipes: a resume from it gets the swipe posted meanwhile, once', async () => {
  const w = await wall();
  const [onC] = await post(1, { terminalId: 't-3', clinicCode: 'H002' });
  const res = await subscribe(w.socket, [
    { cameraId: 'cam-a', lastId: null },
    { cameraId: 'cam-c', lastId: null },
  ]);
  assert.ok(res.ok);
  assert.deepEqual(res.data, { missed: [], cursors: { 'cam-a': START_CURSOR, 'cam-c': onC } });

  w.socket.disconnect();
  const [whileAway] = await post(1);
  w.socket.connect();
  await until('reconnected', () => w.socket.connected);
  const again = await subscribe(
    w.socket,
    Object.entries(res.data.cursors).map(([cameraId, lastId]) => ({ cameraId, lastId: lastId ?? null })),
  );
  assert.ok(again.ok);
  assert.deepEqual(
    again.data.missed.map((r) => r.id),
    [whileAway],
    'the swipe posted while away, once; nothing from before the cursor',
  );
  assert.deepEqual(again.data.cursors, { 'cam-a': whileAway, 'cam-c': onC });
  const live = await post(1);
  await until('the live one', () => w.got.length === 1);
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(
    w.got.map((r) => r.id),
    live,
    'live: only what followed, the resumed swipe not again',
  );
});

test('subscribing while swipes arrive: every swipe after the cursor comes live once, none before it', async () => {
  let posting = true;
  const posted: string[] = [];
  const poster = (async () => {
    while (posting) posted.push(...(await post(5)));
  })();
  await until('posting', () => posted.length >= 10);
  const w = await wall();
  const res = await subscribe(w.socket, [{ cameraId: 'cam-a', lastId: null }]);
  assert.ok(res.ok);
  const cursor = res.data.cursors['cam-a']!;
  await until('more posted after the subscribe', () => posted.length >= 40);
  posting = false;
  await poster;
  const expected = posted.filter((id) => compareEventIds(id, cursor) > 0);
  await until('every swipe after the cursor', () => w.got.length >= expected.length);
  await new Promise((r) => setTimeout(r, 200));
  assert.ok(posted.includes(cursor), 'the cursor is a swipe posted before the answer');
  assert.deepEqual(
    w.got.map((r: SwipeRecord) => r.id),
    expected,
  );
});

test('subscribing twice, or to the camera of a swipe twice, still delivers each swipe once', async () => {
  const w = await wall();
  await subscribe(w.socket, [{ cameraId: 'cam-a', lastId: null }]);
  await subscribe(w.socket, [
    { cameraId: 'cam-a', lastId: null },
    { cameraId: 'cam-b', lastId: null },
  ]);
  const ids = await post(5);
  await until('5 swipes', () => w.got.length >= 5);
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(
    w.got.map((r) => r.id),
    ids,
  );
  const res = await new Promise<unknown>((resolve) =>
    w.socket.emit('swipes:unsubscribe', { cameraIds: ['cam-a'] }, resolve),
  );
  assert.deepEqual(res, { ok: true, data: {} });
  await post(2);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(w.got.length, 5, 'nothing after unsubscribing');
});

test('a resume while swipes keep arriving misses none and repeats none', async () => {
  const before = await post(20);
  const lastSeen = before[9]!;
  let posting = true;
  const postedDuring: string[] = [];
  const poster = (async () => {
    while (posting) postedDuring.push(...(await post(10)));
  })();
  await new Promise((r) => setTimeout(r, 150));
  const w = await wall();
  const res = await subscribe(w.socket, [{ cameraId: 'cam-a', lastId: lastSeen }]);
  assert.ok(res.ok);
  await new Promise((r) => setTimeout(r, 400));
  posting = false;
  await poster;
  const expected = [...before.slice(10), ...postedDuring];
  await until('every swipe after lastSeen', () => res.data.missed.length + w.got.length >= expected.length);
  await new Promise((r) => setTimeout(r, 200));
  const got = [...res.data.missed.map((r) => r.id), ...w.got.map((r) => r.id)];
  assert.ok(postedDuring.length >= 20, `posted ${postedDuring.length} while resuming`);
  assert.deepEqual(got, expected);
});

test('a server restart mid-stream: the wall reconnects and resumes without loss or duplicates', async () => {
  const port = new URL(server.url).port;
  const w = resumingWall(server.url, 'cam-a');
  sockets.push(w.socket);
  await until('subscribed', () => w.subscriptions() === 1);
  const acked: string[] = [];
  let posting = true;
  // An integration: sends a batch until it is acknowledged (a retry after a cut answer is a duplicate).
  const poster = (async () => {
    while (posting) {
      const batch = { swipes: [wireSwipe(), wireSwipe()] };
      for (;;) {
        try {
          const res = await postSwipes(server.url, batch);
          if (res.status === 201 || res.status === 200) {
            acked.push(...res.body.results.map((r) => r.id));
            break;
          }
        } catch {
          // server down
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  })();
  await until('some live swipes', () => w.ids.length >= 6);
  await server.close();
  server = await startServer(readConfig(env({ PORT: port })));
  await until('resubscribed after the restart', () => w.subscriptions() === 2, 10_000);
  const atRestart = acked.length;
  await until('more acknowledged after the restart', () => acked.length >= atRestart + 10);
  posting = false;
  await poster;
  await until('every acknowledged swipe on the wall', () => w.ids.length >= acked.length);
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(w.errors, []);
  assert.deepEqual(w.ids, acked, 'all acknowledged swipes, once each, in order');
});
