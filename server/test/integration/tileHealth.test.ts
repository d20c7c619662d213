import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Ack, AlarmDto, TileHealthListDto } from '@clinicwall/contract';
import { readConfig, startServer, type RunningServer } from '../../src/index.ts';
import { authEnv, connected, fetchAs, socketAs, type AuthedClient } from './helpers/auth.ts';
import { until } from './helpers/swipeStack.ts';

let server: RunningServer;
type Client = AuthedClient;
const clients: Client[] = [];

before(async () => {
  server = await startServer(
    readConfig({ ...process.env, PORT: '0', DEMO_CAMERAS: '0', SFU_WORKERS: '1', WEB_BUILD_DIR: '', ...authEnv() }),
  );
});
after(async () => {
  for (const c of clients) c.close();
  await server?.close();
});

async function connect(): Promise<Client> {
  const c = await socketAs('operator', server.url);
  clients.push(c);
  return connected(c);
}

function send(c: Client, payload: unknown): Promise<Ack<Record<string, never>>> {
  return new Promise((resolve) => c.emit('health:verdict', payload as never, resolve));
}

function withdraw(c: Client, payload: unknown): Promise<Ack<Record<string, never>>> {
  return new Promise((resolve) => c.emit('health:withdraw', payload as never, resolve));
}

/** Closes the walls of earlier tests and waits until the board has forgotten them. */
async function noWalls(): Promise<void> {
  for (const c of clients.splice(0)) c.close();
  await until('walls forgotten', async () => (await board()).cameras.length === 0);
}

const merged = async () => (await board()).cameras.map((c) => [c.cameraId, c.verdict, c.reporters]);

async function board(): Promise<TileHealthListDto> {
  return (await (await fetchAs('operator', server.url, '/api/v1/tile-health')).json()) as TileHealthListDto;
}

const verdict = {
  cameraId: 'cam-web-01',
  verdict: 'occluded',
  confidence: 0.93,
  onsetAt: Date.now() - 3000,
  modelVersion: 'tile-health-v1',
  backend: 'wasm',
};

test('a malformed verdict is refused with per-field messages and changes nothing', async () => {
  const c = await connect();
  const res = await send(c, { ...verdict, verdict: 'smudged', confidence: 3 });
  assert.equal(res.ok, false);
  if (!res.ok) {
    assert.equal(res.error.code, 'invalid_argument');
    assert.ok(res.error.fields?.verdict, 'names the bad verdict field');
    assert.ok(res.error.fields?.confidence, 'names the bad confidence field');
  }
  assert.deepEqual((await board()).cameras, []);
});

test('a verdict for a camera the registry does not know is not_found', async () => {
  const c = await connect();
  const res = await send(c, { ...verdict, cameraId: 'cam-nope' });
  assert.deepEqual(res, { ok: false, error: { code: 'not_found', message: 'camera cam-nope does not exist' } });
});

test('two walls reporting one camera make one merged verdict; a wall leaving stops counting', async () => {
  const a = await connect();
  const b = await connect();
  assert.deepEqual(await send(a, verdict), { ok: true, data: {} });
  assert.deepEqual(await send(b, { ...verdict, verdict: 'ok' }), { ok: true, data: {} });
  let cams = (await board()).cameras;
  assert.deepEqual(
    cams.map((c) => [c.cameraId, c.verdict, c.reporters]),
    [['cam-web-01', 'occluded', 2]],
  );
  a.close();
  await new Promise((r) => setTimeout(r, 300));
  cams = (await board()).cameras;
  assert.deepEqual(
    cams.map((c) => [c.cameraId, c.verdict, c.reporters]),
    [['cam-web-01', 'ok', 1]],
  );
  assert.equal((await board()).recent[0]!.verdict, 'ok');
});

test('two walls report a camera, one withdraws it: the merged verdict follows the other wall', async () => {
  await noWalls();
  const a = await connect();
  const b = await connect();
  await send(a, verdict);
  await send(b, { ...verdict, verdict: 'ok' });
  assert.deepEqual(await merged(), [['cam-web-01', 'occluded', 2]]);
  assert.deepEqual(await withdraw(a, { cameraIds: ['cam-web-01'] }), { ok: true, data: {} });
  assert.deepEqual(await merged(), [['cam-web-01', 'ok', 1]]);
  assert.deepEqual(await withdraw(a, { cameraIds: ['cam-web-01'] }), { ok: true, data: {} }, 'again: a no-op');
  assert.deepEqual(await merged(), [['cam-web-01', 'ok', 1]]);
});

test('the sole reporter withdrawing leaves the camera without a wall verdict', async () => {
  await noWalls();
  const a = await connect();
  await send(a, verdict);
  assert.deepEqual(await merged(), [['cam-web-01', 'occluded', 1]]);
  assert.deepEqual(await withdraw(a, { cameraIds: ['cam-web-01', 'cam-not-shown'] }), { ok: true, data: {} });
  assert.deepEqual((await board()).cameras, []);
  await send(a, verdict);
  assert.deepEqual(await merged(), [['cam-web-01', 'occluded', 1]], 'showing it again, the wall reports again');
});

test('a malformed withdraw is refused with per-field messages and changes nothing', async () => {
  await noWalls();
  const a = await connect();
  await send(a, verdict);
  const bad: [unknown, string][] = [
    [{ cameraIds: [] }, 'cameraIds'],
    [{ cameraIds: Array.from({ length: 101 }, () => 'cam-web-01') }, 'cameraIds'],
    [{ cameraIds: ['cam-web-01', ''] }, 'cameraIds.1'],
    [{ cameraIds: 'cam-web-01' }, 'cameraIds'],
    [{}, 'cameraIds'],
    [null, 'cameraIds'],
  ];
  for (const [payload, field] of bad) {
    const res = await withdraw(a, payload);
    assert.equal(res.ok, false, JSON.stringify(payload));
    if (!res.ok) {
      assert.equal(res.error.code, 'invalid_argument');
      assert.ok(res.error.fields?.[field], `names ${field}: ${JSON.stringify(res.error.fields)}`);
    }
  }
  assert.deepEqual(await merged(), [['cam-web-01', 'occluded', 1]]);
});

test('a withdrawn verdict stops holding its alarm condition: the other wall’s ok ends the alarm', async () => {
  await noWalls();
  const a = await connect();
  const b = await connect();
  const alarmOf = async (state: string) => {
    const res = await fetchAs(
      'operator',
      server.url,
      `/api/v1/alarms?cameraId=cam-web-01&kind=occluded&state=${state}`,
    );
    return ((await res.json()) as AlarmDto[])[0] ?? null;
  };
  await send(a, { ...verdict, onsetAt: Date.now() });
  await until('the occluded alarm active', async () => (await alarmOf('active')) !== null, 10_000);
  const active = (await alarmOf('active'))!;
  await send(b, { ...verdict, verdict: 'ok' });
  assert.equal((await alarmOf('active'))?.id, active.id, 'wall a still says occluded: the condition holds');
  await withdraw(a, { cameraIds: ['cam-web-01'] });
  // By id: earlier tests' walls left occluded alarms behind (their verdicts held 3 s: active at once).
  const state = async () =>
    ((await (await fetchAs('operator', server.url, `/api/v1/alarms/${active.id}`)).json()) as AlarmDto).state;
  await until('the alarm cleared', async () => (await state()) === 'cleared', 5_000);
  assert.equal(await alarmOf('active'), null);
});
