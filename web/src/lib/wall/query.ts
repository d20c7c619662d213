import { DEFAULT_LAYOUT, parseLayout, type LayoutSize } from './layout.ts';
import { parseTour, type TourInterval } from './tour.ts';

/** What the wall keeps in its URL so an operator can bookmark a view: /wall?layout=16&page=2&tour=30 */
export interface WallQuery {
  layout: LayoutSize;
  /** 1-based; clamped against the camera count by the page. */
  page: number;
  /** Tour interval in seconds, null when the tour is off. */
  tour: TourInterval | null;
}

export function parseWallQuery(params: URLSearchParams): WallQuery {
  const page = Number(params.get('page'));
  return {
    layout: parseLayout(params.get('layout')),
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    tour: parseTour(params.get('tour')),
  };
}

/**
 * The query string for a wall view (with the leading '?'); other parameters (e.g. lang) are kept.
 * Defaults are still written for layout and page so a bookmark says what it shows.
 */
export function wallSearch(q: WallQuery, keep?: URLSearchParams): string {
  const params = new URLSearchParams(keep);
  params.set('layout', String(q.layout ?? DEFAULT_LAYOUT));
  params.set('page', String(Math.max(1, Math.trunc(q.page))));
  if (q.tour !== null) params.set('tour', String(q.tour));
  else params.delete('tour');
  return `?${params.toString()}`;
}
