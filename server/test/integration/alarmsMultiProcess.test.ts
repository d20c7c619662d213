/**
 * Alarms with several server processes on one Redis: process A (its own node process, started
 * first: the alarm leader) and process B (in this test). One engine runs, on the leader; B forwards
 * what its sockets send; alarm events reach the sockets of both; webhooks go out once. A killed (-9):
 * B takes over within the lease, loses none of what was queued meanwhile, and raises each alarm once.
 * A follower C killed (-9): the verdicts its walls reported stop counting on the leader B after three
 * missed heartbeats.
 *   flock /tmp/clinicwall-stack.lock node --import tsx --test server/test/integration/alarmsMultiProcess.test.ts
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlarmDto, AlarmEventDto, TileHealth } from '@clinicwall/contract';
import { readConfig, startServer, type RunningServer } from '../../src/index.ts';
import { ALARM_KEYS } from '../../src/adapters/redis/alarmKeys.ts';
import {
  about,
  alarmEnv,
  alarmOf,
  connectOperator,
  http,
  nextEvent,
  ok,
  request,
  type Operator,
} from './helpers/alarmStack.ts';
import { RedisServer } from './helpers/redisServer.ts';
import { spawnServer, type ServerProcess } from './helpers/serverProcess.ts';

const LEASE_MS = 2000;
const SECRET = 'multi-process-webhook-secret-0123456789';

let dir: string;
let redis: RedisServer;
let a: ServerProcess;
let b: RunningServer;
let c: ServerProcess | undefined;
let env: NodeJS.ProcessEnv;
let receiver: Server;
/** Webhook deliveries: "type kind@camera" per event id, each time it arrived. */
const delivered: { id: string; what: string }[] = [];
const operators: Operator[] = [];
/** The wall of the first test: its 'occluded' on cam-web stays in force across the takeover. */
let firstWall: Operator;

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function operatorOn(url: string): Promise<Operator> {
  const op = await connectOperator(url);
  operators.push(op);
  ok(await request(op.socket, 'alarms:subscribe', {}));
  return op;
}

/** A wall's smoothed verdict, held since `heldMs` ago (past the debounce: active at once). */
const verdict = (cameraId: string, v: TileHealth, heldMs = 3000) => ({
  cameraId,
  verdict: v,
  confidence: 0.9,
  onsetAt: Date.now() - heldMs,
  modelVersion: 'test',
  backend: 'wasm',
});

