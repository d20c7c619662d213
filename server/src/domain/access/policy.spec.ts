import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCESS_ACTIONS, type AccessAction, type RegistrySnapshot, type Role } from '@clinicwall/contract';
import { AccessPolicy, inScope, type Resource } from './policy.ts';
import { principal, twoRegionRegistry } from './testRegistry.ts';

let snap: RegistrySnapshot = twoRegionRegistry();
const policy = new AccessPolicy({ snapshot: () => snap });

const cam = (id: string): Resource => ({ kind: 'camera', id });
const clinic = (id: string): Resource => ({ kind: 'clinic', id });
const terminal = (id: string): Resource => ({ kind: 'terminal', id });
const SYSTEM: Resource = { kind: 'system' };

/** 'allow', or the deny reason. */
type Want = 'allow' | 'role_not_permitted' | 'out_of_scope';
type Row = { in: Resource; out: Resource | null; want: Record<Role, [Want, Want | null]> };

const A: [Want, Want] = ['allow', 'allow'];
const SCOPED: [Want, Want] = ['allow', 'out_of_scope'];
const NO: [Want, Want] = ['role_not_permitted', 'role_not_permitted'];
const watchers = { admin: A, operator: SCOPED, supervisor: SCOPED, clinic: NO, integration: NO };
const adminOnly = { admin: A, operator: NO, supervisor: NO, clinic: NO, integration: NO };

/** Every action × every role (operator and supervisor of r-north, clinic c-n1) × in scope (north) / out (south). */
const TABLE: Record<AccessAction, Row> = {
  'camera.view': { in: cam('cam-n1'), out: cam('cam-s1'), want: watchers },
  'camera.consume': { in: cam('cam-n1'), out: cam('cam-s1'), want: watchers },
  'camera.produce': {
    in: cam('cam-n2'),
    out: cam('cam-s2'),
    want: { admin: NO, operator: NO, supervisor: NO, clinic: SCOPED, integration: NO },
  },
  'swipes.read': { in: terminal('t-n1'), out: terminal('t-s1'), want: watchers },
  'swipes.ingest': {
    in: SYSTEM,
    out: null,
    want: {
      admin: ['role_not_permitted', null],
      operator: ['role_not_permitted', null],
      supervisor: ['role_not_permitted', null],
      clinic: ['role_not_permitted', null],
      integration: ['allow', null],
    },
  },
  'alarms.read': { in: cam('cam-n1'), out: cam('cam-s1'), want: watchers },
  'alarms.ack': { in: cam('cam-n1'), out: cam('cam-s1'), want: watchers },
  'alarms.snooze': { in: cam('cam-n1'), out: cam('cam-s1'), want: watchers },
  'alarms.comment': { in: cam('cam-n1'), out: cam('cam-s1'), want: watchers },
  'alarms.clear': { in: cam('cam-n1'), out: cam('cam-s1'), want: watchers },
  'maintenance.read': { in: clinic('c-n1'), out: clinic('c-s1'), want: { ...watchers, clinic: SCOPED } },
  'maintenance.create': {
    in: cam('cam-n1'),
    out: cam('cam-s1'),
    want: { admin: A, operator: NO, supervisor: SCOPED, clinic: SCOPED, integration: NO },
  },
  'users.manage': { in: SYSTEM, out: null, want: adminOnly },
  'mappings.edit': { in: terminal('t-n1'), out: terminal('t-s1'), want: adminOnly },
  'audit.read': { in: SYSTEM, out: null, want: adminOnly },
  'ledger.read': { in: clinic('c-n1'), out: clinic('c-s1'), want: watchers },
  'ledger.write': {
    in: clinic('c-n1'),
    out: clinic('c-s1'),
    want: { admin: A, operator: NO, supervisor: SCOPED, clinic: NO, integration: NO },
  },
};

const outcome = (role: Role, action: AccessAction, r: Resource): Want | string => {
  const d = policy.decide(principal(role), action, r);
  return d.allowed ? 'allow' : d.reason;
};

test('the table covers every action', () => {
  assert.deepEqual(Object.keys(TABLE).sort(), [...ACCESS_ACTIONS].sort());
});

for (const action of ACCESS_ACTIONS) {
  test(`${action}: every role, in and out of scope`, () => {
    const row = TABLE[action];
    for (const [role, [wantIn, wantOut]] of Object.entries(row.want) as [Role, [Want, Want | null]][]) {
      assert.equal(outcome(role, action, row.in), wantIn, `${role} ${action} in scope`);
      if (row.out && wantOut) assert.equal(outcome(role, action, row.out), wantOut, `${role} ${action} out of scope`);
    }
  });
}

test('an operator or supervisor without regions sees nothing; allRegions sees everything', () => {
  for (const role of ['operator', 'supervisor'] as const) {
    const none = principal(role, { regionIds: [] });
    const d = policy.decide(none, 'camera.consume', cam('cam-n1'));
    assert.equal(d.allowed ? 'allow' : d.reason, 'out_of_scope');
    assert.equal(policy.scopeFilter(none).cameraIds.size, 0);

    const all = principal(role, { regionIds: [], allRegions: true });
    assert.deepEqual(policy.decide(all, 'camera.consume', cam('cam-s1')), {
      allowed: true,
      reason: 'all_regions',
      regionId: 'r-south',
      clinicId: 'c-s1',
    });
    assert.equal(policy.decide(all, 'alarms.read', SYSTEM).allowed, true, 'all alarms at once');
    assert.equal(policy.decide(principal(role), 'alarms.read', SYSTEM).allowed, false, 'one region: not all at once');
  }
});

