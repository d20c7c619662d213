import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RegistrySnapshot } from '@clinicwall/contract';
import { principalOf } from '../access/principal.ts';
import { testCore } from './testCore.ts';

const fixture = fileURLToPath(new URL('../../../../infra/fixtures/demo-registry.json', import.meta.url));
const demo = RegistrySnapshot.parse(JSON.parse(readFileSync(fixture, 'utf8')));

test('demo seeding creates one user per role, each can sign in with the printed password', async () => {
  const c = testCore({ registry: { snapshot: () => demo } });
  const creds = await c.seedDemoUsers();
  assert.deepEqual(creds.map((u) => u.role).sort(), ['admin', 'clinic', 'integration', 'operator', 'supervisor']);
  for (const { username, password } of creds) {
    const { session } = await c.auth.login({ username, password }, { transport: 'http', address: '127.0.0.1' });
    assert.equal(session.user.username, username);
  }
  assert.equal(new Set(creds.map((u) => u.password)).size, creds.length, 'every password differs');
});

test('the demo users are scoped: the supervisor sees two districts, the clinic publishes its webcam', async () => {
  const c = testCore({ registry: { snapshot: () => demo } });
  await c.seedDemoUsers();
  const user = async (name: string) => (await c.userAdmin.list(c.admin, c.http)).find((u) => u.username === name)!;
  const sup = await user('supervisor');
  assert.deepEqual(sup.regionIds, ['r-dongcheng', 'r-xicheng']);
  const supScope = c.policy.scopeFilter(principalOf(sup));
  const inTheirRegions = demo.cameras.filter((cam) =>
    ['r-dongcheng', 'r-xicheng'].includes(demo.clinics.find((cl) => cl.id === cam.clinicId)!.regionId),
  );
  assert.deepEqual([...supScope.cameraIds].sort(), inTheirRegions.map((cam) => cam.id).sort());
  assert.ok(supScope.cameraIds.size < demo.cameras.length);

  assert.equal(c.policy.scopeFilter(principalOf(await user('operator'))).all, true);
  const webcam = demo.cameras.find((cam) => cam.source.kind === 'webrtc')!;
  const clinic = await user('clinic');
  assert.deepEqual([...c.policy.scopeFilter(principalOf(clinic), 'camera.produce').cameraIds], [webcam.id]);
});

test('seeding again creates nobody and prints nothing; fixed passwords are honoured', async () => {
  const c = testCore({ registry: { snapshot: () => demo } });
  const first = await c.seedDemoUsers({ admin: 'e2e-admin-password' });
  assert.equal(first.find((u) => u.username === 'admin')?.password, 'e2e-admin-password');
  assert.deepEqual(await c.seedDemoUsers(), []);
  const seeded = await c.audited({ action: 'users.create' });
  assert.equal(seeded.length, 5);
  assert.ok(seeded.every((e) => e.actor.username === 'system' && e.reason === 'demo_seed'));
});
