/** How long ago, as a message key and its parameters (the panel re-renders it every second). */
export type AgoKey =
  'alarms.ago.now' | 'alarms.ago.seconds' | 'alarms.ago.minutes' | 'alarms.ago.hours' | 'alarms.ago.days';

export interface Ago {
  key: AgoKey;
  params: Record<string, number>;
}

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

/** < 5 s: now; < 1 min: seconds; < 1 h: minutes; < 1 day: hours and minutes; else days and hours. */
export function ago(then: number, now: number): Ago {
  const ms = Math.max(0, now - then);
  if (ms < 5 * S) return { key: 'alarms.ago.now', params: {} };
  if (ms < M) return { key: 'alarms.ago.seconds', params: { n: Math.floor(ms / S) } };
  if (ms < H) return { key: 'alarms.ago.minutes', params: { n: Math.floor(ms / M) } };
  if (ms < D) return { key: 'alarms.ago.hours', params: { h: Math.floor(ms / H), m: Math.floor((ms % H) / M) } };
  return { key: 'alarms.ago.days', params: { d: Math.floor(ms / D), h: Math.floor((ms % D) / H) } };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** HH:mm:ss in the browser's zone; with the date (MM-DD) when it is not `now`'s day. */
export function clockTime(ms: number, now: number): string {
  const d = new Date(ms);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return sameDay(ms, now) ? time : `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}

/** YYYY-MM-DD HH:mm in the browser's zone. */
export function dateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function sameDay(a: number, b: number): boolean {
  const x = new Date(a);
  const y = new Date(b);
  return x.getFullYear() === y.getFullYear() && x.getMonth() === y.getMonth() && x.getDate() === y.getDate();
}
