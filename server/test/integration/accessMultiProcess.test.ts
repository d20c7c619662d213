/**
 * Access changes across server processes: process A (in this test) and process B (its own node
 * process) share one real Redis. A sign-out, a password change, a disabled user or a narrowed scope
 * made through A reaches the sockets, swipe feeds, SFU consumers and producers held by B within a
 * second (B's periodic session re-check is a minute away). Run alone:
 *   flock /tmp/clinicwall-stack.lock node --import tsx --test server/test/integration/accessMultiProcess.test.ts
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  Ack,
  AuditEntryDto,
  AuditPageDto,
  CameraStatus,
  ProducerClosedDto,
  RegistrySnapshot,
  SessionEndReason,
  SwipeRecord,
} from '@clinicwall/contract';
import { io } from 'socket.io-client';
import { readConfig, startServer, type RunningServer } from '../../src/index.ts';
import { testRegistry } from '../../src/domain/alarms/alarmTestKit.ts';
import { swipeIn } from '../../src/domain/swipes/testFixtures.ts';
import { authEnv, connected, signIn, type AuthedClient } from './helpers/auth.ts';
import { RedisServer } from './helpers/redisServer.ts';
import { spawnServer, type ServerProcess } from './helpers/serverProcess.ts';
import { CARD_HASH_KEY, INTEGRATION, postSwipes, SECRET, until } from './helpers/swipeStack.ts';

/** The east/west test registry with browser cameras only (nothing to ingest), each with a billing terminal. */
function twoRegions(): RegistrySnapshot {
  const base = testRegistry();
  const webrtc = { kind: 'webrtc' } as const;
  return {
    ...base,
    cameras: base.cameras.filter((c) => c.id !== 'cam-e2').map((c) => ({ ...c, source: webrtc })),
    terminals: [
      { id: 't-e1', clinicId: 'c-e1', cameraId: 'cam-e1', name: '东一收费' },
      { id: 't-w1', clinicId: 'c-w1', cameraId: 'cam-w1', name: '西一收费' },
    ],
  };
}

/** What a browser's VP8 publisher would send (no media flows: Node has no WebRTC stack). */
const VP8_PARAMETERS = {
  codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }] }],
  encodings: [{ ssrc: 11_111_111 }],
  rtcp: { cname: 'publisher' },
};
/** The promise every access change here keeps: applied in the other process within a second. */
const AT_ONCE_MS = 1000;
const PASSWORD = 'multi-process-pass-42';

let dir: string;
let redis: RedisServer;
let a: RunningServer;
let b: ServerProcess;
let admin: string;
const sockets: AuthedClient[] = [];

