import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlarmDto, AlarmWebhookBody, WebhookDeliveryDto } from '@clinicwall/contract';
import { readConfig, startServer, type RunningServer } from '../../src/index.ts';
import { RedisServer } from './helpers/redisServer.ts';
import { alarmEnv, connectOperator, http, ok, request, userIdOf, type Operator } from './helpers/alarmStack.ts';
import { waitFor } from '../../../sfu/test/helpers.ts';

/**
 * Outbound webhooks against a local receiver: /ok answers 200; /flaky answers each event first 503
 * (Retry-After: 1), then drops the connection, then 200. The events come from a real alarm: cam-web
 * is a WebRTC camera that never publishes, so the SFU reports it without signal.
 */
const SECRET_OK = 'ok-receiver-secret-0123456789abcdefgh';
const SECRET_FLAKY = 'flaky-receiver-secret-0123456789abcd';

interface Received {
  path: string;
  at: number;
  headers: IncomingMessage['headers'];
  raw: string;
  body: AlarmWebhookBody;
  answered: number | 'dropped';
}

let receiver: Server;
let redis: RedisServer;
let server: RunningServer;
let dir: string;
let op: Operator;
const received: Received[] = [];

function startReceiver(): Promise<string> {
  const seen = new Map<string, number>();
  receiver = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw) as AlarmWebhookBody;
      const rec: Received = { path: req.url ?? '', at: Date.now(), headers: req.headers, raw, body, answered: 200 };
      received.push(rec);
      if (rec.path.startsWith('/flaky')) {
        const n = (seen.get(body.id) ?? 0) + 1;
        seen.set(body.id, n);
        if (n === 1) {
          rec.answered = 503;
          res.writeHead(503, { 'retry-after': '1' }).end('busy');
          return;
        }
        if (n === 2) {
          rec.answered = 'dropped';
          req.socket.destroy();
          return;
        }
      }
      res.writeHead(200).end('ok');
    });
  });
  return new Promise((resolve) =>
    receiver.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}`)),
  );
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clinicwall-webhooks-'));
  const base = await startReceiver();
  redis = await RedisServer.start();
  server = await startServer(
    readConfig(
      alarmEnv(dir, null, {
        REDIS_URL: redis.url,
        ALARM_WEBHOOKS: `${base}/ok|${SECRET_OK},${base}/flaky?token=t0ps3cret|${SECRET_FLAKY}`,
        ALARM_WEBHOOK_BACKOFF_MS: '200',
        ALARM_WEBHOOK_MAX_ATTEMPTS: '5',
      }),
    ),
  );
  op = await connectOperator(server.url);
  ok(await request(op.socket, 'alarms:subscribe', {}));
});
after(async () => {
  op?.close();
  await server?.close();
  await redis?.stop();
  await new Promise((r) => receiver?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const camWeb = (r: Received) => r.body.event.type !== 'snoozed' && r.body.event.alarm.cameraId === 'cam-web';
const signature = (secret: string, r: Received) =>
  `sha256=${createHmac('sha256', secret).update(`${r.headers['x-clinicwall-timestamp']}.${r.raw}`).digest('hex')}`;

test('each alarm transition reaches the receiver signed with its secret, with an event id; pending alarms are not sent', async () => {
  const activated = await waitFor(
    'activated at /ok',
    () => received.find((r) => r.path === '/ok' && camWeb(r) && r.body.event.type === 'activated'),
    20_000,
  );
  assert.equal(activated.headers['x-clinicwall-signature'], signature(SECRET_OK, activated));
  assert.ok(Math.abs(Number(activated.headers['x-clinicwall-timestamp']) - Date.now() / 1000) < 30);
  assert.equal(activated.headers['x-clinicwall-event-id'], activated.body.id);
  assert.equal(activated.headers['x-clinicwall-event'], 'activated');
  assert.equal(activated.headers['content-type'], 'application/json');
  assert.ok(!received.some((r) => r.body.event.type === 'raised'), 'no webhook for a pending alarm');
  const alarm = (activated.body.event as { alarm: AlarmDto }).alarm;

  ok(await request(op.socket, 'alarms:ack', { alarmId: alarm.id, note: 'on it' }));
  const acked = await waitFor('acknowledged at /ok', () =>
    received.find((r) => r.path === '/ok' && r.body.event.type === 'acknowledged'),
  );
  assert.equal((acked.body.event as { alarm: AlarmDto }).alarm.acknowledgedBy, await userIdOf(server.url, 'operator'));
  assert.notEqual(acked.body.id, activated.body.id);
  assert.equal(acked.headers['x-clinicwall-signature'], signature(SECRET_OK, acked));
});

test('a receiver that fails twice gets the event again after the back-off and Retry-After, accepts it once, and the log shows the attempts', async () => {
  const flaky = () =>
    received.filter((r) => r.path.startsWith('/flaky') && camWeb(r) && r.body.event.type === 'activated');
  await waitFor('three attempts at /flaky', () => flaky().length >= 3, 20_000);
  await new Promise((r) => setTimeout(r, 1500));
  const attempts = flaky();
  assert.equal(attempts.length, 3, 'no attempt after the one that succeeded');
  assert.deepEqual(
    attempts.map((a) => a.answered),
    [503, 'dropped', 200],
  );
  assert.equal(new Set(attempts.map((a) => a.body.id)).size, 1, 'the same event id every time');
  assert.equal(new Set(attempts.map((a) => a.raw)).size, 1, 'the same body every time');
  for (const a of attempts) assert.equal(a.headers['x-clinicwall-signature'], signature(SECRET_FLAKY, a));
  assert.deepEqual(
    attempts.map((a) => a.headers['x-clinicwall-delivery-attempt']),
    ['1', '2', '3'],
  );
  assert.ok(
    attempts[1]!.at - attempts[0]!.at >= 950,
    `Retry-After: 1 respected (${attempts[1]!.at - attempts[0]!.at} ms)`,
  );

  assert.equal((await http(server.url, '/api/v1/webhooks/deliveries')).status, 403, 'an operator may not read it');
  const log = await http<WebhookDeliveryDto[]>(server.url, '/api/v1/webhooks/deliveries?limit=100', { as: 'admin' });
  assert.equal(log.status, 200);
  const entry = log.body.find((d) => d.eventId === attempts[0]!.body.id && d.target.endsWith('/flaky'));
  assert.ok(entry, 'the delivery is in the log');
  assert.equal(entry.state, 'delivered');
  assert.equal(
    entry.target,
    `http://${attempts[0]!.headers.host}/flaky`,
    'shown without its query (it carries a token)',
  );
  assert.deepEqual(
    entry.attempts.map((a) => a.status),
    [503, null, 200],
  );
  assert.ok(entry.attempts[1]!.error, 'the dropped connection is described');
  assert.ok(entry.attempts.every((a) => a.latencyMs >= 0));
  assert.ok(
    !log.text.includes(SECRET_FLAKY) && !log.text.includes(SECRET_OK) && !log.text.includes('t0ps3cret'),
    'no secrets in the log',
  );
  const times = log.body.map((d) => d.createdAt);
  assert.deepEqual(
    times,
    [...times].sort((a, b) => b - a),
    'newest first',
  );
  assert.equal((await http(server.url, '/api/v1/webhooks/deliveries?limit=0', { as: 'admin' })).status, 400);
});
