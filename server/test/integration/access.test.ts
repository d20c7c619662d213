/**
 * Accounts and scope over every transport, against a real server: Redis (users, sessions,
 * throttling, audit), a mediasoup worker and two ffmpeg test cameras, one per region. Run alone:
 *   flock /tmp/clinicwall-stack.lock node --import tsx --test server/test/integration/access.test.ts
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  Ack,
  AlarmDto,
  AlarmEventDto,
  AuditEntryDto,
  AuditPageDto,
  CameraStatus,
  RegistrySnapshot,
  SessionDto,
  SwipePageDto,
  UserCreatedDto,
  UserDto,
  WireError,
} from '@clinicwall/contract';
import { io } from 'socket.io-client';
import { freeUdpPortPair, startTestCamera, waitFor } from '../../../sfu/test/helpers.ts';
import { swipeIn } from '../../src/domain/swipes/testFixtures.ts';
import { readConfig, startServer, type RunningServer } from '../../src/index.ts';
import { authEnv, connected, sessionCookieOf, signIn, TEST_PASSWORDS, type AuthedClient } from './helpers/auth.ts';
import { RedisServer } from './helpers/redisServer.ts';
import { CARD_HASH_KEY, INTEGRATION, postSwipes, SECRET } from './helpers/swipeStack.ts';

/** Two regions, a clinic each, an IP camera (UDP test feed) and a browser camera per clinic. */
function accessRegistry(eastPort: number, westPort: number): RegistrySnapshot {
  const ingest = (port: number) => ({
    kind: 'ingest' as const,
    main: `udp://127.0.0.1:${port}`,
    sub: `udp://127.0.0.1:${port + 1}`,
  });
  return {
    regions: [
      { id: 'r-east', name: '东区', nameEn: 'East' },
      { id: 'r-west', name: '西区', nameEn: 'West' },
    ],
    clinics: [
      { id: 'c-e1', code: 'E1', regionId: 'r-east', name: '东一诊所', nameEn: 'East 1', level: 'clinic' },
      { id: 'c-w1', code: 'W1', regionId: 'r-west', name: '西一药店', nameEn: 'West 1', level: 'pharmacy' },
    ],
    cameras: [
      { id: 'cam-e1', clinicId: 'c-e1', name: '收费处', nameEn: 'Cashier', area: 'cashier', source: ingest(eastPort) },
      { id: 'cam-w1', clinicId: 'c-w1', name: '收费处', nameEn: 'Cashier', area: 'cashier', source: ingest(westPort) },
      { id: 'cam-e2', clinicId: 'c-e1', name: '诊室', nameEn: 'Room', area: 'consulting', source: { kind: 'webrtc' } },
      {
        id: 'cam-w2',
        clinicId: 'c-w1',
        name: '药房',
        nameEn: 'Pharmacy',
        area: 'pharmacy',
        source: { kind: 'webrtc' },
      },
    ],
    terminals: [
      { id: 't-e1', clinicId: 'c-e1', cameraId: 'cam-e1', name: '东一收费' },
      { id: 't-w1', clinicId: 'c-w1', cameraId: 'cam-w1', name: '西一收费' },
    ],
  };
}

const SUP_PASSWORD = 'east-supervisor-pass-7';
let dir: string;
let redis: RedisServer;
let redisClient: ReturnType<RedisServer['client']>;
let server: RunningServer;
const cameras: ChildProcess[] = [];
const sockets: AuthedClient[] = [];
/** Cameras of every WebRTC consumer the SFU created (a refused consume must create none). */
const consumed: string[] = [];
let admin: string;
let sup: string;

// ---- small helpers ----

async function call<T>(
  path: string,
  cookie: string | null,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const res = await fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(cookie ? { cookie } : {}),
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
}

async function socketOf(cookie: string | null): Promise<AuthedClient> {
  const s: AuthedClient = io(server.url, {
    transports: ['websocket'],
    reconnection: false,
    ...(cookie ? { extraHeaders: { cookie } } : {}),
  });
  sockets.push(s);
  return s;
}

function ask<T = unknown>(socket: AuthedClient, event: string, payload: unknown): Promise<Ack<T>> {
  return new Promise((resolve) => (socket.emit as (...a: unknown[]) => void)(event, payload, resolve));
}

function refusal(ack: Ack<unknown>): WireError {
  assert.equal(ack.ok, false, `expected a refusal, got ${JSON.stringify(ack)}`);
  return (ack as { ok: false; error: WireError }).error;
}

