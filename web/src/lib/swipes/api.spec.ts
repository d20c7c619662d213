import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiErrorFrom, ApiError, describeApiError } from './api.ts';

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
