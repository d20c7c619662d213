import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClinicLedgerReportQuery, type LedgerEntryDto } from '@clinicwall/contract';
import { buildClinicReport, entryMinutes } from './clinicReport.ts';
import { localDate, localDateTime } from './localTime.ts';

const bj = (s: string) => Date.parse(`${s}+08:00`);
let n = 0;
const entry = (over: Partial<LedgerEntryDto>): LedgerEntryDto => ({
  id: `e${++n}`,
  clinicId: 'c-e1',
  regionId: 'r-east',
  category: 1,
  origin: 'system',
  cameraIds: ['cam-e1'],
  alarmId: 'a',
  alarmKind: 'signal_loss',
  startedAt: bj('2026-11-23T09:00:00'),
  endedAt: bj('2026-11-23T09:30:00'),
  minutes: 30,
  note: '',
  createdAt: bj('2026-11-23T09:10:00'),
  createdBy: 'system',
  annulled: null,
  ...over,
});

test('days are Beijing days: 23:30 UTC is the next morning in China', () => {
  assert.equal(localDate(Date.parse('2026-11-22T23:30:00Z'), 480), '2026-11-23');
  assert.equal(localDateTime(Date.parse('2026-11-22T23:30:05Z'), 480), '2026-11-23 07:30:05');
});

test('the clinic report counts per category, total minutes, a per-day trend with empty days, newest first, annulled listed not counted', () => {
  const now = bj('2026-11-26T12:00:00');
  const entries = [
    entry({ startedAt: bj('2026-11-23T09:00:00'), minutes: 30 }),
    entry({ startedAt: bj('2026-11-23T23:59:00'), category: 2, alarmKind: 'occluded', minutes: 15 }),
    entry({ startedAt: bj('2026-11-25T00:10:00'), category: 3, origin: 'inspector', minutes: null, endedAt: null }),
    entry({ startedAt: bj('2026-11-25T08:00:00'), minutes: 12, annulled: { at: now, by: 'u', reason: '误判' } }),
    // still open: 12 minutes at recording + 20 since
    entry({ startedAt: bj('2026-11-26T11:28:00'), endedAt: null, minutes: 12, createdAt: bj('2026-11-26T11:40:00') }),
    entry({ startedAt: bj('2026-11-22T23:59:00') }), // the day before the range
    entry({ startedAt: bj('2026-11-24T10:00:00'), clinicId: 'c-w1' }), // another clinic
  ];
  const query = ClinicLedgerReportQuery.parse({ from: '2026-11-23', to: '2026-11-26' });
  const r = buildClinicReport('c-e1', entries, query, 480, now);
  assert.deepEqual(r.counts, { 1: 2, 2: 1, 3: 1, 4: 0, 5: 0 });
  assert.equal(r.total, 4);
  assert.equal(r.totalMinutes, 30 + 15 + 32);
  assert.equal(r.annulled, 1);
  assert.deepEqual(
    r.trend.map((d) => [d.date, d.counts[1], d.counts[2], d.counts[3], d.minutes]),
    [
      ['2026-11-23', 1, 1, 0, 45],
      ['2026-11-24', 0, 0, 0, 0],
      ['2026-11-25', 0, 0, 1, 0],
      ['2026-11-26', 1, 0, 0, 32],
    ],
  );
  assert.deepEqual(
    r.entries.map((e) => localDateTime(e.startedAt, 480)),
    ['2026-11-26 11:28:00', '2026-11-25 08:00:00', '2026-11-25 00:10:00', '2026-11-23 23:59:00', '2026-11-23 09:00:00'],
  );
  assert.equal(entryMinutes(entries[4]!, now), 32);
});

test('the report query: calendar dates, from <= to, at most 366 days', () => {
  const bad: [Record<string, string>, string][] = [
    [{ from: '2026-02-30', to: '2026-03-01' }, 'from'],
    [{ from: '2026-11-23', to: '2026-11-22' }, 'to'],
    [{ from: '2025-01-01', to: '2026-11-22' }, 'to'],
    [{ from: '23/11/2026', to: '2026-11-22' }, 'from'],
  ];
  for (const [q, path] of bad) {
    const parsed = ClinicLedgerReportQuery.safeParse(q);
    assert.deepEqual(
      parsed.error?.issues.map((i) => i.path.join('.')),
      [path],
      JSON.stringify(q),
    );
  }
  assert.equal(ClinicLedgerReportQuery.safeParse({ from: '2026-01-01', to: '2026-12-31' }).success, true);
});