async function audit(query: Record<string, string>): Promise<AuditEntryDto[]> {
  const res = await call<AuditPageDto>(`/api/v1/audit?${new URLSearchParams({ limit: '200', ...query })}`, admin);
  assert.equal(res.status, 200);
  return res.body.items;
}

const disconnected = (s: AuthedClient) =>
  new Promise<string>((resolve) => (s.disconnected ? resolve('already') : s.once('disconnect', resolve)));

// ---- the stack ----

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clinicwall-access-'));
  redis = await RedisServer.start();
  const [east, west] = [await freeUdpPortPair(), await freeUdpPortPair()];
  const fixture = join(dir, 'registry.json');
  writeFileSync(fixture, JSON.stringify(accessRegistry(east, west)));
  server = await startServer(
    readConfig({
      ...process.env,
      PORT: '0',
      DEMO_CAMERAS: '2',
      SFU_WORKERS: '1',
      WEB_BUILD_DIR: '',
      REGISTRY_FIXTURE: fixture,
      REDIS_URL: redis.url,
      SWIPE_INTEGRATIONS: `${INTEGRATION}:${SECRET}`,
      CARD_HASH_KEY,
      ...authEnv(),
    }),
  );
  for (const router of server.sfu.pool.routers)
    router.observer.on('newtransport', (transport) => {
      if (transport.type !== 'webrtc') return;
      transport.observer.on('newconsumer', (c) => consumed.push(String((c.appData as { cameraId?: string }).cameraId)));
    });
  cameras.push(startTestCamera(east, east + 1), startTestCamera(west, west + 1));
  admin = (await signIn(server.url, 'admin')).cookie;
  redisClient = redis.client();
});

after(async () => {
  for (const s of sockets) s.close();
  for (const c of cameras) c.kill('SIGKILL');
  redisClient?.disconnect();
  await server?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

// ---- the tests ----

test('without a session only sign-in, health and the API description answer; sockets are refused', async () => {
  assert.equal((await call('/api/v1/registry', null)).status, 401);
  assert.equal((await call('/api/v1/auth/session', null)).status, 401);
  assert.equal((await call('/api/v1/registry', 'cw_session=forged-token')).status, 401);
  assert.equal((await call('/api/v1/health', null)).status, 200);
  assert.equal((await call('/api/v1/openapi.json', null)).status, 200);
  for (const cookie of [null, 'cw_session=forged-token']) {
    const error = await connected(await socketOf(cookie)).then(
      () => assert.fail('connected without a session'),
      (e: Error) => e,
    );
    assert.equal(error.message, 'unauthenticated');
  }
});

test('an admin creates a supervisor of the east; signed in, it sees the east only', async () => {
  const created = await call<UserCreatedDto>('/api/v1/users', admin, {
    method: 'POST',
    body: {
      username: 'sup-east',
      displayName: '东区督导',
      role: 'supervisor',
      regionIds: ['r-east'],
      password: SUP_PASSWORD,
    },
  });
  assert.equal(created.status, 201);
  assert.equal(created.body.password, null, 'no generated password when the admin chose one');
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'SUP-East', password: SUP_PASSWORD }),
  });
  assert.equal(login.status, 200);
  const setCookie = login.headers.getSetCookie().find((c) => c.startsWith('cw_session='))!;
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Lax/);
  assert.match(setCookie, /Path=\//);
  assert.match(setCookie, /Max-Age=\d+/);
  sup = sessionCookieOf(login);
  assert.equal(((await login.json()) as SessionDto).user.username, 'sup-east');

  const registry = (await call<RegistrySnapshot>('/api/v1/registry', sup)).body;
  assert.deepEqual(
    registry.regions.map((r) => r.id),
    ['r-east'],
  );
  assert.deepEqual(registry.cameras.map((c) => c.id).sort(), ['cam-e1', 'cam-e2']);
  assert.deepEqual(
    registry.terminals.map((t) => t.id),
    ['t-e1'],
  );
  const statuses = (await call<CameraStatus[]>('/api/v1/cameras/status', sup)).body;
  assert.deepEqual(statuses.map((s) => s.cameraId).sort(), ['cam-e1', 'cam-e2']);
  const stored = JSON.parse((await redisClient.hget('cw:users', 'u-sup-east'))!) as { passwordHash: string };
  assert.match(stored.passwordHash, /^\$argon2id\$/, 'stored in Redis with an argon2id hash');
});

