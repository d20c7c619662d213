import { clampPage, pageAfterLayoutChange, pageCount, pageSlice, type LayoutSize } from '../wall/layout.ts';
import { parseWallQuery, wallSearch, type WallQuery } from '../wall/query.ts';
import { wantedStreams } from '../wall/streams.ts';
import { DEFAULT_TOUR_INTERVAL, nextTourPage, tourRuns, type TourInterval } from '../wall/tour.ts';
import type { WallMedia } from './wallMedia.svelte.ts';

/**
 * What the wall shows: layout, page and tour come from the URL (so a view can be bookmarked),
 * the focused camera is local. Changing them navigates (replacing the history entry).
 */
export class WallView {
  readonly #media: WallMedia;
  readonly #url: () => URL;
  readonly #navigate: (search: string) => void;

  focusedId = $state<string | null>(null);
  /** The last tour interval chosen, so the toggle restores it. */
  tourChoice = $state<TourInterval>(DEFAULT_TOUR_INTERVAL);

  query = $derived<WallQuery>(parseWallQuery(this.#urlNow().searchParams));
  layout = $derived<LayoutSize>(this.query.layout);
  tour = $derived<TourInterval | null>(this.query.tour);
  pages = $derived(pageCount(this.#mediaNow().cameras.length, this.layout));
  page = $derived(clampPage(this.query.page, this.pages));
  pageCameras = $derived(pageSlice(this.#mediaNow().cameras, this.layout, this.page));
  focused = $derived(this.#mediaNow().cameras.find((c) => c.id === this.focusedId) ?? null);
  tourActive = $derived(tourRuns(this.tour, this.pages, this.focused !== null));
  wanted = $derived(
    wantedStreams(
      this.#mediaNow().cameras.map((c) => c.id),
      this.pageCameras.map((c) => c.id),
      this.focused?.id ?? null,
    ),
  );

  constructor(media: WallMedia, url: () => URL, navigate: (search: string) => void) {
    this.#media = media;
    this.#url = url;
    this.#navigate = navigate;
    const tour = parseWallQuery(url().searchParams).tour;
    if (tour !== null) this.tourChoice = tour;
  }

  setLayout(layout: LayoutSize): void {
    if (layout === this.layout) return;
    this.#go({ layout, page: pageAfterLayoutChange(this.page, this.layout, layout), tour: this.tour });
  }

  goToPage(page: number): void {
    this.#go({ layout: this.layout, page: clampPage(page, this.pages), tour: this.tour });
  }

  nextPage(): void {
    this.goToPage(this.page >= this.pages ? 1 : this.page + 1);
  }

  prevPage(): void {
    this.goToPage(this.page <= 1 ? this.pages : this.page - 1);
  }

  /** One tour step. */
  advanceTour(): void {
    this.goToPage(nextTourPage(this.page, this.pages));
  }

  setTour(interval: TourInterval | null): void {
    if (interval !== null) this.tourChoice = interval;
    this.#go({ layout: this.layout, page: this.page, tour: interval });
  }

  /** Picks the interval; applies it at once when the tour runs, otherwise it is used on the next start. */
  setTourInterval(interval: TourInterval): void {
    this.tourChoice = interval;
    if (this.tour !== null) this.setTour(interval);
  }

  toggleTour(): void {
    this.setTour(this.tour === null ? this.tourChoice : null);
  }

  focus(cameraId: string): void {
    this.focusedId = cameraId;
  }

  unfocus(): void {
    this.focusedId = null;
  }

  toggleFocus(cameraId: string): void {
    this.focusedId = this.focusedId === cameraId ? null : cameraId;
  }

  /** Writes the canonical query (clamped page, explicit layout) if the URL differs from it. */
  normalizeUrl(): void {
    const want = wallSearch({ layout: this.layout, page: this.page, tour: this.tour }, this.#urlNow().searchParams);
    if (want !== this.#urlNow().search) this.#navigate(want);
  }

  #go(q: WallQuery): void {
    this.#navigate(wallSearch(q, this.#urlNow().searchParams));
  }

  #urlNow(): URL {
    return this.#url();
  }

  #mediaNow(): WallMedia {
    return this.#media;
  }
}
