import { getContext, setContext } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import type { SwipeRecord } from '@clinicwall/contract';
import { describeApiError } from '../http/apiCall.ts';
import { fetchSwipePage } from '../swipes/api.ts';
import { SwipeFeed, type Arrival, type ShownSwipe } from '../swipes/feed.ts';
import { parseSwipeSeconds, SWIPE_SECONDS_PARAM } from '../swipes/overlay.ts';
import { SwipeSubscriptions, type SubscribeBatch, type SubscriptionChanges } from '../swipes/subscriptions.ts';
import { request, type AppSocket } from '../socket.ts';

/** The wall's swipe channel as the header shows it. */
export type SwipeFeedStatus = 'connecting' | 'live' | 'reconnecting' | 'error';
/** The focused camera's history (HTTP) load. */
export type HistoryState = 'loading' | 'loaded' | 'error';

const RETRY_MS = 3_000;
const HISTORY_LIMIT = 20;
const EMPTY: readonly ShownSwipe[] = Object.freeze([]);

/**
 * Live swipes for the cameras the wall shows: subscribes to them over the wall's socket (page,
 * layout and focus changes re-subscribe), files pushed and missed swipes per camera in order and
 * once each, and on every (re)connect resubscribes with the last event id per camera so a blip or
 * a server restart loses nothing. Pure bookkeeping lives in swipes/feed.ts and swipes/subscriptions.ts.
 */
