import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuthError } from './authError.ts';
import { testCore } from './testCore.ts';
import type { AccessChange } from './userChanges.ts';

const PW = 'correct-horse-battery';
const ctx = (address = '10.0.0.7') => ({ transport: 'http', address }) as const;
const login = (c: ReturnType<typeof testCore>, username: string, password: string, address?: string) =>
  c.auth.login({ username, password }, ctx(address));

/** What a client sees of a failed sign-in: code and message. */
async function failure(p: Promise<unknown>): Promise<{ code: string; message: string; retryAfterMs: number }> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AuthError, String(e));
    return { code: e.code, message: e.message, retryAfterMs: e.retryAfterMs };
  }
  assert.fail('sign-in should have failed');
}

test('sign-in with the right password gives a session for the user, never the hash', async () => {
  const c = testCore();
  await c.addUser('alice', 'supervisor', PW);
  const { token, session } = await login(c, '  Alice ', PW);
  assert.equal(session.user.username, 'alice');
  assert.deepEqual(session.user.regionIds, ['r-north']);
  assert.ok(!JSON.stringify(session).includes('$fake$'), 'no hash in the DTO');
  const auth = await c.auth.authenticate(token);
  assert.equal(auth?.principal.role, 'supervisor');
  assert.ok(auth?.user.lastLoginAt);
  const [entry] = await c.audited({ action: 'auth.login' });
  assert.equal(entry?.actor.username, 'alice');
});

test('unknown user, wrong password and disabled account look the same and cost the same', async () => {
  const c = testCore();
  await c.addUser('alice', 'operator', PW);
  await c.addUser('dave', 'operator', PW);
  const dave = await c.stores.users.byUsername('dave');
  await c.userAdmin.update(c.admin, dave!.id, { disabled: true }, c.http);

  const cases = [
    ['nobody', PW],
    ['alice', 'wrong-password'],
    ['dave', PW],
  ] as const;
  await c.auth.warm(); // at start-up: the stand-in hash for unknown users is ready before the first sign-in
  const work = () => c.hasher.verifies + c.hasher.hashes;
  const seen = [];
  for (const [username, password] of cases) {
    const before = work();
    seen.push({ ...(await failure(login(c, username, password))), hashWork: work() - before });
  }
  for (const s of seen) {
    assert.deepEqual(s, {
      code: 'unauthenticated',
      message: 'wrong username or password',
      retryAfterMs: 0,
      hashWork: 1,
    });
  }
  const reasons = (await c.audited({ action: 'auth.login_failed' })).map((e) => [e.actor.username, e.reason]);
  assert.deepEqual(reasons, [
    ['nobody', 'unknown_user'],
    ['alice', 'bad_password'],
    ['dave', 'disabled'],
  ]);
});

test('brute force on a username locks it (even for the right password), the lock expires, success resets', async () => {
  const c = testCore();
  await c.addUser('alice', 'operator', PW);
  for (let i = 1; i <= 5; i++) {
    assert.equal((await failure(login(c, 'alice', `guess-${i}`, `10.9.0.${i}`))).code, 'unauthenticated');
  }
  const locked = await failure(login(c, 'alice', PW, '10.9.9.9'));
  assert.deepEqual(locked, {
    code: 'rate_limited',
    message: 'too many sign-in attempts, try again in 1 minute',
    retryAfterMs: 60_000,
  });
  const lockEntry = (await c.audited({ action: 'auth.locked' }))[0];
  assert.equal(lockEntry?.reason, 'username');

  c.clock.advance(60_000);
  await login(c, 'alice', PW);
  // the success cleared the count: four more mistakes do not lock
  for (let i = 0; i < 4; i++) await failure(login(c, 'alice', 'nope-nope-nope'));
  await login(c, 'alice', PW);
});

test('an unknown username is throttled exactly like a real one', async () => {
  const c = testCore();
  await c.addUser('alice', 'operator', PW);
  const run = async (username: string) => {
    const out = [];
    for (let i = 0; i < 6; i++) out.push((await failure(login(c, username, 'x', `10.8.${i}.1`))).code);
    return out;
  };
  assert.deepEqual(await run('ghost'), await run('alice'));
});

test('one address guessing across many usernames is locked out by address', async () => {
  const c = testCore();
  await c.addUser('alice', 'operator', PW);
  for (let i = 0; i < 20; i++) await failure(login(c, `user${i}`, 'guess', '203.0.113.5'));
  const fromThere = await failure(login(c, 'alice', PW, '203.0.113.5'));
  assert.equal(fromThere.code, 'rate_limited');
  await login(c, 'alice', PW, '10.0.0.8'); // alice from elsewhere is fine
});

