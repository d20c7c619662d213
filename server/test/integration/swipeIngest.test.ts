import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegistryDto, SwipePageDto, Terminal, WireError } from '@clinicwall/contract';
import { readConfig, startServer, type RunningServer } from '../../src/index.ts';
import { RedisServer } from './helpers/redisServer.ts';
import { CARD_HASH_KEY, getJson, postSwipes, resetRedis, SECRET, swipeEnv, wireSwipe } from './helpers/swipeStack.ts';
import { fetchAs, type TestUser } from './helpers/auth.ts';
import { createHmac } from 'node:crypto';

let redis: RedisServer;
let server: RunningServer;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clinicwall-swipes-'));
  redis = await RedisServer.start();
  server = await startServer(readConfig(swipeEnv(dir, { REDIS_URL: redis.url })));
});
after(async () => {
  await server?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await resetRedis(redis);
  // the server reloads the registry on the change notice
  await new Promise((r) => setTimeout(r, 100));
});

const list = async (query = '') => (await getJson<SwipePageDto>(server.url, `/api/v1/swipes?${query}`)).body;

test('a signed swipe is stored masked, routed to its camera, and listed', async () => {
  const swipe = wireSwipe({ swipeId: 'good-1', cardNumber: '6222 0212 3456 7890 123', holderName: '张三明' });
  const res = await postSwipes(server.url, swipe);
  assert.equal(res.status, 201, res.text);
  const [result] = res.body.results;
  assert.equal(result!.status, 'created');
  assert.match(result!.id, /^\d+-\d+$/);
  const page = await list();
  assert.equal(page.items.length, 1);
  const rec = page.items[0]!;
  assert.equal(rec.id, result!.id);
  assert.deepEqual(rec.cameraIds, ['cam-a']);
  assert.equal(rec.cardLast4, '0123');
  assert.equal(
    rec.cardHash,
    createHmac('sha256', CARD_HASH_KEY).update('6222021234567890123').digest('hex').slice(0, 32),
  );
  assert.equal(rec.holderNameMasked, '张*明');
  assert.equal(rec.integrationId, 'his-test');
  const dump = JSON.stringify(await redis.client().xrange('cw:swipes', '-', '+'));
  assert.ok(
    !dump.includes('6222021234567890123') && !dump.includes('张三明'),
    'Redis holds no full card number or name',
  );
});

test('a bad signature, an unknown integration or a stale timestamp is 401 and stores nothing', async () => {
  const swipe = wireSwipe({ swipeId: 'auth-1' });
  const cases: [Parameters<typeof postSwipes>[2], string][] = [
    [{ secret: 'x'.repeat(40) }, 'signature does not match'],
    [{ integration: 'nobody' }, 'unknown integration'],
    [{ nowS: Math.floor(Date.now() / 1000) - 310 }, 'timestamp outside the allowed window'],
    [{ nowS: Math.floor(Date.now() / 1000) + 310 }, 'timestamp outside the allowed window'],
    [{ headers: { 'X-ClinicWall-Signature': '' } }, 'missing X-ClinicWall-Signature header'],
  ];
  for (const [sign, message] of cases) {
    const res = await postSwipes(server.url, swipe, sign);
    assert.equal(res.status, 401, message);
    assert.deepEqual(res.body.error, { code: 'unauthenticated', message });
  }
  // A body changed after signing fails too: the raw bytes are what is signed.
  const raw = JSON.stringify(swipe);
  const signed = await postSwipes(server.url, raw, {
    headers: {
      'X-ClinicWall-Signature': (await import('../../src/adapters/http/swipeSignature.ts')).signSwipeRequest(
        SECRET,
        Math.floor(Date.now() / 1000),
        raw + ' ',
      ),
    },
  });
  assert.equal(signed.status, 401);
  assert.deepEqual((await list()).items, []);
});

test('a replayed request within the window is idempotent: the original result, stored once', async () => {
  const body = { swipes: [wireSwipe({ swipeId: 'replay-1' }), wireSwipe({ swipeId: 'replay-2', terminalId: 't-2' })] };
  const nowS = Math.floor(Date.now() / 1000);
  const first = await postSwipes(server.url, body, { nowS });
  assert.equal(first.status, 201);
  const again = await postSwipes(server.url, body, { nowS });
  assert.equal(again.status, 200, 'all duplicates: 200');
  assert.deepEqual(
    again.body.results,
    first.body.results.map((r) => ({ ...r, status: 'duplicate' })),
  );
  const mixed = await postSwipes(server.url, { swipes: [...body.swipes, wireSwipe({ swipeId: 'replay-3' })] });
  assert.equal(mixed.status, 201, 'something new: 201');
  assert.deepEqual(
    mixed.body.results.map((r) => r.status),
    ['duplicate', 'duplicate', 'created'],
  );
  assert.equal((await list()).items.length, 3);
});

