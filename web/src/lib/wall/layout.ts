/** Wall layouts (tiles per page) and the page arithmetic over the camera list. Pure: unit-tested. */
export const LAYOUTS = [1, 4, 9, 16, 25, 36, 64, 100] as const;
export type LayoutSize = (typeof LAYOUTS)[number];
export const DEFAULT_LAYOUT: LayoutSize = 16;

export function isLayout(n: number): n is LayoutSize {
  return (LAYOUTS as readonly number[]).includes(n);
}

/** Reads a layout from text (a query value); anything else gives the default. */
export function parseLayout(raw: string | null | undefined): LayoutSize {
  const n = Number(raw);
  return raw && Number.isInteger(n) && isLayout(n) ? n : DEFAULT_LAYOUT;
}

/** Number of pages for `total` cameras; an empty wall still has one (empty) page. */
export function pageCount(total: number, layout: number): number {
  return Math.max(1, Math.ceil(Math.max(0, total) / layout));
}

/** Pages are 1-based; anything out of range or not a whole number lands on the nearest valid page. */
export function clampPage(page: number, pages: number): number {
  if (!Number.isFinite(page)) return 1;
  return Math.min(Math.max(1, Math.trunc(page)), Math.max(1, Math.trunc(pages)));
}

/** The items shown on `page` (1-based) of a wall with `layout` tiles per page. */
export function pageSlice<T>(items: readonly T[], layout: number, page: number): T[] {
  const p = clampPage(page, pageCount(items.length, layout));
  return items.slice((p - 1) * layout, p * layout);
}

/** The page (1-based) on which the item at `index` appears. */
export function pageOfIndex(index: number, layout: number): number {
  return Math.floor(Math.max(0, index) / layout) + 1;
}

/**
 * When the operator switches layout, keep the first camera of the current page in view:
 * returns the page of the new layout that contains it.
 */
export function pageAfterLayoutChange(page: number, from: number, to: number): number {
  return pageOfIndex((Math.max(1, page) - 1) * from, to);
}
