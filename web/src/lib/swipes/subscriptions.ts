/** The contract's limit of cameras per `swipes:subscribe` (SwipeSubscribeRequest; checked in the spec). */
export const MAX_CAMERAS_PER_SUBSCRIBE = 200;

/** How the missed swipes of one camera in a subscribe's ack are treated (see feed.ts Arrival). */
export type MissedArrival = 'resume' | 'catchup';

export interface SubscribeEntry {
  cameraId: string;
  lastId: string | null;
  arrival: MissedArrival;
}

/** One `swipes:subscribe` request to send; `seq` identifies it when its ack (or failure) comes back. */
export interface SubscribeBatch {
  seq: number;
  entries: SubscribeEntry[];
}

export interface SubscriptionChanges {
  subscribe: SubscribeBatch[];
  unsubscribe: string[];
}

const NONE: SubscriptionChanges = { subscribe: [], unsubscribe: [] };

/**
 * Which cameras the wall is subscribed to, as a pure state machine (the socket is the caller's):
 * - `setWanted` diffs the wanted set against the joined one (page / layout / focus changes);
 * - `connected` (every socket connect) re-subscribes everything wanted with the last ids;
 * - `disconnected` forgets the server rooms (a new socket starts in none);
 * - `failed` un-joins a batch's cameras so that `retry` sends them again.
 * A camera counts as joined as soon as its request is sent: the server joins the room before it
 * answers, so a live swipe may arrive before the ack and must be accepted.
 */
export class SwipeSubscriptions {
  readonly #lastId: (cameraId: string) => string | null;
  #wanted = new Set<string>();
  /** camera → seq of the request that joined it on this connection. */
  readonly #joined = new Map<string, number>();
  /** Cameras joined when the socket dropped: their missed swipes are a resume, not a catch-up. */
  #wasJoined = new Set<string>();
  #connected = false;
  #seq = 0;

  constructor(lastId: (cameraId: string) => string | null) {
    this.#lastId = lastId;
  }

  get isConnected(): boolean {
    return this.#connected;
  }

  get wanted(): ReadonlySet<string> {
    return this.#wanted;
  }

  isJoined(cameraId: string): boolean {
    return this.#joined.has(cameraId);
  }

  /** The joined cameras among `cameraIds` (where a pushed or missed record is filed). */
  joinedOf(cameraIds: readonly string[]): string[] {
    return cameraIds.filter((id) => this.#joined.has(id));
  }

  setWanted(ids: Iterable<string>): SubscriptionChanges {
    this.#wanted = new Set(ids);
    if (!this.#connected) return NONE;
    const unsubscribe = [...this.#joined.keys()].filter((id) => !this.#wanted.has(id));
    for (const id of unsubscribe) {
      this.#joined.delete(id);
      this.#wasJoined.delete(id);
    }
    return { subscribe: this.#join([...this.#wanted].filter((id) => !this.#joined.has(id))), unsubscribe };
  }

  connected(): SubscriptionChanges {
    this.#connected = true;
    this.#joined.clear();
    return { subscribe: this.#join([...this.#wanted]), unsubscribe: [] };
  }

  disconnected(): void {
    if (this.#connected) {
      for (const id of this.#joined.keys()) this.#wasJoined.add(id);
    }
    this.#connected = false;
    this.#joined.clear();
  }

  /** The batch's ack arrived: its resumes are done (a later re-join is a catch-up again). */
  acknowledged(batch: SubscribeBatch): void {
    for (const e of batch.entries) if (this.#joined.get(e.cameraId) === batch.seq) this.#wasJoined.delete(e.cameraId);
  }

  /** The batch was refused or timed out: its cameras are not joined (unless a later request re-joined them). */
  failed(batch: SubscribeBatch): void {
    for (const e of batch.entries) {
      if (this.#joined.get(e.cameraId) === batch.seq) this.#joined.delete(e.cameraId);
    }
  }

  /** Subscribes what is wanted but not joined (after a failure). */
  retry(): SubscriptionChanges {
    if (!this.#connected) return NONE;
    return { subscribe: this.#join([...this.#wanted].filter((id) => !this.#joined.has(id))), unsubscribe: [] };
  }

  #join(ids: string[]): SubscribeBatch[] {
    const batches: SubscribeBatch[] = [];
    for (let i = 0; i < ids.length; i += MAX_CAMERAS_PER_SUBSCRIBE) {
      const seq = ++this.#seq;
      const entries = ids.slice(i, i + MAX_CAMERAS_PER_SUBSCRIBE).map((cameraId): SubscribeEntry => ({
        cameraId,
        lastId: this.#lastId(cameraId),
        arrival: this.#wasJoined.has(cameraId) ? 'resume' : 'catchup',
      }));
      for (const e of entries) this.#joined.set(e.cameraId, seq);
      batches.push({ seq, entries });
    }
    return batches;
  }
}
