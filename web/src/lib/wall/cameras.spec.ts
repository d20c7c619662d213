import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RegistrySnapshot } from '@clinicwall/contract';
import { wallCameras } from './cameras.ts';
import { pageSlice } from './layout.ts';

const snapshot: RegistrySnapshot = {
  regions: [
    { id: 'r-a', name: '甲区', nameEn: 'A' },
    { id: 'r-b', name: '乙区', nameEn: 'B' },
  ],
  clinics: [
    { id: 'c-1', code: 'H1', regionId: 'r-b', name: '一诊所', nameEn: 'Clinic 1', level: 'clinic' },
    { id: 'c-2', code: 'H2', regionId: 'r-a', name: '二医院', nameEn: 'Hospital 2', level: 'hospital' },
  ],
  cameras: [
    { id: 'cam-1', clinicId: 'c-1', name: '入口', nameEn: 'Door', area: 'entrance', source: { kind: 'webrtc' } },
    { id: 'cam-2', clinicId: 'c-2', name: '药房', nameEn: 'Pharmacy', area: 'pharmacy', source: { kind: 'webrtc' } },
    { id: 'cam-3', clinicId: 'c-1', name: '收费', nameEn: 'Till', area: 'cashier', source: { kind: 'webrtc' } },
    { id: 'cam-4', clinicId: 'c-x', name: '孤儿', nameEn: 'Orphan', area: 'ward', source: { kind: 'webrtc' } },
    { id: 'cam-5', clinicId: 'c-2', name: '病房', nameEn: 'Ward', area: 'ward', source: { kind: 'webrtc' } },
  ],
  terminals: [],
};

test('cameras keep the registry order', () => {
  assert.deepEqual(
    wallCameras(snapshot).map((c) => c.id),
    ['cam-1', 'cam-2', 'cam-3', 'cam-4', 'cam-5'],
  );
});

test('each camera carries its clinic and region names in both languages', () => {
  const cam = wallCameras(snapshot).find((c) => c.id === 'cam-1')!;
  assert.equal(cam.clinicName, '一诊所');
  assert.equal(cam.clinicNameEn, 'Clinic 1');
  assert.equal(cam.regionName, '乙区');
  assert.equal(cam.area, 'entrance');
  const orphan = wallCameras(snapshot).find((c) => c.id === 'cam-4')!;
  assert.equal(orphan.clinicName, 'c-x');
});

test('paging the ordered cameras', () => {
  const cams = wallCameras(snapshot);
  assert.deepEqual(
    pageSlice(cams, 4, 1).map((c) => c.id),
    ['cam-1', 'cam-2', 'cam-3', 'cam-4'],
  );
  assert.deepEqual(
    pageSlice(cams, 4, 2).map((c) => c.id),
    ['cam-5'],
  );
});
