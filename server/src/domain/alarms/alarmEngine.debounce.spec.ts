import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlarmKind } from '@clinicwall/contract';
import { DEFAULT_ALARM_CONFIG } from './alarmConfig.ts';
import type { AlarmEngine } from './alarmEngine.ts';
import { alarmKit, MIN, SEC, summary, T0 } from './alarmTestKit.ts';

const begin: Record<AlarmKind, (e: AlarmEngine, t: number) => Promise<unknown>> = {
  signal_loss: (e, t) => e.observeFeed('cam-e1', 'no_signal', t),
  blank: (e, t) => e.observePicture('cam-e1', 'wall-a', 'blank', t),
  frozen: (e, t) => e.observePicture('cam-e1', 'wall-a', 'frozen', t),
  occluded: (e, t) => e.observePicture('cam-e1', 'wall-a', 'occluded', t),
  redirected: (e, t) => e.observePicture('cam-e1', 'wall-a', 'redirected', t),
};

test('an alarm turns active exactly after its kind debounce, and nextDueAt says when to tick', async () => {
  const cases: [AlarmKind, number][] = [
    ['signal_loss', 250],
    ['blank', 1000],
    ['frozen', 1000],
    ['occluded', 1000],
    ['redirected', 1500],
  ];
  for (const [kind, debounce] of cases) {
    const { engine, stores } = await alarmKit();
    await engine.observeFeed('cam-e1', 'live', T0 - MIN);
    await begin[kind](engine, T0);
    assert.equal(engine.current()[0]?.state, 'pending', kind);
    assert.equal(engine.nextDueAt(T0), T0 + debounce, kind);
    assert.deepEqual(await engine.tick(T0 + debounce - 1), [], `${kind}: not yet`);
    assert.deepEqual(summary(await engine.tick(T0 + debounce)), [`activated ${kind}@cam-e1`], kind);
    const [stored] = await stores.alarms.open();
    assert.equal(stored?.activatedAt, T0 + debounce, kind);
    assert.deepEqual(
      stored?.history.map((h) => [h.action, h.from, h.to, h.by]),
      [
        ['raised', null, 'pending', 'system'],
        ['activated', 'pending', 'active', 'system'],
      ],
      kind,
    );
  }
});

test('default debounces keep time to alarm within the targets, given how long the sources take', async () => {
  const sfuDetectMs = 2000 + 250; // no media for 2 s, polled every 0.25 s
  const d = DEFAULT_ALARM_CONFIG.debounceMs;
  assert.ok(sfuDetectMs + d.signal_loss <= 2500, 'cut feed < 3 s, with 0.5 s to spare');
  // The sentinel: the first unhealthy key frame ~1 s after the change (restart, next key frame),
  // raised on the third (1 s GOP), a tick (0.1 s) later. Smoothed, it adds no debounce of its own.
  const verdictAtMs = 1000 + 2000 + 100;
  for (const kind of ['blank', 'frozen', 'occluded'] as const) {
    const { engine } = await alarmKit();
    const changedAt = T0 - verdictAtMs;
    const events = await engine.observePicture('cam-e1', 'sentinel', kind, T0, changedAt + 1000);
    assert.deepEqual(summary(events), [`raised ${kind}@cam-e1`, `activated ${kind}@cam-e1`], kind);
    const active = events[1]!;
    assert.ok(active.type === 'activated' && active.alarm.activatedAt! - changedAt < 5000, `${kind} < 5 s`);
  }
});

