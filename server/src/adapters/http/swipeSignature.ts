import { createHmac, timingSafeEqual } from 'node:crypto';
import { SWIPE_HEADERS, SWIPE_SIGNATURE_TOLERANCE_S } from '@clinicwall/contract';
import { DomainError } from '../../domain/errors.ts';

/**
 * The X-ClinicWall-Signature value for a request: `sha256=` + hex HMAC-SHA256(secret,
 * `${timestamp}.${rawBody}`), the timestamp in unix seconds, the body exactly as sent.
 */
export function signSwipeRequest(secret: string, timestamp: number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/** The three signing headers for a body, ready to send (tests, the bench, the demo feeder use it). */
export function swipeRequestHeaders(
  integrationId: string,
  secret: string,
  rawBody: string,
  nowS = Math.floor(Date.now() / 1000),
): Record<string, string> {
  return {
    'content-type': 'application/json',
    [SWIPE_HEADERS.integration]: integrationId,
    [SWIPE_HEADERS.timestamp]: String(nowS),
    [SWIPE_HEADERS.signature]: signSwipeRequest(secret, nowS, rawBody),
  };
}

type HeaderGetter = (name: string) => string | undefined;

/**
 * Checks a request's signature; returns the integration id or throws `unauthenticated`. The
 * comparison is constant-time; a timestamp further than the tolerance from now is refused, so a
 * captured request cannot be replayed later (within the window a replay is an idempotent duplicate).
 */
export function verifySwipeSignature(
  integrations: ReadonlyMap<string, string>,
  header: HeaderGetter,
  rawBody: Buffer,
  nowS: number,
  toleranceS = SWIPE_SIGNATURE_TOLERANCE_S,
): string {
  const integrationId = header(SWIPE_HEADERS.integration);
  const ts = header(SWIPE_HEADERS.timestamp);
  const signature = header(SWIPE_HEADERS.signature);
  for (const [name, value] of [
    [SWIPE_HEADERS.integration, integrationId],
    [SWIPE_HEADERS.timestamp, ts],
    [SWIPE_HEADERS.signature, signature],
  ] as const)
    if (!value) throw new DomainError('unauthenticated', `missing ${name} header`);
  const secret = integrations.get(integrationId!);
  if (secret === undefined) throw new DomainError('unauthenticated', 'unknown integration');
  if (!/^\d{1,12}$/.test(ts!))
    throw new DomainError('unauthenticated', `${SWIPE_HEADERS.timestamp} must be unix seconds`);
  if (!/^sha256=[0-9a-fA-F]{64}$/.test(signature!))
    throw new DomainError('unauthenticated', `${SWIPE_HEADERS.signature} must be sha256=<64 hex digits>`);
  const expected = createHmac('sha256', secret).update(`${ts}.`).update(rawBody).digest();
  const given = Buffer.from(signature!.slice(7), 'hex');
  if (!timingSafeEqual(expected, given)) throw new DomainError('unauthenticated', 'signature does not match');
  if (Math.abs(nowS - Number(ts)) > toleranceS)
    throw new DomainError('unauthenticated', 'timestamp outside the allowed window');
  return integrationId!;
}
