import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  AlarmDto,
  CameraSnoozeDto,
  ClinicLedgerReportDto,
  LedgerEntryDto,
  MaintenanceReportDto,
  WireError,
} from '@clinicwall/contract';
import { readConfig, startServer, type RunningServer } from '../../src/index.ts';
import { fetchAs } from './helpers/auth.ts';
import { RedisServer } from './helpers/redisServer.ts';
import {
  about,
  alarmEnv,
  alarmOf,
  connectOperator,
  failure,
  http,
  nextEvent,
  ok,
  request,
  userIdOf,
  type Operator,
} from './helpers/alarmStack.ts';

/**
 * The alarm API over a real server (Redis, mediasoup worker): cam-web is a WebRTC camera whose
 * publisher never comes, so the SFU reports it without signal after its start-up grace and the
 * engine raises signal_loss: a real alarm to work on, without a camera feed.
 */
let redis: RedisServer;
let server: RunningServer;
let dir: string;
let op: Operator;
let alarm: AlarmDto;
let operatorId: string;
const iso = (ms: number) => new Date(ms).toISOString();
type Err = { error: WireError };

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clinicwall-alarms-'));
  redis = await RedisServer.start();
  server = await startServer(readConfig(alarmEnv(dir, null, { REDIS_URL: redis.url })));
  op = await connectOperator(server.url);
  operatorId = await userIdOf(server.url, 'operator');
  ok(await request(op.socket, 'alarms:subscribe', {}));
  alarm = alarmOf((await nextEvent(op, about('activated', 'cam-web', 'signal_loss'), 15_000)).event);
});
after(async () => {
  op?.close();
  await server?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a camera without signal has one active signal_loss alarm: in the subscribe ack, by id and in the list', async () => {
  assert.equal(alarm.state, 'active');
  assert.deepEqual(
    alarm.history.map((h) => [h.action, h.by]),
    [
      ['raised', 'system'],
      ['activated', 'system'],
    ],
  );
  const other = await connectOperator(server.url);
  try {
    const sub = ok(
      await request<{ alarms: AlarmDto[]; snoozes: CameraSnoozeDto[] }>(other.socket, 'alarms:subscribe', {}),
    );
    assert.ok(sub.alarms.some((a) => a.id === alarm.id && a.state === 'active'));
    assert.ok(
      sub.alarms.every((a) => a.state === 'active' || a.state === 'acknowledged'),
      'no pending alarms',
    );
  } finally {
    other.close();
  }
  const byId = await http<AlarmDto>(server.url, `/api/v1/alarms/${alarm.id}`);
  assert.equal(byId.status, 200);
  assert.equal(byId.body.kind, 'signal_loss');
  const list = await http<AlarmDto[]>(server.url, '/api/v1/alarms?cameraId=cam-web&kind=signal_loss');
  assert.deepEqual(
    list.body.map((a) => a.id),
    [alarm.id],
  );
  const west = await http<AlarmDto[]>(server.url, '/api/v1/alarms?clinicId=c-w1');
  assert.ok(west.body.every((a) => a.clinicId === 'c-w1'));
});

test('bad requests get invalid_argument with per-field messages and change nothing; an unknown alarm is not_found', async () => {
  const ack = failure(await request(op.socket, 'alarms:ack', { note: 'x' }));
  assert.equal(ack.code, 'invalid_argument');
  assert.deepEqual(Object.keys(ack.fields ?? {}), ['alarmId']);
  const snooze = failure(await request(op.socket, 'cameras:snooze', { cameraId: 'cam-web', minutes: 2, reason: '' }));
  assert.equal(snooze.code, 'invalid_argument');
  assert.deepEqual(snooze.fields, { minutes: 'at least 5 minutes', reason: 'at least 2 characters' });
  const comment = failure(await request(op.socket, 'alarms:comment', { alarmId: alarm.id, text: '   ' }));
  assert.deepEqual(comment.fields, { text: 'a comment is required' });
  assert.deepEqual(failure(await request(op.socket, 'alarms:ack', { alarmId: 'nope' })), {
    code: 'not_found',
    message: 'alarm nope does not exist',
  });
  // An unknown camera is the access policy's to refuse (it cannot be in anyone's scope).
  assert.equal(
    failure(await request(op.socket, 'cameras:snooze', { cameraId: 'cam-zz', minutes: 5, reason: '检修' })).code,
    'forbidden',
  );

  const query = await http<Err>(server.url, '/api/v1/alarms?state=burning&limit=0');
  assert.equal(query.status, 400);
  assert.deepEqual(Object.keys(query.body.error.fields!).sort(), ['limit', 'state']);
  const missing = await http<Err>(server.url, '/api/v1/alarms/nope');
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.code, 'not_found');
  const notJson = await fetchAs('clinic', server.url, '/api/v1/maintenance-reports', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"clinicId":',
  });
  assert.equal(notJson.status, 400);
  const unchanged = await http<AlarmDto>(server.url, `/api/v1/alarms/${alarm.id}`);
  assert.equal(unchanged.body.history.length, alarm.history.length, 'nothing changed');
});

