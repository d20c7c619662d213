import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffMs, judgeAttempt, nextDelayMs, parseRetryAfter, type RetryPolicy } from './retryPolicy.ts';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 5000, maxRetryAfterMs: 60_000 };

test('2xx is delivered; no answer, 408, 425, 429 and 5xx are retried; other statuses are given up', () => {
  const table: [number | null, string][] = [
    [200, 'delivered'],
    [204, 'delivered'],
    [null, 'retry'],
    [408, 'retry'],
    [425, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [503, 'retry'],
    [301, 'give_up'],
    [400, 'give_up'],
    [401, 'give_up'],
    [404, 'give_up'],
    [410, 'give_up'],
  ];
  for (const [status, verdict] of table) assert.equal(judgeAttempt(status), verdict, `status ${status}`);
});

test('back-off doubles per retry up to the maximum, jittered between half and all of it', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5].map((n) => backoffMs(n, policy, () => 1)),
    [1000, 2000, 4000, 5000, 5000],
  );
  assert.deepEqual(
    [1, 2, 3].map((n) => backoffMs(n, policy, () => 0)),
    [500, 1000, 2000],
  );
});

test('Retry-After is read as seconds or as an HTTP date; garbage is ignored', () => {
  const now = Date.parse('2026-11-23T01:00:00Z');
  assert.equal(parseRetryAfter('7', now), 7000);
  assert.equal(parseRetryAfter('Mon, 23 Nov 2026 01:00:30 GMT', now), 30_000);
  assert.equal(parseRetryAfter('Mon, 23 Nov 2026 00:59:00 GMT', now), 0);
  assert.equal(parseRetryAfter('soon', now), null);
  assert.equal(parseRetryAfter(null, now), null);
});

test('the next attempt waits for the back-off or a longer Retry-After (capped); after maxAttempts it gives up', () => {
  const r = () => 1;
  assert.equal(nextDelayMs(1, null, policy, r), 1000);
  assert.equal(nextDelayMs(1, 3000, policy, r), 3000, 'Retry-After longer than the back-off wins');
  assert.equal(nextDelayMs(3, 1000, policy, r), 4000, 'never sooner than the back-off');
  assert.equal(nextDelayMs(1, 3_600_000, policy, r), 60_000, 'an absurd Retry-After is capped');
  assert.equal(nextDelayMs(4, null, policy, r), null, 'four attempts made: give up');
});
