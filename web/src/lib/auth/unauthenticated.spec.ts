import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isUnauthenticatedConnectError, onUnauthenticated, reportUnauthenticated } from './unauthenticated.ts';

test('listeners hear every report until they unsubscribe', () => {
  let heard = 0;
  const off = onUnauthenticated(() => heard++);
  reportUnauthenticated();
  reportUnauthenticated();
  off();
  reportUnauthenticated();
  assert.equal(heard, 2);
});

test("socket.io's refused handshake is recognised by message or data.code", () => {
  assert.equal(isUnauthenticatedConnectError(new Error('unauthenticated')), true);
  assert.equal(
    isUnauthenticatedConnectError(Object.assign(new Error('no'), { data: { code: 'unauthenticated' } })),
    true,
  );
  assert.equal(isUnauthenticatedConnectError(new Error('xhr poll error')), false);
  assert.equal(isUnauthenticatedConnectError(null), false);
});
