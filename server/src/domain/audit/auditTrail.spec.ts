import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuditQuery } from '@clinicwall/contract';
import { MemoryAuditLog } from '../../adapters/memory/auditLog.ts';
import { principal } from '../access/testRegistry.ts';
import { AuditTrail } from './auditTrail.ts';

const T0 = Date.parse('2026-11-23T01:00:00Z');
const setup = () => {
  let now = T0;
  const log = new MemoryAuditLog();
  const trail = new AuditTrail(log, () => now);
  const all = async () => (await log.query(AuditQuery.parse({}))).items.reverse();
  return { trail, all, advance: (ms: number) => (now += ms) };
};
const sup = principal('supervisor', { id: 'u-alice', username: 'alice' });
const ctx = { transport: 'sfu', address: '10.0.0.5' } as const;

test('a camera view records who watched which camera from when to when, once', async () => {
  const { trail, all, advance } = setup();
  const view = await trail.startView(sup, 'cam-001', ctx, { layer: 'sub' });
  advance(95_000);
  await Promise.all([view.end('consumer_closed'), view.end('transport_closed')]);
  await view.end();
  const entries = await all();
  assert.deepEqual(
    entries.map((e) => [e.action, e.actor.username, e.target?.id, e.at]),
    [
      ['camera.view_started', 'alice', 'cam-001', '2026-11-23T01:00:00.000Z'],
      ['camera.view_ended', 'alice', 'cam-001', '2026-11-23T01:01:35.000Z'],
    ],
  );
  assert.deepEqual(entries[1]!.detail, {
    layer: 'sub',
    viewId: view.id,
    startedAt: '2026-11-23T01:00:00.000Z',
    endedAt: '2026-11-23T01:01:35.000Z',
    durationMs: 95_000,
  });
  assert.equal(entries[1]!.reason, 'consumer_closed');
  assert.equal(entries[0]!.transport, 'sfu');
  assert.equal(entries[0]!.address, '10.0.0.5');
});

test('a publication records who sent which camera from when to when, and why it stopped', async () => {
  const { trail, all, advance } = setup();
  const clinic = principal('clinic', { id: 'u-clin', username: 'clin' });
  const publication = await trail.startPublish(clinic, 'cam-web-1', ctx, { producerId: 'p-1' });
  advance(30_000);
  await publication.end('out_of_scope');
  await publication.end('disconnected');
  const entries = await all();
  assert.deepEqual(
    entries.map((e) => [e.action, e.actor.username, e.target?.id, e.reason]),
    [
      ['camera.publish_started', 'clin', 'cam-web-1', null],
      ['camera.publish_ended', 'clin', 'cam-web-1', 'out_of_scope'],
    ],
  );
  assert.deepEqual(entries[1]!.detail, {
    producerId: 'p-1',
    publicationId: publication.id,
    startedAt: '2026-11-23T01:00:00.000Z',
    endedAt: '2026-11-23T01:00:30.000Z',
    durationMs: 30_000,
  });
});

test('alarm actions, mapping and user changes are findable by their target', async () => {
  const { trail, all } = setup();
  const admin = principal('admin', { id: 'u-root', username: 'root' });
  await trail.alarmAction(sup, 'alarms.ack', 'cam-001', 'al-7', { transport: 'socket' }, { note: 'seen' });
  await trail.alarmAction(sup, 'alarms.snooze', 'cam-001', null, { transport: 'socket' }, { minutes: 15 });
  await trail.mappingChanged(admin, 't-01-1', 'cam-001', null, { transport: 'http' });
  await trail.userChanged(admin, 'users.regions', 'u-alice', { transport: 'http' }, { regionIds: ['r-north'] });
  const entries = await all();
  assert.deepEqual(
    entries.map((e) => [e.actor.username, e.action, `${e.target?.kind}:${e.target?.id}`, e.detail]),
    [
      ['alice', 'alarms.ack', 'camera:cam-001', { note: 'seen', alarmId: 'al-7' }],
      ['alice', 'alarms.snooze', 'camera:cam-001', { minutes: 15, alarmId: null }],
      ['root', 'mappings.edit', 'terminal:t-01-1', { fromCameraId: 'cam-001', toCameraId: null }],
      ['root', 'users.regions', 'user:u-alice', { regionIds: ['r-north'] }],
    ],
  );
  assert.ok(entries.every((e) => e.outcome === 'allowed'));
});
