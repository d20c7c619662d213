import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flagStoresContract } from '../../domain/swipes/flagStoresContract.ts';
import { MemoryCardSightings } from './cardSightings.ts';
import { MemoryClinicTotals } from './clinicTotals.ts';

flagStoresContract('memory flag stores', async () => ({
  sightings: new MemoryCardSightings(),
  totals: new MemoryClinicTotals(),
}));

test('memory card sightings are forgotten keepMs after they were recorded', async () => {
  let now = 0;
  const sightings = new MemoryCardSightings(() => now);
  const seen = (cardHash: string) => sightings.observe([{ cardHash, clinicId: 'c-1', atMs: 1 }], 1000);
  await seen('a');
  now = 500;
  await seen('b');
  now = 1000;
  assert.deepEqual(await seen('a'), [null], 'a expired');
  assert.deepEqual(await seen('b'), [{ clinicId: 'c-1', atMs: 1 }], 'b still known');
});
