import { EventId, SwipeFlag, SwipeQuery } from '@clinicwall/contract';

/** The /swipes page's filters, as kept in its URL (so a search can be bookmarked and shared). */
export interface SwipeFilters {
  clinicId: string | null;
  terminalId: string | null;
  /** 32 hex characters (the keyed hash of a card). */
  cardHash: string | null;
  flag: SwipeFlag | null;
  /** ISO 8601 times (UTC). */
  from: string | null;
  to: string | null;
}

export const NO_FILTERS: SwipeFilters = {
  clinicId: null,
  terminalId: null,
  cardHash: null,
  flag: null,
  from: null,
  to: null,
};

const FILTER_KEYS = ['clinicId', 'terminalId', 'cardHash', 'flag', 'from', 'to'] as const;

export const PAGE_SIZE = 50;

function valid<T>(schema: { safeParse(v: unknown): { success: boolean; data?: T } }, raw: string | null): T | null {
  if (raw === null || raw.trim() === '') return null;
  const r = schema.safeParse(raw.trim());
  return r.success ? (r.data as T) : null;
}

/** Reads filters and the page cursor from a URL; values the API would refuse are dropped. */
export function parseSwipeSearch(params: URLSearchParams): { filters: SwipeFilters; before: string | null } {
  const s = SwipeQuery.shape;
  return {
    filters: {
      clinicId: valid<string>(s.clinicId, params.get('clinicId')),
      terminalId: valid<string>(s.terminalId, params.get('terminalId')),
      cardHash: valid<string>(s.cardHash, params.get('cardHash')?.toLowerCase() ?? null),
      flag: valid<SwipeFlag>(SwipeFlag, params.get('flag')),
      from: valid<string>(s.from, params.get('from')),
      to: valid<string>(s.to, params.get('to')),
    },
    before: valid<string>(EventId, params.get('before')),
  };
}

function filterParams(filters: SwipeFilters, before: string | null, base?: URLSearchParams): URLSearchParams {
  const params = new URLSearchParams(base);
  for (const k of FILTER_KEYS) {
    const v = filters[k];
    if (v) params.set(k, v);
    else params.delete(k);
  }
  if (before) params.set('before', before);
  else params.delete('before');
  return params;
}

/** The page's query string (with '?'); other parameters (lang) are kept. */
export function swipeSearch(filters: SwipeFilters, before: string | null, keep?: URLSearchParams): string {
  const q = filterParams(filters, before, keep).toString();
  return q ? `?${q}` : '';
}

/** GET /api/v1/swipes query for one page. */
export function swipeApiParams(filters: SwipeFilters, before: string | null, limit = PAGE_SIZE): URLSearchParams {
  const params = filterParams(filters, before);
  params.set('limit', String(limit));
  return params;
}

export function hasFilters(filters: SwipeFilters): boolean {
  return activeFilterCount(filters) > 0;
}

/** How many filters are set (shown on the phone's collapsed filter button). */
export function activeFilterCount(filters: SwipeFilters): number {
  return FILTER_KEYS.filter((k) => filters[k] !== null).length;
}

/** A terminal filter belongs to one clinic: changing the clinic drops a terminal of another one. */
export function withClinic(
  filters: SwipeFilters,
  clinicId: string | null,
  terminalClinic: (terminalId: string) => string | null,
): SwipeFilters {
  const keepTerminal =
    filters.terminalId !== null && clinicId !== null && terminalClinic(filters.terminalId) === clinicId;
  return { ...filters, clinicId, terminalId: keepTerminal ? filters.terminalId : null };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** <input type="datetime-local"> value (local time) → ISO (UTC); null when empty or invalid. */
export function localInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const t = new Date(value).getTime();
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

/** ISO → <input type="datetime-local"> value in local time ('' when absent). */
export function isoToLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (!Number.isFinite(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
