/** Patrol tour: the wall advances one page every N seconds and wraps around. Pure: unit-tested. */
export const TOUR_INTERVALS = [5, 10, 15, 30, 60, 120] as const;
export type TourInterval = (typeof TOUR_INTERVALS)[number];
export const DEFAULT_TOUR_INTERVAL: TourInterval = 15;

export function isTourInterval(n: number): n is TourInterval {
  return (TOUR_INTERVALS as readonly number[]).includes(n);
}

/** Reads `?tour=30`: null (tour off) for a missing or unknown value. */
export function parseTour(raw: string | null | undefined): TourInterval | null {
  if (!raw) return null;
  const n = Number(raw);
  return Number.isInteger(n) && isTourInterval(n) ? n : null;
}

/** The page the tour shows next: the following one, wrapping from the last back to the first. */
export function nextTourPage(page: number, pages: number): number {
  if (pages <= 1) return 1;
  return page >= pages || page < 1 ? 1 : page + 1;
}

/** The tour only runs when there is somewhere to go and nobody is looking at a single camera. */
export function tourRuns(interval: number | null, pages: number, focused: boolean): boolean {
  return interval !== null && pages > 1 && !focused;
}