export class WallSwipes {
  status = $state<SwipeFeedStatus>('connecting');
  error = $state<string | null>(null);
  /** How long the newest swipe stays on its tile (?swipeSecs=, 0 = off). */
  displayMs = $derived(parseSwipeSeconds(this.#urlNow().searchParams.get(SWIPE_SECONDS_PARAM)) * 1000);

  readonly #url: () => URL;
  readonly #lists = new SvelteMap<string, readonly ShownSwipe[]>();
  readonly #history = new SvelteMap<string, HistoryState>();
  readonly #feed = new SwipeFeed();
  readonly #subs = new SwipeSubscriptions((id) => this.#feed.lastId(id));
  #socket: AppSocket | null = null;
  #generation = 0;
  #everLive = false;
  // Bookkeeping, not UI state.
  /* eslint-disable svelte/prefer-svelte-reactivity */
  /** Connect-time and retry batches still unanswered (the feed is not live before they are). */
  #blocking = new Set<number>();
  #failed = new Set<number>();
  /* eslint-enable svelte/prefer-svelte-reactivity */
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #historyAbort: AbortController | null = null;

  constructor(url: () => URL) {
    this.#url = url;
  }

  /** The camera's swipes, newest first (reactive per camera). */
  recent(cameraId: string): readonly ShownSwipe[] {
    return this.#lists.get(cameraId) ?? EMPTY;
  }

  historyState(cameraId: string): HistoryState | null {
    return this.#history.get(cameraId) ?? null;
  }

  start(socket: AppSocket): void {
    this.#socket = socket;
    socket.on('connect', this.#onConnect);
    socket.on('disconnect', this.#onDisconnect);
    socket.on('swipes', this.#onSwipes);
    if (socket.connected) this.#onConnect();
  }

  stop(): void {
    this.#generation++;
    this.#socket?.off('connect', this.#onConnect);
    this.#socket?.off('disconnect', this.#onDisconnect);
    this.#socket?.off('swipes', this.#onSwipes);
    this.#socket = null;
    this.#historyAbort?.abort();
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  /** The cameras on the wall's page, plus the focused one. */
  setWanted(cameraIds: Iterable<string>): void {
    this.#send(this.#subs.setWanted(cameraIds), false);
  }

  /** Fills the focused camera's list with its latest swipes from the store (merged, once each). */
  async loadHistory(cameraId: string): Promise<void> {
    this.#historyAbort?.abort();
    const abort = new AbortController();
    this.#historyAbort = abort;
    this.#history.set(cameraId, 'loading');
    try {
      const page = await fetchSwipePage({ cameraId, limit: String(HISTORY_LIMIT) }, abort.signal);
      const now = Date.now();
      for (const record of page.items) this.#file(record, [cameraId], 'catchup', now, false);
      this.#history.set(cameraId, 'loaded');
    } catch (error) {
      if (abort.signal.aborted) return;
      console.warn(`[swipes] history of ${cameraId}`, error);
      this.#history.set(cameraId, 'error');
    }
  }

  // ---- socket lifecycle ----

  #onConnect = (): void => {
    this.#generation++;
    this.#blocking.clear();
    this.#failed.clear();
    this.#send(this.#subs.connected(), true);
    this.#refreshStatus();
  };

  #onDisconnect = (): void => {
    this.#generation++;
    this.#subs.disconnected();
    this.#blocking.clear();
    this.#failed.clear();
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#refreshStatus();
  };

  #onSwipes = (records: SwipeRecord[]): void => {
    const now = Date.now();
    for (const record of records) this.#file(record, this.#subs.joinedOf(record.cameraIds), 'live', now, true);
  };

  #send(changes: SubscriptionChanges, blocking: boolean): void {
    const socket = this.#socket;
    if (!socket?.connected) return;
    if (changes.unsubscribe.length > 0) {
      request(socket, 'swipes:unsubscribe', { cameraIds: changes.unsubscribe }).catch((error: unknown) =>
        console.warn('[swipes] unsubscribe', error),
      );
    }
    for (const batch of changes.subscribe) {
      if (blocking) this.#blocking.add(batch.seq);
      void this.#subscribe(socket, batch, this.#generation);
    }
  }

  async #subscribe(socket: AppSocket, batch: SubscribeBatch, generation: number): Promise<void> {
    const cameras = batch.entries.map((e) => ({ cameraId: e.cameraId, lastId: e.lastId }));
    try {
      const { missed, cursors } = await request(socket, 'swipes:subscribe', { cameras });
      if (generation !== this.#generation) return;
      const arrival = (cameraId: string) => batch.entries.find((e) => e.cameraId === cameraId)?.arrival ?? 'catchup';
      const now = Date.now();
      for (const record of missed) {
        for (const cameraId of this.#subs.joinedOf(record.cameraIds)) {
          this.#file(record, [cameraId], arrival(cameraId), now, true);
        }
      }
      // Each camera's cursor is its resume point from now on (also for one that has had no swipe):
      // every later swipe comes live, and a resume after a blip starts there.
      for (const [cameraId, cursor] of Object.entries(cursors))
        if (this.#subs.isJoined(cameraId)) this.#feed.advance(cameraId, cursor);
      this.#subs.acknowledged(batch);
      this.#blocking.delete(batch.seq);
      this.error = null;
      this.#refreshStatus();
    } catch (error) {
      if (generation !== this.#generation) return;
      console.warn('[swipes] subscribe', error);
      this.#subs.failed(batch);
      this.#blocking.delete(batch.seq);
      this.#failed.add(batch.seq);
      this.error = describeApiError(error);
      this.#refreshStatus();
      this.#scheduleRetry(generation);
    }
  }

  #scheduleRetry(generation: number): void {
    if (this.#retryTimer) return;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      if (generation !== this.#generation) return;
      this.#failed.clear();
      this.#send(this.#subs.retry(), true);
      this.#refreshStatus();
    }, RETRY_MS);
  }

  #file(record: SwipeRecord, cameraIds: string[], arrival: Arrival, now: number, trackResume: boolean): void {
    if (cameraIds.length === 0) return;
    for (const id of this.#feed.add(record, cameraIds, arrival, now, trackResume)) {
      this.#lists.set(id, this.#feed.list(id));
    }
  }

  #refreshStatus(): void {
    const connected = this.#subs.isConnected;
    if (connected && this.#failed.size > 0) this.status = 'error';
    else if (connected && this.#blocking.size === 0) {
      this.status = 'live';
      this.#everLive = true;
    } else this.status = this.#everLive ? 'reconnecting' : 'connecting';
  }

  #urlNow(): URL {
    return this.#url();
  }
}

const KEY = Symbol('wall-swipes');

/** The wall page provides its swipes to tiles and the focus view (elsewhere they show none). */
export function provideWallSwipes(swipes: WallSwipes): void {
  setContext(KEY, swipes);
}

export function useWallSwipes(): WallSwipes | null {
  return getContext<WallSwipes | undefined>(KEY) ?? null;
}
