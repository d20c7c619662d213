import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LedgerEntryDto } from '@clinicwall/contract';
import type { LedgerStore } from './ledgerStore.ts';

const entry = (id: string, over: Partial<LedgerEntryDto> = {}): LedgerEntryDto => ({
  id,
  clinicId: 'c-e1',
  regionId: 'r-east',
  category: 1,
  origin: 'system',
  cameraIds: ['cam-e1'],
  alarmId: `alarm-${id}`,
  alarmKind: 'signal_loss',
  startedAt: 1000,
  endedAt: null,
  minutes: 10,
  note: '',
  createdAt: 2000,
  createdBy: 'system',
  annulled: null,
  ...over,
});

/** What every LedgerStore must do; `make` returns an empty store. */
export function ledgerStoreContract(name: string, make: () => Promise<LedgerStore>): void {
  test(`${name}: entries round-trip by value, replace by id, are found by alarm and listed newest first in a range`, async () => {
    const store = await make();
    const e = entry('e1');
    await store.put(e);
    e.cameraIds.push('x');
    assert.deepEqual((await store.get('e1'))?.cameraIds, ['cam-e1']);
    await store.put(entry('e1', { annulled: { at: 3000, by: 'u', reason: 'r' } }));
    assert.equal((await store.get('e1'))?.annulled?.reason, 'r');
    await store.put(entry('e2', { startedAt: 5000, clinicId: 'c-w1' }));
    await store.put(entry('e3', { startedAt: 3000, alarmId: null, origin: 'inspector', category: 4 }));
    assert.equal((await store.byAlarm('alarm-e2'))?.id, 'e2');
    assert.equal(await store.byAlarm('alarm-none'), null);
    const ids = async (f: Parameters<LedgerStore['list']>[0]) => (await store.list(f)).map((x) => x.id);
    assert.deepEqual(await ids({}), ['e2', 'e3', 'e1']);
    assert.deepEqual(await ids({ clinicId: 'c-e1' }), ['e3', 'e1']);
    assert.deepEqual(await ids({ clinicIds: ['c-w1'] }), ['e2']);
    assert.deepEqual(await ids({ from: 1000, to: 5000 }), ['e3', 'e1']);
  });
}
