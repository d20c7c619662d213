import { z } from 'zod';
import type { AlarmEventDto } from './alarms.ts';
import { SWIPE_HEADERS } from './swipes.ts';

/**
 * Outbound alarm webhooks: each alarm event is POSTed as JSON to every configured target, signed
 * like inbound swipes: `X-ClinicWall-Signature: sha256=<hex HMAC-SHA256(secret, `${timestamp}.${body}`)>`
 * with the timestamp (unix seconds) in `X-ClinicWall-Timestamp`. Every attempt is signed afresh
 * (new timestamp), the body and the event id stay the same, so a receiver de-duplicates retries by
 * the event id. Events of one alarm may arrive out of order after retries: each carries `at` and
 * the alarm with its full history.
 */
export const ALARM_WEBHOOK_HEADERS = {
  timestamp: SWIPE_HEADERS.timestamp,
  signature: SWIPE_HEADERS.signature,
  /** Unique per event, the same on every attempt: the receiver's de-duplication key. */
  eventId: 'X-ClinicWall-Event-Id',
  /** The event type (activated, acknowledged, cleared, ...). */
  eventType: 'X-ClinicWall-Event',
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: 'X-ClinicWall-Delivery-Attempt',
} as const;

/** The JSON body of a webhook POST. */
export interface AlarmWebhookBody {
  id: string;
  event: AlarmEventDto;
}

/**
 * pending: waiting for its first attempt; retrying: an attempt failed, the next is scheduled;
 * delivered: the receiver answered 2xx; failed: given up (attempts exhausted, or a 4xx other than
 * 408/429); dropped: discarded unsent (too many waiting, or the server stopped).
 */
export const WEBHOOK_DELIVERY_STATES = ['pending', 'retrying', 'delivered', 'failed', 'dropped'] as const;
export type WebhookDeliveryState = (typeof WEBHOOK_DELIVERY_STATES)[number];

export interface WebhookAttemptDto {
  at: number;
  /** HTTP status, null when no answer (network error, timeout). */
  status: number | null;
  latencyMs: number;
  error: string | null;
}

/** One event to one target, as GET /api/v1/webhooks/deliveries lists it (newest first). */
export interface WebhookDeliveryDto {
  id: string;
  eventId: string;
  eventType: AlarmEventDto['type'];
  alarmId: string | null;
  cameraId: string;
  /** The target's URL without credentials or query (secrets are never shown). */
  target: string;
  state: WebhookDeliveryState;
  attempts: WebhookAttemptDto[];
  createdAt: number;
  nextAttemptAt: number | null;
  finishedAt: number | null;
}

/** GET /api/v1/webhooks/deliveries: the newest `limit` deliveries. */
export const WebhookDeliveryQuery = z.object({
  limit: z.coerce.number().int().min(1, 'at least 1').max(1000, 'at most 1000').default(100),
});
export type WebhookDeliveryQuery = z.infer<typeof WebhookDeliveryQuery>;