test('HTTP: every route refuses the other region with 403, and each refusal is in the audit log', async () => {
  const refused: [string, string, string][] = [
    ['/api/v1/swipes?cameraId=cam-w1', 'swipes.read', 'camera:cam-w1'],
    ['/api/v1/swipes?terminalId=t-w1', 'swipes.read', 'terminal:t-w1'],
    ['/api/v1/alarms?clinicId=c-w1', 'alarms.read', 'clinic:c-w1'],
    ['/api/v1/clinics/c-w1/ledger?from=2026-11-01&to=2026-11-23', 'ledger.read', 'clinic:c-w1'],
    ['/api/v1/maintenance-reports?clinicId=c-w1', 'maintenance.read', 'clinic:c-w1'],
    ['/api/v1/users', 'users.manage', 'system:*'],
    ['/api/v1/audit', 'audit.read', 'system:*'],
  ];
  for (const [path] of refused) {
    const res = await call<{ error: WireError }>(path, sup);
    assert.equal(res.status, 403, path);
    assert.equal(res.body.error.code, 'forbidden', path);
  }
  const filed = await call<{ error: WireError }>('/api/v1/maintenance-reports', sup, {
    method: 'POST',
    body: {
      clinicId: 'c-w1',
      cameraIds: ['cam-w1'],
      startsAt: new Date(Date.now() + 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3600_000).toISOString(),
      reason: '停电检修',
    },
  });
  assert.equal(filed.status, 403);
  const denied = await audit({ username: 'sup-east', outcome: 'denied' });
  for (const [path, action, target] of refused)
    assert.ok(
      denied.some(
        (e) => e.action === action && `${e.target?.kind}:${e.target?.id}` === target && e.transport === 'http',
      ),
      `audited: ${path}`,
    );
  assert.ok(denied.some((e) => e.action === 'maintenance.create' && e.target?.id === 'c-w1'));
  assert.ok(denied.every((e) => e.reason === 'out_of_scope' || e.reason === 'role_not_permitted'));
});

test('swipes: the integration posts with its signature; a supervisor lists its own region only', async () => {
  const east = swipeIn({
    swipeId: 'acc-e',
    terminalId: 't-e1',
    clinicCode: 'E1',
    occurredAt: new Date().toISOString(),
  });
  const west = swipeIn({
    swipeId: 'acc-w',
    terminalId: 't-w1',
    clinicCode: 'W1',
    occurredAt: new Date().toISOString(),
  });
  const posted = await postSwipes(server.url, { swipes: [east, west] });
  assert.equal(posted.status, 201, posted.text);
  const mine = (await call<SwipePageDto>('/api/v1/swipes', sup)).body;
  assert.deepEqual(
    mine.items.map((s) => s.swipeId),
    ['acc-e'],
  );
  const all = (await call<SwipePageDto>('/api/v1/swipes', admin)).body;
  assert.deepEqual(all.items.map((s) => s.swipeId).sort(), ['acc-e', 'acc-w']);
  // A signed-in user's cookie is no swipe credential.
  const cookieOnly = await call('/api/v1/swipes', admin, { method: 'POST', body: { swipes: [] } });
  assert.equal(cookieOnly.status, 401);
});

