import { WEEKDAYS, type OpeningHours } from '@clinicwall/contract';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const WEEK_MS = 7 * DAY_MS;
/** China time is UTC+8 all year (no daylight saving since 1991). */
const CHINA_UTC_OFFSET_MS = 8 * 60 * MINUTE_MS;
/** The epoch (1970-01-01, local) was a Thursday: three days after a Monday. */
const EPOCH_AFTER_MONDAY_MS = 3 * DAY_MS;

/** Milliseconds since Monday 00:00 China time of the week `epochMs` falls in. */
export function chinaWeekOffset(epochMs: number): number {
  const t = (epochMs + CHINA_UTC_OFFSET_MS + EPOCH_AFTER_MONDAY_MS) % WEEK_MS;
  return t < 0 ? t + WEEK_MS : t;
}

type Range = readonly [start: number, end: number];

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const ranges = new WeakMap<OpeningHours, Range[]>();

/** The open ranges of a week, in ms since Monday 00:00; one running past midnight ends the next day. */
function weekRanges(hours: OpeningHours): Range[] {
  let out = ranges.get(hours);
  if (!out) {
    out = WEEKDAYS.flatMap((day, d) =>
      (hours[day] ?? []).map((interval): Range => {
        const start = minutes(interval.slice(0, 5));
        const endOfDay = minutes(interval.slice(6));
        const end = endOfDay > start ? endOfDay : endOfDay + 24 * 60;
        return [d * DAY_MS + start * MINUTE_MS, d * DAY_MS + end * MINUTE_MS];
      }),
    );
    ranges.set(hours, out);
  }
  return out;
}

/**
 * A time outside a clinic's opening hours (China time), with `graceMs` of slack before each opening
 * and after each closing (the patient seen at 17:25 pays at 17:35). Open from the start of an
 * interval (included) to its end (excluded); Sunday's overnight interval runs into Monday.
 */
export function outsideHours(hours: OpeningHours, epochMs: number, graceMs: number): boolean {
  const t = chinaWeekOffset(epochMs);
  return !weekRanges(hours).some(([start, end]) =>
    [t - WEEK_MS, t, t + WEEK_MS].some((x) => x >= start - graceMs && x < end + graceMs),
  );
}
