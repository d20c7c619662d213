import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import type { AlarmDto, AlarmEventDto, AlarmWebhookBody } from '@clinicwall/contract';
import { WebhookDispatcher } from './webhookDispatcher.ts';
import { webhookHeaders, type SendWebhook, type WebhookAnswer, type WebhookRequest } from './webhookSender.ts';

const SECRET = 'hook-secret-0123456789-abcdefghijkl';

const alarm = (over: Partial<AlarmDto> = {}): AlarmDto => ({
  id: 'a1',
  cameraId: 'cam-e1',
  clinicId: 'c-e1',
  regionId: 'r-east',
  kind: 'signal_loss',
  state: 'active',
  onsetAt: 1000,
  activatedAt: 1250,
  acknowledgedAt: null,
  acknowledgedBy: null,
  escalatedAt: null,
  clearedAt: null,
  reported: false,
  coverage: [],
  snoozedUntil: null,
  violationId: null,
  history: [],
  ...over,
});
const activated: AlarmEventDto = { type: 'activated', at: 1250, alarm: alarm() };

/** A receiver double answering from a script (then 200), recording every request. */
function receiver(script: WebhookAnswer[] = []) {
  const seen: { req: WebhookRequest; headers: Record<string, string> }[] = [];
  const send: SendWebhook = async (req, now) => {
    seen.push({ req, headers: webhookHeaders(req, now) });
    return script.shift() ?? { status: 200, retryAfter: null };
  };
  return { seen, send };
}

const fast = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 60_000 };

test('an event goes to every target once, signed over `${timestamp}.${body}`, with an event id shared by the targets', async () => {
  const r = receiver();
  const d = new WebhookDispatcher({
    targets: [
      { url: 'https://a.test/hook', secret: SECRET },
      { url: 'https://user:pw@b.test/in?token=t', secret: SECRET },
    ],
    send: r.send,
  });
  d.dispatch(activated);
  await d.idle();
  assert.equal(r.seen.length, 2);
  const { req, headers } = r.seen[0]!;
  const body = JSON.parse(req.body) as AlarmWebhookBody;
  assert.deepEqual(body.event, activated);
  assert.equal(headers['X-ClinicWall-Event-Id'], body.id);
  assert.equal(r.seen[1]!.headers['X-ClinicWall-Event-Id'], body.id);
  const ts = headers['X-ClinicWall-Timestamp']!;
  const expected = createHmac('sha256', SECRET).update(`${ts}.${req.body}`).digest('hex');
  assert.equal(headers['X-ClinicWall-Signature'], `sha256=${expected}`);
  assert.deepEqual(
    d.log.list().map((x) => [x.target, x.state, x.attempts.length]),
    [
      ['https://b.test/in', 'delivered', 1],
      ['https://a.test/hook', 'delivered', 1],
    ],
    'the log shows neither credentials nor query strings',
  );
});

test('pending alarms and pending alarms that ended are not sent; snoozes are', async () => {
  const r = receiver();
  const d = new WebhookDispatcher({ targets: [{ url: 'https://a.test/hook', secret: SECRET }], send: r.send });
  const pending = alarm({ state: 'pending', activatedAt: null });
  d.dispatch({ type: 'raised', at: 1000, alarm: pending });
  d.dispatch({ type: 'cleared', at: 1100, alarm: { ...pending, state: 'cleared', clearedAt: 1100 } });
  d.dispatch({ type: 'snoozed', at: 1200, cameraId: 'cam-e1', snooze: null, alarms: [] });
  await d.idle();
  assert.deepEqual(
    r.seen.map((s) => s.req.eventType),
    ['snoozed'],
  );
});

test('a receiver failing twice (503, then no answer) gets the same event a third time; the log shows the attempts', async () => {
  const r = receiver([
    { status: 503, retryAfter: null },
    { status: null, error: 'ECONNRESET' },
  ]);
  const d = new WebhookDispatcher({
    targets: [{ url: 'https://a.test/hook', secret: SECRET }],
    send: r.send,
    policy: fast,
  });
  d.dispatch(activated);
  await d.idle();
  assert.equal(r.seen.length, 3);
  assert.equal(new Set(r.seen.map((s) => s.req.body)).size, 1, 'the same body every time');
  assert.deepEqual(
    r.seen.map((s) => s.headers['X-ClinicWall-Delivery-Attempt']),
    ['1', '2', '3'],
  );
  const [entry] = d.log.list();
  assert.equal(entry!.state, 'delivered');
  assert.deepEqual(
    entry!.attempts.map((a) => [a.status, a.error]),
    [
      [503, 'HTTP 503'],
      [null, 'ECONNRESET'],
      [200, null],
    ],
  );
  assert.ok(entry!.finishedAt! >= entry!.createdAt);
});

test('a 4xx is given up at once; a receiver that keeps failing is given up after maxAttempts', async () => {
  const r = receiver([
    { status: 400, retryAfter: null },
    ...Array.from({ length: 4 }, () => ({ status: 500, retryAfter: null })),
  ]);
  const d = new WebhookDispatcher({
    targets: [{ url: 'https://a.test/hook', secret: SECRET }],
    send: r.send,
    policy: fast,
  });
  d.dispatch(activated);
  await d.idle();
  d.dispatch({ ...activated, type: 'acknowledged' });
  await d.idle();
  assert.deepEqual(
    d.log.list().map((x) => [x.eventType, x.state, x.attempts.length]),
    [
      ['acknowledged', 'failed', 4],
      ['activated', 'failed', 1],
    ],
  );
});

test('429 with Retry-After waits at least that long; close() drops what waits', async () => {
  const r = receiver([{ status: 429, retryAfter: '30' }]);
  const d = new WebhookDispatcher({
    targets: [{ url: 'https://a.test/hook', secret: SECRET }],
    send: r.send,
    policy: fast,
  });
  d.dispatch(activated);
  await new Promise((res) => setTimeout(res, 20));
  let [entry] = d.log.list();
  assert.equal(entry!.state, 'retrying');
  const wait = entry!.nextAttemptAt! - entry!.attempts[0]!.at;
  assert.ok(wait >= 30_000 && wait < 31_000, `waits ${wait} ms`);
  d.close();
  [entry] = d.log.list();
  assert.equal(entry!.state, 'dropped');
  d.dispatch(activated);
  assert.equal(d.log.list().length, 1, 'nothing is queued after close');
});

test('dispatch never waits for a receiver; at most `concurrency` attempts per target are in flight', async () => {
  let inFlight = 0;
  let peak = 0;
  const release: (() => void)[] = [];
  const send: SendWebhook = () => {
    peak = Math.max(peak, ++inFlight);
    return new Promise((res) =>
      release.push(() => {
        inFlight--;
        res({ status: 200, retryAfter: null });
      }),
    );
  };
  const d = new WebhookDispatcher({ targets: [{ url: 'https://a.test/hook', secret: SECRET }], send, concurrency: 2 });
  const t0 = performance.now();
  for (let i = 0; i < 5; i++) d.dispatch(activated);
  assert.ok(performance.now() - t0 < 50, 'dispatch returned at once');
  while (release.length) {
    release.shift()!();
    await new Promise((res) => setTimeout(res, 1));
  }
  await d.idle();
  assert.equal(peak, 2);
  assert.ok(d.log.list().every((x) => x.state === 'delivered'));
});
