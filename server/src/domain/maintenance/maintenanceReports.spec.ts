import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MaintenanceReportCreate, type MaintenanceReportCreateInput } from '@clinicwall/contract';
import { alarmKit, clinicUser, MIN, T0 } from '../alarms/alarmTestKit.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const body = (over: Partial<MaintenanceReportCreateInput> = {}): MaintenanceReportCreateInput => ({
  clinicId: 'c-e1',
  cameraIds: ['cam-e1', 'cam-e2'],
  startsAt: iso(T0 + 60 * MIN),
  endsAt: iso(T0 + 120 * MIN),
  reason: '机房停电检修',
  ...over,
});

test('a report filed in advance is stored on time; one filed after its start is accepted and marked late', async () => {
  const { maintenance } = await alarmKit();
  const early = await maintenance.create(MaintenanceReportCreate.parse(body()), clinicUser, T0);
  assert.deepEqual(
    { ...early, id: 'x' },
    {
      id: 'x',
      clinicId: 'c-e1',
      cameraIds: ['cam-e1', 'cam-e2'],
      startsAt: T0 + 60 * MIN,
      endsAt: T0 + 120 * MIN,
      reason: '机房停电检修',
      createdAt: T0,
      createdBy: 'u-clinic',
      late: false,
    },
  );
  assert.deepEqual(await maintenance.get(early.id), early);
  const late = await maintenance.create(MaintenanceReportCreate.parse(body()), clinicUser, T0 + 75 * MIN);
  assert.equal(late.late, true);
  const justNow = await maintenance.create(MaintenanceReportCreate.parse(body()), clinicUser, T0 + 60 * MIN + 30_000);
  assert.equal(justNow.late, false, 'filed within a minute of the start: on time');
  assert.deepEqual(
    (await maintenance.ofClinic('c-e1', T0, T0 + 24 * 60 * MIN)).map((r) => r.id).sort(),
    [early.id, late.id, justNow.id].sort(),
  );
  assert.deepEqual(await maintenance.reportsForCamera('cam-w1', T0), []);
});

test('invalid reports are refused with invalid_argument and per-field messages, and nothing is stored', async () => {
  const { maintenance } = await alarmKit();
  const cases: [string, Partial<MaintenanceReportCreateInput>, number, Record<string, RegExp>][] = [
    ['too short', { endsAt: iso(T0 + 62 * MIN) }, T0, { endsAt: /at least 5 minutes/ }],
    ['too long', { endsAt: iso(T0 + 60 * MIN + 73 * 60 * MIN) }, T0, { endsAt: /at most 72 hours/ }],
    ['already over', {}, T0 + 121 * MIN, { endsAt: /already over/ }],
    [
      'too far ahead',
      { startsAt: iso(T0 + 40 * 86_400_000), endsAt: iso(T0 + 40 * 86_400_000 + 60 * MIN) },
      T0,
      { startsAt: /30 days ahead/ },
    ],
    [
      'camera of another clinic',
      { cameraIds: ['cam-e1', 'cam-w1'] },
      T0,
      { 'cameraIds.1': /not a camera of this clinic/ },
    ],
    ['unknown camera', { cameraIds: ['cam-zz'] }, T0, { 'cameraIds.0': /not a camera of this clinic/ }],
  ];
  for (const [name, over, now, fields] of cases) {
    const err = await maintenance.create(MaintenanceReportCreate.parse(body(over)), clinicUser, now).then(
      () => null,
      (e: unknown) => e as { code: string; fields: Record<string, string> },
    );
    assert.equal(err?.code, 'invalid_argument', name);
    for (const [field, message] of Object.entries(fields)) assert.match(err.fields[field] ?? '', message, name);
  }
  await assert.rejects(
    maintenance.create(MaintenanceReportCreate.parse(body({ clinicId: 'c-none' })), clinicUser, T0),
    { code: 'not_found' },
  );
  assert.deepEqual(await maintenance.ofClinic('c-e1', 0, Number.MAX_SAFE_INTEGER), []);
});

test('the wire schema refuses a window ending before it starts, bad times, duplicate or missing cameras', () => {
  const cases: [string, Partial<MaintenanceReportCreateInput>, string][] = [
    ['end before start', { endsAt: iso(T0) }, 'endsAt'],
    ['no offset', { startsAt: '2026-11-23T10:00:00' }, 'startsAt'],
    ['no cameras', { cameraIds: [] }, 'cameraIds'],
    ['twice', { cameraIds: ['cam-e1', 'cam-e1'] }, 'cameraIds'],
    ['no reason', { reason: ' ' }, 'reason'],
  ];
  for (const [name, over, path] of cases) {
    const parsed = MaintenanceReportCreate.safeParse(body(over));
    assert.equal(parsed.success, false, name);
    assert.deepEqual(
      parsed.error?.issues.map((i) => i.path.join('.')),
      [path],
      name,
    );
  }
});
