import { z } from 'zod';
import type { AlarmKind } from './alarms.ts';

/**
 * The violations ledger per clinic, in the regulator's categories. Categories 1 and 2 are recorded
 * by the system from unreported alarms; 3 to 5 by inspectors. Entries are never deleted, only
 * annulled with a reason.
 */
export const LEDGER_CATEGORIES = [1, 2, 3, 4, 5] as const;
export type LedgerCategory = (typeof LEDGER_CATEGORIES)[number];
export const INSPECTOR_CATEGORIES = [3, 4, 5] as const;
export type InspectorCategory = (typeof INSPECTOR_CATEGORIES)[number];

export const LEDGER_CATEGORY_NAMES: Record<LedgerCategory, { zh: string; en: string }> = {
  1: { zh: '断电断网致视频中断', en: 'Power or network cut interrupting video' },
  2: { zh: '摄像头损坏、移位或遮挡', en: 'Camera damaged, re-aimed or covered' },
  3: { zh: '擅自改变布局规避监控', en: 'Unreported layout change evading cameras' },
  4: { zh: '阻挠监控安装或维护', en: 'Obstructing installation or maintenance' },
  5: { zh: '违规使用视频专网', en: 'Misuse of the dedicated video network' },
};

export interface LedgerAnnulment {
  at: number;
  by: string;
  reason: string;
}

export interface LedgerEntryDto {
  id: string;
  clinicId: string;
  regionId: string;
  category: LedgerCategory;
  origin: 'system' | 'inspector';
  cameraIds: string[];
  /** The alarm a system entry came from. */
  alarmId: string | null;
  alarmKind: AlarmKind | null;
  /** System: when the condition began; inspector: when the inspector saw it. */
  startedAt: number;
  /** System: when the alarm cleared (null while it lasts); inspector: null. */
  endedAt: number | null;
  /**
   * Unreported minutes of a system entry: as recorded, then final when its alarm clears (a report
   * counts the time since recording for an entry still open). Null for inspector entries.
   */
  minutes: number | null;
  note: string;
  createdAt: number;
  createdBy: string;
  annulled: LedgerAnnulment | null;
}

const isoTime = z.iso
  .datetime({ offset: true, message: 'an ISO 8601 time with offset, e.g. 2026-11-23T09:30:00+08:00' })
  .transform((s) => Date.parse(s));

export const InspectorLedgerEntryCreate = z.object({
  clinicId: z.string().min(1).max(64),
  category: z.union([z.literal(3), z.literal(4), z.literal(5)], {
    error: 'inspectors record categories 3, 4 or 5',
  }),
  note: z.string().trim().min(2, 'at least 2 characters').max(2000, 'at most 2000 characters'),
  occurredAt: isoTime,
  cameraIds: z.array(z.string().min(1).max(64)).max(200).default([]),
});
export type InspectorLedgerEntryCreate = z.infer<typeof InspectorLedgerEntryCreate>;
export type InspectorLedgerEntryCreateInput = z.input<typeof InspectorLedgerEntryCreate>;

export const AnnulLedgerEntryRequest = z.object({
  entryId: z.string().min(1).max(64),
  reason: z.string().trim().min(2, 'at least 2 characters').max(500, 'at most 500 characters'),
});
export type AnnulLedgerEntryRequest = z.infer<typeof AnnulLedgerEntryRequest>;

/** A calendar day in the report's time zone. */
export const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'a date like 2026-11-23', abort: true })
  .refine((s) => {
    const t = Date.parse(`${s}T00:00:00Z`);
    return Number.isFinite(t) && new Date(t).toISOString().startsWith(s);
  }, 'not a calendar date');

export const LEDGER_REPORT_MAX_DAYS = 366;

/** GET /api/v1/clinics/:clinicId/ledger (and .csv): days from..to inclusive. */
export const ClinicLedgerReportQuery = z
  .object({ from: LocalDate, to: LocalDate })
  .refine((q) => q.to >= q.from, {
    path: ['to'],
    message: 'must not be before from',
    when: (payload) => payload.issues.length === 0,
  })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < LEDGER_REPORT_MAX_DAYS, {
    path: ['to'],
    message: `at most ${LEDGER_REPORT_MAX_DAYS} days`,
    when: (payload) => payload.issues.length === 0,
  });
export type ClinicLedgerReportQuery = z.infer<typeof ClinicLedgerReportQuery>;

export type LedgerCategoryCounts = Record<LedgerCategory, number>;

export interface LedgerTrendDay {
  date: string;
  counts: LedgerCategoryCounts;
  minutes: number;
}

/** Per-clinic report: annulled entries are listed but not counted. */
export interface ClinicLedgerReportDto {
  clinicId: string;
  from: string;
  to: string;
  /** Offset of the report's days from UTC (China: +480). */
  utcOffsetMinutes: number;
  counts: LedgerCategoryCounts;
  total: number;
  totalMinutes: number;
  annulled: number;
  trend: LedgerTrendDay[];
  /** Newest first. */
  entries: LedgerEntryDto[];
}