test('ack records the operator; a second ack is a conflict; a comment is kept; clearing waits for the signal', async () => {
  const from = op.events.length;
  const acked = ok(await request<AlarmDto>(op.socket, 'alarms:ack', { alarmId: alarm.id, note: '已通知诊所' }));
  assert.equal(acked.state, 'acknowledged');
  assert.equal(acked.acknowledgedBy, operatorId);
  assert.deepEqual(acked.history.at(-1), {
    at: acked.acknowledgedAt,
    by: operatorId,
    byRole: 'operator',
    action: 'acknowledged',
    from: 'active',
    to: 'acknowledged',
    why: '已通知诊所',
  });
  const pushed = await nextEvent(op, about('acknowledged', 'cam-web', 'signal_loss'), 5000, from);
  assert.deepEqual(alarmOf(pushed.event), acked, 'subscribers get the same alarm');
  const again = failure(await request(op.socket, 'alarms:ack', { alarmId: alarm.id }));
  assert.equal(again.code, 'conflict');
  assert.match(again.message, new RegExp(`already acknowledged by ${operatorId}`));

  const commented = ok(
    await request<AlarmDto>(op.socket, 'alarms:comment', { alarmId: alarm.id, text: '诊所称网络故障' }),
  );
  assert.equal(commented.history.at(-1)?.why, '诊所称网络故障');
  const clear = failure(await request(op.socket, 'alarms:clear', { alarmId: alarm.id, reason: '误报' }));
  assert.equal(clear.code, 'conflict');
  assert.match(clear.message, /has not recovered its signal/);
  const stored = await http<AlarmDto>(server.url, `/api/v1/alarms/${alarm.id}`);
  assert.deepEqual(
    stored.body.history.map((h) => h.action),
    ['raised', 'activated', 'acknowledged', 'commented'],
  );
});

test('a snooze silences the camera for its minutes, is announced with its alarms, and can be lifted once', async () => {
  const from = op.events.length;
  const before = Date.now();
  const snooze = ok(
    await request<CameraSnoozeDto>(op.socket, 'cameras:snooze', {
      cameraId: 'cam-web',
      minutes: 15,
      reason: '诊所装修',
    }),
  );
  assert.equal(snooze.by, operatorId);
  assert.ok(snooze.until >= before + 15 * 60_000 && snooze.until <= Date.now() + 15 * 60_000);
  const pushed = await nextEvent(op, (e) => e.type === 'snoozed' && e.cameraId === 'cam-web', 5000, from);
  assert.ok(pushed.event.type === 'snoozed' && pushed.event.alarms.every((a) => a.snoozedUntil === snooze.until));
  const other = await connectOperator(server.url);
  try {
    const sub = ok(await request<{ snoozes: CameraSnoozeDto[] }>(other.socket, 'alarms:subscribe', {}));
    assert.deepEqual(sub.snoozes, [snooze]);
  } finally {
    other.close();
  }
  assert.deepEqual(ok(await request(op.socket, 'cameras:unsnooze', { cameraId: 'cam-web' })), {});
  assert.equal(failure(await request(op.socket, 'cameras:unsnooze', { cameraId: 'cam-web' })).code, 'not_found');
  const lifted = await http<AlarmDto>(server.url, `/api/v1/alarms/${alarm.id}`);
  assert.equal(lifted.body.snoozedUntil, null);
});

test('a late maintenance report marks the open alarm reported and is listed for its clinic', async () => {
  const from = op.events.length;
  const now = Date.now();
  const created = await http<MaintenanceReportDto>(server.url, '/api/v1/maintenance-reports', {
    method: 'POST',
    as: 'clinic',
    body: {
      clinicId: 'c-e1',
      cameraIds: ['cam-web'],
      startsAt: iso(now - 600_000),
      endsAt: iso(now + 3_600_000),
      reason: '更换交换机',
    },
  });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.body.late, true, 'filed after its window began');
  assert.equal(created.body.createdBy, await userIdOf(server.url, 'clinic'), 'filed by the clinic user');
  const reported = await nextEvent(op, about('reported', 'cam-web', 'signal_loss'), 5000, from);
  assert.ok(alarmOf(reported.event).reported);
  assert.deepEqual(
    alarmOf(reported.event).coverage.map((c) => [c.reportId, c.late]),
    [[created.body.id, true]],
  );
  const list = await http<MaintenanceReportDto[]>(server.url, '/api/v1/maintenance-reports?clinicId=c-e1');
  assert.deepEqual(
    list.body.map((r) => r.id),
    [created.body.id],
  );

  const foreign = await http<Err>(server.url, '/api/v1/maintenance-reports', {
    method: 'POST',
    as: 'clinic',
    body: {
      clinicId: 'c-e1',
      cameraIds: ['cam-w1'],
      startsAt: iso(now + 60_000),
      endsAt: iso(now + 3_600_000),
      reason: '检修',
    },
  });
  assert.equal(foreign.status, 403, 'a clinic user reports only its own cameras');
  const bad = await http<Err>(server.url, '/api/v1/maintenance-reports', {
    method: 'POST',
    as: 'supervisor',
    body: {
      clinicId: 'c-e1',
      cameraIds: ['cam-w1'],
      startsAt: iso(now + 60_000),
      endsAt: iso(now + 120_000),
      reason: '检修',
    },
  });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body.error.fields, {
    endsAt: 'the window must last at least 5 minutes',
    'cameraIds.0': 'cam-w1 is not a camera of this clinic',
  });
  const shape = await http<Err>(server.url, '/api/v1/maintenance-reports', {
    method: 'POST',
    as: 'clinic',
    body: { cameraIds: [] },
  });
  assert.deepEqual(Object.keys(shape.body.error.fields!).sort(), [
    'cameraIds',
    'clinicId',
    'endsAt',
    'reason',
    'startsAt',
  ]);
  assert.equal((await http<Err>(server.url, '/api/v1/maintenance-reports?clinicId=c-zz')).status, 403);
  assert.equal((await http<Err>(server.url, '/api/v1/maintenance-reports')).status, 400);
});

