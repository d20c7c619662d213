import type { ShownSwipe } from './feed.ts';

/** How long the newest swipe stays on its tile, unless the wall's URL says otherwise (?swipeSecs=). */
export const DEFAULT_SWIPE_SECONDS = 12;
export const MIN_SWIPE_SECONDS = 3;
export const MAX_SWIPE_SECONDS = 600;
export const SWIPE_SECONDS_PARAM = 'swipeSecs';

/** ?swipeSecs=N (3…600 s; 0 turns tile overlays off); anything else is the default. */
export function parseSwipeSeconds(raw: string | null): number {
  if (raw === null || raw.trim() === '') return DEFAULT_SWIPE_SECONDS;
  const n = Number(raw);
  if (!Number.isFinite(n)) return DEFAULT_SWIPE_SECONDS;
  if (n === 0) return 0;
  return Math.min(MAX_SWIPE_SECONDS, Math.max(MIN_SWIPE_SECONDS, Math.round(n)));
}

export interface TileOverlay {
  /** The swipe the tile shows: the newest one, while its display time lasts. */
  current: ShownSwipe;
  /** Other swipes of the camera still within their display time (shown as "+N"). */
  others: number;
  /** Local ms when the overlay goes (or changes). */
  until: number;
}

/** What a tile's overlay shows at `now`, from the camera's newest-first list; null when nothing. */
export function tileOverlay(list: readonly ShownSwipe[], now: number, displayMs: number): TileOverlay | null {
  const current = list[0];
  if (!current || displayMs <= 0) return null;
  const until = current.shownAt + displayMs;
  if (now >= until) return null;
  let others = 0;
  let next = until;
  for (let i = 1; i < list.length; i++) {
    const end = list[i]!.shownAt + displayMs;
    if (end > now) {
      others++;
      next = Math.min(next, end);
    }
  }
  return { current, others, until: next };
}
