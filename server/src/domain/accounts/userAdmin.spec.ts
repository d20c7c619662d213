import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { UserCreateRequest } from '@clinicwall/contract';
import { principal } from '../access/testRegistry.ts';
import { testCore } from './testCore.ts';
import type { UserChangeKind } from './userChanges.ts';

const PW = 'correct-horse-battery';

test('only an admin manages users; every refusal is audited', async () => {
  const c = testCore();
  for (const role of ['operator', 'supervisor', 'clinic', 'integration'] as const) {
    await assert.rejects(c.userAdmin.list(principal(role), c.http), { code: 'forbidden' });
  }
  await assert.rejects(
    c.userAdmin.create(
      principal('supervisor'),
      { username: 'mallory', displayName: 'M', role: 'admin', regionIds: [], allRegions: false, clinicId: null },
      c.http,
    ),
    { code: 'forbidden' },
  );
  assert.equal(await c.stores.users.byUsername('mallory'), null, 'nothing created');
  const denied = await c.audited({ action: 'users.manage', outcome: 'denied' });
  assert.deepEqual(
    denied.map((e) => e.actor.role),
    ['operator', 'supervisor', 'clinic', 'integration', 'supervisor'],
  );
});

test('a user created without a password gets a generated one that signs in', async () => {
  const c = testCore();
  const created = await c.userAdmin.create(
    c.admin,
    {
      username: 'bob',
      displayName: '鲍勃',
      role: 'operator',
      regionIds: ['r-north'],
      allRegions: false,
      clinicId: null,
    },
    c.http,
  );
  assert.ok(created.password && created.password.length >= 10);
  assert.ok(!('passwordHash' in created.user));
  const { session } = await c.auth.login({ username: 'bob', password: created.password }, c.http);
  assert.equal(session.user.displayName, '鲍勃');
  const [entry] = await c.audited({ action: 'users.create' });
  assert.deepEqual(entry?.detail, {
    username: 'bob',
    role: 'operator',
    regionIds: ['r-north'],
    allRegions: false,
    clinicId: null,
  });
  assert.ok(!JSON.stringify(await c.audited()).includes(created.password), 'the password is never logged');
});

test('bad references and a taken username are refused per field, nothing stored', async () => {
  const c = testCore();
  await c.addUser('alice', 'operator');
  const base = { displayName: 'X', allRegions: false, regionIds: [] as string[], clinicId: null as string | null };
  const cases: [UserCreateRequest, string, Record<string, string>][] = [
    [
      { ...base, username: 'eve', role: 'supervisor', regionIds: ['r-north', 'r-mars'] },
      'invalid_argument',
      { 'regionIds.1': 'unknown region r-mars' },
    ],
    [
      { ...base, username: 'eve', role: 'clinic', clinicId: 'c-nope' },
      'invalid_argument',
      { clinicId: 'unknown clinic c-nope' },
    ],
    [{ ...base, username: 'alice', role: 'operator' }, 'conflict', { username: 'already taken' }],
  ];
  for (const [req, code, fields] of cases) {
    await assert.rejects(c.userAdmin.create(c.admin, { ...req, password: PW }, c.http), { code, fields });
  }
  assert.deepEqual(
    (await c.userAdmin.list(c.admin, c.http)).map((u) => u.username),
    ['alice'],
  );
});

test('changing the role starts from a clean scope and checks the result', async () => {
  const c = testCore();
  await c.addUser('alice', 'supervisor');
  const asClinic = c.userAdmin.update(c.admin, 'u-alice', { role: 'clinic' }, c.http);
  await assert.rejects(asClinic, { code: 'invalid_argument', fields: { clinicId: 'a clinic user needs a clinicId' } });
  const clinic = await c.userAdmin.update(c.admin, 'u-alice', { role: 'clinic', clinicId: 'c-s1' }, c.http);
  assert.deepEqual([clinic.role, clinic.regionIds, clinic.clinicId], ['clinic', [], 'c-s1']);
  await assert.rejects(c.userAdmin.update(c.admin, 'u-alice', { allRegions: true }, c.http), {
    code: 'invalid_argument',
    fields: { allRegions: 'only operators and supervisors have regions' },
  });
});

test('admins cannot disable or demote themselves', async () => {
  const c = testCore();
  await c.addUser('root', 'admin');
  for (const req of [{ disabled: true }, { role: 'operator' as const }]) {
    await assert.rejects(c.userAdmin.update(c.admin, 'u-root', req, c.http), { code: 'conflict' });
  }
  assert.equal((await c.userAdmin.get(c.admin, 'u-root', c.http)).disabled, false);
});

test('region assignment: only for operators and supervisors, audited with the new regions, listeners told', async () => {
  const c = testCore();
  await c.addUser('alice', 'supervisor');
  await c.addUser('clin', 'clinic');
  const heard: [string, readonly UserChangeKind[]][] = [];
  c.changes.on((change) => {
    if (change.type === 'user') heard.push([change.userId, change.kinds]);
  });
  await assert.rejects(
    c.userAdmin.assignRegions(c.admin, 'u-clin', { regionIds: ['r-north'], allRegions: false }, c.http),
    {
      code: 'invalid_argument',
    },
  );
  const alice = await c.userAdmin.assignRegions(c.admin, 'u-alice', { regionIds: [], allRegions: true }, c.http);
  assert.deepEqual([alice.regionIds, alice.allRegions], [[], true]);
  const [entry] = await c.audited({ action: 'users.regions' });
  assert.deepEqual(entry?.detail, {
    username: 'alice',
    changed: ['regionIds', 'allRegions'],
    regionIds: [],
    allRegions: true,
  });
  assert.deepEqual(heard, [['u-alice', ['scope']]]);
  await c.userAdmin.update(c.admin, 'u-alice', { disabled: true }, c.http);
  assert.deepEqual(heard[1], ['u-alice', ['disabled']]);
});

test('an admin password reset ends every session and lifts a sign-in lock', async () => {
  const c = testCore();
  await c.addUser('alice', 'operator', PW);
  const { token } = await c.auth.login({ username: 'alice', password: PW }, c.http);
  for (let i = 0; i < 5; i++) await c.auth.login({ username: 'alice', password: 'nope' }, c.http).catch(() => {});
  await assert.rejects(c.auth.login({ username: 'alice', password: PW }, c.http), { code: 'rate_limited' });
  await assert.rejects(c.userAdmin.resetPassword(c.admin, 'u-alice', { password: 'alice-is-back' }, c.http), {
    code: 'invalid_argument',
    fields: { password: 'must not contain the username' },
  });
  const { password } = await c.userAdmin.resetPassword(c.admin, 'u-alice', {}, c.http);
  assert.equal(await c.auth.authenticate(token), null);
  await c.auth.login({ username: 'alice', password: password! }, { transport: 'http', address: '10.0.0.2' });
});
