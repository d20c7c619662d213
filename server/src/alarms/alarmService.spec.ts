import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlarmEventDto } from '@clinicwall/contract';
import { alarmKit, operator, summary } from '../domain/alarms/alarmTestKit.ts';
import { AlarmService, wallSource } from './alarmService.ts';

async function service(config: Parameters<typeof alarmKit>[0] = {}) {
  const kit = await alarmKit(config);
  const svc = new AlarmService({ engine: kit.engine, maintenance: kit.maintenance, cameras: kit.cameras });
  const events: AlarmEventDto[] = [];
  svc.onEvent((e) => events.push(e));
  svc.start();
  return { ...kit, svc, events };
}

const until = async (what: string, check: () => boolean, ms = 3000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

test('the timer activates a pending alarm when its debounce has passed, with no further call', async () => {
  const { svc, events } = await service({ debounceMs: { signal_loss: 100 } });
  try {
    await svc.observeFeed('cam-e1', 'no_signal');
    assert.deepEqual(summary(events), ['raised signal_loss@cam-e1']);
    await until('activation', () => events.length === 2);
    assert.deepEqual(summary(events), ['raised signal_loss@cam-e1', 'activated signal_loss@cam-e1']);
    assert.deepEqual(
      svc.openAlarms(null).map((a) => a.state),
      ['active'],
    );
  } finally {
    svc.close();
  }
});

test("listeners get the engine's events in order; operator calls return the alarm they changed", async () => {
  const { svc, events } = await service({ debounceMs: { blank: 0 } });
  try {
    await svc.observePicture('cam-w1', wallSource('s1'), 'blank');
    await until('activation', () => events.some((e) => e.type === 'activated'));
    const [alarm] = svc.openAlarms(null);
    const acked = await svc.acknowledge({ alarmId: alarm!.id, note: 'seen' }, operator);
    assert.equal(acked.acknowledgedBy, operator.id);
    const snooze = await svc.snooze({ cameraId: 'cam-w1', minutes: 5, reason: '检修' }, operator);
    assert.equal(snooze.cameraId, 'cam-w1');
    await svc.forgetSource(wallSource('s1'));
    assert.deepEqual(summary(events), [
      'raised blank@cam-w1',
      'activated blank@cam-w1',
      'acknowledged blank@cam-w1',
      'snoozed @cam-w1',
    ]);
    assert.equal(svc.openAlarms(null)[0]?.state, 'acknowledged', 'a wall leaving is no evidence the picture is back');
  } finally {
    svc.close();
  }
});

test('reads are scoped: another clinic sees neither the alarm nor the snooze; a refused call publishes nothing', async () => {
  const { svc, events } = await service({ debounceMs: { signal_loss: 0 } });
  try {
    await svc.observeFeed('cam-e1', 'no_signal');
    await until('activation', () => events.some((e) => e.type === 'activated'));
    await svc.snooze({ cameraId: 'cam-e1', minutes: 10, reason: '装修' }, operator);
    const west = new Set(['c-w1']);
    assert.deepEqual(svc.openAlarms(west), []);
    assert.deepEqual(svc.snoozes(west), []);
    assert.equal(svc.openAlarms(new Set(['c-e1'])).length, 1);
    const id = svc.openAlarms(null)[0]!.id;
    await assert.rejects(svc.get(id, west), { code: 'not_found' });
    const before = events.length;
    await assert.rejects(svc.clear({ alarmId: id, reason: '误报' }, operator), { code: 'conflict' });
    assert.equal(events.length, before);
  } finally {
    svc.close();
  }
});

test("a picture verdict's onset reaches the engine: held past the debounce at the source, it is active at once", async () => {
  const { svc, events } = await service();
  try {
    await svc.observePicture('cam-w1', wallSource('s1'), 'occluded', Date.now() - 3000);
    assert.deepEqual(summary(events), ['raised occluded@cam-w1', 'activated occluded@cam-w1']);
    await svc.observePicture('cam-e1', wallSource('s1'), 'occluded');
    assert.equal(svc.openAlarms(null).length, 1, 'without an onset the debounce counts from the report');
  } finally {
    svc.close();
  }
});
