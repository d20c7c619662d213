import type { RegistrySnapshot, Role } from '@clinicwall/contract';
import type { Principal } from './principal.ts';

/**
 * A two-region registry for access tests: "north" is in the test principals' scope, "south" is not.
 * Each clinic has an IP camera (ingest) and a browser-published one (webrtc).
 */
export function twoRegionRegistry(): RegistrySnapshot {
  const ingest = { kind: 'ingest', main: 'rtsp://sim/main', sub: 'rtsp://sim/sub' } as const;
  return {
    regions: [
      { id: 'r-north', name: '北区', nameEn: 'North' },
      { id: 'r-south', name: '南区', nameEn: 'South' },
    ],
    clinics: [
      { id: 'c-n1', code: 'N1', regionId: 'r-north', name: '北一', nameEn: 'North 1', level: 'clinic' },
      { id: 'c-s1', code: 'S1', regionId: 'r-south', name: '南一', nameEn: 'South 1', level: 'pharmacy' },
    ],
    cameras: [
      { id: 'cam-n1', clinicId: 'c-n1', name: '收费', nameEn: 'Cashier', area: 'cashier', source: ingest },
      { id: 'cam-n2', clinicId: 'c-n1', name: '诊室', nameEn: 'Room', area: 'consulting', source: { kind: 'webrtc' } },
      { id: 'cam-s1', clinicId: 'c-s1', name: '收费', nameEn: 'Cashier', area: 'cashier', source: ingest },
      {
        id: 'cam-s2',
        clinicId: 'c-s1',
        name: '药房',
        nameEn: 'Pharmacy',
        area: 'pharmacy',
        source: { kind: 'webrtc' },
      },
    ],
    terminals: [
      { id: 't-n1', clinicId: 'c-n1', cameraId: 'cam-n1', name: 'N1 till' },
      { id: 't-s1', clinicId: 'c-s1', cameraId: 'cam-s1', name: 'S1 till' },
    ],
  };
}

export function principal(role: Role, over: Partial<Principal> = {}): Principal {
  return {
    id: `u-${role}`,
    username: role,
    role,
    regionIds: role === 'operator' || role === 'supervisor' ? ['r-north'] : [],
    allRegions: false,
    clinicId: role === 'clinic' ? 'c-n1' : null,
    disabled: false,
    ...over,
  };
}
