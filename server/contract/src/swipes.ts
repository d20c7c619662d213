import { z } from 'zod';

/**
 * Insurance-card swipes: what a billing terminal's integration posts (SwipeIn), what ClinicWall
 * stores and pushes (SwipeRecord, card and name masked), and the socket/HTTP shapes around them.
 */

/** The most swipes one POST may carry. */
export const MAX_SWIPES_PER_BATCH = 500;

/**
 * Request signing of POST /api/v1/swipes: the integration sends its id, the unix time in seconds and
 * `sha256=<hex HMAC-SHA256(secret, `${timestamp}.${rawBody}`)>`. A timestamp further than
 * SWIPE_SIGNATURE_TOLERANCE_S from the server's clock is refused (a captured request cannot be
 * replayed later; within the window a replay is a duplicate, stored once).
 */
export const SWIPE_HEADERS = {
  integration: 'X-ClinicWall-Integration',
  timestamp: 'X-ClinicWall-Timestamp',
  signature: 'X-ClinicWall-Signature',
} as const;
export const SWIPE_SIGNATURE_TOLERANCE_S = 300;

/** Redis-stream style event id `<ms>-<seq>`; ordered, comparable with compareEventIds. */
export const EventId = z.string().regex(/^\d{1,15}-\d{1,10}$/, 'an event id like 1732345678901-0');
export type EventId = z.infer<typeof EventId>;

/** Orders two event ids (negative when a is older). */
export function compareEventIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number) as [number, number];
  const [bm, bs] = b.split('-').map(Number) as [number, number];
  return am - bm || as - bs;
}

/**
 * The stream cursor of a camera that has no swipes yet: before every event id. Resuming from it
 * returns every swipe the camera has had since.
 */
export const START_CURSOR = '0-0';

const money = z
  .number()
  .finite()
  .min(0, 'must not be negative')
  .max(10_000_000, 'at most 10,000,000')
  .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, 'at most two decimal places');

export const SwipeItem = z.object({
  code: z.string().trim().min(1, 'item code is required').max(64),
  name: z.string().trim().min(1, 'item name is required').max(200),
  quantity: z.number().finite().positive('must be more than 0').max(100_000),
  unitPrice: money,
});
export type SwipeItem = z.infer<typeof SwipeItem>;

/** One swipe as the insurance system posts it. The card number never leaves the ingest edge. */
export const SwipeIn = z.object({
  swipeId: z
    .string()
    .min(1, 'swipeId is required')
    .max(128)
    .regex(/^[\w.:-]+$/, 'letters, digits, "_", ".", ":" and "-" only'),
  terminalId: z.string().min(1, 'terminalId is required').max(64),
  clinicCode: z.string().min(1, 'clinicCode is required').max(32),
  occurredAt: z.iso.datetime({ offset: true, message: 'an ISO 8601 time with offset, e.g. 2026-11-23T09:30:00+08:00' }),
  cardNumber: z
    .string()
    .transform((s) => s.replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^\d{8,19}$/, 'a card number of 8 to 19 digits')),
  holderName: z.string().trim().min(1, 'holderName is required').max(100),
  doctorId: z.string().trim().min(1, 'doctorId is required').max(64),
  items: z.array(SwipeItem).min(1, 'at least one item').max(200, 'at most 200 items'),
  total: money,
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as CNY'),
});
export type SwipeIn = z.infer<typeof SwipeIn>;
export type SwipeInInput = z.input<typeof SwipeIn>;

/** POST /api/v1/swipes body: one swipe, or { swipes: [...] } with up to MAX_SWIPES_PER_BATCH. */
export const SwipeIngestBody = z.union([
  z.object({
    swipes: z
      .array(SwipeIn)
      .min(1, 'at least one swipe')
      .max(MAX_SWIPES_PER_BATCH, `at most ${MAX_SWIPES_PER_BATCH} swipes per request`),
  }),
  SwipeIn,
]);
export type SwipeIngestBody = z.infer<typeof SwipeIngestBody>;

/**
 * Flags computed on arrival:
 * - unmapped: the terminal is unknown or mapped to no camera (kept, listed for admins);
 * - unknown_clinic: clinicCode matches no clinic, or not the terminal's clinic;
 * - multi_card: several different cards were swiped at this terminal within the window
 *   (the "one person, five cards" pattern);
 * - card_travel: the same card was swiped at another clinic too far away for the time between the
 *   two swipes (faster than the configured speed, beyond a minimum distance);
 * - amount_outlier: the total is far above the clinic's usual (median and spread of its recent
 *   totals, once it has enough of them);
 * - after_hours: the swipe occurred outside the clinic's opening hours (China time);
 * - total_mismatch: total differs from the sum of quantity × unit price by more than 0.01.
 */
export const SWIPE_FLAGS = [
  'unmapped',
  'unknown_clinic',
  'multi_card',
  'card_travel',
  'amount_outlier',
  'after_hours',
  'total_mismatch',
] as const;
export const SwipeFlag = z
  .enum(SWIPE_FLAGS)
  .describe(
    'unmapped: terminal mapped to no camera; unknown_clinic: clinic code mismatch; multi_card: several ' +
      'cards at one terminal within minutes; card_travel: the same card at a clinic too far away too soon; ' +
      "amount_outlier: total far above the clinic's usual; after_hours: outside the clinic's opening hours; " +
      'total_mismatch: total ≠ Σ quantity × unit price',
  );
