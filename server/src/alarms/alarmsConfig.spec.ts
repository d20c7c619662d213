import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readConfig } from '../config.ts';

const base = { MEDIASOUP_WORKER_BIN: '/bin/true' };
const SECRET = 'webhook-secret-0123456789-abcdefghij';

test('ALARM_WEBHOOKS: url|secret pairs; unset means no webhooks; retry and engine settings have defaults', () => {
  const none = readConfig(base).alarms;
  assert.deepEqual(none.webhooks, []);
  assert.deepEqual(none.webhookRetry, { maxAttempts: 8, baseDelayMs: 1000 });
  assert.deepEqual(none.engine, { escalateAfterMs: 120_000, violationAfterMs: 600_000, signalClearHoldMs: 5000 });
  assert.equal(readConfig({ ...base, NO_SIGNAL_MS: '4000' }).alarms.engine.signalClearHoldMs, 7000);
  assert.equal(none.leaseMs, 5000);
  assert.throws(() => readConfig({ ...base, ALARM_LEADER_LEASE_MS: '500' }), /ALARM_LEADER_LEASE_MS/);
  const two = readConfig({
    ...base,
    ALARM_WEBHOOKS: `https://soc.example.cn/hooks/cw?k=1|${SECRET}, http://127.0.0.1:9000/in|${SECRET}|x`,
    ALARM_WEBHOOK_MAX_ATTEMPTS: '3',
    ALARM_VIOLATION_AFTER_S: '60',
  }).alarms;
  assert.deepEqual(two.webhooks, [
    { url: 'https://soc.example.cn/hooks/cw?k=1', secret: SECRET },
    { url: 'http://127.0.0.1:9000/in', secret: `${SECRET}|x` },
  ]);
  assert.equal(two.webhookRetry.maxAttempts, 3);
  assert.equal(two.engine.violationAfterMs, 60_000);
});

test('a short secret or a non-http URL stops the start with a message that does not show the secret', () => {
  const short = 'too-short-secret';
  assert.throws(
    () => readConfig({ ...base, ALARM_WEBHOOKS: `https://a.example/h|${short}` }),
    (e: Error) =>
      /ALARM_WEBHOOKS\.0: each secret needs at least 32 characters/.test(e.message) && !e.message.includes(short),
  );
  assert.throws(
    () => readConfig({ ...base, ALARM_WEBHOOKS: `ftp://a.example/h|${SECRET}` }),
    (e: Error) => /each entry is url\|secret/.test(e.message) && !e.message.includes(SECRET),
  );
  assert.throws(() => readConfig({ ...base, ALARM_WEBHOOK_MAX_ATTEMPTS: '0' }), /ALARM_WEBHOOK_MAX_ATTEMPTS/);
});

test('SIGNAL_STARTUP_GRACE_MS: how long a camera that never sent media is "connecting" (default 15 s)', () => {
  assert.equal(readConfig(base).sfu.startupGraceMs, 15_000);
  assert.equal(readConfig({ ...base, SIGNAL_STARTUP_GRACE_MS: '5000' }).sfu.startupGraceMs, 5000);
  assert.throws(() => readConfig({ ...base, SIGNAL_STARTUP_GRACE_MS: '-1' }), /SIGNAL_STARTUP_GRACE_MS/);
});

test('SENTINEL_RAISE_AFTER_MS: the sentinel keeps its default unless set (500-10000 ms)', () => {
  assert.equal(readConfig(base).sentinelRaiseAfterMs, null);
  assert.equal(readConfig({ ...base, SENTINEL_RAISE_AFTER_MS: '2500' }).sentinelRaiseAfterMs, 2500);
  assert.throws(() => readConfig({ ...base, SENTINEL_RAISE_AFTER_MS: '100' }), /SENTINEL_RAISE_AFTER_MS/);
});
