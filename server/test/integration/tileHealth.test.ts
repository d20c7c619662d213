import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Ack, TileHealthListDto } from '@clinicwall/contract';
import { readConfig, startServer, type RunningServer } from '../../src/index.ts';
import { authEnv, connected, fetchAs, socketAs, type AuthedClient } from './helpers/auth.ts';

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
