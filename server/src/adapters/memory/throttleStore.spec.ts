import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ThrottleState } from '../../domain/accounts/ports.ts';
import { MemoryThrottleStore } from './throttleStore.ts';

const state = (failures: number): ThrottleState => ({
  failures,
  windowStart: 0,
  pending: 0,
  lastAttemptAt: 0,
  lockedUntil: 0,
  lockouts: 0,
});

test('update sees the previous state, and entries vanish after their TTL', async () => {
  let now = 0;
  const store = new MemoryThrottleStore(() => now);
  await store.update('k', (prev) => state((prev?.failures ?? 0) + 1), 1000);
  await store.update('k', (prev) => state((prev?.failures ?? 0) + 1), 1000);
  assert.equal((await store.get('k'))?.failures, 2);
  now = 1000;
  assert.equal(await store.get('k'), null);
});

test('concurrent updates of one key are not lost', async () => {
  const store = new MemoryThrottleStore();
  await Promise.all(Array.from({ length: 100 }, () => store.update('k', (p) => state((p?.failures ?? 0) + 1), 60_000)));
  assert.equal((await store.get('k'))?.failures, 100);
});
