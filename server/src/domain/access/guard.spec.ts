import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuditQuery } from '@clinicwall/contract';
import { MemoryAuditLog } from '../../adapters/memory/auditLog.ts';
import { AuditTrail } from '../audit/auditTrail.ts';
import { AccessDeniedError, AccessGuard } from './guard.ts';
import { AccessPolicy } from './policy.ts';
import { principal, twoRegionRegistry } from './testRegistry.ts';

const setup = () => {
  const log = new MemoryAuditLog();
  const snap = twoRegionRegistry();
  const guard = new AccessGuard(new AccessPolicy({ snapshot: () => snap }), new AuditTrail(log));
  const entries = async () => (await log.query(AuditQuery.parse({}))).items;
  return { guard, entries };
};
const sup = principal('supervisor', { id: 'u-alice', username: 'alice' });

test('an allowed action passes and leaves no entry', async () => {
  const { guard, entries } = setup();
  const d = await guard.check(sup, 'camera.consume', { kind: 'camera', id: 'cam-n1' }, { transport: 'sfu' });
  assert.equal(d.reason, 'in_region');
  assert.equal((await entries()).length, 0);
});

test('every transport: a denial throws forbidden and leaves an audit entry saying why', async () => {
  for (const transport of ['http', 'socket', 'sfu'] as const) {
    const { guard, entries } = setup();
    await assert.rejects(
      guard.check(sup, 'camera.consume', { kind: 'camera', id: 'cam-s1' }, { transport, address: '10.1.1.1' }),
      (e: unknown) => e instanceof AccessDeniedError && e.code === 'forbidden' && e.reason === 'out_of_scope',
    );
    const [entry] = await entries();
    assert.ok(entry);
    assert.deepEqual(
      {
        who: entry.actor.username,
        action: entry.action,
        target: entry.target,
        outcome: entry.outcome,
        reason: entry.reason,
        detail: entry.detail,
        transport: entry.transport,
        address: entry.address,
      },
      {
        who: 'alice',
        action: 'camera.consume',
        target: { kind: 'camera', id: 'cam-s1' },
        outcome: 'denied',
        reason: 'out_of_scope',
        detail: { regionId: 'r-south', clinicId: 'c-s1' },
        transport,
        address: '10.1.1.1',
      },
    );
  }
});

test('without a principal the error is unauthenticated, and still audited', async () => {
  const { guard, entries } = setup();
  await assert.rejects(
    guard.check(null, 'audit.read', { kind: 'system' }, { transport: 'http' }),
    (e: unknown) => e instanceof AccessDeniedError && e.code === 'unauthenticated',
  );
  const [entry] = await entries();
  assert.deepEqual(entry?.actor, { userId: null, username: 'anonymous', role: null });
  assert.deepEqual(entry?.target, { kind: 'system', id: '*' });
});

test('a batch keeps the allowed items and audits each refused one', async () => {
  const { guard, entries } = setup();
  const ids = ['cam-n1', 'cam-s1', 'cam-n2', 'cam-s2'];
  const { allowed, denied } = await guard.allowedOf(sup, 'swipes.read', ids, (id) => ({ kind: 'camera', id }), {
    transport: 'socket',
  });
  assert.deepEqual(allowed, ['cam-n1', 'cam-n2']);
  assert.deepEqual(
    denied.map((d) => [d.item, d.reason]),
    [
      ['cam-s1', 'out_of_scope'],
      ['cam-s2', 'out_of_scope'],
    ],
  );
  assert.deepEqual((await entries()).map((e) => e.target?.id).sort(), ['cam-s1', 'cam-s2']);
});
