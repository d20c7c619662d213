import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CameraStatus } from '@clinicwall/contract';
import { readConfig, startServer, type RunningServer } from '../../src/index.ts';
import { RedisServer } from './helpers/redisServer.ts';
import { connectWall, postSwipes, subscribe, swipeEnv, until, wireSwipe, type Client } from './helpers/swipeStack.ts';
import { fetchAs } from './helpers/auth.ts';
import { spawnServer, type ServerProcess } from './helpers/serverProcess.ts';

let redis: RedisServer;
let a: RunningServer;
let b: ServerProcess;
let dir: string;
const sockets: Client[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clinicwall-swipes-'));
  redis = await RedisServer.start();
  const env = swipeEnv(dir, { REDIS_URL: redis.url });
  a = await startServer(readConfig(env));
  b = await spawnServer(env);
});
after(async () => {
  for (const s of sockets) s.close();
  await b?.stop();
  await a?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function wallOn(url: string, cameraId: string) {
  const w = await connectWall(url);
  sockets.push(w.socket);
  const res = await subscribe(w.socket, [{ cameraId, lastId: null }]);
  assert.ok(res.ok);
  return w;
}

test('a swipe posted to one process reaches walls connected to either', async () => {
  const onA = await wallOn(a.url, 'cam-a');
  const onB = await wallOn(b.url, 'cam-a');
  const viaA = await postSwipes(a.url, wireSwipe());
  const viaB = await postSwipes(b.url, wireSwipe());
  const ids = [viaA.body.results[0]!.id, viaB.body.results[0]!.id];
  await until('both walls got both swipes', () => onA.got.length === 2 && onB.got.length === 2);
  assert.deepEqual(
    onA.got.map((r) => r.id),
    ids,
  );
  assert.deepEqual(
    onB.got.map((r) => r.id),
    ids,
  );
});

test('a mapping edited through one process routes swipes posted to the other', async () => {
  const onB = await wallOn(b.url, 'cam-b');
  const res = await fetchAs('admin', a.url, '/api/v1/terminals/t-2', {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ cameraId: 'cam-b' }),
  });
  assert.equal(res.status, 200);
  await until('B reloaded the registry', async () => {
    const reg = (await (await fetchAs('operator', b.url, '/api/v1/registry')).json()) as {
      terminals: { id: string; cameraId: string }[];
    };
    return reg.terminals.find((t) => t.id === 't-2')?.cameraId === 'cam-b';
  });
  const posted = await postSwipes(b.url, wireSwipe({ terminalId: 't-2' }));
  assert.deepEqual(posted.body.results[0]!.flags, []);
  await until('the wall of cam-b got it', () => onB.got.length === 1);
  assert.deepEqual(onB.got[0]!.cameraIds, ['cam-b']);
});

test('the second process runs its SFU without ingesting cameras', async () => {
  const ingest = (await (await fetchAs('operator', b.url, '/api/v1/ingest')).json()) as unknown[];
  assert.deepEqual(ingest, []);
  const statuses = (await (await fetchAs('operator', b.url, '/api/v1/cameras/status')).json()) as CameraStatus[];
  assert.ok(statuses.every((s) => s.ingest === null));
});
