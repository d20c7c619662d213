import type { RegistrySnapshot, SwipePageDto } from '@clinicwall/contract';
import { fetchRegistry } from '../registry.ts';
import { ApiError, describeApiError } from '../http/apiCall.ts';
import { fetchSwipePage } from '../swipes/api.ts';
import { parseSwipeSearch, swipeApiParams, swipeSearch, type SwipeFilters } from '../swipes/query.ts';

export type ListPhase = 'loading' | 'ready' | 'error' | 'unavailable';

/**
 * The /swipes page: filters and the page cursor live in the URL (bookmarkable); each URL change
 * loads one page (newest first). "Older" follows nextBefore; "newer" goes back through the cursors
 * this tab walked (a bookmarked older page can always return to the newest).
 */
export class SwipeListState {
  readonly #url: () => URL;
  readonly #navigate: (search: string) => void;

  search = $derived(parseSwipeSearch(this.#urlNow().searchParams));
  phase = $state<ListPhase>('loading');
  page = $state.raw<SwipePageDto | null>(null);
  error = $state<string | null>(null);
  registry = $state.raw<RegistrySnapshot | null>(null);
  /** Cursors of the newer pages this tab came through (null = the newest page). */
  trail = $state.raw<(string | null)[]>([]);

  #abort: AbortController | null = null;

  constructor(url: () => URL, navigate: (search: string) => void) {
    this.#url = url;
    this.#navigate = navigate;
  }

  async loadRegistry(): Promise<void> {
    try {
      this.registry = await fetchRegistry();
    } catch (error) {
      // The list still works without names (ids are shown); the filters then offer ids only.
      console.warn('[swipes] registry', error);
    }
  }

  /** Loads the page the URL describes. */
  async load(): Promise<void> {
    const { filters, before } = this.search;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.phase = 'loading';
    this.error = null;
    try {
      const page = await fetchSwipePage(swipeApiParams(filters, before), abort.signal);
      if (abort.signal.aborted) return;
      this.page = page;
      this.phase = 'ready';
    } catch (error) {
      if (abort.signal.aborted) return;
      this.page = null;
      this.phase = error instanceof ApiError && error.code === 'unavailable' ? 'unavailable' : 'error';
      this.error = describeApiError(error);
    }
  }

  setFilters(filters: SwipeFilters): void {
    this.trail = [];
    this.#go(filters, null);
  }

  filterByCard(cardHash: string): void {
    this.setFilters({ ...this.search.filters, cardHash });
  }

  older(): void {
    const next = this.page?.nextBefore;
    if (!next) return;
    this.trail = [...this.trail, this.search.before];
    this.#go(this.search.filters, next);
  }

  newer(): void {
    if (this.trail.length === 0) return this.newest();
    const before = this.trail[this.trail.length - 1] ?? null;
    this.trail = this.trail.slice(0, -1);
    this.#go(this.search.filters, before);
  }

  newest(): void {
    this.trail = [];
    this.#go(this.search.filters, null);
  }

  stop(): void {
    this.#abort?.abort();
  }

  #go(filters: SwipeFilters, before: string | null): void {
    const search = swipeSearch(filters, before, this.#urlNow().searchParams);
    if (search === this.#urlNow().search) void this.load();
    else this.#navigate(search);
  }

  #urlNow(): URL {
    return this.#url();
  }
}