test('a batch of 500 with one invalid swipe is refused whole with per-field messages', async () => {
  const swipes = Array.from({ length: 500 }, (_, i) =>
    wireSwipe({ swipeId: `b-${i}`, cardNumber: `62220200${String(i).padStart(6, '0')}` }),
  );
  swipes[317] = { ...swipes[317]!, cardNumber: '6222-0200-0000-317x', total: -1 };
  const res = await postSwipes(server.url, { swipes });
  assert.equal(res.status, 400);
  const error = res.body.error as WireError;
  assert.equal(error.code, 'invalid_argument');
  assert.equal(error.message, '1 invalid swipe: nothing was stored');
  assert.deepEqual(error.fields, {
    'swipes.317.cardNumber': 'a card number of 8 to 19 digits',
    'swipes.317.total': 'must not be negative',
  });
  assert.ok(!res.text.includes('317x'), 'the bad card number is not echoed');
  assert.deepEqual((await list()).items, [], 'nothing stored');

  swipes[317] = wireSwipe({ swipeId: 'b-317' });
  const ok = await postSwipes(server.url, { swipes });
  assert.equal(ok.status, 201);
  assert.equal(ok.body.results.filter((r) => r.status === 'created').length, 500);
  const ids = ok.body.results.map((r) => r.id);
  assert.equal(new Set(ids).size, 500);
  const dup = await postSwipes(server.url, { swipes });
  assert.equal(dup.status, 200);
  assert.deepEqual(
    dup.body.results.map((r) => r.id),
    ids,
  );
  assert.equal(await redis.client().xlen('cw:swipes'), 500, 'stored once each');
});

test('single-swipe validation names the fields; a swipe in the future or more than 500 is refused', async () => {
  const res = await postSwipes(server.url, { ...wireSwipe(), currency: 'yuan', items: [], occurredAt: 'yesterday' });
  assert.equal(res.status, 400);
  assert.deepEqual(Object.keys(res.body.error!.fields!).sort(), ['currency', 'items', 'occurredAt']);
  const future = await postSwipes(server.url, wireSwipe({ occurredAt: new Date(Date.now() + 3600_000).toISOString() }));
  assert.deepEqual(future.body.error!.fields, { occurredAt: 'must not be in the future' });
  const many = await postSwipes(server.url, { swipes: Array.from({ length: 501 }, () => wireSwipe()) });
  assert.deepEqual(many.body.error!.fields, { swipes: 'at most 500 swipes per request' });
  const notJson = await postSwipes(server.url, '{"swipes": [');
  assert.deepEqual(notJson.body.error, { code: 'invalid_argument', message: 'request body is not valid JSON' });
  assert.deepEqual((await list()).items, []);
});

test('a swipe at an unmapped terminal is kept, flagged, and listed for admins only', async () => {
  const res = await postSwipes(server.url, {
    swipes: [
      wireSwipe({ swipeId: 'u-1', terminalId: 't-2' }),
      wireSwipe({ swipeId: 'u-2', terminalId: 't-new', clinicCode: 'H002' }),
    ],
  });
  assert.deepEqual(
    res.body.results.map((r) => r.flags),
    [['unmapped'], ['unmapped']],
  );
  await postSwipes(server.url, wireSwipe({ swipeId: 'm-1' }));
  const operator = await getJson<{ error: WireError }>(server.url, '/api/v1/swipes/unmapped');
  assert.equal(operator.status, 403, 'a signed-in operator is no admin');
  const bearer = await fetch(`${server.url}/api/v1/swipes/unmapped`, {
    headers: { authorization: `Bearer ${'x'.repeat(30)}` },
  });
  assert.equal(bearer.status, 401, 'no bearer token stands in for an admin session');
  const unmapped = await getJson<SwipePageDto>(server.url, '/api/v1/swipes/unmapped', 'admin');
  assert.equal(unmapped.status, 200);
  assert.deepEqual(
    unmapped.body.items.map((r) => [r.swipeId, r.clinicId, r.cameraIds]),
    [
      ['u-2', 'c-2', []],
      ['u-1', 'c-1', []],
    ],
  );
  assert.equal((await list()).items.length, 3, 'the public list has all three');
});

