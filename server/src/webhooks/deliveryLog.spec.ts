import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WebhookDeliveryDto } from '@clinicwall/contract';
import { DeliveryLog } from './deliveryLog.ts';

const delivery = (id: string): WebhookDeliveryDto => ({
  id,
  eventId: `ev-${id}`,
  eventType: 'activated',
  alarmId: 'a1',
  cameraId: 'cam-e1',
  target: 'https://example.test/hook',
  state: 'pending',
  attempts: [],
  createdAt: 1000,
  nextAttemptAt: null,
  finishedAt: null,
});

test('the log lists newest first, keeps only the newest `capacity` entries, and hands out copies', () => {
  const log = new DeliveryLog(2);
  const d1 = delivery('d1');
  log.add(d1);
  log.add(delivery('d2'));
  log.add(delivery('d3'));
  assert.deepEqual(
    log.list().map((d) => d.id),
    ['d3', 'd2'],
  );
  assert.deepEqual(
    log.list(1).map((d) => d.id),
    ['d3'],
  );
  const copy = log.list()[0]!;
  copy.state = 'failed';
  assert.equal(log.list()[0]!.state, 'pending');
  assert.throws(() => new DeliveryLog(0), /capacity must be a positive integer/);
});
