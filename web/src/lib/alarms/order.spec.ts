import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALARM_KINDS, type CameraSnoozeDto } from '@clinicwall/contract';
import { alarm, T0 } from './alarmFixture.ts';
import {
  alarmsByCamera,
  attentionTier,
  isLate,
  isQuiet,
  isReported,
  KIND_SEVERITY_ORDER,
  snoozedUntil,
  sortAlarms,
} from './order.ts';

const NONE = new Map<string, CameraSnoozeDto>();
const ids = (list: { id: string }[]) => list.map((a) => a.id);

test('the severity order names every kind once, signal loss first and frozen last', () => {
  assert.deepEqual([...KIND_SEVERITY_ORDER].sort(), [...ALARM_KINDS].sort());
  assert.equal(KIND_SEVERITY_ORDER[0], 'signal_loss');
  assert.equal(KIND_SEVERITY_ORDER.at(-1), 'frozen');
});

test('sorted: unacknowledged first, then the most severe kind, then the newest onset', () => {
  const list = [
    alarm('old-frozen', { kind: 'frozen', onsetAt: T0 }),
    alarm('new-frozen', { kind: 'frozen', onsetAt: T0 + 60_000 }),
    alarm('old-loss', { kind: 'signal_loss', onsetAt: T0 - 60_000 }),
    alarm('blank', { kind: 'blank', onsetAt: T0 }),
    alarm('acked-loss', {
      kind: 'signal_loss',
      onsetAt: T0 + 120_000,
      steps: [
        ['activated', 'active'],
        ['acknowledged', 'acknowledged'],
      ],
    }),
  ];
  assert.deepEqual(ids(sortAlarms(list, NONE, T0)), ['old-loss', 'blank', 'new-frozen', 'old-frozen', 'acked-loss']);
});

test('a snoozed or reported-now active alarm goes below the loud ones, above the acknowledged', () => {
  const snoozes = new Map([['cam-002', { cameraId: 'cam-002', until: T0 + 600_000, reason: 'x', by: 'u', at: T0 }]]);
  const list = [
    alarm('snoozed', { cameraId: 'cam-002' }),
    alarm('covered', { coverage: [{ reportId: 'r1', from: T0 - 1, to: T0 + 60_000, late: true }] }),
    alarm('loud', { kind: 'frozen', cameraId: 'cam-003' }),
    alarm('acked', {
      steps: [
        ['activated', 'active'],
        ['acknowledged', 'acknowledged'],
      ],
    }),
  ];
  assert.deepEqual(ids(sortAlarms(list, snoozes, T0)).slice(0, 1), ['loud']);
  assert.equal(attentionTier(list[0]!, snoozes.get('cam-002'), T0), 1);
  assert.equal(attentionTier(list[1]!, undefined, T0), 1);
  assert.equal(ids(sortAlarms(list, snoozes, T0)).at(-1), 'acked');
  // Once the snooze and the window are over they are loud again.
  assert.equal(attentionTier(list[0]!, snoozes.get('cam-002'), T0 + 600_000), 0);
  assert.equal(attentionTier(list[1]!, undefined, T0 + 60_000), 0);
});

test('reported, late and snoozed-until marks', () => {
  const covered = alarm('a', { coverage: [{ reportId: 'r1', from: T0, to: T0 + 1000, late: false }] });
  assert.equal(isReported(covered, T0), true);
  assert.equal(isReported(covered, T0 + 1000), false, 'outside the window and not marked by the server');
  assert.equal(isReported({ ...covered, reported: true }, T0 + 5000), true);
  assert.equal(isLate(covered), false);
  assert.equal(isLate(alarm('b', { coverage: [{ reportId: 'r', from: T0, to: T0 + 1, late: true }] })), true);
  const marked = alarm('c', { snoozedUntil: T0 + 100 });
  assert.equal(snoozedUntil(marked, undefined, T0), T0 + 100);
  assert.equal(snoozedUntil(marked, undefined, T0 + 100), null);
  const snooze = { cameraId: 'cam-001', until: T0 + 500, reason: 'r', by: 'u', at: T0 };
  assert.equal(snoozedUntil(marked, snooze, T0 + 200), T0 + 500, "the camera's current snooze wins");
  assert.equal(isQuiet(alarm('d'), undefined, T0), false);
});

test('a tile shows its camera’s most urgent raised alarm, never a pending one', () => {
  const list = sortAlarms(
    [
      alarm('p', { cameraId: 'cam-009', steps: [] }),
      alarm('f', { kind: 'frozen' }),
      alarm('l', { kind: 'signal_loss' }),
      alarm('x', {
        cameraId: 'cam-002',
        steps: [
          ['activated', 'active'],
          ['acknowledged', 'acknowledged'],
        ],
      }),
    ],
    NONE,
    T0,
  );
  const map = alarmsByCamera(list);
  assert.equal(map.get('cam-001')?.id, 'l');
  assert.equal(map.get('cam-002')?.id, 'x');
  assert.equal(map.has('cam-009'), false);
});