const count = (op: Operator, match: (e: AlarmEventDto) => boolean) => op.events.filter((e) => match(e.event)).length;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clinicwall-alarm-multi-'));
  redis = await RedisServer.start();
  receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as { id: string; event: AlarmEventDto };
      const e = body.event;
      delivered.push({
        id: body.id,
        what: e.type === 'snoozed' ? 'snoozed' : `${e.type} ${e.alarm.kind}@${e.alarm.cameraId}`,
      });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/in|${SECRET}`;
  // Browser cameras only (nothing to ingest: both processes may lead), "connecting" all along (no signal_loss).
  env = alarmEnv(dir, null, {
    REDIS_URL: redis.url,
    ALARM_LEADER_LEASE_MS: String(LEASE_MS),
    ALARM_WEBHOOKS: hook,
    SENTINEL: 'off',
    SIGNAL_STARTUP_GRACE_MS: '300000',
  });
  a = await spawnServer(env);
  const client = redis.client();
  await until('A leads', async () => (await client.get(ALARM_KEYS.leader.lease)) ?? undefined);
  b = await startServer(readConfig(env));
});
after(async () => {
  for (const op of operators) op.close();
  await b?.close();
  a?.proc.kill('SIGKILL');
  c?.proc.kill('SIGKILL');
  receiver?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test("a verdict sent to the follower's socket raises the alarm on the leader; both processes' sockets hear it once; one webhook", async () => {
  assert.equal(b.alarms.isLeader(), false, 'A, started first, leads');
  const opA = await operatorOn(a.url);
  const opB = await operatorOn(b.url);
  const wallOnB = (firstWall = await operatorOn(b.url));
  ok(await request(wallOnB.socket, 'health:verdict', verdict('cam-web', 'occluded')));
  const activated = alarmOf((await nextEvent(opB, about('activated', 'cam-web', 'occluded'))).event);
  await nextEvent(opA, about('activated', 'cam-web', 'occluded'));
  // An operator's request through the follower: run by the leader, answered through B.
  const acked = ok(await request<AlarmDto>(opB.socket, 'alarms:ack', { alarmId: activated.id, note: '已看到' }));
  assert.equal(acked.state, 'acknowledged');
  const refused = await request(opB.socket, 'alarms:ack', { alarmId: activated.id });
  assert.equal(!refused.ok && refused.error.code, 'conflict', 'the leader refuses a second ack; B says why');
  await nextEvent(opA, about('acknowledged', 'cam-web', 'occluded'));
  await until('webhooks', () => (delivered.length >= 2 ? true : undefined));
  await new Promise((r) => setTimeout(r, 500));
  for (const op of [opA, opB]) {
    assert.equal(count(op, about('activated', 'cam-web', 'occluded')), 1);
    assert.equal(count(op, about('acknowledged', 'cam-web', 'occluded')), 1);
  }
  assert.deepEqual(
    delivered.map((d) => d.what),
    ['activated occluded@cam-web', 'acknowledged occluded@cam-web'],
    'each transition sent once, by the leader only',
  );
  const listed = await http<AlarmDto[]>(b.url, '/api/v1/alarms?cameraId=cam-web');
  assert.deepEqual(
    listed.body.map((x) => x.state),
    ['acknowledged'],
    'the follower serves the stored state',
  );
});

test('the leader killed: the follower takes over within the lease, loses nothing queued meanwhile, raises each alarm once', async () => {
  const opB = await operatorOn(b.url);
  const wallOnB = await operatorOn(b.url);
  const killedAt = Date.now();
  a.proc.kill('SIGKILL');
  // Queued while nobody leads: acknowledged as queued, handled by the next leader.
  ok(await request(wallOnB.socket, 'health:verdict', verdict('cam-w1', 'blank')));
  await until('B leads', () => (b.alarms.isLeader() ? true : undefined), LEASE_MS + 5000);
  const tookMs = Date.now() - killedAt;
  console.log(`# takeover ${tookMs} ms after the leader was killed (lease ${LEASE_MS} ms)`);
  assert.ok(tookMs < LEASE_MS + 2000, `took over after ${tookMs} ms`);
  await nextEvent(opB, about('activated', 'cam-w1', 'blank'));
  // Raised after the takeover.
  ok(await request(wallOnB.socket, 'health:verdict', verdict('cam-web', 'frozen')));
  await nextEvent(opB, about('activated', 'cam-web', 'frozen'));
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(count(opB, about('activated', 'cam-w1', 'blank')), 1);
  assert.equal(count(opB, about('activated', 'cam-web', 'frozen')), 1);
  assert.equal(delivered.filter((d) => d.what === 'activated blank@cam-w1').length, 1);
  assert.equal(delivered.filter((d) => d.what === 'activated frozen@cam-web').length, 1);
  // The alarm from A's term is still open (restored from the store).
  const open = ok(await request<{ alarms: AlarmDto[] }>(opB.socket, 'alarms:subscribe', {})).alarms;
  assert.deepEqual(open.map((x) => `${x.kind}@${x.cameraId}`).sort(), [
    'blank@cam-w1',
    'frozen@cam-web',
    'occluded@cam-web',
  ]);
  // The first wall's 'occluded' was sent to A; B's process sent it again to its new leader: still held.
  let from = opB.events.length;
  ok(await request(wallOnB.socket, 'health:verdict', verdict('cam-web', 'ok', 0)));
  await nextEvent(opB, about('cleared', 'cam-web', 'frozen'), 5000, from);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(count(opB, about('cleared', 'cam-web', 'occluded')), 0, 'the first wall still sees it covered');
  from = opB.events.length;
  ok(await request(firstWall.socket, 'health:verdict', verdict('cam-web', 'ok', 0)));
  await nextEvent(opB, about('cleared', 'cam-web', 'occluded'), 5000, from);
});

test("a follower killed: its walls' verdicts stop counting on the leader after three missed heartbeats", async () => {
  assert.equal(b.alarms.isLeader(), true, 'B leads since A was killed');
  c = await spawnServer(env);
  const opB = await operatorOn(b.url);
  const wallOnB = await operatorOn(b.url);
  const wallOnC = await operatorOn(c.url);
  ok(await request(wallOnB.socket, 'health:verdict', verdict('cam-web', 'ok', 0)));
  ok(await request(wallOnC.socket, 'health:verdict', verdict('cam-web', 'occluded')));
  await nextEvent(opB, about('activated', 'cam-web', 'occluded'));
  const from = opB.events.length;
  const killedAt = Date.now();
  c.proc.kill('SIGKILL');
  await nextEvent(opB, about('cleared', 'cam-web', 'occluded'), 10_000, from);
  const tookMs = Date.now() - killedAt;
  const heartbeatMs = LEASE_MS / 2.5;
  console.log(`# C's verdict stopped counting ${tookMs} ms after C was killed (heartbeat ${heartbeatMs} ms)`);
  assert.ok(tookMs >= heartbeatMs * 2, `not before C missed its heartbeats (${tookMs} ms)`);
  assert.ok(tookMs < heartbeatMs * 4 + 1000, `within three missed heartbeats and a tick (${tookMs} ms)`);
});
