/** Calendar days and clock times at a fixed UTC offset (China has one zone and no DST: +08:00). */

export const CHINA_UTC_OFFSET_MINUTES = 480;

const shifted = (ms: number, offsetMinutes: number) => new Date(ms + offsetMinutes * 60_000).toISOString();

/** YYYY-MM-DD of the instant at the offset. */
export function localDate(ms: number, offsetMinutes: number): string {
  return shifted(ms, offsetMinutes).slice(0, 10);
}

/** YYYY-MM-DD HH:mm:ss of the instant at the offset. */
export function localDateTime(ms: number, offsetMinutes: number): string {
  const iso = shifted(ms, offsetMinutes);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** The instant a local day begins. */
export function dayStart(date: string, offsetMinutes: number): number {
  return Date.parse(`${date}T00:00:00Z`) - offsetMinutes * 60_000;
}

/** Every day from `from` to `to`, both included. */
export function daysFromTo(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}
