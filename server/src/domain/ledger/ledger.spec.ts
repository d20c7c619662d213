import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AnnulLedgerEntryRequest,
  ClinicLedgerReportQuery,
  InspectorLedgerEntryCreate,
  type InspectorLedgerEntryCreateInput,
} from '@clinicwall/contract';
import { alarmKit, MIN, supervisor, T0 } from '../alarms/alarmTestKit.ts';

const inspector = (over: Partial<InspectorLedgerEntryCreateInput> = {}) =>
  InspectorLedgerEntryCreate.parse({
    clinicId: 'c-e1',
    category: 3,
    note: '收费台被移到摄像头盲区',
    occurredAt: '2026-11-23T08:30:00+08:00',
    cameraIds: ['cam-e1'],
    ...over,
  });

test('inspectors add categories 3 to 5 with notes; the wire schema refuses 1 and 2', async () => {
  const { ledger } = await alarmKit();
  const entry = await ledger.addInspectorEntry(inspector({ category: 4, note: '拒绝安装人员进入' }), supervisor, T0);
  assert.deepEqual(
    [entry.category, entry.origin, entry.regionId, entry.note, entry.createdBy, entry.startedAt, entry.minutes],
    [4, 'inspector', 'r-east', '拒绝安装人员进入', 'u-sup', Date.parse('2026-11-23T08:30:00+08:00'), null],
  );
  assert.deepEqual(await ledger.get(entry.id), entry);
  for (const category of [1, 2, 6]) {
    const parsed = InspectorLedgerEntryCreate.safeParse({
      ...inspector(),
      occurredAt: '2026-11-23T08:30:00+08:00',
      category,
    });
    assert.equal(parsed.success, false, `category ${category}`);
    assert.deepEqual(
      parsed.error?.issues.map((i) => [i.path.join('.'), i.message]),
      [['category', 'inspectors record categories 3, 4 or 5']],
    );
  }
});

test('inspector entries are validated: clinic, its cameras, not in the future', async () => {
  const { ledger } = await alarmKit();
  await assert.rejects(ledger.addInspectorEntry(inspector({ clinicId: 'c-none' }), supervisor, T0), {
    code: 'not_found',
  });
  await assert.rejects(ledger.addInspectorEntry(inspector({ cameraIds: ['cam-w1'] }), supervisor, T0), {
    code: 'invalid_argument',
    fields: { 'cameraIds.0': 'cam-w1 is not a camera of this clinic' },
  });
  await assert.rejects(
    ledger.addInspectorEntry(inspector({ occurredAt: '2026-11-23T12:00:00+08:00' }), supervisor, T0),
    { code: 'invalid_argument', fields: { occurredAt: 'must not be in the future' } },
  );
});

test('entries are never deleted: an annulment keeps the entry with who, when and why, once; it no longer counts', async () => {
  const { ledger } = await alarmKit();
  const entry = await ledger.addInspectorEntry(inspector(), supervisor, T0);
  const req = AnnulLedgerEntryRequest.parse({ entryId: entry.id, reason: '复核：布局变更已备案' });
  const annulled = await ledger.annul(req, supervisor, T0 + MIN);
  assert.deepEqual(annulled.annulled, { at: T0 + MIN, by: 'u-sup', reason: '复核：布局变更已备案' });
  assert.deepEqual({ ...annulled, annulled: null }, entry, 'nothing else changed');
  await assert.rejects(ledger.annul(req, supervisor, T0 + 2 * MIN), {
    code: 'conflict',
    message: /already annulled by u-sup/,
  });
  await assert.rejects(ledger.annul({ entryId: 'nope', reason: '无' }, supervisor, T0), { code: 'not_found' });
  assert.equal(
    AnnulLedgerEntryRequest.safeParse({ entryId: entry.id, reason: ' ' }).success,
    false,
    'a reason is required',
  );

  const report = await ledger.clinicReport(
    'c-e1',
    ClinicLedgerReportQuery.parse({ from: '2026-11-23', to: '2026-11-23' }),
    T0,
  );
  assert.deepEqual([report.total, report.annulled, report.entries.length], [0, 1, 1], 'listed, not counted');
});

test('system entries: one per alarm however often asked, closed with their final minutes', async () => {
  const { ledger, engine } = await alarmKit();
  await engine.observeFeed('cam-e1', 'no_signal', T0);
  await engine.tick(T0 + 1000);
  const alarm = engine.current()[0]!;
  const a = await ledger.openFromAlarm(alarm, T0 + 10 * MIN, 10);
  const b = await ledger.openFromAlarm(alarm, T0 + 11 * MIN, 11);
  assert.equal(a.id, b.id);
  await ledger.closeFromAlarm(a.id, T0 + 25 * MIN, 25);
  await ledger.closeFromAlarm(a.id, T0 + 30 * MIN, 30);
  const closed = await ledger.get(a.id);
  assert.deepEqual([closed.endedAt, closed.minutes], [T0 + 25 * MIN, 25], 'closing twice keeps the first');
});
