import { ClinicLedgerReportQuery, LEDGER_REPORT_MAX_DAYS } from '@clinicwall/contract';

/** The ledger's days are calendar days in China (UTC+8, no DST), like the server's reports. */
export const LEDGER_UTC_OFFSET_MINUTES = 480;
export const DEFAULT_RANGE_DAYS = 30;
export const RANGE_PRESETS = [7, 30, 90] as const;

export interface DateRange {
  from: string;
  to: string;
}

/** YYYY-MM-DD of `ms` at the offset. */
export function localDay(ms: number, offsetMinutes = LEDGER_UTC_OFFSET_MINUTES): string {
  return new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** The `days` calendar days ending today (both included). */
export function lastDays(days: number, now: number, offsetMinutes = LEDGER_UTC_OFFSET_MINUTES): DateRange {
  const to = localDay(now, offsetMinutes);
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

export type RangeProblem = { field: 'from' | 'to'; message: string };

/** Checks a range with the API's own schema (dates, order, at most 366 days). */
export function checkRange(range: DateRange): RangeProblem | null {
  const r = ClinicLedgerReportQuery.safeParse(range);
  if (r.success) return null;
  const issue = r.error.issues[0]!;
  return { field: issue.path[0] === 'from' ? 'from' : 'to', message: issue.message };
}

/** ?from=&to= from the URL when valid, else the last 30 days. */
export function rangeFromSearch(params: URLSearchParams, now: number): DateRange {
  const from = params.get('from');
  const to = params.get('to');
  if (from && to && checkRange({ from, to }) === null) return { from, to };
  return lastDays(DEFAULT_RANGE_DAYS, now);
}

export function rangeSearch(range: DateRange): string {
  return `?${new URLSearchParams({ from: range.from, to: range.to }).toString()}`;
}

/** Days in the range, both ends included. */
export function rangeDays(range: DateRange): number {
  return Math.round((Date.parse(range.to) - Date.parse(range.from)) / 86_400_000) + 1;
}

export { LEDGER_REPORT_MAX_DAYS };