test('a parallel burst of guesses gets five password checks, not fifty', async () => {
  const c = testCore();
  await c.addUser('alice', 'operator', PW);
  c.hasher.verifyDelayMs = 20; // every guess is still being checked when the last one arrives
  const before = c.hasher.verifies;
  const results = await Promise.allSettled(
    Array.from({ length: 50 }, (_, i) => login(c, 'alice', `guess-${i}`, `10.7.${i}.1`)),
  );
  assert.equal(c.hasher.verifies - before, 5);
  assert.equal(
    results.filter((r) => r.status === 'rejected' && (r.reason as AuthError).code === 'rate_limited').length,
    45,
  );
});

test('an admin disabling a user while they sign in wins: the user stays disabled, no session', async () => {
  const c = testCore();
  await c.addUser('alice', 'operator', PW);
  c.hasher.verifyDelayMs = 20;
  const signingIn = login(c, 'alice', PW);
  await new Promise((resolve) => setTimeout(resolve, 5)); // the password is being checked
  await c.userAdmin.update(c.admin, 'u-alice', { disabled: true }, c.http);
  assert.equal((await failure(signingIn)).code, 'unauthenticated');
  assert.equal((await c.stores.users.byId('u-alice'))?.disabled, true);
  assert.equal((await c.stores.sessions.listForUser('u-alice')).length, 0);
});

test('logout ends the session and tells the transports which one; a second logout is harmless', async () => {
  const c = testCore();
  await c.addUser('alice', 'operator', PW);
  const { token } = await login(c, 'alice', PW);
  const { sessionId } = (await c.auth.authenticate(token))!;
  const heard: AccessChange[] = [];
  c.changes.on((change) => heard.push(change));
  await c.auth.logout(token, ctx());
  assert.equal(await c.auth.authenticate(token), null);
  assert.deepEqual(heard, [{ type: 'session', userId: 'u-alice', sessionId }]);
  await c.auth.logout(token, ctx());
  assert.equal((await c.audited({ action: 'auth.logout' })).length, 1);
  assert.equal(heard.length, 1, 'nothing to tell for an ended session');
});

test('password change: ends the other sessions, keeps this one, the new password works, the old does not', async () => {
  const c = testCore();
  await c.addUser('alice', 'operator', PW);
  const phone = await login(c, 'alice', PW);
  const desk = await login(c, 'alice', PW);
  const auth = (await c.auth.authenticate(desk.token))!;
  const heard: AccessChange[] = [];
  c.changes.on((change) => heard.push(change));
  await c.auth.changePassword(auth, { currentPassword: PW, newPassword: 'a-much-better-one' }, ctx());
  assert.deepEqual(
    heard,
    [{ type: 'user', userId: 'u-alice', kinds: ['password'] }],
    'transports re-check its sockets',
  );
  assert.ok(await c.auth.authenticate(desk.token), 'this session goes on');
  assert.equal(await c.auth.authenticate(phone.token), null, 'the phone is signed out');
  await login(c, 'alice', 'a-much-better-one');
  assert.equal((await failure(login(c, 'alice', PW))).code, 'unauthenticated');
  const [entry] = await c.audited({ action: 'auth.password_change' });
  assert.equal(entry?.detail.endedSessions, 1);
});

test('password change refuses a wrong current password and a new one containing the username', async () => {
  const c = testCore();
  await c.addUser('alice', 'operator', PW);
  const { token } = await login(c, 'alice', PW);
  const auth = (await c.auth.authenticate(token))!;
  await assert.rejects(
    c.auth.changePassword(auth, { currentPassword: 'not-it-at-all', newPassword: 'a-much-better-one' }, ctx()),
    { code: 'invalid_argument', fields: { currentPassword: 'wrong password' } },
  );
  await assert.rejects(c.auth.changePassword(auth, { currentPassword: PW, newPassword: 'Alice-2026-ok' }, ctx()), {
    code: 'invalid_argument',
    fields: { newPassword: 'must not contain the username' },
  });
  await login(c, 'alice', PW); // unchanged
  const denied = await c.audited({ action: 'auth.password_change', outcome: 'denied' });
  assert.equal(denied.length, 1);
});

test('a hash made with old parameters is replaced at the next sign-in', async () => {
  const c = testCore();
  await c.addUser('alice', 'operator', PW);
  c.hasher.needsRehash = (encoded: string) => encoded.includes('v=1');
  const old = (await c.stores.users.byUsername('alice'))!.passwordHash;
  await login(c, 'alice', PW);
  const now = (await c.stores.users.byUsername('alice'))!.passwordHash;
  assert.notEqual(now, old);
});
