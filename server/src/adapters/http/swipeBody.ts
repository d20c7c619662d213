import { z } from 'zod';
import { MAX_SWIPES_PER_BATCH, SwipeIn } from '@clinicwall/contract';
import { DomainError } from '../../domain/errors.ts';
import { zodFields } from '../socket/handle.ts';

/** How far in the future (sender clock ahead) an occurredAt may be. */
export const OCCURRED_AT_FUTURE_TOLERANCE_MS = 5 * 60_000;

const Batch = z.object({
  swipes: z
    .array(SwipeIn)
    .min(1, 'at least one swipe')
    .max(MAX_SWIPES_PER_BATCH, `at most ${MAX_SWIPES_PER_BATCH} swipes per request`),
});

/** Whether a parsed JSON body is the batch form `{ swipes: [...] }`. */
function isBatch(json: unknown): json is { swipes: unknown } {
  return typeof json === 'object' && json !== null && !Array.isArray(json) && 'swipes' in json;
}

/** How many swipes a body claims to carry (for flood control before validation). */
export function claimedSwipes(json: unknown): number {
  if (!isBatch(json)) return 1;
  return Array.isArray(json.swipes) ? Math.min(Math.max(json.swipes.length, 1), MAX_SWIPES_PER_BATCH) : 1;
}

export function parseJsonBody(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new DomainError('invalid_argument', 'request body is not valid JSON');
  }
}

/**
 * Validates an ingest body (one swipe, or { swipes: [...] }): every problem of every swipe comes
 * back at once, keyed by dotted path (`swipes.3.cardNumber`), and nothing is accepted when any
 * swipe is invalid. Messages never echo the values (a card number must not leak into a response).
 */
export function parseSwipeBody(json: unknown, nowMs: number): SwipeIn[] {
  const batch = isBatch(json);
  const parsed = batch ? Batch.safeParse(json) : SwipeIn.safeParse(json);
  if (!parsed.success) throw invalid(zodFields(parsed.error), batch);
  const swipes = 'swipes' in parsed.data ? parsed.data.swipes : [parsed.data];
  const fields: Record<string, string> = {};
  swipes.forEach((s, i) => {
    if (Date.parse(s.occurredAt) > nowMs + OCCURRED_AT_FUTURE_TOLERANCE_MS)
      fields[batch ? `swipes.${i}.occurredAt` : 'occurredAt'] = 'must not be in the future';
  });
  if (Object.keys(fields).length) throw invalid(fields, batch);
  return swipes;
}

function invalid(fields: Record<string, string>, batch: boolean): DomainError {
  const n = new Set(Object.keys(fields).map((k) => (batch ? k.split('.').slice(0, 2).join('.') : ''))).size;
  const message = batch ? `${n} invalid swipe${n === 1 ? '' : 's'}: nothing was stored` : 'invalid swipe';
  return new DomainError('invalid_argument', message, fields);
}
