import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AccessPolicy } from './policy.ts';
import { principal, twoRegionRegistry } from './testRegistry.ts';
import { clinicScopeOf, registryFor } from './visibleRegistry.ts';

const snap = twoRegionRegistry();
const policy = new AccessPolicy({ snapshot: () => snap });
const ids = (s: ReturnType<typeof registryFor>) => ({
  regions: s.regions.map((r) => r.id),
  clinics: s.clinics.map((c) => c.id),
  cameras: s.cameras.map((c) => c.id),
  terminals: s.terminals.map((t) => t.id),
});

test('a supervisor of the north sees only the north of the registry', () => {
  assert.deepEqual(ids(registryFor(policy, principal('supervisor'), snap)), {
    regions: ['r-north'],
    clinics: ['c-n1'],
    cameras: ['cam-n1', 'cam-n2'],
    terminals: ['t-n1'],
  });
});

test('admins and all-region operators see everything; integrations and strangers nothing', () => {
  assert.equal(registryFor(policy, principal('admin'), snap), snap);
  assert.equal(registryFor(policy, principal('operator', { regionIds: [], allRegions: true }), snap), snap);
  const empty = { regions: [], clinics: [], cameras: [], terminals: [] };
  assert.deepEqual(ids(registryFor(policy, principal('integration'), snap)), empty);
  assert.deepEqual(ids(registryFor(policy, null, snap)), empty);
  assert.deepEqual(ids(registryFor(policy, principal('supervisor', { disabled: true }), snap)), empty);
});

test('a clinic user learns its own clinic and cameras (to publish and report), nothing else', () => {
  assert.deepEqual(ids(registryFor(policy, principal('clinic'), snap)), {
    regions: ['r-north'],
    clinics: ['c-n1'],
    cameras: ['cam-n1', 'cam-n2'],
    terminals: ['t-n1'],
  });
});

test('a clinic scope is null for unrestricted principals and the clinic ids otherwise', () => {
  assert.equal(clinicScopeOf(policy.scopeFilter(principal('admin'), 'alarms.read')), null);
  assert.deepEqual([...clinicScopeOf(policy.scopeFilter(principal('supervisor'), 'alarms.read'))!], ['c-n1']);
  assert.deepEqual([...clinicScopeOf(policy.scopeFilter(principal('clinic'), 'alarms.read'))!], []);
});
