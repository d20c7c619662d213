import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  emptyReportForm,
  reportCreateBody,
  reportPhase,
  serverErrors,
  startsInPast,
  validateReportForm,
} from './form.ts';
import { localInputToIso, localInputToMs, offsetText, toLocalInput } from './time.ts';

test('local input times become ISO with the offset', () => {
  assert.equal(localInputToIso('2026-11-23T09:30', 480), '2026-11-23T09:30:00+08:00');
  assert.equal(localInputToIso('2026-11-23T09:30:15', -330), '2026-11-23T09:30:15-05:30');
  assert.equal(localInputToIso('2026-11-23T09:30', 0), '2026-11-23T09:30:00+00:00');
  assert.equal(localInputToMs('2026-11-23T09:30', 480), Date.parse('2026-11-23T01:30:00Z'));
  assert.equal(localInputToIso('', 480), null);
  assert.equal(localInputToIso('2026-02-30T09:30', 480), null, 'no 30 February');
  assert.equal(localInputToIso('2026-11-23 09:30', 480), null);
  assert.equal(offsetText(345), '+05:45');
});

test('the browser offset is used by default and round-trips through the input format', () => {
  const ms = new Date(2026, 10, 23, 9, 30).getTime();
  assert.equal(toLocalInput(ms), '2026-11-23T09:30');
  assert.equal(localInputToMs(toLocalInput(ms)), ms);
  assert.match(localInputToIso('2026-11-23T09:30')!, /^2026-11-23T09:30:00[+-]\d{2}:\d{2}$/);
});

test('a fresh form starts at the next quarter hour, for two hours', () => {
  const now = new Date(2026, 10, 23, 9, 7).getTime();
  const form = emptyReportForm(now, 'c-1');
  assert.equal(form.startsAt, '2026-11-23T09:15');
  assert.equal(form.endsAt, '2026-11-23T11:15');
  assert.equal(form.clinicId, 'c-1');
  assert.deepEqual(validateReportForm({ ...form, cameraIds: ['cam-1'], reason: '更换硬盘' }), {});
});

test('validation names each bad field', () => {
  const base = {
    clinicId: 'c-1',
    cameraIds: ['cam-1'],
    startsAt: '2026-11-23T09:00',
    endsAt: '2026-11-23T10:00',
    reason: '检修',
  };
  assert.deepEqual(Object.keys(validateReportForm({ ...base, clinicId: '', cameraIds: [], reason: ' x ' })).sort(), [
    'cameraIds',
    'clinicId',
    'reason',
  ]);
  assert.deepEqual(validateReportForm({ ...base, endsAt: '2026-11-23T08:00' }), { endsAt: { key: 'maint.err.order' } });
  assert.deepEqual(validateReportForm({ ...base, endsAt: '2026-11-23T09:03' }), {
    endsAt: { key: 'maint.err.tooShort', params: { min: 5 } },
  });
  assert.deepEqual(validateReportForm({ ...base, endsAt: '2026-11-27T09:00' }), {
    endsAt: { key: 'maint.err.tooLong', params: { max: 72 } },
  });
  assert.deepEqual(validateReportForm({ ...base, startsAt: '' }), { startsAt: { key: 'maint.err.time' } });
});

test('the body carries ISO times and the trimmed reason; a start in the past is late', () => {
  const form = {
    clinicId: 'c-1',
    cameraIds: ['cam-1', 'cam-2'],
    startsAt: '2026-11-23T09:00',
    endsAt: '2026-11-23T10:00',
    reason: ' 断电检修 ',
  };
  const body = reportCreateBody(form);
  assert.equal(body.reason, '断电检修');
  assert.equal(Date.parse(body.startsAt), new Date(2026, 10, 23, 9, 0).getTime());
  assert.match(body.endsAt, /[+-]\d{2}:\d{2}$/);
  assert.equal(startsInPast(form, new Date(2026, 10, 23, 9, 1).getTime()), true);
  assert.equal(startsInPast(form, new Date(2026, 10, 23, 8, 59).getTime()), false);
});

test('server field errors land on their fields; others on the form', () => {
  assert.deepEqual(
    serverErrors({ 'cameraIds.1': 'camera cam-9 is not in clinic c-1', endsAt: 'must be after startsAt' }, 'bad'),
    {
      cameraIds: { text: 'camera cam-9 is not in clinic c-1' },
      endsAt: { text: 'must be after startsAt' },
    },
  );
  assert.deepEqual(serverErrors({ foo: 'x' }, 'bad'), { form: { text: 'foo: x' } });
  assert.deepEqual(serverErrors(undefined, 'clinic c-9 does not exist'), {
    form: { text: 'clinic c-9 does not exist' },
  });
});

test('a report window is upcoming, current or past', () => {
  const r = { startsAt: 1000, endsAt: 2000 };
  assert.equal(reportPhase(r, 999), 'upcoming');
  assert.equal(reportPhase(r, 1000), 'current');
  assert.equal(reportPhase(r, 2000), 'past');
});
