import type { SwipePageDto, SwipeQuery, SwipeRecord } from '@clinicwall/contract';

/**
 * Secondary indexes a store keeps per swipe, so that a filtered query or a camera's resume reads
 * only the swipes it needs: `cam:<id>`, `terminal:<id>`, `clinic:<id>`, `card:<hash>`, `flag:<flag>`.
 */
export function indexesOf(
  r: Pick<SwipeRecord, 'cameraIds' | 'terminalId' | 'clinicId' | 'cardHash' | 'flags'>,
): string[] {
  return [
    ...r.cameraIds.map((c) => `cam:${c}`),
    `terminal:${r.terminalId}`,
    ...(r.clinicId ? [`clinic:${r.clinicId}`] : []),
    `card:${r.cardHash}`,
    ...r.flags.map((f) => `flag:${f}`),
  ];
}

/** The most selective index for a query (null: the whole stream). Other filters apply on top. */
export function indexForQuery(q: SwipeQuery): string | null {
  if (q.cardHash) return `card:${q.cardHash}`;
  if (q.terminalId) return `terminal:${q.terminalId}`;
  if (q.cameraId) return `cam:${q.cameraId}`;
  if (q.clinicId) return `clinic:${q.clinicId}`;
  if (q.flag) return `flag:${q.flag}`;
  return null;
}

/** Whether a swipe passes every filter of a query (`from`/`to` are on the time the swipe occurred). */
export function matchesQuery(r: SwipeRecord, q: SwipeQuery): boolean {
  if (q.cardHash && r.cardHash !== q.cardHash) return false;
  if (q.terminalId && r.terminalId !== q.terminalId) return false;
  if (q.cameraId && !r.cameraIds.includes(q.cameraId)) return false;
  if (q.clinicId && r.clinicId !== q.clinicId) return false;
  if (q.flag && !r.flags.includes(q.flag)) return false;
  const at = Date.parse(r.occurredAt);
  if (q.from && at < Date.parse(q.from)) return false;
  if (q.to && at > Date.parse(q.to)) return false;
  return true;
}

/** One step of a newest-first walk over an index: entries older than `before` (null: from the newest). */
export interface OlderBatch {
  /** The swipes found (some index entries may point at swipes already trimmed away). */
  records: SwipeRecord[];
  /** How many index entries were looked at, and the oldest of them (the next step's cursor; null: none). */
  scanned: number;
  lastScanned: string | null;
  /** No older entries remain. */
  exhausted: boolean;
}
export type OlderSource = (before: string | null, count: number) => Promise<OlderBatch>;

/** How many index entries one page request may look at before it returns what it found. */
export const MAX_SCAN_PER_PAGE = 5000;
const BATCH = 250;

/**
 * Newest-first paging over an index with the query's other filters applied. The walk stops when
 * the page is full, the index ends, or after MAX_SCAN_PER_PAGE entries (a page may then hold fewer
 * than `limit` swipes, and nextBefore continues the walk): a request's cost stays bounded.
 */
export async function collectPage(
  q: SwipeQuery,
  older: OlderSource,
  maxScan = MAX_SCAN_PER_PAGE,
): Promise<SwipePageDto> {
  const items: SwipeRecord[] = [];
  let cursor = q.before ?? null;
  let scanned = 0;
  for (;;) {
    const batch = await older(cursor, Math.min(BATCH, maxScan - scanned));
    for (const r of batch.records) {
      if (!matchesQuery(r, q)) continue;
      items.push(r);
      if (items.length === q.limit) return { items, nextBefore: r.id };
    }
    if (batch.exhausted || batch.lastScanned === null) return { items, nextBefore: null };
    scanned += Math.max(1, batch.scanned);
    cursor = batch.lastScanned;
    if (scanned >= maxScan) return { items, nextBefore: cursor };
  }
}