test('inspectors add ledger entries; the report counts them, the CSV exports them, an annulment keeps them uncounted', async () => {
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const add = await http<LedgerEntryDto>(server.url, '/api/v1/clinics/c-e1/ledger', {
    method: 'POST',
    as: 'supervisor',
    body: {
      category: 4,
      note: '拒绝安装人员进入, "门锁"',
      occurredAt: iso(Date.now() - 60_000),
      cameraIds: ['cam-web'],
    },
  });
  assert.equal(add.status, 201, add.text);
  const supervisorId = await userIdOf(server.url, 'supervisor');
  assert.deepEqual(
    [add.body.clinicId, add.body.origin, add.body.createdBy, add.body.category],
    ['c-e1', 'inspector', supervisorId, 4],
  );

  const mismatch = await http<Err>(server.url, '/api/v1/clinics/c-e1/ledger', {
    method: 'POST',
    as: 'supervisor',
    body: { clinicId: 'c-w1', category: 3, note: '布局变更', occurredAt: iso(Date.now()) },
  });
  assert.equal(mismatch.status, 400);
  assert.deepEqual(Object.keys(mismatch.body.error.fields!), ['clinicId']);
  const wrong = await http<Err>(server.url, '/api/v1/clinics/c-e1/ledger', {
    method: 'POST',
    as: 'supervisor',
    body: { category: 1, note: 'x', occurredAt: 'yesterday' },
  });
  assert.deepEqual(Object.keys(wrong.body.error.fields!).sort(), ['category', 'note', 'occurredAt']);

  const report = await http<ClinicLedgerReportDto>(server.url, `/api/v1/clinics/c-e1/ledger?from=${today}&to=${today}`);
  assert.equal(report.status, 200);
  assert.equal(report.body.counts[4], 1);
  assert.ok(report.body.entries.some((e) => e.id === add.body.id));

  const csv = await fetchAs('operator', server.url, `/api/v1/clinics/c-e1/ledger.csv?from=${today}&to=${today}`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type') ?? '', /^text\/csv; charset=utf-8/);
  assert.match(
    csv.headers.get('content-disposition') ?? '',
    new RegExp(`^attachment; filename="?ledger-c-e1-${today}-${today}\\.csv"?$`),
  );
  const bytes = new Uint8Array(await csv.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM for Excel');
  const text = new TextDecoder().decode(bytes);
  assert.ok(text.includes('"拒绝安装人员进入, ""门锁"""'), 'the note is quoted as CSV');

  const annul = await http<LedgerEntryDto>(server.url, `/api/v1/ledger/${add.body.id}/annul`, {
    method: 'POST',
    as: 'supervisor',
    body: { reason: '稽查复核后撤销' },
  });
  assert.equal(annul.status, 200, annul.text);
  assert.deepEqual([annul.body.annulled?.by, annul.body.annulled?.reason], [supervisorId, '稽查复核后撤销']);
  const twice = await http<Err>(server.url, `/api/v1/ledger/${add.body.id}/annul`, {
    method: 'POST',
    as: 'supervisor',
    body: { reason: '再次' },
  });
  assert.equal(twice.status, 409);
  const after = await http<ClinicLedgerReportDto>(server.url, `/api/v1/clinics/c-e1/ledger?from=${today}&to=${today}`);
  assert.equal(after.body.counts[4], 0);
  assert.equal(after.body.annulled, 1);
  assert.ok(
    after.body.entries.some((e) => e.id === add.body.id),
    'an annulled entry stays listed',
  );

  const range = await http<Err>(server.url, `/api/v1/clinics/c-e1/ledger?from=${today}&to=2020-01-01`);
  assert.deepEqual(range.body.error.fields, { to: 'must not be before from' });
  assert.equal((await http<Err>(server.url, `/api/v1/clinics/c-zz/ledger?from=${today}&to=${today}`)).status, 403);
  assert.equal(
    (
      await http<Err>(server.url, '/api/v1/ledger/nope/annul', {
        method: 'POST',
        as: 'supervisor',
        body: { reason: '撤销' },
      })
    ).status,
    404,
  );
});
