import { SWIPE_FLAGS, type SwipeFlag, type SwipeItem } from '@clinicwall/contract';

/** The only way a card number is shown: the last four digits behind a mask. */
export function maskedCard(last4: string): string {
  const digits = last4.replace(/\D/g, '').slice(-4);
  return `**** ${digits.padStart(4, '*')}`;
}

/** A short, non-reversible label for a card hash (the full hash stays in the filter and the tooltip). */
export function shortHash(cardHash: string): string {
  return cardHash.slice(0, 8);
}

export interface ItemsSummary {
  /** The first items, e.g. "换药 ×2". */
  shown: string[];
  /** How many more items there are. */
  more: number;
}

function quantity(q: number): string {
  return Number.isInteger(q) ? String(q) : String(Math.round(q * 1000) / 1000);
}

/** The first `max` items (name, and ×quantity when not 1) and the count of the rest. */
export function itemsSummary(items: readonly SwipeItem[], max = 2): ItemsSummary {
  const shown = items
    .slice(0, Math.max(0, max))
    .map((i) => (i.quantity === 1 ? i.name : `${i.name} ×${quantity(i.quantity)}`));
  return { shown, more: Math.max(0, items.length - shown.length) };
}

/** "¥1,280.50" (zh-CN) / "CN¥1,280.50" (en); falls back to "1280.50 XYZ" for a code Intl does not know. */
export function formatAmount(total: number, currency: string, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'symbol' }).format(total);
  } catch {
    return `${total.toFixed(2)} ${currency}`;
  }
}

/**
 * A swipe's time: "09:31:05" when it is on the same local day as `now`, else "11-22 09:31".
 * `timeZone` is for tests (the browser's own zone otherwise).
 */
export function formatSwipeTime(iso: string, locale: string, now: number, timeZone?: string): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return '';
  const day = (ms: number) =>
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
  const sameDay = day(t) === day(now);
  const opts: Intl.DateTimeFormatOptions = sameDay
    ? { timeZone, hour12: false, hour: '2-digit', minute: '2-digit', second: '2-digit' }
    : { timeZone, hour12: false, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat(locale, opts).format(t);
}

/** Full date and time for lists and tooltips: "2026-11-23 09:31:05". */
export function formatDateTime(iso: string, locale: string, timeZone?: string): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return iso;
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, {
    timeZone,
    hour12: false,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(t);
}

export type FlagSeverity = 'warn' | 'info';

/** unmapped is a configuration gap (info); the others point at the swipe itself (warn). */
export function flagSeverity(flag: SwipeFlag): FlagSeverity {
  return flag === 'unmapped' ? 'info' : 'warn';
}

/** Warnings first, then in the contract's order; unknown values dropped. */
export function sortFlags(flags: readonly string[]): SwipeFlag[] {
  const known = SWIPE_FLAGS.filter((f) => flags.includes(f));
  return [...known.filter((f) => flagSeverity(f) === 'warn'), ...known.filter((f) => flagSeverity(f) === 'info')];
}