test("a smoothed verdict's onset counts towards the debounce: active at once when it held long enough, the alarm dated at the onset", async () => {
  const { engine, stores } = await alarmKit();
  // The wall held 'frozen' for 3 s before reporting it: past the 1 s debounce.
  assert.deepEqual(summary(await engine.observePicture('cam-e1', 'wall-a', 'frozen', T0, T0 - 3 * SEC)), [
    'raised frozen@cam-e1',
    'activated frozen@cam-e1',
  ]);
  const [stored] = await stores.alarms.open();
  assert.equal(stored?.onsetAt, T0 - 3 * SEC);
  assert.equal(stored?.activatedAt, T0);
  // A second wall reporting it later with another onset changes nothing: one condition, one alarm.
  assert.deepEqual(summary(await engine.observePicture('cam-e1', 'wall-b', 'frozen', T0 + SEC, T0 - 9 * SEC)), []);
  assert.equal(engine.current().length, 1);
  assert.equal(engine.current()[0]?.onsetAt, T0 - 3 * SEC);

  // An onset less than the debounce ago: active when the debounce since the onset has passed.
  await engine.observePicture('cam-e2', 'sentinel', 'blank', T0, T0 - 400);
  assert.equal(engine.current().find((a) => a.cameraId === 'cam-e2')?.state, 'pending');
  assert.equal(engine.nextDueAt(T0), T0 + 600);
  assert.deepEqual(summary(await engine.tick(T0 + 599)), []);
  assert.deepEqual(summary(await engine.tick(T0 + 600)), ['activated blank@cam-e2']);
});

test("a reported onset is believed only onsetCreditMs back (a wall's clock may be off); one in the future counts from the report", async () => {
  const { engine } = await alarmKit({ onsetCreditMs: 4 * SEC });
  await engine.observePicture('cam-e1', 'wall-a', 'occluded', T0, T0 - 3 * 3600 * SEC);
  assert.equal(engine.current()[0]?.onsetAt, T0 - 4 * SEC);
  await engine.observePicture('cam-e2', 'wall-a', 'occluded', T0, T0 + 30 * SEC);
  const ahead = engine.current().find((a) => a.cameraId === 'cam-e2');
  assert.deepEqual([ahead?.onsetAt, ahead?.state], [T0, 'pending']);
  assert.deepEqual(summary(await engine.tick(T0 + SEC)), ['activated occluded@cam-e2']);
  await assert.rejects(alarmKit({ onsetCreditMs: -1 }), TypeError);
});

test('an onset from before the signal came back counts only from the end of the grace after it', async () => {
  const { engine } = await alarmKit();
  await engine.observeFeed('cam-e1', 'no_signal', T0);
  await engine.observeFeed('cam-e1', 'live', T0 + 10 * SEC);
  // Blank since before the signal returned, by the wall's account: the grace (5 s) still applies.
  assert.deepEqual(summary(await engine.observePicture('cam-e1', 'wall-a', 'blank', T0 + 12 * SEC, T0 + 8 * SEC)), []);
  assert.equal(engine.nextDueAt(T0 + 12 * SEC), T0 + 15 * SEC);
  assert.deepEqual(summary(await engine.tick(T0 + 15 * SEC)), ['raised blank@cam-e1']);
  assert.deepEqual(summary(await engine.tick(T0 + 16 * SEC)), ['activated blank@cam-e1']);
});

test('a condition that ends while pending never becomes active, is never stored, and a flapping tile raises no storm', async () => {
  const { engine, stores } = await alarmKit();
  const events = [];
  for (let i = 0; i < 10; i++) {
    const t = T0 + i * 2 * SEC;
    events.push(...(await engine.observePicture('cam-e1', 'wall-a', 'blank', t)));
    events.push(...(await engine.tick(t + 900)));
    events.push(...(await engine.observePicture('cam-e1', 'wall-a', 'ok', t + 900)));
  }
  events.push(...(await engine.tick(T0 + MIN)));
  assert.equal(events.filter((e) => e.type === 'activated').length, 0);
  const dropped = events.filter((e) => e.type === 'cleared');
  assert.equal(dropped.length, 10);
  for (const e of dropped) {
    assert.ok(e.type === 'cleared');
    assert.equal(e.alarm.activatedAt, null);
    assert.equal(e.alarm.history.at(-1)?.why, 'condition_ended_while_pending');
  }
  assert.deepEqual(await stores.alarms.list({ limit: 100 }), []);
  assert.deepEqual(engine.current(), []);
});

