import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlarmEventDto, CameraState } from '@clinicwall/contract';
import { alarmKit, MIN, SEC, summary, T0 } from './alarmTestKit.ts';

/** What the SFU's liveness reports for one camera, as [ms after T0, state]; the engine ticks when due. */
type Script = [number, CameraState][];

/** Plays a liveness script, ticking at every due time in between, up to `endMs`; returns every event. */
async function play(script: Script, endMs: number, config = {}): Promise<AlarmEventDto[]> {
  const { engine } = await alarmKit({ escalateAfterMs: 60 * MIN, ...config });
  const events: AlarmEventDto[] = [...(await engine.observeFeed('cam-e1', 'live', T0 - MIN))];
  const steps = [...script, [endMs, null] as const];
  let now = T0 - MIN;
  for (const [at, state] of steps) {
    for (let due = engine.nextDueAt(now); due !== null && due <= T0 + at; due = engine.nextDueAt(now)) {
      now = Math.max(now, due);
      events.push(...(await engine.tick(now)));
    }
    now = T0 + at;
    if (state) events.push(...(await engine.observeFeed('cam-e1', state, now)));
  }
  return events;
}

const timeline = (events: AlarmEventDto[]) =>
  events.map((e) => `${e.at - T0} ${summary([e])[0]}${e.type === 'snoozed' ? '' : ` ${e.alarm.id}`}`);

// The feed is cut at 0: no media for 2 s, seen by the next 250 ms poll. Restored at `back`: media
// arrives, but the ingest's ffmpeg ends at its own 3 s input timeout and restarts (back-off 0.5 s,
// probing), a gap the SFU reports as another loss ~2.25 s later.
/** The feed back at 2.9 s, lost again from 3 s (the ingest restarting on its timeout) to 5.6 s. */
const RESTART_FLAP: Script = [
  [2250, 'no_signal'],
  [2900, 'live'],
  [5250, 'no_signal'],
  [5600, 'live'],
];

/** `clearedAt`: when the system clears it (the hold after the last return); the alarm ends at that return. */
const cases: { name: string; script: Script; clearedAt: number }[] = [
  {
    name: 'restored at 2.9 s, the ingest restarts at 3 s: its gap is reported lost at 5.25 s, back at 5.6 s',
    script: RESTART_FLAP,
    clearedAt: 10_600,
  },
  {
    name: 'restored at 3.4 s after the ingest restarted on its timeout: one loss, the restart hidden by the cut',
    script: [
      [2250, 'no_signal'],
      [3400, 'live'],
    ],
    clearedAt: 8400,
  },
  {
    name: 'the ingest restart loses the signal twice more in a row (slow probing on a loaded machine)',
    script: [
      [2250, 'no_signal'],
      [2900, 'live'],
      [5250, 'no_signal'],
      [5500, 'live'],
      [7750, 'no_signal'],
      [9000, 'live'],
    ],
    clearedAt: 14_000,
  },
];

test('one cut, one signal_loss alarm, cleared once: an ingest restart right after the media came back continues it', async () => {
  for (const c of cases) {
    const events = await play(c.script, 30_000);
    const alarmIds = new Set(events.flatMap((e) => (e.type === 'snoozed' ? [] : [e.alarm.id])));
    assert.equal(alarmIds.size, 1, `${c.name}: ${timeline(events).join('; ')}`);
    assert.deepEqual(
      events.map((e) => `${e.at - T0} ${summary([e])[0]}`),
      [
        '2250 raised signal_loss@cam-e1',
        '2500 activated signal_loss@cam-e1',
        `${c.clearedAt} cleared signal_loss@cam-e1`,
      ],
      c.name,
    );
    const cleared = events.at(-1)!;
    assert.ok(cleared.type === 'cleared');
    assert.equal(cleared.alarm.onsetAt, T0 + 2250, `${c.name}: dated from the cut's report`);
    assert.equal(cleared.alarm.clearedAt, T0 + c.script.at(-1)![0], `${c.name}: ended when the signal came back`);
  }
});

test('a new cut after the signal held back for the whole hold is a new alarm', async () => {
  const events = await play(
    [
      [2250, 'no_signal'],
      [3000, 'live'],
      [20_000, 'no_signal'],
      [21_000, 'live'],
    ],
    40_000,
  );
  assert.deepEqual(
    events.map((e) => `${e.at - T0} ${summary([e])[0]}`),
    [
      '2250 raised signal_loss@cam-e1',
      '2500 activated signal_loss@cam-e1',
      '8000 cleared signal_loss@cam-e1',
      '20000 raised signal_loss@cam-e1',
      '20250 activated signal_loss@cam-e1',
      '26000 cleared signal_loss@cam-e1',
    ],
  );
});

test('the hold is configurable; 0 clears as soon as the signal is back (and so doubles the alarm of a restarting ingest)', async () => {
  const events = await play(RESTART_FLAP, 20 * SEC, { signalClearHoldMs: 0 });
  assert.equal(events.filter((e) => e.type === 'activated').length, 2);
  await assert.rejects(alarmKit({ signalClearHoldMs: -1 }), TypeError);
});