async function call<T>(path: string, cookie: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(`${a.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { cookie, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** A change made through process A; `answeredAt` is when A answered. */
async function changeOnA(path: string, cookie: string, method: string, body?: unknown) {
  const res = await call(path, cookie, { method, body });
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return Date.now();
}

/** A socket of a signed-in user, connected to process B. */
async function onB(cookie: string): Promise<AuthedClient> {
  const s: AuthedClient = io(b.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie } });
  sockets.push(s);
  return connected(s);
}

function ask<T>(socket: AuthedClient, event: string, payload: unknown): Promise<T> {
  return new Promise((resolve, reject) =>
    (socket.emit as (...a: unknown[]) => void)(event, payload, (res: Ack<T>) =>
      res.ok ? resolve(res.data) : reject(new Error(`${event}: ${res.error.code}: ${res.error.message}`)),
    ),
  );
}

/** Resolves with the first payload of `event` that `match` accepts, and when it came; rejects after 5 s. */
function next<T>(socket: AuthedClient, event: string, match: (p: T) => boolean = () => true) {
  return new Promise<{ payload: T; at: number }>((resolve, reject) => {
    const timer = setTimeout(() => {
      (socket.off as (e: string, f: unknown) => void)(event, on);
      reject(new Error(`no ${event} within 5 s`));
    }, 5000);
    const on = (p: T) => {
      if (!match(p)) return;
      clearTimeout(timer);
      (socket.off as (e: string, f: unknown) => void)(event, on);
      resolve({ payload: p, at: Date.now() });
    };
    (socket.on as (e: string, f: unknown) => void)(event, on);
  });
}

/** The session end the server announces, and the disconnect that follows it. */
function sessionEnd(socket: AuthedClient) {
  return Promise.all([
    next<{ reason: SessionEndReason }>(socket, 'session:ended'),
    new Promise<string>((resolve) => socket.once('disconnect', resolve)),
  ]).then(([ended, why]) => ({ reason: ended.payload.reason, at: ended.at, why }));
}

function within(what: string, at: number, answeredAt: number): void {
  assert.ok(at - answeredAt < AT_ONCE_MS, `${what} ${at - answeredAt} ms after process A answered`);
}

async function createUser(body: Record<string, unknown>): Promise<string> {
  const res = await call<{ user: { id: string } }>('/api/v1/users', admin, {
    method: 'POST',
    body: { password: PASSWORD, ...body },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.user.id;
}

async function publish(socket: AuthedClient, cameraId: string): Promise<string> {
  const transport = await ask<{ id: string }>(socket, 'rtc:createTransport', { direction: 'send' });
  const { producerId } = await ask<{ producerId: string }>(socket, 'rtc:produce', {
    transportId: transport.id,
    cameraId,
    kind: 'video',
    rtpParameters: VP8_PARAMETERS,
  });
  return producerId;
}

async function audit(query: Record<string, string>): Promise<AuditEntryDto[]> {
  const res = await call<AuditPageDto>(`/api/v1/audit?${new URLSearchParams({ limit: '100', ...query })}`, admin);
  assert.equal(res.status, 200);
  return res.body.items;
}

/** An admin's wall on process B, recording the camera status events it receives (and when). */
async function wallOnB() {
  const socket = await onB(admin);
  const seen: { status: CameraStatus; at: number }[] = [];
  socket.on('camera:status', (status) => seen.push({ status, at: Date.now() }));
  return {
    socket,
    /** When the wall first heard (from `since` on) a status of the camera that `match` accepts. */
    heard: async (what: string, cameraId: string, match: (s: CameraStatus) => boolean, since = 0) => {
      const find = () => seen.find((e) => e.at >= since && e.status.cameraId === cameraId && match(e.status));
      await until(what, () => find() !== undefined);
      return find()!.at;
    },
    state: async (cameraId: string) =>
      (await ask<CameraStatus[]>(socket, 'cameras:status', {})).find((s) => s.cameraId === cameraId)?.state,
    /** The camera lost its producer within a second of A's answer, and then shows no signal. */
    async unpublished(cameraId: string, askedAt: number, answeredAt: number): Promise<void> {
      const lost = await this.heard(
        'the wall sees the camera without producer',
        cameraId,
        (s) => Object.values(s.streams).every((x) => x.producerId === null),
        askedAt,
      );
      within("the wall's camera lost its producer", lost, answeredAt);
      await until('the camera shows no signal', async () => (await this.state(cameraId)) === 'no_signal', 10_000);
    },
  };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clinicwall-access-mp-'));
  redis = await RedisServer.start();
  const fixture = join(dir, 'registry.json');
  writeFileSync(fixture, JSON.stringify(twoRegions()));
  const env = {
    ...process.env,
    PORT: '0',
    DEMO_CAMERAS: '0',
    SFU_WORKERS: '1',
    SENTINEL: 'off',
    // No media flows here (Node has no WebRTC stack): a camera without a producer is "no signal" at once.
    SIGNAL_STARTUP_GRACE_MS: '0',
    WEB_BUILD_DIR: '',
    REGISTRY_FIXTURE: fixture,
    REDIS_URL: redis.url,
    SWIPE_INTEGRATIONS: `${INTEGRATION}:${SECRET}`,
    CARD_HASH_KEY,
    ...authEnv(),
  };
  a = await startServer(readConfig(env));
  b = await spawnServer(env);
  admin = (await signIn(a.url, 'admin')).cookie;
});

after(async () => {
  for (const s of sockets) s.close();
  await b?.stop();
  await a?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a supervisor narrowed in A loses, in B, the consumer and the swipes of the region it lost', async () => {
  const supId = await createUser({
    username: 'sup-mp',
    displayName: '督导',
    role: 'supervisor',
    regionIds: ['r-east', 'r-west'],
  });
  await createUser({ username: 'pub-mp-e', displayName: '东一推流', role: 'clinic', clinicId: 'c-e1' });
  const publisher = await onB((await signIn(a.url, 'pub-mp-e', PASSWORD)).cookie);
  await publish(publisher, 'cam-e1');

  const sup = await onB((await signIn(a.url, 'sup-mp', PASSWORD)).cookie);
  const swipes: SwipeRecord[] = [];
  sup.on('swipes', (records) => swipes.push(...records));
  await ask(sup, 'swipes:subscribe', {
    cameras: [
      { cameraId: 'cam-e1', lastId: null },
      { cameraId: 'cam-w1', lastId: null },
    ],
  });
  const caps = await ask<{ routerRtpCapabilities: unknown }>(sup, 'rtc:capabilities', {});
  const recv = await ask<{ id: string }>(sup, 'rtc:createTransport', { direction: 'recv' });
  const consumer = await ask<{ consumerId: string }>(sup, 'rtc:consume', {
    transportId: recv.id,
    cameraId: 'cam-e1',
    stream: 'sub',
    rtpCapabilities: caps.routerRtpCapabilities,
  });

  const closed = next<{ consumerId: string; reason: string }>(
    sup,
    'consumer:closed',
    (e) => e.consumerId === consumer.consumerId,
  );
  const answeredAt = await changeOnA(`/api/v1/users/${supId}/regions`, admin, 'PUT', { regionIds: ['r-west'] });
  const { payload, at } = await closed;
  within('the east consumer closed in B', at, answeredAt);
  assert.equal(payload.reason, 'out of scope');
  assert.ok(sup.connected, 'the session goes on');

  // The east swipe feed is gone, the west one stays.
  const now = () => new Date().toISOString();
  const posted = await postSwipes(a.url, {
    swipes: [
      swipeIn({ swipeId: 'mp-e', terminalId: 't-e1', clinicCode: 'E1', occurredAt: now() }),
      swipeIn({ swipeId: 'mp-w', terminalId: 't-w1', clinicCode: 'W1', occurredAt: now() }),
    ],
  });
  assert.equal(posted.status, 201, posted.text);
  await until('the west swipe reaches the supervisor in B', () => swipes.some((s) => s.swipeId === 'mp-w'));
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(
    swipes.map((s) => s.swipeId),
    ['mp-w'],
    'no east swipe after the narrowing',
  );
  const ended = await audit({ action: 'camera.view_ended', username: 'sup-mp' });
  assert.equal(ended[0]?.reason, 'out_of_scope');
  assert.equal(ended[0]?.target?.id, 'cam-e1');
  publisher.close();
});

test("a publisher moved to another clinic in A has its producer closed in B at once: the wall's camera loses it, audited", async () => {
  const pubId = await createUser({ username: 'pub-mp', displayName: '推流', role: 'clinic', clinicId: 'c-e1' });
  const wall = await wallOnB();
  const publisher = await onB((await signIn(a.url, 'pub-mp', PASSWORD)).cookie);
  const producerId = await publish(publisher, 'cam-e1');
  await wall.heard('the wall sees the publisher', 'cam-e1', (s) => s.streams.main.producerId === producerId);

  const closed = next<ProducerClosedDto>(publisher, 'producer:closed');
  const askedAt = Date.now();
  const answeredAt = await changeOnA(`/api/v1/users/${pubId}`, admin, 'PATCH', { clinicId: 'c-w1' });
  const { payload, at } = await closed;
  within('the producer closed in B', at, answeredAt);
  assert.deepEqual(payload, { producerId, cameraId: 'cam-e1', reason: 'out_of_scope' });
  await wall.unpublished('cam-e1', askedAt, answeredAt);
  assert.ok(publisher.connected, 'the session goes on; only the camera it may no longer publish is gone');
  await assert.rejects(publish(publisher, 'cam-e1'), /forbidden/, 'publishing it again is refused');

  const [ended] = await audit({ action: 'camera.publish_ended', username: 'pub-mp' });
  assert.equal(ended?.reason, 'out_of_scope');
  assert.equal(ended?.target?.id, 'cam-e1');
  assert.equal(ended?.transport, 'sfu');
  assert.equal(ended?.detail.producerId, producerId);
  const [started] = await audit({ action: 'camera.publish_started', username: 'pub-mp' });
  assert.equal(ended?.detail.publicationId, started?.id);
});

test('a publisher disabled in A is signed out in B with the reason, its producer closed and audited', async () => {
  const pubId = await createUser({ username: 'pub-mp-w', displayName: '西一推流', role: 'clinic', clinicId: 'c-w1' });
  const wall = await wallOnB();
  const publisher = await onB((await signIn(a.url, 'pub-mp-w', PASSWORD)).cookie);
  const producerId = await publish(publisher, 'cam-w1');
  await wall.heard('the wall sees the publisher', 'cam-w1', (s) => s.streams.main.producerId === producerId);
  const end = sessionEnd(publisher);
  const askedAt = Date.now();
  const answeredAt = await changeOnA(`/api/v1/users/${pubId}`, admin, 'PATCH', { disabled: true });
  const { reason, at, why } = await end;
  within('the session ended in B', at, answeredAt);
  assert.equal(reason, 'disabled');
  assert.equal(why, 'io server disconnect');
  await wall.unpublished('cam-w1', askedAt, answeredAt);
  await until('the end of the publication is audited', async () =>
    (await audit({ action: 'camera.publish_ended', username: 'pub-mp-w' })).some(
      (e) => e.reason === 'disabled' && e.detail.producerId === producerId,
    ),
  );
});

test('signing out in A ends that session in B; a password change in A ends the other sessions in B', async () => {
  await createUser({ username: 'ops-mp', displayName: '值班', role: 'operator', allRegions: true });
  const [one, two, three] = [
    await signIn(a.url, 'ops-mp', PASSWORD),
    await signIn(a.url, 'ops-mp', PASSWORD),
    await signIn(a.url, 'ops-mp', PASSWORD),
  ].map((s) => s.cookie) as [string, string, string];
  const [s1, s2, s3] = [await onB(one), await onB(two), await onB(three)];

  const end1 = sessionEnd(s1);
  let answeredAt = await changeOnA('/api/v1/auth/logout', one, 'POST');
  let ended = await end1;
  within('the signed-out session ended in B', ended.at, answeredAt);
  assert.equal(ended.reason, 'signed_out');
  assert.ok(s2.connected && s3.connected, 'the other sessions go on');

  const end3 = sessionEnd(s3);
  answeredAt = await changeOnA('/api/v1/auth/password', two, 'POST', {
    currentPassword: PASSWORD,
    newPassword: 'multi-process-new-pass-43',
  });
  ended = await end3;
  within('the other session ended in B', ended.at, answeredAt);
  assert.equal(ended.reason, 'password_changed');
  await new Promise((r) => setTimeout(r, 200));
  assert.ok(s2.connected, 'the session that changed the password goes on');
});