export type SwipeFlag = z.infer<typeof SwipeFlag>;

/** A stored swipe, as pushed to walls and listed over HTTP. Masked: no full card number, no full name. */
export interface SwipeRecord {
  /** Event id in the swipe stream (ordered). */
  id: EventId;
  swipeId: string;
  integrationId: string;
  terminalId: string;
  clinicCode: string;
  /** Resolved clinic, null when the code matches none. */
  clinicId: string | null;
  /** Cameras that see the terminal (empty when unmapped). */
  cameraIds: string[];
  occurredAt: string;
  receivedAt: string;
  cardLast4: string;
  /** Keyed hash (HMAC-SHA256, hex, 32 chars) of the full number: equal for the same card, not reversible. */
  cardHash: string;
  /** e.g. 张*明, J*** S**** */
  holderNameMasked: string;
  doctorId: string;
  items: SwipeItem[];
  total: number;
  currency: string;
  flags: SwipeFlag[];
}

/** Per-swipe outcome of an ingest request. A duplicate returns the original record's id. */
export interface SwipeIngestResult {
  swipeId: string;
  status: 'created' | 'duplicate';
  id: EventId;
  flags: SwipeFlag[];
}
export interface SwipeIngestResponse {
  results: SwipeIngestResult[];
}

/** GET /api/v1/swipes query: filters and paging (newest first; cursor = the last id of the previous page). */
export const SwipeQuery = z.object({
  clinicId: z.string().max(64).optional(),
  terminalId: z.string().max(64).optional(),
  cameraId: z.string().max(64).optional(),
  cardHash: z
    .string()
    .regex(/^[0-9a-f]{32}$/, 'a 32-character card hash')
    .optional(),
  flag: SwipeFlag.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  before: EventId.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type SwipeQuery = z.infer<typeof SwipeQuery>;
export interface SwipePageDto {
  items: SwipeRecord[];
  /** Pass as `before` to get the next (older) page; null at the end. */
  nextBefore: EventId | null;
}

/** Socket: a wall subscribes to the cameras it shows, with the last event id it saw per camera. */
export const SwipeSubscribeRequest = z.object({
  cameras: z
    .array(z.object({ cameraId: z.string().min(1).max(64), lastId: EventId.nullable() }))
    .max(200, 'at most 200 cameras per subscription'),
});
export type SwipeSubscribeRequest = z.infer<typeof SwipeSubscribeRequest>;
/**
 * Missed swipes (oldest first) for cameras that sent a lastId, and every requested camera's cursor:
 * the newest event id the wall now has for it (its lastId or the newest missed swipe; for a camera
 * sent without one, the newest id of its stream, START_CURSOR when it has none). Every swipe after
 * the cursor comes as a `swipe` event, once, in order; a wall that reconnects sends the cursor (or
 * a newer id it received since) as lastId and gets in `missed` exactly what was posted after it.
 * The answer is one snapshot of the store for all its cameras: a missed swipe on several cameras
 * may move each of them to its id (nothing of theirs before it is left out).
 */
export interface SwipeSubscribeResult {
  missed: SwipeRecord[];
  /** cameraId → cursor. */
  cursors: Record<string, EventId>;
}
export const SwipeUnsubscribeRequest = z.object({
  cameraIds: z.array(z.string().min(1).max(64)).max(200),
});
export type SwipeUnsubscribeRequest = z.infer<typeof SwipeUnsubscribeRequest>;

/** Admin: map a terminal to the camera that sees it (or to none). */
export const TerminalMappingRequest = z.object({ cameraId: z.string().min(1).max(64).nullable() });
export type TerminalMappingRequest = z.infer<typeof TerminalMappingRequest>;

// ---- response shapes as schemas (the OpenAPI description is generated from them) ----

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<_T extends true>(): void {}

export const SwipeRecordSchema = z.object({
  id: z.string().describe('event id in the swipe stream, `<ms>-<seq>`, ordered'),
  swipeId: z.string(),
  integrationId: z.string(),
  terminalId: z.string(),
  clinicCode: z.string(),
  clinicId: z.string().nullable(),
  cameraIds: z.array(z.string()),
  occurredAt: z.string(),
  receivedAt: z.string(),
  cardLast4: z.string(),
  cardHash: z.string().describe('HMAC-SHA256 of the card number, 32 hex characters'),
  holderNameMasked: z.string(),
  doctorId: z.string(),
  items: z.array(SwipeItem),
  total: z.number(),
  currency: z.string(),
  flags: z.array(SwipeFlag),
});
assertType<Equals<z.infer<typeof SwipeRecordSchema>, SwipeRecord>>();

export const SwipeIngestResponseSchema = z.object({
  results: z.array(
    z.object({
      swipeId: z.string(),
      status: z.enum(['created', 'duplicate']),
      id: z.string(),
      flags: z.array(SwipeFlag),
    }),
  ),
});
assertType<Equals<z.infer<typeof SwipeIngestResponseSchema>, SwipeIngestResponse>>();

export const SwipePageSchema = z.object({ items: z.array(SwipeRecordSchema), nextBefore: z.string().nullable() });
assertType<Equals<z.infer<typeof SwipePageSchema>, SwipePageDto>>();
