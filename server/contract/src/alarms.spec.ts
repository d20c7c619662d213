import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AckAlarmRequest, AlarmQuery, ClearAlarmRequest, CommentAlarmRequest, SnoozeCameraRequest } from './alarms.ts';

const paths = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

test('snooze: whole minutes from 5 to 60, with a reason', () => {
  const cases: [unknown, string[]][] = [
    [{ cameraId: 'cam-1', minutes: 5, reason: '施工' }, []],
    [{ cameraId: 'cam-1', minutes: 60, reason: '施工' }, []],
    [{ cameraId: 'cam-1', minutes: 4, reason: '施工' }, ['minutes: at least 5 minutes']],
    [{ cameraId: 'cam-1', minutes: 61, reason: '施工' }, ['minutes: at most 60 minutes']],
    [{ cameraId: 'cam-1', minutes: 7.5, reason: '施工' }, ['minutes: whole minutes']],
    [{ cameraId: 'cam-1', minutes: 10, reason: ' ' }, ['reason: at least 2 characters']],
    [{ cameraId: 'cam-1', minutes: 10 }, ['reason: a reason is required']],
  ];
  for (const [input, want] of cases)
    assert.deepEqual(paths(SnoozeCameraRequest.safeParse(input)), want, JSON.stringify(input));
});

test('ack, clear and comment payloads', () => {
  assert.deepEqual(AckAlarmRequest.parse({ alarmId: 'a1' }), { alarmId: 'a1' });
  assert.deepEqual(paths(AckAlarmRequest.safeParse({ alarmId: '' })), ['alarmId: an id is required']);
  assert.deepEqual(paths(ClearAlarmRequest.safeParse({ alarmId: 'a1' })), ['reason: a reason is required']);
  assert.deepEqual(paths(CommentAlarmRequest.safeParse({ alarmId: 'a1', text: '   ' })), [
    'text: a comment is required',
  ]);
  assert.deepEqual(CommentAlarmRequest.parse({ alarmId: 'a1', text: ' 已联系 ' }).text, '已联系');
});

test('the alarm list query coerces strings from a URL and bounds the page size', () => {
  assert.deepEqual(AlarmQuery.parse({ state: 'active', from: '1000', limit: '20' }), {
    state: 'active',
    from: 1000,
    limit: 20,
  });
  assert.equal(AlarmQuery.parse({}).limit, 100);
  assert.equal(AlarmQuery.safeParse({ limit: '1000' }).success, false);
  assert.equal(AlarmQuery.safeParse({ state: 'open' }).success, false);
});
