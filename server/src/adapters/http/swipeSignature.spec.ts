import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import type { DomainError } from '../../domain/errors.ts';
import { signSwipeRequest, swipeRequestHeaders, verifySwipeSignature } from './swipeSignature.ts';

const SECRET = 's'.repeat(40);
const integrations = new Map([['his-1', SECRET]]);
const body = '{"swipeId":"a-1"}';
const NOW = 1_795_000_000;

function verify(headers: Record<string, string>, raw = body, now = NOW): string {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return verifySwipeSignature(integrations, (h) => lower[h.toLowerCase()], Buffer.from(raw), now);
}
const message = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return `${(e as DomainError).code}: ${(e as Error).message}`;
  }
  return 'accepted';
};

test('the signature is sha256= + hex HMAC of "<timestamp>.<raw body>"', () => {
  assert.equal(
    signSwipeRequest(SECRET, NOW, body),
    `sha256=${createHmac('sha256', SECRET).update(`${NOW}.${body}`).digest('hex')}`,
  );
});

test('a correctly signed request names its integration', () => {
  assert.equal(verify(swipeRequestHeaders('his-1', SECRET, body, NOW)), 'his-1');
  assert.equal(verify(swipeRequestHeaders('his-1', SECRET, body, NOW - 300)), 'his-1', 'the edge of the window');
});

test('wrong secret, changed body, unknown integration, stale or future time, missing header: 401', () => {
  const h = swipeRequestHeaders('his-1', SECRET, body, NOW);
  assert.equal(
    message(() => verify(swipeRequestHeaders('his-1', 'x'.repeat(40), body, NOW))),
    'unauthenticated: signature does not match',
  );
  assert.equal(
    message(() => verify(h, `${body} `)),
    'unauthenticated: signature does not match',
  );
  assert.equal(
    message(() => verify({ ...h, 'X-ClinicWall-Integration': 'his-9' })),
    'unauthenticated: unknown integration',
  );
  assert.equal(
    message(() => verify(swipeRequestHeaders('his-1', SECRET, body, NOW - 301))),
    'unauthenticated: timestamp outside the allowed window',
  );
  assert.equal(
    message(() => verify(swipeRequestHeaders('his-1', SECRET, body, NOW + 301))),
    'unauthenticated: timestamp outside the allowed window',
  );
  const { 'X-ClinicWall-Timestamp': _t, ...noTs } = h;
  assert.equal(
    message(() => verify(noTs)),
    'unauthenticated: missing X-ClinicWall-Timestamp header',
  );
  assert.equal(
    message(() => verify({ ...h, 'X-ClinicWall-Signature': 'md5=abc' })),
    'unauthenticated: X-ClinicWall-Signature must be sha256=<64 hex digits>',
  );
});
