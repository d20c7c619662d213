import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuditQuery, type AuditQueryInput } from '@clinicwall/contract';
import type { NewAuditEntry } from '../../src/domain/audit/auditLog.ts';
import type { UserRecord } from '../../src/domain/accounts/userRecord.ts';
import { RedisAuditLog } from '../../src/adapters/redis/auditLog.ts';
import { RedisSessionStore } from '../../src/adapters/redis/sessionStore.ts';
import { RedisThrottleStore } from '../../src/adapters/redis/throttleStore.ts';
import { RedisUserStore } from '../../src/adapters/redis/userStore.ts';
import { redisPerFile } from './helpers/redisServer.ts';

const redis = redisPerFile();

const user = (username: string, over: Partial<UserRecord> = {}): UserRecord => ({
  id: `u-${username}`,
  username,
  displayName: username,
  role: 'supervisor',
  regionIds: ['r-east'],
  allRegions: false,
  clinicId: null,
  disabled: false,
  createdAt: '2026-11-23T01:00:00.000Z',
  updatedAt: '2026-11-23T01:00:00.000Z',
  lastLoginAt: null,
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
  passwordChangedAt: '2026-11-23T01:00:00.000Z',
  ...over,
});

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

test('users: unique usernames; concurrent updates both land (compare-and-set, no lost update)', async () => {
  const users = new RedisUserStore(redis.client);
  await users.insert(user('alice'));
  await assert.rejects(users.insert(user('alice', { id: 'u-other' })), { code: 'conflict' });
  await assert.rejects(
    users.update('u-nobody', (u) => u),
    { code: 'not_found' },
  );
  await Promise.all([
    users.update('u-alice', (u) => ({ ...u, lastLoginAt: '2026-11-23T02:00:00.000Z' })),
    users.update('u-alice', (u) => ({ ...u, regionIds: ['r-west'] })),
    users.update('u-alice', (u) => ({ ...u, displayName: '爱丽丝' })),
  ]);
  const stored = await users.byUsername('alice');
  assert.equal(stored!.lastLoginAt, '2026-11-23T02:00:00.000Z');
  assert.deepEqual(stored!.regionIds, ['r-west']);
  assert.equal(stored!.displayName, '爱丽丝');
  assert.deepEqual(
    (await users.list()).map((u) => u.id),
    ['u-alice'],
  );
});

test("sessions: expire with their absolute end, touch only moves forward, a user's sessions end together", async () => {
  const now = Date.now();
  const sessions = new RedisSessionStore(redis.client, () => now);
  const s = (id: string, userId = 'u-alice') => ({
    id,
    userId,
    createdAt: now,
    lastSeenAt: now,
    absoluteExpiresAt: now + 60_000,
    address: '10.0.0.5',
    userAgent: null,
  });
  await sessions.insert(s('a'));
  await sessions.insert(s('b'));
  await sessions.insert(s('c', 'u-bob'));
  assert.ok((await redis.client.pttl('cw:session:a')) > 50_000, 'Redis drops it at its absolute expiry');
  await sessions.touch('a', now + 5000);
  await sessions.touch('a', now + 1000);
  assert.equal((await sessions.get('a'))!.lastSeenAt, now + 5000);
  await sessions.touch('gone', now);
  assert.equal(await sessions.get('gone'), null, 'touch creates nothing');
  assert.equal(await sessions.deleteForUser('u-alice', 'a'), 1);
  assert.deepEqual(
    (await sessions.listForUser('u-alice')).map((x) => x.id),
    ['a'],
  );
  await sessions.delete('a');
  assert.equal(await sessions.get('a'), null);
  assert.equal((await sessions.get('c'))!.userId, 'u-bob');
});

test('throttle: parallel updates of one key are applied one after the other', async () => {
  const throttle = new RedisThrottleStore(redis.client);
  const bump = () =>
    throttle.update(
      'login:user:alice',
      (prev) => ({
        failures: (prev?.failures ?? 0) + 1,
        windowStart: 1,
        pending: 0,
        lastAttemptAt: 1,
        lockedUntil: 0,
        lockouts: 0,
      }),
      60_000,
    );
  await Promise.all(Array.from({ length: 10 }, bump));
  assert.equal((await throttle.get('login:user:alice'))!.failures, 10);
  await throttle.delete('login:user:alice');
  assert.equal(await throttle.get('login:user:alice'), null);
});

test('audit: a stream with ordered ids, filtered and paged newest first', async () => {
  const log = new RedisAuditLog(redis.client);
  const a = await log.append(entry({ at: '2026-11-23T01:00:00.000Z' }));
  const b = await log.append(entry({ at: '2026-11-23T01:00:00.000Z', action: 'alarms.ack' }));
  const c = await log.append(entry({ at: '2026-11-23T00:59:59.000Z', outcome: 'denied', reason: 'out_of_scope' }));
  assert.deepEqual([a.id, b.id, c.id], ['1795395600000-0', '1795395600000-1', '1795395600000-2']);
  for (let i = 0; i < 600; i++)
    await log.append(entry({ at: new Date(Date.parse('2026-11-23T02:00:00Z') + i * 1000).toISOString() }));
  const denied = await log.query(q({ outcome: 'denied' }));
  assert.deepEqual(
    denied.items.map((e) => [e.id, e.reason]),
    [[c.id, 'out_of_scope']],
  );
  const first = await log.query(q({ limit: 200, action: 'camera.view_started' }));
  assert.equal(first.items.length, 200);
  assert.equal(first.items[0]!.at, '2026-11-23T02:09:59.000Z', 'newest first');
  let all = first.items.length;
  let page = first;
  while (page.nextBefore) {
    page = await log.query(q({ limit: 200, action: 'camera.view_started', before: page.nextBefore }));
    all += page.items.length;
  }
  assert.equal(all, 602, 'every view entry once across pages');
  const window = await log.query(q({ from: '2026-11-23T02:00:00Z', to: '2026-11-23T02:00:09Z' }));
  assert.equal(window.items.length, 10);
  assert.equal(await redis.client.xlen('cw:audit'), 603);
});