test('a clinic publishes only its own browser cameras, never an IP camera', () => {
  const d = policy.decide(principal('clinic'), 'camera.produce', cam('cam-n1'));
  assert.equal(d.allowed ? 'allow' : d.reason, 'not_publishable');
  const orphan = policy.decide(principal('clinic', { clinicId: null }), 'camera.produce', cam('cam-n2'));
  assert.equal(orphan.allowed ? 'allow' : orphan.reason, 'out_of_scope');
});

test('no principal, a disabled one, an unknown resource and a wrong resource kind are refused', () => {
  const reason = (d: ReturnType<AccessPolicy['decide']>) => (d.allowed ? 'allow' : d.reason);
  assert.equal(reason(policy.decide(null, 'camera.view', cam('cam-n1'))), 'unauthenticated');
  assert.equal(reason(policy.decide(principal('admin', { disabled: true }), 'audit.read', SYSTEM)), 'disabled');
  assert.equal(reason(policy.decide(principal('supervisor'), 'camera.view', cam('cam-nope'))), 'unknown_resource');
  assert.equal(reason(policy.decide(principal('admin'), 'camera.consume', clinic('c-n1'))), 'not_applicable');
  // existence is the handler's business for an unrestricted admin (it answers not_found)
  assert.equal(reason(policy.decide(principal('admin'), 'camera.view', cam('cam-nope'))), 'allow');
});

test('a region id that is not in the registry grants nothing', () => {
  const p = principal('supervisor', { regionIds: ['r-nowhere'] });
  assert.equal(policy.decide(p, 'camera.view', { kind: 'region', id: 'r-nowhere' }).allowed, false);
  assert.equal(policy.scopeFilter(p).regionIds.size, 0);
});

test('denials say why in words a user can act on', () => {
  const d = policy.decide(principal('supervisor'), 'camera.consume', cam('cam-s1'));
  assert.equal(d.allowed, false);
  assert.equal(!d.allowed && d.message, 'camera cam-s1 is outside your regions');
  const r = policy.decide(principal('operator'), 'users.manage', SYSTEM);
  assert.equal(!r.allowed && r.message, 'the operator role may not users.manage');
});

test('scopeFilter lists what a principal may see', () => {
  const sup = policy.scopeFilter(principal('supervisor'));
  assert.equal(sup.all, false);
  assert.deepEqual([...sup.regionIds], ['r-north']);
  assert.deepEqual([...sup.clinicIds], ['c-n1']);
  assert.deepEqual([...sup.cameraIds], ['cam-n1', 'cam-n2']);
  assert.deepEqual([...sup.terminalIds], ['t-n1']);

  assert.deepEqual([...policy.scopeFilter(principal('clinic'), 'camera.produce').cameraIds], ['cam-n2']);
  assert.deepEqual([...policy.scopeFilter(principal('clinic'), 'maintenance.create').clinicIds], ['c-n1']);
  assert.equal(policy.scopeFilter(principal('clinic')).cameraIds.size, 0, 'a clinic does not watch');
  assert.equal(policy.scopeFilter(principal('integration')).cameraIds.size, 0);
  const admin = policy.scopeFilter(principal('admin'));
  assert.equal(admin.all, true);
  assert.equal(admin.cameraIds.size, 4);
  assert.equal(policy.scopeFilter(null).clinicIds.size, 0);
});

test('scopeFilter agrees with decide for every principal, action and resource', () => {
  const principals = [
    ...(['admin', 'operator', 'supervisor', 'clinic', 'integration'] as const).map((r) => principal(r)),
    principal('operator', { regionIds: [] }),
    principal('supervisor', { regionIds: [], allRegions: true }),
    principal('supervisor', { regionIds: ['r-north', 'r-south'] }),
    principal('admin', { disabled: true }),
  ];
  const s = twoRegionRegistry();
  const resources: Resource[] = [
    SYSTEM,
    ...s.regions.map((r) => ({ kind: 'region' as const, id: r.id })),
    ...s.clinics.map((c) => clinic(c.id)),
    ...s.cameras.map((c) => cam(c.id)),
    ...s.terminals.map((t) => terminal(t.id)),
  ];
  let compared = 0;
  for (const p of principals) {
    for (const action of ACCESS_ACTIONS) {
      const scope = policy.scopeFilter(p, action);
      for (const r of resources) {
        const d = policy.decide(p, action, r);
        if (!d.allowed && d.reason === 'not_applicable') continue;
        assert.equal(inScope(scope, r), d.allowed, `${p.role}/${p.regionIds.join('+')} ${action} ${JSON.stringify(r)}`);
        compared++;
      }
    }
  }
  assert.ok(compared > 300, `compared ${compared}`);
});

test('a reloaded registry is seen at once', () => {
  const sup = principal('supervisor');
  assert.equal(policy.decide(sup, 'camera.view', cam('cam-n3')).allowed, false);
  const next = twoRegionRegistry();
  next.cameras.push({ ...next.cameras[0]!, id: 'cam-n3' });
  snap = next;
  assert.equal(policy.decide(sup, 'camera.view', cam('cam-n3')).allowed, true);
  assert.ok(policy.scopeFilter(sup).cameraIds.has('cam-n3'));
  snap = twoRegionRegistry();
});
