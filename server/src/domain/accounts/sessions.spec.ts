import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testCore } from './testCore.ts';

const MIN = 60_000;
const PW = 'correct-horse-battery';

async function signedIn() {
  const c = testCore({ session: { idleMs: 30 * MIN, absoluteMs: 12 * 60 * MIN, touchEveryMs: MIN } });
  await c.addUser('alice', 'supervisor', PW);
  const { token, session } = await c.auth.login({ username: 'alice', password: PW }, c.http);
  return { c, token, session };
}

test('a new session ends after 30 idle minutes or 12 hours, whichever comes first', async () => {
  const { session } = await signedIn();
  assert.equal(session.expiresAt, '2026-11-23T01:30:00.000Z');
  assert.equal(session.absoluteExpiresAt, '2026-11-23T13:00:00.000Z');
});

test('idle expiry: used within 30 minutes it lives on, unused for 30 minutes it is gone', async () => {
  const { c, token } = await signedIn();
  c.clock.advance(29 * MIN);
  const auth = await c.auth.authenticate(token);
  assert.equal(auth?.session.expiresAt, '2026-11-23T01:59:00.000Z', 'use pushes the idle deadline');
  c.clock.advance(29 * MIN);
  assert.ok(await c.auth.authenticate(token));
  c.clock.advance(30 * MIN);
  assert.equal(await c.auth.authenticate(token), null);
  assert.equal((await c.stores.sessions.listForUser('u-alice')).length, 0, 'the expired session is removed');
});

test('absolute expiry: a session in constant use still ends after 12 hours', async () => {
  const { c, token } = await signedIn();
  for (let h = 0; h < 11 * 4 + 3; h++) {
    c.clock.advance(15 * MIN);
    assert.ok(await c.auth.authenticate(token), `alive after ${(h + 1) * 15} min`);
  }
  c.clock.advance(15 * MIN); // 12 h
  assert.equal(await c.auth.authenticate(token), null);
});

test('the store keeps only a digest of the token; a forged or empty token gets nothing', async () => {
  const { c, token } = await signedIn();
  const [stored] = await c.stores.sessions.listForUser('u-alice');
  assert.notEqual(stored?.id, token);
  assert.equal(stored?.id, c.tokens.digest(token));
  assert.equal(await c.auth.authenticate(stored!.id), null, 'the stored id is not a token');
  assert.equal(await c.auth.authenticate(''), null);
  assert.equal(await c.auth.authenticate(undefined), null);
  assert.equal(await c.auth.authenticate('x'.repeat(10_000)), null);
});

test('disabling a user ends their sessions; a scope change applies to the open session at once', async () => {
  const { c, token } = await signedIn();
  await c.userAdmin.assignRegions(c.admin, 'u-alice', { regionIds: ['r-south'], allRegions: false }, c.http);
  const auth = await c.auth.authenticate(token);
  assert.deepEqual(auth?.principal.regionIds, ['r-south']);
  await c.userAdmin.update(c.admin, 'u-alice', { disabled: true }, c.http);
  assert.equal(await c.auth.authenticate(token), null);
  await c.userAdmin.update(c.admin, 'u-alice', { disabled: false }, c.http);
  assert.equal(await c.auth.authenticate(token), null, 'enabling again does not revive the old session');
});
