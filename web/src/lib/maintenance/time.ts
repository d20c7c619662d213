/**
 * Local wall-clock times of `<input type="datetime-local">` ('YYYY-MM-DDTHH:mm[:ss]') to and from
 * the ISO 8601 times with offset the API wants (e.g. 2026-11-23T09:30:00+08:00).
 */
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

const pad = (n: number) => String(n).padStart(2, '0');

/** '+08:00' for 480 minutes east of UTC, '-05:30' for -330. */
export function offsetText(minutesEast: number): string {
  const sign = minutesEast < 0 ? '-' : '+';
  const abs = Math.abs(minutesEast);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * The input's value as ISO with offset; `offsetMinutes` east of UTC, by default the browser's
 * offset at that moment (so a window across a DST change gets the right one at each end).
 * Null for an empty or malformed value or an impossible date.
 */
export function localInputToIso(value: string, offsetMinutes?: number): string | null {
  const m = LOCAL.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const local = new Date(y, mo - 1, d, h, mi, s);
  if (local.getFullYear() !== y || local.getMonth() !== mo - 1 || local.getDate() !== d || h > 23 || mi > 59)
    return null;
  const offset = offsetMinutes ?? -local.getTimezoneOffset();
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${offsetText(offset)}`;
}

/** ms since epoch of the input's value (browser zone), or null. */
export function localInputToMs(value: string, offsetMinutes?: number): number | null {
  const iso = localInputToIso(value, offsetMinutes);
  return iso === null ? null : Date.parse(iso);
}

/** The value for a datetime-local input showing `ms` in the browser's zone (minutes). */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
