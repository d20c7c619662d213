import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MaintenanceReportDto } from '@clinicwall/contract';
import type { MaintenanceStore } from './maintenanceStore.ts';

const report = (id: string, startsAt: number, endsAt: number, over: Partial<MaintenanceReportDto> = {}) => ({
  id,
  clinicId: 'c-e1',
  cameraIds: ['cam-e1'],
  startsAt,
  endsAt,
  reason: 'r',
  createdAt: 0,
  createdBy: 'u',
  late: false,
  ...over,
});

/** What every MaintenanceStore must do; `make` returns an empty store. */
export function maintenanceStoreContract(name: string, make: () => Promise<MaintenanceStore>): void {
  test(`${name}: reports by clinic (window overlapping) and by camera (window not over), by start`, async () => {
    const store = await make();
    await store.put(report('r2', 3000, 4000, { cameraIds: ['cam-e1', 'cam-e2'] }));
    await store.put(report('r1', 1000, 2000));
    await store.put(report('r3', 1500, 5000, { clinicId: 'c-w1', cameraIds: ['cam-w1'] }));
    assert.deepEqual((await store.get('r1'))?.endsAt, 2000);
    assert.equal(await store.get('none'), null);
    const ids = (rs: MaintenanceReportDto[]) => rs.map((r) => r.id);
    assert.deepEqual(ids(await store.ofClinic('c-e1', 0, 10_000)), ['r1', 'r2']);
    assert.deepEqual(ids(await store.ofClinic('c-e1', 2000, 3000)), [], 'touching ends do not overlap');
    assert.deepEqual(ids(await store.ofCamera('cam-e1', 1999)), ['r1', 'r2']);
    assert.deepEqual(ids(await store.ofCamera('cam-e1', 2000)), ['r2']);
    assert.deepEqual(ids(await store.ofCamera('cam-e2', 0)), ['r2']);
  });
}
