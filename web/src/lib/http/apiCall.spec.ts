import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onUnauthenticated } from '../auth/unauthenticated.ts';
import { apiCall, apiErrorFrom, ApiError, describeApiError } from './apiCall.ts';

test('the server error body becomes a coded ApiError', () => {
  const e = apiErrorFrom(400, {
    error: { code: 'invalid_argument', message: 'invalid query', fields: { cardHash: 'a 32-character card hash' } },
  });
  assert.equal(e.code, 'invalid_argument');
  assert.equal(e.status, 400);
  assert.equal(describeApiError(e), 'invalid query (cardHash: a 32-character card hash)');
});

test('401 is "unauthenticated" whatever the body; unknown bodies stay generic', () => {
  assert.equal(apiErrorFrom(401, { error: { code: 'forbidden', message: 'bad token' } }).code, 'unauthenticated');
  assert.equal(apiErrorFrom(401, null).code, 'unauthenticated');
  const e = apiErrorFrom(502, '<html>');
  assert.equal(e.code, 'http');
  assert.equal(e.message, 'HTTP 502');
  assert.equal(
    apiErrorFrom(503, { error: { code: 'unavailable', message: 'swipes are not configured' } }).code,
    'unavailable',
  );
  assert.equal(describeApiError(new ApiError(0, 'network', 'Failed to fetch')), 'Failed to fetch');
});

/** Runs `body` with fetch answering `respond` (or failing as a network error when it throws). */
async function withFetch(respond: () => Response, body: () => Promise<void>): Promise<void> {
  const real = globalThis.fetch;
  globalThis.fetch = (async () => respond()) as typeof fetch;
  try {
    await body();
  } finally {
    globalThis.fetch = real;
  }
}

test('apiCall: the body on success, null for 204', async () => {
  await withFetch(
    () => Response.json({ ok: 1 }),
    async () => assert.deepEqual(await apiCall('/api/v1/x'), { ok: 1 }),
  );
  await withFetch(
    () => new Response(null, { status: 204 }),
    async () => assert.equal(await apiCall('/api/v1/x', { method: 'POST' }), null),
  );
});

test('apiCall: no answer is a network ApiError; a 429 keeps its Retry-After', async () => {
  await withFetch(
    () => {
      throw new TypeError('Failed to fetch');
    },
    async () => {
      await assert.rejects(apiCall('/api/v1/x'), (e: unknown) => e instanceof ApiError && e.code === 'network');
    },
  );
  await withFetch(
    () =>
      Response.json(
        { error: { code: 'rate_limited', message: 'slow down' } },
        { status: 429, headers: { 'retry-after': '7' } },
      ),
    async () => {
      await assert.rejects(
        apiCall('/api/v1/x'),
        (e: unknown) => e instanceof ApiError && e.code === 'rate_limited' && e.retryAfter === '7',
      );
    },
  );
});

test('apiCall: a 401 is reported once so the app can send the user to sign in, unless quiet', async () => {
  let reported = 0;
  const stop = onUnauthenticated(() => reported++);
  try {
    await withFetch(
      () => Response.json({ error: { code: 'unauthenticated', message: 'no session' } }, { status: 401 }),
      async () => {
        await assert.rejects(
          apiCall('/api/v1/x'),
          (e: unknown) => e instanceof ApiError && e.code === 'unauthenticated',
        );
        assert.equal(reported, 1);
        await assert.rejects(apiCall('/api/v1/auth/session', {}, { quiet401: true }));
        assert.equal(reported, 1);
      },
    );
  } finally {
    stop();
  }
});
