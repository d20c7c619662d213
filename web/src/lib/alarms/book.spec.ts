import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlarmDto, AlarmEventDto } from '@clinicwall/contract';
import { alarm, T0 } from './alarmFixture.ts';
import { AlarmBook, alarmVersion } from './book.ts';

const ids = (list: AlarmDto[]) => list.map((a) => a.id).sort();
const ev = (type: Exclude<AlarmEventDto['type'], 'escalated' | 'snoozed'>, a: AlarmDto): AlarmEventDto => ({
  type,
  at: T0,
  alarm: a,
});
const ACKED: [AlarmDto['history'][number]['action'], AlarmDto['state']][] = [
  ['activated', 'active'],
  ['acknowledged', 'acknowledged'],
];

test('the ack fills the book; a pushed event for an alarm updates it', () => {
  const book = new AlarmBook();
  const mark = book.mark();
  book.applySnapshot({ alarms: [alarm('a1'), alarm('a2', { cameraId: 'cam-002' })], snoozes: [] }, mark);
  assert.deepEqual(ids(book.open()), ['a1', 'a2']);
  const acked = alarm('a1', { steps: ACKED, acknowledgedBy: 'op-7' });
  const change = book.applyEvent(ev('acknowledged', acked));
  assert.equal(change.changed, true);
  assert.equal(book.get('a1')?.acknowledgedBy, 'op-7');
});

test('an event newer than the ack wins whatever the order; duplicates change nothing', () => {
  const acked = alarm('a1', { steps: ACKED });
  // The event raced ahead of the ack, which still carries the older copy.
  const book = new AlarmBook();
  const mark = book.mark();
  book.applyEvent(ev('acknowledged', acked));
  book.applySnapshot({ alarms: [alarm('a1')], snoozes: [] }, mark);
  assert.equal(book.get('a1')?.state, 'acknowledged');
  // The same event again, and an older one: no change.
  assert.equal(book.applyEvent(ev('acknowledged', acked)).changed, false);
  assert.equal(book.applyEvent(ev('activated', alarm('a1'))).changed, false);
  assert.equal(book.open().length, 1);
  assert.equal(alarmVersion(book.get('a1')!), 3);
});

test('a cleared alarm leaves the open set, stays in "recently cleared" and is never revived by an old copy', () => {
  const book = new AlarmBook();
  book.applySnapshot({ alarms: [alarm('a1')], snoozes: [] }, book.mark());
  const cleared = alarm('a1', {
    steps: [
      ['activated', 'active'],
      ['cleared', 'cleared'],
    ],
  });
  book.applyEvent(ev('cleared', cleared));
  assert.deepEqual(book.open(), []);
  assert.deepEqual(ids(book.cleared()), ['a1']);
  assert.equal(book.applyEvent(ev('activated', alarm('a1'))).changed, false);
  assert.deepEqual(book.open(), []);
  // A comment after clearing updates the cleared copy.
  const commented = alarm('a1', {
    steps: [
      ['activated', 'active'],
      ['cleared', 'cleared'],
      ['commented', 'cleared'],
    ],
  });
  book.applyEvent(ev('commented', commented));
  assert.equal(book.cleared()[0]!.history.length, 4);
  assert.equal(book.cleared().length, 1);
});

test('a pending alarm that ends is dropped, not listed as cleared', () => {
  const book = new AlarmBook();
  book.applyEvent(ev('raised', alarm('p', { steps: [] })));
  assert.equal(book.open().length, 1);
  book.applyEvent(ev('cleared', alarm('p', { steps: [['cleared', 'cleared']], activatedAt: null })));
  assert.deepEqual(book.open(), []);
  assert.deepEqual(book.cleared(), []);
});

test('a reconnect drops alarms closed while away, but keeps one an event brought after the subscribe', () => {
  const book = new AlarmBook();
  book.applySnapshot({ alarms: [alarm('gone'), alarm('stays', { cameraId: 'cam-002' })], snoozes: [] }, book.mark());
  // Disconnected; on reconnect the subscribe is sent ...
  const mark = book.mark();
  // ... a brand-new alarm is pushed before the ack, whose snapshot was taken earlier.
  book.applyEvent(ev('activated', alarm('fresh', { cameraId: 'cam-003' })));
  book.applySnapshot({ alarms: [alarm('stays', { cameraId: 'cam-002' })], snoozes: [] }, mark);
  assert.deepEqual(ids(book.open()), ['fresh', 'stays']);
});

test('new active alarms are reported once (the sound cue), not on acknowledgement or repeats', () => {
  const book = new AlarmBook();
  assert.equal(book.applyEvent(ev('raised', alarm('a1', { steps: [] }))).newlyActive.length, 0);
  assert.deepEqual(ids(book.applyEvent(ev('activated', alarm('a1'))).newlyActive), ['a1']);
  assert.equal(book.applyEvent(ev('activated', alarm('a1'))).newlyActive.length, 0);
  assert.equal(book.applyEvent(ev('acknowledged', alarm('a1', { steps: ACKED }))).newlyActive.length, 0);
  // Alarms first seen active in a (re)connect's ack count too; the caller decides whether to beep.
  assert.deepEqual(ids(book.applySnapshot({ alarms: [alarm('a2')], snoozes: [] }, book.mark()).newlyActive), ['a2']);
});

test('snoozes: from the ack, set and lifted by events (with the alarms they marked), pruned when over', () => {
  const book = new AlarmBook();
  const s1 = { cameraId: 'cam-001', until: T0 + 300_000, reason: '维修', by: 'op', at: T0 };
  book.applySnapshot({ alarms: [alarm('a1')], snoozes: [s1] }, book.mark());
  assert.equal(book.snoozes().get('cam-001')?.reason, '维修');
  const marked = alarm('a1', {
    snoozedUntil: null,
    steps: [
      ['activated', 'active'],
      ['snoozed', 'active'],
    ],
  });
  book.applyEvent({ type: 'snoozed', at: T0, cameraId: 'cam-001', snooze: null, alarms: [marked] });
  assert.equal(book.snoozes().has('cam-001'), false);
  assert.equal(book.get('a1')?.history.length, 3);
  // A snooze set after the subscribe was sent survives an ack that does not list it yet.
  const mark = book.mark();
  const s2 = { ...s1, cameraId: 'cam-002' };
  book.applyEvent({ type: 'snoozed', at: T0, cameraId: 'cam-002', snooze: s2, alarms: [] });
  book.applySnapshot({ alarms: [marked], snoozes: [] }, mark);
  assert.equal(book.snoozes().has('cam-002'), true);
  assert.equal(book.prune(T0 + 300_000, 60_000), true);
  assert.equal(book.snoozes().size, 0);
});

test('recently cleared alarms are dropped after the keep time', () => {
  const book = new AlarmBook();
  const cleared = alarm('a1', {
    steps: [
      ['activated', 'active'],
      ['cleared', 'cleared'],
    ],
  });
  book.applyAlarm(cleared);
  assert.equal(book.cleared().length, 1);
  assert.equal(book.prune(cleared.clearedAt! + 59_000, 60_000), false);
  assert.equal(book.prune(cleared.clearedAt! + 60_000, 60_000), true);
  assert.deepEqual(book.cleared(), []);
});
