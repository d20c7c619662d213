import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlarmDto } from '@clinicwall/contract';
import type { AlarmEngine } from './alarmEngine.ts';
import { alarmKit, MIN, operator, operator2, SEC, summary, supervisor, T0 } from './alarmTestKit.ts';

/** A blank alarm on cam-e1, active at T0 + 1 s. */
async function activeBlank(engine: AlarmEngine): Promise<AlarmDto> {
  await engine.observePicture('cam-e1', 'wall-a', 'blank', T0);
  await engine.tick(T0 + SEC);
  const alarm = engine.current()[0];
  assert.equal(alarm?.state, 'active');
  return alarm;
}

test('acknowledging records who, when and why; a second ack, an ack of a cleared, pending or unknown alarm is refused', async () => {
  const { engine } = await alarmKit();
  const alarm = await activeBlank(engine);
  const [acked] = await engine.acknowledge({ alarmId: alarm.id, note: '已通知诊所' }, operator, T0 + 30 * SEC);
  assert.ok(acked?.type === 'acknowledged');
  assert.equal(acked.alarm.state, 'acknowledged');
  assert.equal(acked.alarm.acknowledgedBy, 'u-op');
  assert.deepEqual(acked.alarm.history.at(-1), {
    at: T0 + 30 * SEC,
    by: 'u-op',
    byRole: 'operator',
    action: 'acknowledged',
    from: 'active',
    to: 'acknowledged',
    why: '已通知诊所',
  });

  await assert.rejects(engine.acknowledge({ alarmId: alarm.id }, operator2, T0 + 40 * SEC), {
    code: 'conflict',
    message: /already acknowledged by u-op/,
  });
  await assert.rejects(engine.acknowledge({ alarmId: 'nope' }, operator, T0), { code: 'not_found' });
  await engine.observePicture('cam-e2', 'wall-a', 'occluded', T0 + 50 * SEC);
  const pending = engine.current().find((a) => a.cameraId === 'cam-e2')!;
  await assert.rejects(engine.acknowledge({ alarmId: pending.id }, operator, T0 + 50 * SEC), {
    code: 'conflict',
    message: /still pending/,
  });
  await engine.observePicture('cam-e1', 'wall-a', 'ok', T0 + 60 * SEC);
  await assert.rejects(engine.acknowledge({ alarmId: alarm.id }, operator, T0 + 70 * SEC), {
    code: 'conflict',
    message: /already cleared/,
  });

  const stored = await engine.get(alarm.id);
  assert.deepEqual(
    stored.history.map((h) => `${h.action}:${h.by}`),
    ['raised:system', 'activated:system', 'acknowledged:u-op', 'cleared:system'],
    'refused actions left no trace',
  );
});

test('signal_loss: ack allowed while dark, a manual clear refused until the SFU reports the signal back, then it clears itself', async () => {
  const { engine } = await alarmKit();
  await engine.observeFeed('cam-e1', 'no_signal', T0);
  await engine.tick(T0 + SEC);
  const alarm = engine.current()[0]!;
  await engine.acknowledge({ alarmId: alarm.id }, supervisor, T0 + 10 * SEC);
  await assert.rejects(engine.clear({ alarmId: alarm.id, reason: '误报' }, supervisor, T0 + 20 * SEC), {
    code: 'conflict',
    message: /has not recovered its signal/,
  });
  await engine.observeFeed('cam-e1', 'connecting', T0 + 25 * SEC);
  await assert.rejects(engine.clear({ alarmId: alarm.id, reason: '误报' }, supervisor, T0 + 26 * SEC), {
    code: 'conflict',
  });
  assert.equal(engine.current()[0]?.state, 'acknowledged', 'no evidence: still open');
  const events = await engine.observeFeed('cam-e1', 'live', T0 + 30 * SEC);
  assert.deepEqual(summary(events), ['cleared signal_loss@cam-e1']);
  const cleared = await engine.get(alarm.id);
  assert.deepEqual(cleared.history.at(-1), {
    at: T0 + 30 * SEC,
    by: 'system',
    byRole: 'system',
    action: 'cleared',
    from: 'acknowledged',
    to: 'cleared',
    why: 'condition_ended',
  });
  await assert.rejects(engine.clear({ alarmId: alarm.id, reason: '再次' }, supervisor, T0 + MIN), { code: 'conflict' });
});