test("socket: the other region's camera gets no SFU consumer; an own camera is an audited view", async () => {
  const socket = await connected(await socketOf(sup));
  await waitFor(
    'both test cameras live',
    async () => {
      const list = (await call<CameraStatus[]>('/api/v1/cameras/status', admin)).body;
      return ['cam-e1', 'cam-w1'].every((id) => list.find((s) => s.cameraId === id)?.state === 'live');
    },
    30_000,
  );
  const caps = (await ask<{ routerRtpCapabilities: unknown }>(socket, 'rtc:capabilities', {})) as {
    ok: true;
    data: { routerRtpCapabilities: Record<string, unknown> };
  };
  const transport = await ask<{ id: string }>(socket, 'rtc:createTransport', { direction: 'recv' });
  assert.ok(transport.ok);
  const consume = (cameraId: string) =>
    ask<{ consumerId: string }>(socket, 'rtc:consume', {
      transportId: transport.data.id,
      cameraId,
      stream: 'sub',
      rtpCapabilities: caps.data.routerRtpCapabilities,
    });

  const west = refusal(await consume('cam-w1'));
  assert.equal(west.code, 'forbidden');
  assert.equal(consumed.includes('cam-w1'), false, 'the SFU made no consumer of cam-w1');

  const east = await consume('cam-e1');
  assert.ok(east.ok, JSON.stringify(east));
  assert.ok(consumed.includes('cam-e1'));
  await new Promise((r) => setTimeout(r, 1100));
  assert.deepEqual(await ask(socket, 'rtc:closeConsumer', { consumerId: east.data.consumerId }), {
    ok: true,
    data: {},
  });

  assert.equal(
    refusal(await ask(socket, 'swipes:subscribe', { cameras: [{ cameraId: 'cam-w1', lastId: null }] })).code,
    'forbidden',
  );
  assert.ok((await ask(socket, 'swipes:subscribe', { cameras: [{ cameraId: 'cam-e1', lastId: null }] })).ok);
  const verdict = {
    verdict: 'ok',
    confidence: 0.9,
    onsetAt: Date.now(),
    modelVersion: 'tile-health-v1',
    backend: 'wasm',
  };
  assert.equal(refusal(await ask(socket, 'health:verdict', { ...verdict, cameraId: 'cam-w1' })).code, 'forbidden');
  const statuses = await ask<CameraStatus[]>(socket, 'cameras:status', {});
  assert.ok(statuses.ok);
  assert.deepEqual(statuses.data.map((s) => s.cameraId).sort(), ['cam-e1', 'cam-e2']);

  await waitFor(
    'the view end is recorded',
    async () => (await audit({ action: 'camera.view_ended', username: 'sup-east' })).length > 0,
  );
  const [ended] = await audit({ action: 'camera.view_ended', username: 'sup-east' });
  const [started] = await audit({ action: 'camera.view_started', username: 'sup-east' });
  assert.equal(started!.target?.id, 'cam-e1');
  assert.equal(started!.transport, 'sfu');
  assert.equal(ended!.target?.id, 'cam-e1');
  assert.equal(ended!.detail.viewId, started!.id);
  assert.ok(Number(ended!.detail.durationMs) >= 1000, 'from when to when');
  const denied = (await audit({ username: 'sup-east', outcome: 'denied', targetId: 'cam-w1' })).filter(
    (e) => e.transport === 'socket',
  );
  assert.deepEqual(denied.map((e) => [e.action, e.transport]).sort(), [
    ['camera.consume', 'socket'],
    ['camera.view', 'socket'],
    ['swipes.read', 'socket'],
  ]);
});

test('socket: a clinic user publishes only its own browser cameras and consumes nothing', async () => {
  const clinic = await connected(await socketOf((await signIn(server.url, 'clinic')).cookie));
  assert.equal(refusal(await ask(clinic, 'rtc:createTransport', { direction: 'recv' })).code, 'forbidden');
  assert.equal(refusal(await ask(clinic, 'alarms:subscribe', {})).code, 'forbidden');
  const send = await ask<{ id: string }>(clinic, 'rtc:createTransport', { direction: 'send' });
  assert.ok(send.ok);
  const produce = (cameraId: string) =>
    ask(clinic, 'rtc:produce', { transportId: send.data.id, cameraId, kind: 'video', rtpParameters: {} });
  assert.match(refusal(await produce('cam-w2')).message, /not part of your clinic/);
  assert.match(refusal(await produce('cam-e1')).message, /not published from a browser/);
});

