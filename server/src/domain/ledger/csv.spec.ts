import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LedgerEntryDto } from '@clinicwall/contract';
import { csvCell, toCsv, UTF8_BOM } from './csv.ts';
import { LEDGER_CSV_HEADER, ledgerCsv } from './ledgerCsv.ts';

test('CSV cells: quotes, commas and line breaks are quoted, quotes doubled; formulas neutralised', () => {
  const cases: [string | number | null, string][] = [
    ['plain', 'plain'],
    ['诊所 A', '诊所 A'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line1\nline2', '"line1\nline2"'],
    ['cr\r\nlf', '"cr\r\nlf"'],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@sum', "'@sum"],
    [42, '42'],
    [null, ''],
  ];
  for (const [value, want] of cases) assert.equal(csvCell(value), want, JSON.stringify(value));
});

test('a CSV file starts with the UTF-8 BOM and ends rows with CRLF', () => {
  const csv = toCsv(
    ['名称', 'n'],
    [
      ['东一诊所', 1],
      ['a"b', 2],
    ],
  );
  assert.ok(csv.startsWith(UTF8_BOM));
  assert.deepEqual(Buffer.from(csv, 'utf8').subarray(0, 3), Buffer.from([0xef, 0xbb, 0xbf]));
  assert.equal(csv, `${UTF8_BOM}名称,n\r\n东一诊所,1\r\n"a""b",2\r\n`);
});

test('the ledger CSV has one row per entry, Beijing times, Chinese labels, and a note with every hazard intact', () => {
  const entry: LedgerEntryDto = {
    id: 'e1',
    clinicId: 'c-e1',
    regionId: 'r-east',
    category: 3,
    origin: 'inspector',
    cameraIds: ['cam-e1', 'cam-e2'],
    alarmId: null,
    alarmKind: null,
    startedAt: Date.parse('2026-11-23T08:30:00+08:00'),
    endedAt: null,
    minutes: null,
    note: '收费台移位, "临时"\n见照片',
    createdAt: Date.parse('2026-11-23T09:00:00+08:00'),
    createdBy: 'u-sup',
    annulled: { at: Date.parse('2026-11-24T10:00:00+08:00'), by: 'u-admin', reason: '复核撤销' },
  };
  const csv = ledgerCsv([entry], 480, Date.parse('2026-11-25T00:00:00Z'));
  const body = csv.slice(UTF8_BOM.length);
  assert.ok(body.startsWith(LEDGER_CSV_HEADER.join(',') + '\r\n'));
  const row = body.slice(body.indexOf('\r\n') + 2);
  assert.equal(
    row,
    'e1,c-e1,3,擅自改变布局规避监控,稽查,cam-e1 cam-e2,,,2026-11-23 08:30:00,,,' +
      '"收费台移位, ""临时""\n见照片",u-sup,2026-11-23 09:00:00,已作废,复核撤销,u-admin,2026-11-24 10:00:00\r\n',
  );
});
