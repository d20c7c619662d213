import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CameraState } from './camera.ts';
import { startControlServer, type ControlServer, type Controller } from './http.ts';
import type { ModeRequest } from './modes.ts';

const state = (id: string, mode = 'normal', variant: string | null = null): CameraState => ({
  id,
  name: '收费处',
  nameEn: 'Cashier',
  clinicId: 'c-01',
  clinicName: '安定门社区卫生服务中心',
  mode: mode as CameraState['mode'],
  variant,
  pid: 123,
  running: mode !== 'cut',
  startedAt: null,
  liveSince: null,
  frames: 0,
  restarts: 0,
  lastError: null,
  main: 'udp://127.0.0.1:1',
  sub: 'udp://127.0.0.1:2',
});

const calls: [string, ModeRequest][] = [];
const fake: Controller = {
  cameras: () => [state('cam-001'), state('cam-002')],
  setMode: async (id, req) => {
    calls.push([id, req]);
    return state(id, req.mode, 'variant' in req ? (req.variant ?? null) : null);
  },
  setAllModes: async (req) => {
    calls.push(['*', req]);
    return [state('cam-001', req.mode), state('cam-002', req.mode)];
  },
  isUnknownCamera: () => false,
};

let server: ControlServer;
before(async () => {
  server = await startControlServer(fake, 0);
});
after(() => server.close());

async function call(method: string, path: string, body?: string) {
  const res = await fetch(server.url + path, { method, body });
  return {
    status: res.status,
    json: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } },
  };
}

test('binds to 127.0.0.1 on an ephemeral port', () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
});

test('GET /cameras lists the cameras', async () => {
  const { status, json } = await call('GET', '/cameras');
  assert.equal(status, 200);
  assert.deepEqual(
    (json as unknown as CameraState[]).map((c) => c.id),
    ['cam-001', 'cam-002'],
  );
});

test('PUT /cameras/:id/mode validates and applies a mode', async () => {
  calls.length = 0;
  const { status, json } = await call('PUT', '/cameras/cam-002/mode', '{"mode":"blank","variant":"nosignal"}');
  assert.equal(status, 200);
  assert.equal(json.mode, 'blank');
  assert.equal(json.variant, 'nosignal');
  assert.deepEqual(calls, [['cam-002', { mode: 'blank', variant: 'nosignal' }]]);
});

test('bad modes and bodies are 400 with a clear message, and nothing is applied', async () => {
  calls.length = 0;
  const cases: [string, RegExp][] = [
    ['{"mode":"sleeping"}', /mode must be one of normal, cut, blank, frozen, covered, defocused, reaimed/],
    ['{"mode":"blank","variant":"pink"}', /variant/],
    ['{"mode":"frozen","variant":"black"}', /variant applies only to blank and covered/],
    ['{"mode":"normal","extra":1}', /extra/],
    ['{}', /mode must be one of/],
    ['[1]', /JSON object/],
    ['not json', /not valid JSON/],
    ['', /JSON body is required/],
  ];
  for (const [body, message] of cases) {
    const { status, json } = await call('PUT', '/cameras/cam-001/mode', body);
    assert.equal(status, 400, body);
    assert.equal(json.error?.code, 'invalid_argument');
    assert.match(json.error?.message ?? '', message, body);
  }
  assert.deepEqual(calls, []);
});

test('an unknown camera is 404', async () => {
  const { status, json } = await call('PUT', '/cameras/cam-999/mode', '{"mode":"cut"}');
  assert.equal(status, 404);
  assert.equal(json.error?.code, 'not_found');
  assert.equal((await call('GET', '/cameras/cam-999')).status, 404);
});

test('PUT /mode sets every camera', async () => {
  calls.length = 0;
  const { status, json } = await call('PUT', '/mode', '{"mode":"frozen"}');
  assert.equal(status, 200);
  assert.equal((json as unknown as CameraState[]).length, 2);
  assert.deepEqual(calls, [['*', { mode: 'frozen' }]]);
});

test('unknown routes are 404 and wrong methods 405', async () => {
  assert.equal((await call('GET', '/nope')).status, 404);
  assert.equal((await call('DELETE', '/cameras')).status, 405);
  assert.equal((await call('GET', '/cameras/cam-001/mode')).status, 405);
  assert.equal((await call('GET', '/healthz')).status, 200);
});