test('admins map a terminal over the API: persisted in Redis, later swipes go to the new camera', async () => {
  const put = (id: string, body: unknown, as: TestUser = 'admin') =>
    fetchAs(as, server.url, `/api/v1/terminals/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  assert.equal((await put('t-2', { cameraId: 'cam-b' }, 'operator')).status, 403, 'admins only');
  const ok = await put('t-2', { cameraId: 'cam-b' });
  assert.equal(ok.status, 200);
  assert.deepEqual((await ok.json()) as Terminal, {
    id: 't-2',
    clinicId: 'c-1',
    cameraId: 'cam-b',
    name: '药房终端 2',
  });
  const notFound = await put('t-404', { cameraId: 'cam-b' });
  assert.equal(notFound.status, 404);
  const other = await put('t-2', { cameraId: 'cam-c' });
  assert.equal(other.status, 400);
  assert.match(((await other.json()) as { error: WireError }).error.fields!.cameraId!, /belongs to clinic c-2/);
  const unknown = await put('t-2', { cameraId: 'cam-zz' });
  assert.deepEqual(((await unknown.json()) as { error: WireError }).error.fields, {
    cameraId: 'camera cam-zz does not exist',
  });
  const invalid = await put('t-2', { cameraId: 42 });
  assert.equal(invalid.status, 400);

  const [r] = (await postSwipes(server.url, wireSwipe({ terminalId: 't-2' }))).body.results;
  assert.deepEqual(r!.flags, []);
  assert.deepEqual((await list()).items[0]!.cameraIds, ['cam-b']);
  const registry = (await getJson<RegistryDto>(server.url, '/api/v1/registry')).body;
  assert.equal(registry.terminals.find((t) => t.id === 't-2')!.cameraId, 'cam-b');
  const stored = JSON.parse((await redis.client().hget('cw:registry:terminals', 't-2'))!) as { v: Terminal };
  assert.equal(stored.v.cameraId, 'cam-b', 'persisted in Redis');
});

test('filters: by terminal, card hash and flag, newest first with a cursor', async () => {
  const card = '6222029999888877776';
  await postSwipes(server.url, {
    swipes: [
      wireSwipe({ swipeId: 'f-1', cardNumber: card }),
      wireSwipe({ swipeId: 'f-2', terminalId: 't-3', clinicCode: 'H002', cardNumber: card }),
      wireSwipe({ swipeId: 'f-3' }),
      wireSwipe({ swipeId: 'f-4', terminalId: 't-3', clinicCode: 'H002', total: 1 }),
    ],
  });
  const hash = createHmac('sha256', CARD_HASH_KEY).update(card).digest('hex').slice(0, 32);
  const ids = async (q: string) => (await list(q)).items.map((r) => r.swipeId);
  assert.deepEqual(await ids(`cardHash=${hash}`), ['f-2', 'f-1']);
  assert.deepEqual(await ids('terminalId=t-3'), ['f-4', 'f-2']);
  assert.deepEqual(await ids('clinicId=c-1'), ['f-3', 'f-1']);
  assert.deepEqual(await ids('cameraId=cam-c&flag=total_mismatch'), ['f-4']);
  const first = await list('limit=3');
  assert.deepEqual(
    first.items.map((r) => r.swipeId),
    ['f-4', 'f-3', 'f-2'],
  );
  assert.deepEqual(await ids(`limit=3&before=${first.nextBefore}`), ['f-1']);
  const bad = await getJson<{ error: WireError }>(server.url, '/api/v1/swipes?limit=0&cardHash=zz');
  assert.equal(bad.status, 400);
  assert.deepEqual(Object.keys(bad.body.error.fields!).sort(), ['cardHash', 'limit']);
});

test('a body over the size limit is 413', async () => {
  const huge = JSON.stringify({ swipes: [wireSwipe({ holderName: 'x'.repeat(3 * 1024 * 1024) })] });
  const res = await postSwipes(server.url, huge);
  assert.equal(res.status, 413);
  assert.equal(res.body.error!.code, 'payload_too_large');
});

test('the OpenAPI description and its docs page are served', async () => {
  const { status, body } = await getJson<{
    openapi: string;
    paths: Record<string, Record<string, unknown>>;
    components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
  }>(server.url, '/api/v1/openapi.json');
  assert.equal(status, 200);
  assert.equal(body.openapi, '3.1.0');
  assert.ok(body.paths['/swipes']?.post && body.paths['/swipes']?.get && body.paths['/terminals/{id}']?.put);
  assert.ok(body.components.schemas.SwipeIn?.properties?.cardNumber, 'request schema from the contract');
  assert.ok(body.components.schemas.SwipeRecord?.properties?.cardHash);
  const page = await fetch(`${server.url}/api/v1/docs/`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /swagger-ui-bundle\.js/);
  const bundle = await fetch(`${server.url}/api/v1/docs/swagger-ui-bundle.js`);
  assert.equal(bundle.status, 200);
});
