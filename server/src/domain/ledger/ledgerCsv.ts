import { LEDGER_CATEGORY_NAMES, type LedgerEntryDto } from '@clinicwall/contract';
import { entryMinutes } from './clinicReport.ts';
import { toCsv } from './csv.ts';
import { localDateTime } from './localTime.ts';

/** Column headers: Chinese first (the regulator's staff read it), English in brackets for integrators. */
export const LEDGER_CSV_HEADER = [
  '编号(id)',
  '机构(clinic)',
  '类别(category)',
  '类别名称(category name)',
  '来源(origin)',
  '摄像头(cameras)',
  '告警(alarm)',
  '告警类型(alarm kind)',
  '开始时间(started)',
  '结束时间(ended)',
  '未报备分钟(unreported minutes)',
  '说明(note)',
  '记录人(recorded by)',
  '记录时间(recorded at)',
  '状态(status)',
  '作废原因(annul reason)',
  '作废人(annulled by)',
  '作废时间(annulled at)',
] as const;

/** The ledger entries as a CSV file Excel opens (UTF-8 with BOM), times at the given offset. */
export function ledgerCsv(entries: readonly LedgerEntryDto[], utcOffsetMinutes: number, now: number): string {
  const time = (ms: number | null) => (ms === null ? null : localDateTime(ms, utcOffsetMinutes));
  const rows = entries.map((e) => [
    e.id,
    e.clinicId,
    e.category,
    LEDGER_CATEGORY_NAMES[e.category].zh,
    e.origin === 'system' ? '系统' : '稽查',
    e.cameraIds.join(' '),
    e.alarmId,
    e.alarmKind,
    time(e.startedAt),
    time(e.endedAt),
    e.minutes === null ? null : entryMinutes(e, now),
    e.note,
    e.createdBy,
    time(e.createdAt),
    e.annulled ? '已作废' : '有效',
    e.annulled?.reason ?? null,
    e.annulled?.by ?? null,
    time(e.annulled?.at ?? null),
  ]);
  return toCsv(LEDGER_CSV_HEADER, rows);
}
