import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuditQuery, type AuditQueryInput } from '@clinicwall/contract';
import type { NewAuditEntry } from '../../domain/audit/auditLog.ts';
import { MemoryAuditLog } from './auditLog.ts';

const entry = (over: Partial<NewAuditEntry> = {}): NewAuditEntry => ({
  at: '2026-11-23T01:00:00.000Z',
  actor: { userId: 'u-alice', username: 'alice', role: 'supervisor' },
  action: 'camera.view_started',
  target: { kind: 'camera', id: 'cam-001' },
  outcome: 'allowed',
  reason: null,
  detail: {},
  transport: 'sfu',
  address: '10.0.0.5',
  ...over,
});
const q = (input: AuditQueryInput = {}) => AuditQuery.parse(input);

test('the log has no way to change or remove an entry', () => {
  const log = new MemoryAuditLog();
  const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(log)).filter((n) => n !== 'constructor');
  assert.deepEqual(methods.sort(), ['append', 'query']);
});

test('changing what append or query returned does not change the log', async () => {
  const log = new MemoryAuditLog();
  const appended = await log.append(entry({ detail: { note: 'original' } }));
  appended.detail.note = 'forged';
  appended.actor.username = 'mallory';
  const [read] = (await log.query(q())).items;
  read!.detail.note = 'forged again';
  const [again] = (await log.query(q())).items;
  assert.equal(again!.detail.note, 'original');
  assert.equal(again!.actor.username, 'alice');
});

test('ids increase in append order, also within one millisecond', async () => {
  const log = new MemoryAuditLog();
  const a = await log.append(entry());
  const b = await log.append(entry());
  const c = await log.append(entry({ at: '2026-11-23T00:59:59.000Z' })); // clock stepped back
  assert.deepEqual([a.id, b.id, c.id], ['1795395600000-0', '1795395600000-1', '1795395600000-2']);
});

test('query filters by user, action, outcome, target and time; newest first', async () => {
  const log = new MemoryAuditLog();
  await log.append(entry({ at: '2026-11-23T01:00:00Z' }));
  await log.append(entry({ at: '2026-11-23T02:00:00Z', action: 'alarms.ack' }));
  await log.append(
    entry({
      at: '2026-11-23T03:00:00Z',
      actor: { userId: 'u-bob', username: 'bob', role: 'operator' },
      action: 'camera.consume',
      outcome: 'denied',
      reason: 'out_of_scope',
      target: { kind: 'camera', id: 'cam-099' },
    }),
  );
  await log.append(
    entry({ at: '2026-11-23T04:00:00Z', target: { kind: 'user', id: 'u-bob' }, action: 'users.update' }),
  );

  const actions = async (input: AuditQueryInput) => (await log.query(q(input))).items.map((e) => e.action);
  assert.deepEqual(await actions({}), ['users.update', 'camera.consume', 'alarms.ack', 'camera.view_started']);
  assert.deepEqual(await actions({ userId: 'u-bob' }), ['camera.consume']);
  assert.deepEqual(await actions({ username: 'ALICE' }), ['users.update', 'alarms.ack', 'camera.view_started']);
  assert.deepEqual(await actions({ outcome: 'denied' }), ['camera.consume']);
  assert.deepEqual(await actions({ action: 'alarms.ack' }), ['alarms.ack']);
  assert.deepEqual(await actions({ targetKind: 'camera', targetId: 'cam-001' }), ['alarms.ack', 'camera.view_started']);
  assert.deepEqual(await actions({ targetKind: 'user' }), ['users.update']);
  assert.deepEqual(await actions({ from: '2026-11-23T02:00:00Z', to: '2026-11-23T03:00:00Z' }), [
    'camera.consume',
    'alarms.ack',
  ]);
  assert.deepEqual(await actions({ from: '2026-11-23T11:30:00+08:00' }), ['users.update'], 'offsets are honoured');
});

test('paging walks every matching entry once, then ends', async () => {
  const log = new MemoryAuditLog();
  for (let i = 0; i < 7; i++) {
    await log.append(entry({ action: i % 2 ? 'alarms.ack' : 'camera.view_started', detail: { i } }));
  }
  const seen: unknown[] = [];
  let before: string | undefined;
  let pages = 0;
  do {
    const page = await log.query(q({ action: 'camera.view_started', limit: 2, ...(before ? { before } : {}) }));
    seen.push(...page.items.map((e) => e.detail.i));
    before = page.nextBefore ?? undefined;
    pages++;
  } while (before);
  assert.deepEqual(seen, [6, 4, 2, 0]);
  assert.equal(pages, 2);
});