test('a picture alarm cleared by hand as false stays quiet while its condition lasts, and comes back only with a new episode', async () => {
  const { engine } = await alarmKit();
  const alarm = await activeBlank(engine);
  const [cleared] = await engine.clear({ alarmId: alarm.id, reason: '夜间关灯，非黑屏' }, operator, T0 + 5 * SEC);
  assert.equal(cleared?.type === 'cleared' && cleared.alarm.history.at(-1)?.why, '夜间关灯，非黑屏');
  assert.deepEqual(summary(await engine.tick(T0 + MIN)), [], 'not raised again while the same blank lasts');
  assert.deepEqual(summary(await engine.observePicture('cam-e1', 'wall-b', 'blank', T0 + 2 * MIN)), []);
  await engine.observePicture('cam-e1', 'wall-a', 'ok', T0 + 3 * MIN);
  await engine.observePicture('cam-e1', 'wall-b', 'ok', T0 + 3 * MIN);
  assert.deepEqual(summary(await engine.observePicture('cam-e1', 'wall-a', 'blank', T0 + 4 * MIN)), [
    'raised blank@cam-e1',
  ]);
});

test('comments go into the history in any state but pending, also after clearing', async () => {
  const { engine } = await alarmKit();
  const alarm = await activeBlank(engine);
  await engine.comment({ alarmId: alarm.id, text: '电话联系不上' }, operator, T0 + 10 * SEC);
  await engine.observePicture('cam-e1', 'wall-a', 'ok', T0 + 20 * SEC);
  const [after] = await engine.comment({ alarmId: alarm.id, text: '诊所称停电' }, operator2, T0 + 30 * SEC);
  assert.ok(after?.type === 'commented');
  assert.equal(after.alarm.state, 'cleared');
  assert.deepEqual(
    after.alarm.history.filter((h) => h.action === 'commented').map((h) => [h.by, h.why, h.from, h.to]),
    [
      ['u-op', '电话联系不上', 'active', 'active'],
      ['u-op2', '诊所称停电', 'cleared', 'cleared'],
    ],
  );
  await engine.observePicture('cam-e2', 'wall-a', 'blank', T0);
  const pending = engine.current().find((a) => a.state === 'pending')!;
  await assert.rejects(engine.comment({ alarmId: pending.id, text: 'x' }, operator, T0), { code: 'conflict' });
});

test('escalation: to the region of the clinic, exactly escalateAfterMs after activation if nobody acknowledged, once', async () => {
  const cases: { name: string; ackAt: number | null; ticks: number[]; escalatedAt: number | null }[] = [
    { name: 'nobody acks', ackAt: null, ticks: [2 * MIN, 2 * MIN + SEC, 3 * MIN], escalatedAt: SEC + 2 * MIN },
    { name: 'acked in time', ackAt: 2 * MIN, ticks: [3 * MIN, 10 * MIN], escalatedAt: null },
    { name: 'acked after escalation', ackAt: 5 * MIN, ticks: [2 * MIN + SEC], escalatedAt: SEC + 2 * MIN },
  ];
  for (const c of cases) {
    const { engine } = await alarmKit({ escalateAfterMs: 2 * MIN });
    const alarm = await activeBlank(engine);
    assert.equal(engine.nextDueAt(T0 + SEC), T0 + SEC + 2 * MIN, c.name);
    const events = [];
    for (const t of [...c.ticks, ...(c.ackAt === null ? [] : [c.ackAt])].sort((a, b) => a - b)) {
      if (t === c.ackAt) events.push(...(await engine.acknowledge({ alarmId: alarm.id }, operator, T0 + t)));
      else events.push(...(await engine.tick(T0 + t)));
    }
    const escalations = events.filter((e) => e.type === 'escalated');
    assert.equal(escalations.length, c.escalatedAt === null ? 0 : 1, c.name);
    if (c.escalatedAt !== null) {
      const [e] = escalations;
      assert.ok(e?.type === 'escalated');
      assert.equal(e.regionId, 'r-east', c.name);
      assert.equal(e.alarm.escalatedAt, T0 + c.escalatedAt, c.name);
    }
  }
});