test('several walls and the sentinel watching one camera raise one alarm, which clears when the last of them sees it fine', async () => {
  const { engine, stores } = await alarmKit();
  const events = [
    ...(await engine.observePicture('cam-e1', 'wall-a', 'occluded', T0)),
    ...(await engine.observePicture('cam-e1', 'wall-b', 'occluded', T0 + 300)),
    ...(await engine.observePicture('cam-e1', 'sentinel', 'occluded', T0 + 600)),
    ...(await engine.tick(T0 + 1000)),
  ];
  assert.deepEqual(summary(events), ['raised occluded@cam-e1', 'activated occluded@cam-e1']);
  assert.deepEqual(summary(await engine.observePicture('cam-e1', 'wall-a', 'ok', T0 + 5 * SEC)), []);
  assert.deepEqual(summary(await engine.forgetSource('wall-b', T0 + 6 * SEC)), [], 'a wall closing ends nothing');
  assert.deepEqual(summary(await engine.observePicture('cam-e1', 'sentinel', 'ok', T0 + 7 * SEC)), [
    'cleared occluded@cam-e1',
  ]);
  const all = await stores.alarms.list({ limit: 100 });
  assert.equal(all.length, 1);
  assert.equal(all[0]?.clearedAt, T0 + 7 * SEC);
});

test('the only wall reporting a pending condition leaves: dropped; an active alarm whose sources all left stays until someone judges it', async () => {
  const { engine } = await alarmKit();
  await engine.observePicture('cam-e1', 'wall-a', 'blank', T0);
  assert.deepEqual(summary(await engine.forgetSource('wall-a', T0 + 500)), ['cleared blank@cam-e1']);

  await engine.observePicture('cam-e2', 'wall-a', 'frozen', T0);
  await engine.tick(T0 + 1000);
  assert.deepEqual(summary(await engine.forgetSource('wall-a', T0 + 2000)), []);
  assert.equal(engine.current()[0]?.state, 'active', 'no evidence it is over');
  assert.deepEqual(summary(await engine.observePicture('cam-e2', 'sentinel', 'ok', T0 + 9000)), [
    'cleared frozen@cam-e2',
  ]);
});

test('a cut feed raises signal_loss only: the frozen or black tiles it causes raise nothing, during the loss or right after', async () => {
  const { engine } = await alarmKit();
  await engine.observePicture('cam-e1', 'wall-a', 'ok', T0 - MIN);
  const events = [
    ...(await engine.observeFeed('cam-e1', 'no_signal', T0)),
    ...(await engine.observePicture('cam-e1', 'wall-a', 'frozen', T0 + 1 * SEC)),
    ...(await engine.tick(T0 + 5 * SEC)),
    ...(await engine.observeFeed('cam-e1', 'live', T0 + 30 * SEC)),
    // the wall's smoothed verdict needs a few seconds of new frames
    ...(await engine.tick(T0 + 32 * SEC)),
    ...(await engine.observePicture('cam-e1', 'wall-a', 'ok', T0 + 33 * SEC)),
    ...(await engine.tick(T0 + MIN)),
  ];
  assert.deepEqual(summary(events), [
    'raised signal_loss@cam-e1',
    'activated signal_loss@cam-e1',
    'cleared signal_loss@cam-e1',
  ]);
});

