import {
  LEDGER_CATEGORIES,
  type ClinicLedgerReportDto,
  type ClinicLedgerReportQuery,
  type LedgerCategoryCounts,
  type LedgerEntryDto,
} from '@clinicwall/contract';
import { dayStart, daysFromTo, localDate } from './localTime.ts';

const zeroCounts = (): LedgerCategoryCounts => ({ 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 });

/**
 * Minutes an entry counts for: final minutes once its alarm cleared; for one still open, the
 * minutes at recording plus the time since. Inspector entries have no duration.
 */
export function entryMinutes(entry: LedgerEntryDto, now: number): number {
  if (entry.minutes === null) return 0;
  if (entry.endedAt !== null) return entry.minutes;
  return entry.minutes + Math.max(0, Math.round((now - entry.createdAt) / 60_000));
}

/**
 * A clinic's ledger over local days from..to (by when each entry started): counts per category,
 * total minutes and a per-day trend over entries in force; annulled entries are listed, not counted.
 */
export function buildClinicReport(
  clinicId: string,
  entries: readonly LedgerEntryDto[],
  query: ClinicLedgerReportQuery,
  utcOffsetMinutes: number,
  now: number,
): ClinicLedgerReportDto {
  const start = dayStart(query.from, utcOffsetMinutes);
  const end = dayStart(query.to, utcOffsetMinutes) + 86_400_000;
  const inRange = entries
    .filter((e) => e.clinicId === clinicId && e.startedAt >= start && e.startedAt < end)
    .sort((a, b) => b.startedAt - a.startedAt || b.createdAt - a.createdAt);
  const trend = new Map(
    daysFromTo(query.from, query.to).map((d) => [d, { date: d, counts: zeroCounts(), minutes: 0 }]),
  );
  const counts = zeroCounts();
  let totalMinutes = 0;
  for (const e of inRange) {
    if (e.annulled) continue;
    const minutes = entryMinutes(e, now);
    counts[e.category]++;
    totalMinutes += minutes;
    const day = trend.get(localDate(e.startedAt, utcOffsetMinutes));
    if (day) {
      day.counts[e.category]++;
      day.minutes += minutes;
    }
  }
  return {
    clinicId,
    from: query.from,
    to: query.to,
    utcOffsetMinutes,
    counts,
    total: LEDGER_CATEGORIES.reduce((n, c) => n + counts[c], 0),
    totalMinutes,
    annulled: inRange.filter((e) => e.annulled).length,
    trend: [...trend.values()],
    entries: inRange,
  };
}
