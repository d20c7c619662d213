import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlarmEventDto } from '@clinicwall/contract';
import { alarmKit, operator, summary } from '../domain/alarms/alarmTestKit.ts';
import { AlarmReads } from './alarmReads.ts';
import { AlarmService, wallSource } from './alarmService.ts';

async function service(config: Parameters<typeof alarmKit>[0] = {}, leading = () => true) {
  const kit = await alarmKit(config);
  const leader = { isLeader: leading };
  const svc = new AlarmService({ engine: kit.engine, maintenance: kit.maintenance, leader });
  const reads = new AlarmReads({ store: kit.stores.alarms, maintenance: kit.maintenance, cameras: kit.cameras });
  const events: AlarmEventDto[] = [];
  svc.onEvent((e) => events.push(e));
  svc.start();
  return { ...kit, svc, reads, events };
}

const until = async (what: string, check: () => boolean, ms = 3000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

test('the timer activates a pending alarm when its debounce has passed, with no further call', async () => {
  const { svc, reads, events } = await service({ debounceMs: { signal_loss: 100 } });
  try {
    await svc.observeFeed('cam-e1', 'no_signal');
    assert.deepEqual(summary(events), ['raised signal_loss@cam-e1']);
    await until('activation', () => events.length === 2);
    assert.deepEqual(summary(events), ['raised signal_loss@cam-e1', 'activated signal_loss@cam-e1']);
    assert.deepEqual(
      (await reads.openAlarms(null)).map((a) => a.state),
      ['active'],
    );
  } finally {
    svc.close();
  }
});

test("listeners get the engine's events in order; operator calls return the alarm they changed", async () => {
  const { svc, reads, events } = await service({ debounceMs: { blank: 0 } });
  try {
    await svc.observePicture('cam-w1', wallSource('s1'), 'blank');
    await until('activation', () => events.some((e) => e.type === 'activated'));
    const [alarm] = await reads.openAlarms(null);
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
    assert.equal(
      (await reads.openAlarms(null))[0]?.state,
      'acknowledged',
      'a wall leaving is no evidence the picture is back',
    );
  } finally {
    svc.close();
  }
});

test('reads are scoped: another clinic sees neither the alarm nor the snooze; a refused call publishes nothing', async () => {
  const { svc, reads, events } = await service({ debounceMs: { signal_loss: 0 } });
  try {
    await svc.observeFeed('cam-e1', 'no_signal');
    await until('activation', () => events.some((e) => e.type === 'activated'));
    await svc.snooze({ cameraId: 'cam-e1', minutes: 10, reason: '装修' }, operator);
    const west = new Set(['c-w1']);
    assert.deepEqual(await reads.openAlarms(west), []);
    assert.deepEqual(await reads.snoozes(west), []);
    assert.equal((await reads.snoozes(null)).length, 1);
    assert.equal((await reads.openAlarms(new Set(['c-e1']))).length, 1);
    const id = (await reads.openAlarms(null))[0]!.id;
    await assert.rejects(reads.get(id, west), { code: 'not_found' });
    const before = events.length;
    await assert.rejects(svc.clear({ alarmId: id, reason: '误报' }, operator), { code: 'conflict' });
    assert.equal(events.length, before);
  } finally {
    svc.close();
  }
});

test("a picture verdict's onset reaches the engine: held past the debounce at the source, it is active at once", async () => {
  const { svc, engine, events } = await service();
  try {
    await svc.observePicture('cam-w1', wallSource('s1'), 'occluded', Date.now() - 3000);
    assert.deepEqual(summary(events), ['raised occluded@cam-w1', 'activated occluded@cam-w1']);
    await svc.observePicture('cam-e1', wallSource('s1'), 'occluded');
    assert.equal(
      engine.current().find((a) => a.cameraId === 'cam-e1')?.state,
      'pending',
      'without an onset the debounce counts from the report',
    );
  } finally {
    svc.close();
  }
});

test('fenced: once this process is no longer the leader, nothing changes, the timer included', async () => {
  let leading = true;
  const { svc, engine, events } = await service({ debounceMs: { signal_loss: 100 } }, () => leading);
  try {
    await svc.observeFeed('cam-e1', 'no_signal');
    leading = false;
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(summary(events), ['raised signal_loss@cam-e1'], 'not activated by a deposed leader');
    await assert.rejects(svc.observePicture('cam-w1', wallSource('s1'), 'blank'), { code: 'unavailable' });
    await assert.rejects(svc.fileReport({} as never, operator), { code: 'unavailable' });
    assert.equal(engine.current().length, 1);
  } finally {
    svc.close();
  }
});