test('a picture still blank after the grace following recovery is a real blank alarm', async () => {
  const { engine } = await alarmKit();
  const grace = 5 * SEC;
  await engine.observeFeed('cam-e1', 'no_signal', T0);
  await engine.observePicture('cam-e1', 'wall-a', 'blank', T0 + SEC);
  await engine.tick(T0 + 2 * SEC);
  await engine.observeFeed('cam-e1', 'live', T0 + 10 * SEC);
  assert.equal(engine.nextDueAt(T0 + 10 * SEC), T0 + 10 * SEC + grace);
  assert.deepEqual(summary(await engine.tick(T0 + 10 * SEC + grace - 1)), []);
  assert.deepEqual(summary(await engine.tick(T0 + 10 * SEC + grace)), [
    'cleared signal_loss@cam-e1', // after the hold (5 s, like the grace)
    'raised blank@cam-e1',
  ]);
  assert.deepEqual(summary(await engine.tick(T0 + 10 * SEC + grace + 1000)), ['activated blank@cam-e1']);
});

test('a pending picture alarm is dropped when the signal goes: the cut is the cause', async () => {
  const { engine } = await alarmKit();
  await engine.observePicture('cam-e1', 'wall-a', 'frozen', T0);
  const events = await engine.observeFeed('cam-e1', 'no_signal', T0 + 500);
  assert.deepEqual(summary(events), ['raised signal_loss@cam-e1', 'cleared frozen@cam-e1']);
  const dropped = events[1];
  assert.equal(dropped?.type === 'cleared' && dropped.alarm.history.at(-1)?.why, 'signal_lost_picture_not_judged');
});

test('observations of an unknown camera, or a wall calling itself "sfu", are refused with codes', async () => {
  const { engine } = await alarmKit();
  await assert.rejects(engine.observeFeed('cam-x', 'no_signal', T0), { code: 'not_found' });
  await assert.rejects(engine.observePicture('cam-x', 'wall-a', 'blank', T0), { code: 'not_found' });
  await assert.rejects(engine.observePicture('cam-e1', 'sfu', 'blank', T0), { code: 'invalid_argument' });
  assert.deepEqual(engine.current(), []);
});

test('config overrides apply per kind and bad durations are refused', async () => {
  const { engine } = await alarmKit({ debounceMs: { blank: 0 } });
  assert.deepEqual(summary(await engine.observePicture('cam-e1', 'wall-a', 'blank', T0)), [
    'raised blank@cam-e1',
    'activated blank@cam-e1',
  ]);
  assert.equal(engine.config.debounceMs.frozen, 1000);
  await assert.rejects(alarmKit({ escalateAfterMs: -1 }), TypeError);
});

test('an active picture alarm is neither ended nor doubled by what the tiles show during a signal loss', async () => {
  const { engine } = await alarmKit({ escalateAfterMs: 60 * MIN });
  await engine.observePicture('cam-e1', 'wall-a', 'occluded', T0);
  await engine.tick(T0 + SEC);
  const events = [
    ...(await engine.observeFeed('cam-e1', 'no_signal', T0 + MIN)),
    ...(await engine.observePicture('cam-e1', 'wall-a', 'frozen', T0 + MIN + 3 * SEC)),
    ...(await engine.tick(T0 + 2 * MIN)),
  ];
  assert.deepEqual(summary(events), ['raised signal_loss@cam-e1', 'activated signal_loss@cam-e1']);
  assert.deepEqual(
    engine.current().map((a) => `${a.kind}:${a.state}`),
    ['signal_loss:active', 'occluded:active'],
  );
  // Back: the wall's stale 'frozen' and its first verdicts within the grace do not count...
  assert.deepEqual(summary(await engine.observeFeed('cam-e1', 'live', T0 + 3 * MIN)), []);
  assert.deepEqual(summary(await engine.observePicture('cam-e1', 'wall-a', 'ok', T0 + 3 * MIN + 4 * SEC)), []);
  // ...from the end of the grace they do (signal_loss clears after its hold, here as long).
  assert.equal(engine.nextDueAt(T0 + 3 * MIN + 4 * SEC), T0 + 3 * MIN + 5 * SEC);
  assert.deepEqual(summary(await engine.tick(T0 + 3 * MIN + 5 * SEC)), [
    'cleared signal_loss@cam-e1',
    'cleared occluded@cam-e1',
  ]);
});
