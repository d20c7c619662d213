import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuditQuery, type AuditEntryDto } from '@clinicwall/contract';
import { auditQueryOf, detailPairs, EMPTY_FILTER, filterFromSearch, filterSearch } from './audit.ts';

test('an empty filter asks for the newest page', () => {
  assert.deepEqual(auditQueryOf(EMPTY_FILTER, null), { query: { limit: '50' } });
});

test('the filter becomes the API query, times in ISO with the offset, and passes the contract', () => {
  const r = auditQueryOf(
    {
      username: ' Supervisor ',
      action: 'camera.view_started',
      outcome: 'denied',
      targetKind: 'camera',
      targetId: ' cam-002 ',
      from: '2026-11-23T08:00',
      to: '2026-11-23T18:30',
    },
    '1763884800000-3',
    50,
    480,
  );
  assert.ok('query' in r);
  assert.deepEqual(r.query, {
    limit: '50',
    username: 'supervisor',
    action: 'camera.view_started',
    outcome: 'denied',
    targetKind: 'camera',
    targetId: 'cam-002',
    from: '2026-11-23T08:00:00+08:00',
    to: '2026-11-23T18:30:00+08:00',
    before: '1763884800000-3',
  });
  assert.ok(AuditQuery.safeParse(r.query).success);
});

test('an unreadable time or an end before the start is a form problem', () => {
  assert.deepEqual(auditQueryOf({ ...EMPTY_FILTER, from: 'yesterday' }, null), {
    problem: { field: 'from', key: 'audit.badTime' },
  });
  assert.deepEqual(auditQueryOf({ ...EMPTY_FILTER, from: '2026-11-23T10:00', to: '2026-11-23T09:00' }, null, 50, 480), {
    problem: { field: 'to', key: 'audit.badRange' },
  });
});

test('the filter round-trips through the URL; unknown values are dropped', () => {
  const f = { ...EMPTY_FILTER, username: 'admin', action: 'users.create' as const, from: '2026-11-23T08:00' };
  assert.deepEqual(filterFromSearch(new URLSearchParams(filterSearch(f))), f);
  assert.equal(filterSearch(EMPTY_FILTER), '');
  const junk = filterFromSearch(new URLSearchParams('action=drop.tables&outcome=maybe&targetKind=planet'));
  assert.deepEqual([junk.action, junk.outcome, junk.targetKind], ['', '', '']);
});

test('details read as key/value pairs', () => {
  const entry = {
    detail: { alarmId: 'al-1', regions: ['r-a', 'r-b'], note: null, minutes: 15 },
  } as unknown as AuditEntryDto;
  assert.deepEqual(detailPairs(entry), [
    ['alarmId', 'al-1'],
    ['regions', 'r-a, r-b'],
    ['note', '—'],
    ['minutes', '15'],
  ]);
});