test("alarms: a supervisor receives and acts on its own region's alarms only", async () => {
  // The two browser cameras never publish: each raises a signal_loss alarm, one per region.
  const adminSocket = await connected(await socketOf(admin));
  const supSocket = await connected(await socketOf(sup));
  const seen = { admin: [] as AlarmEventDto[], sup: [] as AlarmEventDto[] };
  adminSocket.on('alarm', (e) => seen.admin.push(e));
  supSocket.on('alarm', (e) => seen.sup.push(e));
  type Subscribed = { alarms: AlarmDto[] };
  assert.ok((await ask<Subscribed>(adminSocket, 'alarms:subscribe', {})).ok);
  const open = async (cameraId: string) =>
    (await call<AlarmDto[]>(`/api/v1/alarms?cameraId=${cameraId}&state=active`, admin)).body[0];
  const westAlarm = await waitFor('a west alarm', () => open('cam-w2'), 30_000);
  const eastAlarm = await waitFor('an east alarm', () => open('cam-e2'), 30_000);
  const subscribed = await ask<Subscribed>(supSocket, 'alarms:subscribe', {});
  assert.ok(subscribed.ok);
  assert.ok(subscribed.data.alarms.every((a) => a.regionId === 'r-east'));
  assert.ok(subscribed.data.alarms.some((a) => a.id === eastAlarm.id));

  assert.equal(refusal(await ask(supSocket, 'alarms:ack', { alarmId: westAlarm.id })).code, 'forbidden');
  assert.equal(
    refusal(await ask(supSocket, 'cameras:snooze', { cameraId: 'cam-w2', minutes: 10, reason: '检修中' })).code,
    'forbidden',
  );
  assert.equal((await call(`/api/v1/alarms/${westAlarm.id}`, sup)).status, 403);
  const listed = (await call<AlarmDto[]>('/api/v1/alarms', sup)).body;
  assert.ok(listed.length > 0 && listed.every((a) => a.regionId === 'r-east'));

  const acked = await ask<AlarmDto>(supSocket, 'alarms:ack', { alarmId: eastAlarm.id, note: '已通知诊所' });
  assert.ok(acked.ok, JSON.stringify(acked));
  await waitFor('both sockets hear the east ack', () =>
    [seen.admin, seen.sup].every((l) => l.some((e) => e.type === 'acknowledged' && e.alarm.id === eastAlarm.id)),
  );
  const westAck = await ask<AlarmDto>(adminSocket, 'alarms:ack', { alarmId: westAlarm.id });
  assert.ok(westAck.ok);
  await waitFor('the admin hears the west ack', () =>
    seen.admin.some((e) => e.type === 'acknowledged' && e.alarm.id === westAlarm.id),
  );
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(
    seen.sup.every((e) => (e.type === 'snoozed' ? e.cameraId.startsWith('cam-e') : e.alarm.regionId === 'r-east')),
    'the east supervisor never hears of a west alarm',
  );

  const acks = await audit({ action: 'alarms.ack' });
  assert.ok(
    acks.some((e) => e.actor.username === 'sup-east' && e.outcome === 'allowed' && e.detail.alarmId === eastAlarm.id),
  );
  assert.ok(acks.some((e) => e.actor.username === 'sup-east' && e.outcome === 'denied' && e.target?.id === 'cam-w2'));
  assert.ok(
    acks.some((e) => e.actor.username === 'admin' && e.outcome === 'allowed' && e.detail.alarmId === westAlarm.id),
  );
});

test('a supervisor moved to another region loses the cameras of the old one at once; disabled, it is out', async () => {
  const socket = await connected(await socketOf(sup));
  const closed: { consumerId: string; reason: string }[] = [];
  socket.on('consumer:closed', (e) => closed.push(e));
  const caps = (await ask<{ routerRtpCapabilities: unknown }>(socket, 'rtc:capabilities', {})) as {
    ok: true;
    data: { routerRtpCapabilities: unknown };
  };
  const transport = (await ask<{ id: string }>(socket, 'rtc:createTransport', { direction: 'recv' })) as {
    ok: true;
    data: { id: string };
  };
  const consumer = await ask<{ consumerId: string }>(socket, 'rtc:consume', {
    transportId: transport.data.id,
    cameraId: 'cam-e1',
    stream: 'sub',
    rtpCapabilities: caps.data.routerRtpCapabilities,
  });
  assert.ok(consumer.ok);

  const moved = await call<UserDto>('/api/v1/users/u-sup-east/regions', admin, {
    method: 'PUT',
    body: { regionIds: ['r-west'] },
  });
  assert.equal(moved.status, 200);
  assert.deepEqual(moved.body.regionIds, ['r-west']);
  await waitFor('the east consumer is closed', () => closed.find((c) => c.consumerId === consumer.data.consumerId));
  assert.equal(closed[0]!.reason, 'out of scope');
  const statuses = await ask<CameraStatus[]>(socket, 'cameras:status', {});
  assert.ok(statuses.ok);
  assert.deepEqual(statuses.data.map((s) => s.cameraId).sort(), ['cam-w1', 'cam-w2']);
  await waitFor('the view end is audited', async () =>
    (await audit({ action: 'camera.view_ended', username: 'sup-east' })).some((e) => e.reason === 'out_of_scope'),
  );
  assert.ok((await audit({ action: 'users.regions', targetId: 'u-sup-east' })).length === 1);

  const gone = disconnected(socket);
  assert.equal(
    (await call('/api/v1/users/u-sup-east', admin, { method: 'PATCH', body: { disabled: true } })).status,
    200,
  );
  await gone;
  assert.equal((await call('/api/v1/registry', sup)).status, 401, 'its session ended');
});

