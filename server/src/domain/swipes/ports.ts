import type { EventId, SwipeIngestResult, SwipePageDto, SwipeQuery, SwipeRecord } from '@clinicwall/contract';

/** A masked, routed, flagged swipe before the store gives it its event id. */
export type SwipeDraft = Omit<SwipeRecord, 'id'>;

/**
 * Where swipes live (memory, Redis Streams). `append` stores each draft at most once per
 * (integrationId, swipeId): the idempotency check and the write are one atomic step, and a
 * duplicate returns the original's id and flags. Once `append` resolves, the swipes are durable
 * as far as the store can make them.
 */
export interface SwipeStore {
  append(drafts: readonly SwipeDraft[]): Promise<SwipeIngestResult[]>;
  /**
   * Swipes of a camera after an event id and up to `upTo` (default: all), oldest first; the newest
   * `limit` of them when there are more.
   */
  after(cameraId: string, afterId: string, limit: number, upTo?: EventId): Promise<SwipeRecord[]>;
  /**
   * A camera's stream cursor: the event id of its newest swipe (at or before `upTo` when given),
   * START_CURSOR when it has none (or none left after retention). `after(cameraId, cursor)` returns
   * exactly what is appended later.
   */
  cursor(cameraId: string, upTo?: EventId): Promise<EventId>;
  /**
   * The event id of the newest swipe of any camera, START_CURSOR when there is none: a snapshot
   * point. Every swipe at or before it is fully stored (with its indexes); later ones get later ids.
   */
  head(): Promise<EventId>;
  /** A page of swipes, newest first (see collectPage). */
  page(query: SwipeQuery): Promise<SwipePageDto>;
  /** Drops swipes received before this time (retention); returns how many went, when known. */
  trimBefore(epochMs: number): Promise<number>;
}

/** Every stored swipe, in event-id order, as it is appended (by any process sharing the store). */
export interface SwipeFeed {
  subscribe(listener: (records: SwipeRecord[]) => void): () => void;
}

/** A card seen at a terminal at a time. */
export interface CardSighting {
  terminalId: string;
  cardHash: string;
  atMs: number;
}

/** Recent cards per terminal, for the multi-card rule. */
export interface TerminalCardLog {
  /**
   * Records each sighting, in order, and returns for each the number of distinct cards seen at its
   * terminal within ±windowMs of its time (itself included). Recording the same card again is harmless.
   */
  observe(sightings: readonly CardSighting[], windowMs: number): Promise<number[]>;
}

/** A card seen at a clinic at a time. */
export interface ClinicSighting {
  cardHash: string;
  clinicId: string;
  atMs: number;
}

/** Where each card was last seen, for the card-travel rule. */
export interface CardSightings {
  /**
   * Records each sighting, in order, and returns for each the card's sighting before it (the newest
   * one recorded, null when none within keepMs). An older sighting is compared but does not replace
   * a newer one; recording the same sighting again is harmless.
   */
  observe(sightings: readonly ClinicSighting[], keepMs: number): Promise<(Omit<ClinicSighting, 'cardHash'> | null)[]>;
}

/** A swipe total at a clinic, in cents. */
export interface ClinicTotal {
  clinicId: string;
  cents: number;
}

/** The recent totals per clinic, for the amount-outlier rule. */
export interface ClinicTotals {
  /**
   * Records each total, in order, and returns for each the clinic's newest `window` totals before
   * it (newest first). A clinic's totals are kept a few months after its last swipe.
   */
  observe(totals: readonly ClinicTotal[], window: number): Promise<number[][]>;
}
