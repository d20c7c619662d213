import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alarmKit, memoryStores, MIN, operator, SEC, summary, T0 } from './alarmTestKit.ts';

test('a restarted server continues: the active alarm is still active with its history, snoozes and timers resume', async () => {
  const stores = memoryStores();
  const before = await alarmKit({ escalateAfterMs: 2 * MIN, violationAfterMs: 10 * MIN }, stores);
  await before.engine.observePicture('cam-e1', 'wall-a', 'occluded', T0);
  await before.engine.tick(T0 + SEC);
  const [alarm] = before.engine.current();
  await before.engine.comment({ alarmId: alarm!.id, text: '镜头被纸遮住' }, operator, T0 + 20 * SEC);
  await before.engine.snooze({ cameraId: 'cam-e2', minutes: 10, reason: '调试' }, operator, T0 + 30 * SEC);
  await before.engine.observePicture('cam-e2', 'wall-a', 'blank', T0 + 40 * SEC); // pending only: not stored

  const lastSeen = before.engine.current().filter((a) => a.state !== 'pending');

  const after = await alarmKit({ escalateAfterMs: 2 * MIN, violationAfterMs: 10 * MIN }, stores);
  assert.deepEqual(after.engine.current(), lastSeen, 'the same alarm, as it was; the pending one is gone');
  const restored = after.engine.current()[0]!;
  assert.equal(restored.state, 'active');
  assert.deepEqual(
    restored.history.map((h) => [h.action, h.by, h.why]),
    [
      ['raised', 'system', 'condition_held'],
      ['activated', 'system', 'condition_persisted'],
      ['commented', 'u-op', '镜头被纸遮住'],
    ],
  );
  assert.deepEqual(
    after.engine.snoozes().map((s) => [s.cameraId, s.until]),
    [['cam-e2', T0 + 30 * SEC + 10 * MIN]],
  );
  assert.equal(after.engine.nextDueAt(T0 + MIN), T0 + SEC + 2 * MIN, 'escalation still due on time');
  assert.deepEqual(summary(await after.engine.tick(T0 + SEC + 2 * MIN)), ['escalated occluded@cam-e1']);

  // The walls report again after the restart: the same alarm, not a second one.
  assert.deepEqual(summary(await after.engine.observePicture('cam-e1', 'wall-b', 'occluded', T0 + 3 * MIN)), []);
  assert.equal(after.engine.current().length, 1);
  assert.deepEqual(summary(await after.engine.tick(T0 + 10 * MIN)), ['violation occluded@cam-e1']);
  await after.engine.acknowledge({ alarmId: alarm!.id }, operator, T0 + 11 * MIN);
  assert.deepEqual(summary(await after.engine.observePicture('cam-e1', 'wall-b', 'ok', T0 + 12 * MIN)), [
    'cleared occluded@cam-e1',
  ]);
  const [entry] = await stores.ledger.list({});
  assert.deepEqual([entry?.alarmId, entry?.minutes], [alarm!.id, 12]);
});

test('after a restart a signal_loss alarm still refuses a manual clear until the SFU reports the signal back', async () => {
  const stores = memoryStores();
  const before = await alarmKit({}, stores);
  await before.engine.observeFeed('cam-e1', 'no_signal', T0);
  await before.engine.tick(T0 + SEC);
  const id = before.engine.current()[0]!.id;

  const after = await alarmKit({}, stores);
  await assert.rejects(after.engine.clear({ alarmId: id, reason: '重启后清除' }, operator, T0 + MIN), {
    code: 'conflict',
  });
  assert.deepEqual(summary(await after.engine.observeFeed('cam-e1', 'live', T0 + 2 * MIN)), [
    'cleared signal_loss@cam-e1',
  ]);
  assert.equal((await stores.alarms.get(id))?.state, 'cleared');
});

test('a violation recorded before a restart is not recorded twice', async () => {
  const stores = memoryStores();
  const before = await alarmKit({ violationAfterMs: 10 * MIN }, stores);
  await before.engine.observeFeed('cam-e1', 'no_signal', T0);
  await before.engine.tick(T0 + SEC);
  await before.engine.tick(T0 + 10 * MIN);
  const after = await alarmKit({ violationAfterMs: 10 * MIN }, stores);
  assert.deepEqual(summary(await after.engine.tick(T0 + 20 * MIN)), []);
  assert.equal((await stores.ledger.list({})).length, 1);
});
