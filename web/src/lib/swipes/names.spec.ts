import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RegistrySnapshot } from '@clinicwall/contract';
import { RegistryNames } from './names.ts';

const snap: RegistrySnapshot = {
  regions: [{ id: 'r-1', name: '东城区', nameEn: 'Dongcheng' }],
  clinics: [
    { id: 'c-01', code: 'H1', regionId: 'r-1', name: '甲诊所', nameEn: 'Clinic A', level: 'clinic' },
    { id: 'c-02', code: 'H2', regionId: 'r-1', name: '乙药房', nameEn: 'Pharmacy B', level: 'pharmacy' },
  ],
  cameras: [
    { id: 'cam-001', clinicId: 'c-01', name: '收费处', nameEn: 'Cashier', area: 'cashier', source: { kind: 'webrtc' } },
    { id: 'cam-002', clinicId: 'c-01', name: '药房', nameEn: 'Pharmacy', area: 'pharmacy', source: { kind: 'webrtc' } },
    { id: 'cam-003', clinicId: 'c-02', name: '入口', nameEn: 'Entrance', area: 'entrance', source: { kind: 'webrtc' } },
  ],
  terminals: [
    { id: 't-01-1', clinicId: 'c-01', cameraId: 'cam-001', name: '收费处终端 1' },
    { id: 't-02-1', clinicId: 'c-02', cameraId: null, name: '药房终端 1' },
  ],
};

test('a clinic offers only its own terminals and cameras', () => {
  const n = new RegistryNames(snap);
  assert.deepEqual(
    n.camerasOf('c-01').map((c) => c.id),
    ['cam-001', 'cam-002'],
  );
  assert.deepEqual(
    n.terminalsOf('c-02').map((t) => t.id),
    ['t-02-1'],
  );
  assert.equal(n.terminalsOf(null).length, 2);
  assert.equal(n.terminalClinic('t-01-1'), 'c-01');
  assert.equal(n.terminalClinic('t-unknown'), null);
  assert.equal(n.clinic('c-02')?.name, '乙药房');
  assert.equal(n.clinic(null), undefined);
});

test('without a registry every lookup is empty', () => {
  const n = new RegistryNames(null);
  assert.equal(n.clinics.length, 0);
  assert.deepEqual(n.camerasOf('c-01'), []);
  assert.equal(n.camera('cam-001'), undefined);
});

test('withTerminal replaces one terminal and leaves the snapshot alone', () => {
  const next = RegistryNames.withTerminal(snap, { ...snap.terminals[1]!, cameraId: 'cam-003' });
  assert.equal(new RegistryNames(next).terminal('t-02-1')?.cameraId, 'cam-003');
  assert.equal(snap.terminals[1]!.cameraId, null);
});
