import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isUnauthenticatedConnectError, onUnauthenticated, reportUnauthenticated } from './unauthenticated.ts';

test('listeners hear every report, with the reason when the server gave one, until they unsubscribe', () => {
  const heard: (string | null)[] = [];
  const off = onUnauthenticated((reason) => heard.push(reason));
  reportUnauthenticated();
  reportUnauthenticated('disabled');
  off();
  reportUnauthenticated();
  assert.deepEqual(heard, [null, 'disabled']);
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