test('logout ends the session and its sockets; the cookie is cleared', async () => {
  const { cookie } = await signIn(server.url, 'operator');
  const socket = await connected(await socketOf(cookie));
  const gone = disconnected(socket);
  const out = await call(`/api/v1/auth/logout`, cookie, { method: 'POST' });
  assert.equal(out.status, 204);
  assert.match(out.headers.get('set-cookie') ?? '', /cw_session=;.*Expires=Thu, 01 Jan 1970/);
  await gone;
  assert.equal((await call('/api/v1/auth/session', cookie)).status, 401);
  assert.equal((await call(`/api/v1/auth/logout`, null, { method: 'POST' })).status, 204, 'harmless without a session');
});

test('a password change ends the other sessions of the user (and their sockets), not this one', async () => {
  const created = await call<UserCreatedDto>('/api/v1/users', admin, {
    method: 'POST',
    body: { username: 'pw-user', displayName: '改密用户', role: 'operator', allRegions: true },
  });
  assert.equal(created.status, 201);
  const first = created.body.password!;
  assert.ok(first.length >= 10, 'a generated password is returned once');
  const a = (await signIn(server.url, 'pw-user', first)).cookie;
  const b = (await signIn(server.url, 'pw-user', first)).cookie;
  const socketB = await connected(await socketOf(b));
  const gone = disconnected(socketB);
  const wrong = await call<{ error: WireError }>('/api/v1/auth/password', a, {
    method: 'POST',
    body: { currentPassword: 'not-my-password', newPassword: 'a-brand-new-pass-42' },
  });
  assert.equal(wrong.status, 400);
  const changed = await call('/api/v1/auth/password', a, {
    method: 'POST',
    body: { currentPassword: first, newPassword: 'a-brand-new-pass-42' },
  });
  assert.equal(changed.status, 204);
  await gone;
  assert.equal((await call('/api/v1/auth/session', b)).status, 401, 'the other session ended');
  assert.equal((await call('/api/v1/auth/session', a)).status, 200, 'this one goes on');
  await signIn(server.url, 'pw-user', 'a-brand-new-pass-42');
  await assert.rejects(signIn(server.url, 'pw-user', first), /401/);
});

test('brute force: after 5 wrong passwords the user is locked (429, Retry-After), the right password too', async () => {
  await call('/api/v1/users', admin, {
    method: 'POST',
    body: {
      username: 'victim',
      displayName: '被猜用户',
      role: 'operator',
      allRegions: true,
      password: 'victim-pass-0137',
    },
  });
  const attempt = (password: string) =>
    call<{ error: WireError }>('/api/v1/auth/login', null, { method: 'POST', body: { username: 'victim', password } });
  for (let i = 0; i < 5; i++) {
    const res = await attempt(`guess-${i}-wrong-password`);
    assert.equal(res.status, 401);
    assert.equal(res.body.error.message, 'wrong username or password');
  }
  const locked = await attempt('guess-6-wrong-password');
  assert.equal(locked.status, 429);
  assert.equal(locked.body.error.code, 'rate_limited');
  assert.ok(Number(locked.headers.get('retry-after')) >= 1, 'Retry-After in seconds');
  const right = await attempt('victim-pass-0137');
  assert.equal(right.status, 429, 'the right password is refused while locked');
  assert.equal(right.headers.get('set-cookie'), null);
  assert.ok((await audit({ action: 'auth.locked', username: 'victim' })).length >= 1);
  // Unknown users are throttled alike (no way to tell who exists).
  const ghost = await call<{ error: WireError }>('/api/v1/auth/login', null, {
    method: 'POST',
    body: { username: 'nobody-here', password: 'whatever-pass' },
  });
  assert.equal(ghost.body.error.message, 'wrong username or password');
});

test('state changes from another site are refused before anything happens', async () => {
  const { cookie } = await signIn(server.url, 'operator');
  const cross = await call<{ error: WireError }>('/api/v1/auth/logout', cookie, {
    method: 'POST',
    headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
  });
  assert.equal(cross.status, 403);
  assert.equal((await call('/api/v1/auth/session', cookie)).status, 200, 'still signed in');
  const login = await call('/api/v1/auth/login', null, {
    method: 'POST',
    headers: { origin: 'https://evil.example' },
    body: { username: 'operator', password: TEST_PASSWORDS.operator },
  });
  assert.equal(login.status, 403);
  assert.ok((await redisClient.xlen('cw:audit')) > 20, 'the audit log is a Redis stream');
});
