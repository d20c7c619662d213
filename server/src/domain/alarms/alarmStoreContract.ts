import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlarmDto, AlarmKind, AlarmState } from '@clinicwall/contract';
import type { AlarmStore } from './ports.ts';

const alarm = (id: string, over: Partial<AlarmDto> = {}): AlarmDto => ({
  id,
  cameraId: 'cam-e1',
  clinicId: 'c-e1',
  regionId: 'r-east',
  kind: 'blank' as AlarmKind,
  state: 'active' as AlarmState,
  onsetAt: 1000,
  activatedAt: 2000,
  acknowledgedAt: null,
  acknowledgedBy: null,
  escalatedAt: null,
  clearedAt: null,
  reported: false,
  coverage: [],
  snoozedUntil: null,
  violationId: null,
  history: [{ at: 1000, by: 'system', byRole: 'system', action: 'raised', from: null, to: 'pending', why: 'x' }],
  ...over,
});

/**
 * What every AlarmStore must do (run against the memory one here, against Redis in integration
 * tests): `make` returns an empty store.
 */
export function alarmStoreContract(name: string, make: () => Promise<AlarmStore>): void {
  test(`${name}: alarms round-trip by value, replace by id, and open() leaves out cleared ones`, async () => {
    const store = await make();
    const a = alarm('a1');
    await store.put(a);
    a.history.push({
      at: 3000,
      by: 'u',
      byRole: 'operator',
      action: 'commented',
      from: 'active',
      to: 'active',
      why: 'y',
    });
    assert.equal((await store.get('a1'))?.history.length, 1, 'the stored copy is not the caller object');
    await store.put(alarm('a2', { cameraId: 'cam-e2' }));
    await store.put(alarm('a1', { state: 'cleared', clearedAt: 5000 }));
    assert.deepEqual(
      (await store.open()).map((x) => x.id),
      ['a2'],
    );
    assert.equal((await store.get('a1'))?.state, 'cleared');
    assert.equal(await store.get('nope'), null);
  });

  test(`${name}: list filters, newest onset first, limited`, async () => {
    const store = await make();
    await store.put(alarm('a1', { onsetAt: 1000 }));
    await store.put(alarm('a2', { onsetAt: 3000, kind: 'frozen', clinicId: 'c-w1', cameraId: 'cam-w1' }));
    await store.put(alarm('a3', { onsetAt: 2000, state: 'cleared' }));
    const ids = async (f: Parameters<AlarmStore['list']>[0]) => (await store.list(f)).map((x) => x.id);
    assert.deepEqual(await ids({ limit: 10 }), ['a2', 'a3', 'a1']);
    assert.deepEqual(await ids({ limit: 2 }), ['a2', 'a3']);
    assert.deepEqual(await ids({ limit: 10, clinicIds: ['c-e1'] }), ['a3', 'a1']);
    assert.deepEqual(await ids({ limit: 10, clinicIds: [] }), []);
    assert.deepEqual(await ids({ limit: 10, state: 'cleared' }), ['a3']);
    assert.deepEqual(await ids({ limit: 10, kind: 'frozen' }), ['a2']);
    assert.deepEqual(await ids({ limit: 10, cameraId: 'cam-e1', from: 1500, to: 3000 }), ['a3']);
  });

  test(`${name}: snoozes are kept per camera until deleted`, async () => {
    const store = await make();
    await store.putSnooze({ cameraId: 'cam-e1', until: 9000, reason: 'r', by: 'u', at: 1000 });
    await store.putSnooze({ cameraId: 'cam-e1', until: 9500, reason: 'r2', by: 'u', at: 1100 });
    await store.putSnooze({ cameraId: 'cam-e2', until: 8000, reason: 'r', by: 'u', at: 1000 });
    await store.deleteSnooze('cam-e2');
    assert.deepEqual(await store.snoozes(), [{ cameraId: 'cam-e1', until: 9500, reason: 'r2', by: 'u', at: 1100 }]);
  });
}