test('snooze silences, it does not hide: alarms still come and are stored, escalation waits for the snooze to end', async () => {
  const { engine, stores } = await alarmKit({ escalateAfterMs: 2 * MIN });
  const [snoozed] = await engine.snooze({ cameraId: 'cam-e1', minutes: 15, reason: '施工' }, operator, T0);
  assert.ok(snoozed?.type === 'snoozed');
  assert.deepEqual(snoozed.snooze, { cameraId: 'cam-e1', until: T0 + 15 * MIN, reason: '施工', by: 'u-op', at: T0 });
  const alarm = await activeBlank(engine);
  assert.equal(alarm.snoozedUntil, T0 + 15 * MIN);
  assert.equal((await stores.alarms.open()).length, 1, 'stored like any other');
  assert.deepEqual(summary(await engine.tick(T0 + 5 * MIN)), [], 'no escalation while snoozed');
  assert.equal(engine.nextDueAt(T0 + 5 * MIN), T0 + 10 * MIN, 'the violation threshold (from onset) is not snoozed');
  const atEnd = await engine.tick(T0 + 15 * MIN);
  // 15 minutes unreported: a violation too, snooze or not (only a maintenance report excuses).
  assert.deepEqual(summary(atEnd), ['snoozed @cam-e1', 'escalated blank@cam-e1', 'violation blank@cam-e1']);
  assert.ok(atEnd[0]?.type === 'snoozed' && atEnd[0].snooze === null, 'the snooze ended');
  assert.deepEqual(engine.snoozes(), []);
});

test('snoozing marks open alarms in their history; unsnooze lifts it; bad cameras are refused', async () => {
  const { engine } = await alarmKit({ escalateAfterMs: 2 * MIN });
  const alarm = await activeBlank(engine);
  const [ev] = await engine.snooze({ cameraId: 'cam-e1', minutes: 30, reason: '维修中' }, supervisor, T0 + 10 * SEC);
  assert.ok(ev?.type === 'snoozed');
  assert.deepEqual(
    ev.alarms.map((a) => [a.id, a.snoozedUntil, a.history.at(-1)?.action, a.history.at(-1)?.why]),
    [[alarm.id, T0 + 10 * SEC + 30 * MIN, 'snoozed', '维修中']],
  );
  const lifted = await engine.unsnooze({ cameraId: 'cam-e1' }, supervisor, T0 + 5 * MIN);
  assert.ok(lifted[0]?.type === 'snoozed' && lifted[0].snooze === null);
  assert.deepEqual(summary(await engine.tick(T0 + 5 * MIN)), ['escalated blank@cam-e1'], 'overdue once lifted');
  await assert.rejects(engine.unsnooze({ cameraId: 'cam-e1' }, supervisor, T0), { code: 'not_found' });
  await assert.rejects(engine.snooze({ cameraId: 'cam-x', minutes: 5, reason: '维修' }, operator, T0), {
    code: 'not_found',
  });
});

test('current() and list() can be limited to a scope of clinics', async () => {
  const { engine } = await alarmKit();
  await activeBlank(engine);
  await engine.observePicture('cam-w1', 'wall-a', 'blank', T0);
  await engine.tick(T0 + 2 * SEC);
  assert.deepEqual(
    engine.current(new Set(['c-w1'])).map((a) => a.cameraId),
    ['cam-w1'],
  );
  assert.equal(engine.current().length, 2);
  assert.deepEqual(
    (await engine.list({ limit: 10 }, new Set(['c-e1']))).map((a) => a.cameraId),
    ['cam-e1'],
  );
});
