import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SwipePageDto } from '@clinicwall/contract';
import { readConfig, startServer, type RunningServer } from '../../src/index.ts';
import { connectWall, getJson, postSwipes, subscribe, swipeEnv, until, wireSwipe } from './helpers/swipeStack.ts';

// The embedded default (no REDIS_URL): memory stores, with a small flood limit.
let limited: RunningServer;
let unconfigured: RunningServer;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clinicwall-swipes-'));
  limited = await startServer(readConfig(swipeEnv(dir, { SWIPE_RATE_PER_S: '10', SWIPE_RATE_BURST: '500' })));
  const env = swipeEnv(dir);
  delete env.SWIPE_INTEGRATIONS;
  delete env.CARD_HASH_KEY;
  unconfigured = await startServer(readConfig(env));
});
after(async () => {
  await limited?.close();
  await unconfigured?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('an integration that floods gets 429 with Retry-After; others are not affected', async () => {
  const batch = () => ({ swipes: Array.from({ length: 500 }, () => wireSwipe()) });
  assert.equal((await postSwipes(limited.url, batch())).status, 201, 'a full batch fits the burst');
  const flood = await postSwipes(limited.url, batch());
  assert.equal(flood.status, 429);
  assert.equal(flood.body.error!.code, 'rate_limited');
  const retryAfter = Number(flood.headers.get('retry-after'));
  assert.ok(retryAfter >= 1 && retryAfter <= 50, `Retry-After ${retryAfter}`);
  const other = await postSwipes(limited.url, wireSwipe(), { integration: 'other-his', secret: 'o'.repeat(40) });
  assert.equal(other.status, 201, 'the bucket is per integration');
  const page = (await getJson<SwipePageDto>(limited.url, '/api/v1/swipes?limit=200')).body;
  assert.equal(page.items.length, 200);
});

test('the embedded store pushes live and resumes like the Redis one', async () => {
  const w = await connectWall(limited.url);
  try {
    const ack = await subscribe(w.socket, [{ cameraId: 'cam-c', lastId: null }]);
    assert.ok(ack.ok);
    await new Promise((r) => setTimeout(r, 1100)); // refill a few tokens
    const res = await postSwipes(limited.url, wireSwipe({ terminalId: 't-3', clinicCode: 'H002' }), {
      integration: 'other-his',
      secret: 'o'.repeat(40),
    });
    assert.equal(res.status, 201, res.text);
    await until('pushed', () => w.got.length === 1);
    assert.equal(w.got[0]!.id, res.body.results[0]!.id);
    const again = await subscribe(w.socket, [{ cameraId: 'cam-c', lastId: '0-0' }]);
    assert.ok(again.ok);
    assert.deepEqual(
      again.data.missed.map((r) => r.id),
      [res.body.results[0]!.id],
    );
  } finally {
    w.socket.close();
  }
});

test('without integration secrets the server runs and ingest answers 503', async () => {
  const res = await postSwipes(unconfigured.url, wireSwipe());
  assert.equal(res.status, 503);
  assert.deepEqual(res.body.error, { code: 'unavailable', message: 'swipe ingest is not configured' });
  assert.equal((await getJson<SwipePageDto>(unconfigured.url, '/api/v1/swipes')).status, 200);
});
